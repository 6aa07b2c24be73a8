// workos-emulator — reading and validating the `event` of `POST /audit_logs/events` (catalog-B §4; spec
// `AuditLogEventDto`).
// Licensed MIT.

import JSONCodec

extension AuditLogEvent {
    /// What a body's `event` turned out to be: an event, the 422 field errors (`event.action`-style paths, spec 422
    /// example), or a well-formed event whose `occurred_at` is not ISO 8601 (the documented 400).
    enum Parsed {
        case event(AuditLogEvent)
        case invalid([FieldError])
        case badOccurredAt
    }

    /// Required: `action`, `occurred_at`, `actor` {`id`, `type`}, `targets` [{`id`, `type`}], `context` {`location`}.
    /// Optional: names, user agent, `metadata` (limits of `AuditLogMetadataRules`) and `version` (an integer ≥ 1).
    static func parse(_ value: JSON?) -> Parsed {
        var errors: [FieldError] = []
        guard let value, !value.isNull else { return .invalid([.required("event")]) }
        guard case .object(let object) = value else { return .invalid([.type("event", expected: "an object")]) }

        let action = Self.requiredString(object["action"], field: "event.action", errors: &errors)
        let occurredAtText = Self.requiredString(object["occurred_at"], field: "event.occurred_at", errors: &errors)
        let actor = Self.entity(object["actor"], field: "event.actor", errors: &errors)
        var targets: [Entity] = []
        switch object["targets"] {
        case nil, .null?:
            errors.append(.required("event.targets"))
        case .array(let items)?:
            for (index, item) in items.enumerated() {
                if let target = Self.entity(item, field: "event.targets[\(index)]", errors: &errors) {
                    targets.append(target)
                }
            }
        case .some:
            errors.append(.type("event.targets", expected: "an array of objects"))
        }
        var location = ""
        var userAgent: String?
        switch object["context"] {
        case nil, .null?:
            errors.append(.required("event.context"))
        case .object(let context)?:
            location = Self.requiredString(context["location"], field: "event.context.location", errors: &errors)
            userAgent = Self.optionalString(context["user_agent"], field: "event.context.user_agent", errors: &errors)
        case .some:
            errors.append(.type("event.context", expected: "an object"))
        }
        let metadata = AuditLogMetadataRules.validate(object["metadata"], field: "event.metadata", errors: &errors)
        var version: Int?
        switch object["version"] {
        case nil, .null?: break
        case .int(let number)? where number >= 1: version = number
        case .some: errors.append(.invalid("event.version", "event.version must be an integer of at least 1."))
        }
        guard errors.isEmpty, let actor else { return .invalid(errors) }
        // Spec `occurred_at`: "format: date-time"; a string that is not one is the 400 of the Node SDK's fixture.
        guard let occurredAt = Timestamp(iso8601: occurredAtText), occurredAtText.contains("T") else {
            return .badOccurredAt
        }
        return .event(
            AuditLogEvent(
                action: action, occurredAt: occurredAt, actor: actor, targets: targets, location: location,
                userAgent: userAgent, metadata: metadata, version: version
            )
        )
    }

    /// `{id, type, name?, metadata?}` under `field`.
    private static func entity(_ value: JSON?, field: String, errors: inout [FieldError]) -> Entity? {
        switch value {
        case nil, .null?:
            errors.append(.required(field))
            return nil
        case .object(let object)?:
            let before = errors.count
            let id = Self.requiredString(object["id"], field: field + ".id", errors: &errors)
            let type = Self.requiredString(object["type"], field: field + ".type", errors: &errors)
            let name = Self.optionalString(object["name"], field: field + ".name", errors: &errors)
            let metadata = AuditLogMetadataRules.validate(
                object["metadata"], field: field + ".metadata", errors: &errors
            )
            guard errors.count == before else { return nil }
            return Entity(id: id, type: type, name: name, metadata: metadata)
        case .some:
            errors.append(.type(field, expected: "an object"))
            return nil
        }
    }

    /// A non-empty string, else `required` (absent, null, blank) or `invalid_type`.
    private static func requiredString(_ value: JSON?, field: String, errors: inout [FieldError]) -> String {
        switch value {
        case nil, .null?:
            errors.append(.required(field))
            return ""
        case .string(let text)?:
            if text.trimmingWhitespace().isEmpty { errors.append(.required(field)) }
            return text
        case .some:
            errors.append(.type(field, expected: "a string"))
            return ""
        }
    }

    /// A string or nothing.
    private static func optionalString(_ value: JSON?, field: String, errors: inout [FieldError]) -> String? {
        switch value {
        case nil, .null?: return nil
        case .string(let text)?: return text
        case .some:
            errors.append(.type(field, expected: "a string"))
            return nil
        }
    }
}
