// workos-emulator — the JSON-schema-ish metadata description of an audit log schema (catalog-B §4).
// Licensed MIT.

import JSONCodec

/// `{"type":"object","properties":{"key":{"type":"string"|"number"|"boolean"}}}`, the form every `metadata` of an
/// audit log schema takes (catalog-B §4; spec `AuditLogSchemaDto`). `required` (a list of property names) and
/// `additionalProperties: false` are honoured as JSON Schema defines them; without them every property is optional
/// and other keys are allowed, as in JSON Schema.
public struct AuditLogMetadataSchema: Sendable, Equatable {
    /// The value types a property may have: the ones event metadata values can take (catalog-B §4).
    public static let propertyTypes: Set<String> = ["string", "number", "boolean"]

    /// Declared properties and their types, in the order given.
    public var properties: [(key: String, type: String)]
    /// Properties that must be present.
    public var required: [String]
    /// False when the schema says `additionalProperties: false`.
    public var allowsOtherKeys: Bool

    /// Compares property lists in order.
    public static func == (lhs: AuditLogMetadataSchema, rhs: AuditLogMetadataSchema) -> Bool {
        lhs.properties.elementsEqual(rhs.properties, by: { $0.key == $1.key && $0.type == $1.type })
            && lhs.required == rhs.required && lhs.allowsOtherKeys == rhs.allowsOtherKeys
    }

    /// Reads a schema sent by an app; each problem becomes a field error under `field` (e.g.
    /// `targets[0].metadata.properties.cost.type`). Nil when it is unusable.
    static func parse(_ value: JSON, field: String, errors: inout [FieldError]) -> AuditLogMetadataSchema? {
        guard case .object(let object) = value else {
            errors.append(.type(field, expected: "an object"))
            return nil
        }
        let before = errors.count
        if let type = object["type"], type != .string("object") {
            errors.append(.invalid(field + ".type", "\(field).type must be 'object'."))
        }
        var properties: [(key: String, type: String)] = []
        switch object["properties"] {
        case nil, .null?:
            break
        case .object(let declared)?:
            if declared.count > AuditLogMetadataRules.maximumKeys {
                errors.append(
                    .invalid(
                        field + ".properties",
                        "\(field).properties can declare at most \(AuditLogMetadataRules.maximumKeys) keys."
                    )
                )
            }
            for (key, property) in declared {
                let path = "\(field).properties.\(key)"
                if !AuditLogMetadataRules.isValidKey(key) {
                    errors.append(.invalid(path, "'\(key)' is not a valid metadata key (^[a-zA-Z0-9_-]{0,40}$)."))
                }
                guard let type = property["type"]?.stringValue, Self.propertyTypes.contains(type) else {
                    errors.append(.invalid(path + ".type", "\(path).type must be one of boolean, number, string."))
                    continue
                }
                properties.append((key, type))
            }
        case .some:
            errors.append(.type(field + ".properties", expected: "an object"))
        }
        var required: [String] = []
        switch object["required"] {
        case nil, .null?:
            break
        case .array(let names)?:
            for (index, name) in names.enumerated() {
                guard let text = name.stringValue, properties.contains(where: { $0.key == text }) else {
                    errors.append(
                        .invalid("\(field).required[\(index)]", "\(field).required must name declared properties.")
                    )
                    continue
                }
                required.append(text)
            }
        case .some:
            errors.append(.type(field + ".required", expected: "an array of strings"))
        }
        var allowsOtherKeys = true
        switch object["additionalProperties"] {
        case nil, .null?: break
        case .bool(let flag)?: allowsOtherKeys = flag
        case .some: errors.append(.type(field + ".additionalProperties", expected: "a boolean"))
        }
        guard errors.count == before else { return nil }
        return AuditLogMetadataSchema(properties: properties, required: required, allowsOtherKeys: allowsOtherKeys)
    }

    /// Reads a stored schema (already validated when it was created); nil for anything unreadable.
    static func stored(_ value: JSON?) -> AuditLogMetadataSchema? {
        guard let value else { return nil }
        var errors: [FieldError] = []
        return Self.parse(value, field: "metadata", errors: &errors)
    }

    /// The violations of `metadata` (the event's, actor's or a target's; nil when absent) of the object at JSON
    /// Pointer `parent` (`""` for the event, `/actor`, `/targets/0`), in ajv's wording.
    func violations(of metadata: JSONObject?, under parent: String) -> [AuditLogSchemaViolation] {
        var found: [AuditLogSchemaViolation] = []
        let pointer = parent + "/metadata"
        guard let object = metadata else {
            guard !self.required.isEmpty else { return [] }
            return [
                AuditLogSchemaViolation(
                    instancePath: parent, keyword: "required", message: "must have required property 'metadata'"
                )
            ]
        }
        for name in self.required where object[name] == nil {
            found.append(
                AuditLogSchemaViolation(
                    instancePath: pointer, keyword: "required", message: "must have required property '\(name)'"
                )
            )
        }
        for (key, value) in object {
            guard let declared = self.properties.first(where: { $0.key == key }) else {
                if !self.allowsOtherKeys {
                    found.append(
                        AuditLogSchemaViolation(
                            instancePath: pointer, keyword: "additionalProperties",
                            message: "must NOT have additional properties ('\(key)')"
                        )
                    )
                }
                continue
            }
            let matches: Bool
            switch (declared.type, value) {
            case ("string", .string), ("boolean", .bool), ("number", .int), ("number", .double): matches = true
            default: matches = false
            }
            if !matches {
                found.append(
                    AuditLogSchemaViolation(
                        instancePath: pointer + "/" + Self.escapePointer(key), keyword: "type",
                        message: "must be \(declared.type)"
                    )
                )
            }
        }
        return found
    }

    /// RFC 6901 §3: `~` is written `~0` and `/` is written `~1` inside a JSON Pointer token.
    static func escapePointer(_ token: String) -> String {
        token.replacingAll("~", with: "~0").replacingAll("/", with: "~1")
    }
}
