// workos-emulator — Audit Logs (https://workos.com/docs/reference/audit-logs; catalog-B §4).
// Licensed MIT.

import HTTP1
import JSONCodec
import SQLite

/// `/audit_logs/*` and the organization's audit log settings, plus the emulator-served export download.
///
/// None of these operations records an `/events` entry: "audit-log operations emit **no** `/events` entries"
/// (catalog-B §4), unlike every other write in the emulator. `POST` routes get `Idempotency-Key` replay from
/// `RouteTable.add` (catalog-B §1.2: "Honour it for replay on `/audit_logs/events`").
enum AuditLogs {
    /// The routes of this area.
    static func register(on routes: inout RouteTable) {
        routes.add(.post, "/audit_logs/events", self.createEvent)
        routes.add(.get, "/audit_logs/actions", self.listActions)
        routes.add(.get, "/audit_logs/actions/:actionName/schemas", self.listSchemas)
        routes.add(.post, "/audit_logs/actions/:actionName/schemas", self.createSchema)
        routes.add(.post, "/audit_logs/exports", self.createExport)
        routes.add(.get, "/audit_logs/exports/:auditLogExportId", self.getExport)
        routes.add(.get, "/organizations/:id/audit_logs_retention", self.getRetention)
        routes.add(.put, "/organizations/:id/audit_logs_retention", self.updateRetention)
        routes.add(.get, "/organizations/:id/audit_log_configuration", self.getConfiguration)
        routes.addPublic(.get, "/_emulator/audit_log_exports/:id/download", self.download)
    }

    /// Longest action name accepted (the API documents none; 255 like the emulator's other names).
    static let maximumActionNameLength = 255

    /// The retention when none was set, reported by `audit_log_configuration` whose spec schema requires an integer:
    /// 30, the spec's example value and the first of its "Valid values are 30 and 365".
    static let defaultRetentionDays = 30

    // MARK: Events

    /// `POST /audit_logs/events` `{organization_id, event}` → 200 `{"success": true}` (spec; Python 10 requires the
    /// key). Errors, in order: 422 for missing or mistyped fields (`event.action`-style paths, spec example) and
    /// metadata over the limits; 400 `invalid_audit_log` for an `occurred_at` that is not ISO 8601 (Node SDK fixture);
    /// 404 for an unknown organization; 400 `invalid_audit_log_event` when the event fails its action's schema.
    @Sendable static func createEvent(_ context: RequestContext) throws -> HTTPResponse {
        var body = try context.body()
        let organizationID = body.requiredString("organization_id")
        let parsed = AuditLogEvent.parse(body.object["event"])
        var errors = body.errors
        if case .invalid(let eventErrors) = parsed { errors += eventErrors }
        if !errors.isEmpty { throw APIError.validation(errors) }
        guard case .event(let event) = parsed else { throw APIError.invalidOccurredAt }
        let repository = AuditLogRepository(environmentID: context.environment.id, services: context.services)
        try context.write { connection in
            _ = try context.organizations.require(id: organizationID, in: connection)
            switch try repository.schema(action: event.action, version: event.version, in: connection) {
            case .none:
                // No schema for this action (it may have been defined in the WorkOS dashboard, which the emulator
                // cannot see): nothing to validate against, the event is stored as sent.
                break
            case .missingVersion:
                throw APIError.invalidAuditLogEvent([
                    AuditLogSchemaViolation(
                        instancePath: "/version", keyword: "enum",
                        message: "must name an existing schema version of '\(event.action)'"
                    )
                ])
            case .found(let schema):
                let violations = schema.violations(of: event)
                if !violations.isEmpty { throw APIError.invalidAuditLogEvent(violations) }
            }
            try repository.record(event, organizationID: organizationID, in: connection)
        }
        return .json(["success": true])
    }

    // MARK: Actions and schemas

    /// `GET /audit_logs/actions`: every action of the environment with its latest schema.
    @Sendable static func listActions(_ context: RequestContext) throws -> HTTPResponse {
        let pagination = try Pagination(query: context.request.query)
        let repository = AuditLogRepository(environmentID: context.environment.id, services: context.services)
        let page = try context.read { connection in try repository.listActions(pagination: pagination, in: connection) }
        return ListResponse.make(page)
    }

    /// `GET /audit_logs/actions/{action}/schemas`: the action's schema versions; 404 for an action the environment
    /// does not have (spec lists a 404).
    @Sendable static func listSchemas(_ context: RequestContext) throws -> HTTPResponse {
        let action = context.parameter("actionName")
        let pagination = try Pagination(query: context.request.query)
        let repository = AuditLogRepository(environmentID: context.environment.id, services: context.services)
        let page = try context.read { connection in
            try repository.listSchemas(action: action, pagination: pagination, in: connection)
        }
        return ListResponse.make(page)
    }

    /// `POST /audit_logs/actions/{action}/schemas` `{targets: [{type, metadata?}] (≥ 1), actor?: {metadata},
    /// metadata?}` → 201 with the new version (1 for a new action, which this creates). Each `metadata` is the
    /// `{type: "object", properties: {k: {type}}}` form (catalog-B §4); anything else is a 422 naming the field.
    @Sendable static func createSchema(_ context: RequestContext) throws -> HTTPResponse {
        let action = context.parameter("actionName")
        let body = try context.body()
        var errors: [FieldError] = []
        if action.trimmingWhitespace().isEmpty || action.count > self.maximumActionNameLength {
            errors.append(
                .invalid("action", "The action name must be 1 to \(self.maximumActionNameLength) characters.")
            )
        }
        var targets: [JSON] = []
        switch body.field("targets") {
        case .absent, .null:
            errors.append(.required("targets"))
        case .value(.array(let items)):
            if items.isEmpty { errors.append(.invalid("targets", "targets must contain at least one target.")) }
            var types: Set<String> = []
            for (index, item) in items.enumerated() {
                let field = "targets[\(index)]"
                guard case .object(let target) = item else {
                    errors.append(.type(field, expected: "an object"))
                    continue
                }
                guard let type = target["type"]?.stringValue, !type.trimmingWhitespace().isEmpty else {
                    errors.append(.required(field + ".type"))
                    continue
                }
                if !types.insert(type).inserted {
                    errors.append(.invalid(field + ".type", "Target type '\(type)' is listed twice."))
                }
                if let metadata = target["metadata"], !metadata.isNull {
                    _ = AuditLogMetadataSchema.parse(metadata, field: field + ".metadata", errors: &errors)
                }
                targets.append(item)
            }
        case .value:
            errors.append(.type("targets", expected: "an array of objects"))
        }
        var actor: JSON?
        switch body.field("actor") {
        case .absent, .null:
            break
        case .value(.object(let object)):
            // Spec `AuditLogSchemaActorDto` requires `metadata`.
            if let metadata = object["metadata"], !metadata.isNull {
                _ = AuditLogMetadataSchema.parse(metadata, field: "actor.metadata", errors: &errors)
            } else {
                errors.append(.required("actor.metadata"))
            }
            actor = .object(object)
        case .value:
            errors.append(.type("actor", expected: "an object"))
        }
        let metadata = body.field("metadata").value
        if let metadata {
            _ = AuditLogMetadataSchema.parse(metadata, field: "metadata", errors: &errors)
        }
        if !errors.isEmpty { throw APIError.validation(errors) }
        let repository = AuditLogRepository(environmentID: context.environment.id, services: context.services)
        let schema = try context.write { connection in
            try repository.createSchema(
                action: action, targets: targets, actor: actor, metadata: metadata, in: connection
            )
        }
        return .json(schema, status: .created)
    }

    // MARK: Exports

    /// `POST /audit_logs/exports` → 201 `pending` export. Errors are the 400s the spec documents for this endpoint
    /// (Python 10 expects only `BadRequestError` here): NestJS-style `{"message": [...], "error": "Bad Request"}`
    /// for a malformed body, `{"message":"Invalid date range","code":"invalid_audit_log_export_range_date"}` when
    /// `range_start` is after `range_end`, and `{"message":"Organization not found: 'org_…'."}` (the spec's other
    /// 400 form) for an organization the environment does not have.
    @Sendable static func createExport(_ context: RequestContext) throws -> HTTPResponse {
        let body = try context.body()
        var messages: [String] = []
        func string(_ key: String) -> String {
            switch body.field(key) {
            case .value(.string(let text)) where !text.trimmingWhitespace().isEmpty:
                return text
            case .value(.string):
                messages.append("\(key) should not be empty")
            case .value:
                messages.append("\(key) must be a string")
            case .absent, .null:
                messages.append("\(key) should not be empty")
                messages.append("\(key) must be a string")
            }
            return ""
        }
        func date(_ key: String) -> Timestamp? {
            let text = string(key)
            guard !text.isEmpty else { return nil }
            guard text.contains("T"), let timestamp = Timestamp(iso8601: text) else {
                messages.append("\(key) must be a valid ISO 8601 date string")
                return nil
            }
            return timestamp
        }
        func list(_ key: String) -> [String]? {
            switch body.field(key) {
            case .absent, .null:
                return nil
            case .value(.array(let items)):
                let strings = items.compactMap(\.stringValue)
                if strings.count != items.count { messages.append("each value in \(key) must be a string") }
                return strings.isEmpty ? nil : strings
            case .value:
                messages.append("\(key) must be an array")
                return nil
            }
        }
        let organizationID = string("organization_id")
        let start = date("range_start")
        let end = date("range_end")
        let actions = list("actions")
        let actors = list("actors")
        let actorNames = list("actor_names")
        let actorIDs = list("actor_ids")
        let targets = list("targets")
        guard messages.isEmpty, let start, let end else { throw APIError.exportValidation(messages) }
        guard start <= end else {
            throw APIError.badRequest(.invalidAuditLogExportRangeDate, "Invalid date range")
        }
        var filters = AuditLogExportRepository.Filters(organizationID: organizationID, rangeStart: start, rangeEnd: end)
        filters.actions = actions
        // `actors` is the deprecated name of `actor_names` (spec); given both, either list matches.
        if actors != nil || actorNames != nil {
            var names: [String] = []
            for name in (actorNames ?? []) + (actors ?? []) where !names.contains(name) { names.append(name) }
            filters.actorNames = names
        }
        filters.actorIDs = actorIDs
        filters.targets = targets
        let repository = AuditLogExportRepository(environmentID: context.environment.id, services: context.services)
        let export = try context.write { connection in
            guard try context.organizations.fetchOne(id: organizationID, in: connection) != nil else {
                throw APIError.badRequest("Organization not found: '\(organizationID)'.")
            }
            return try repository.create(filters, in: connection)
        }
        return .json(export, status: .created)
    }

    /// `GET /audit_logs/exports/{id}`: the export, `ready` from its first fetch on, with a download URL that is new
    /// on every fetch and works for 10 minutes (spec Get Export). The create answers `pending` as the spec's example
    /// does, so an app's polling loop runs as it does against WorkOS.
    @Sendable static func getExport(_ context: RequestContext) throws -> HTTPResponse {
        let id = context.parameter("auditLogExportId")
        let repository = AuditLogExportRepository(environmentID: context.environment.id, services: context.services)
        let export = try context.write { connection in
            try repository.fetchIssuingURL(id: id, baseURL: context.request.origin, in: connection)
        }
        return .json(export)
    }

    /// `GET /_emulator/audit_log_exports/{id}/download?token=…` (no API key: the URL is the credential, as WorkOS's
    /// pre-signed file URL is): the export's CSV. A token that is not the export's current one is a 404 that says
    /// nothing about the export; a current token past its 10 minutes is a 403.
    @Sendable static func download(_ request: HTTPRequest, _ services: Services) throws -> HTTPResponse {
        let id = request.parameters["id"] ?? ""
        let token = request.query["token"] ?? ""
        let result = try services.database.read { connection in
            try AuditLogExportRepository.download(exportID: id, token: token, services: services, in: connection)
        }
        switch result {
        case .notFound:
            throw APIError.pathNotFound(request.path)
        case .expired:
            throw APIError.auditLogExportURLExpired(exportID: id)
        case .file(let exportID, let csv):
            var headers = HTTPHeaders()
            headers.add(name: "Content-Type", value: "text/csv; charset=utf-8")
            headers.add(name: "Content-Disposition", value: "attachment; filename=\"\(exportID).csv\"")
            headers.add(name: "Cache-Control", value: "no-store")
            headers.add(name: "Referrer-Policy", value: "no-referrer")
            return HTTPResponse(status: .ok, headers: headers, body: Array(csv.utf8))
        }
    }

    // MARK: Retention and configuration

    /// `GET /organizations/{id}/audit_logs_retention` → `{"retention_period_in_days": int | null}`; null until set
    /// (the spec's schema allows null; the emulator does not guess WorkOS's plan-dependent default).
    @Sendable static func getRetention(_ context: RequestContext) throws -> HTTPResponse {
        let id = context.parameter("id")
        let repository = AuditLogRepository(environmentID: context.environment.id, services: context.services)
        let days = try context.read { connection -> Int? in
            _ = try context.organizations.require(id: id, in: connection)
            return try repository.retention(organizationID: id, in: connection)
        }
        return .json(["retention_period_in_days": days.json])
    }

    /// `PUT /organizations/{id}/audit_logs_retention` with exactly one of `retention_period_in_days` (30–330 in steps
    /// of 30 or 365–3650 in steps of 365: the union of the spec's "30 and 365" and Python 10's docstring, catalog-B
    /// §4) or `retention_period` (Python 10's `1_MONTH`…`11_MONTHS`, `1_YEAR`…`10_YEARS`; a month is 30 days and a
    /// year 365, which maps the enum onto the same set) → the GET body. Anything else is a 422; unknown organization
    /// 404.
    @Sendable static func updateRetention(_ context: RequestContext) throws -> HTTPResponse {
        let id = context.parameter("id")
        let body = try context.body()
        let days = try AuditLogRetention.days(from: body)
        let repository = AuditLogRepository(environmentID: context.environment.id, services: context.services)
        try context.write { connection in
            _ = try context.organizations.require(id: id, in: connection)
            try repository.setRetention(days: days, organizationID: id, in: connection)
        }
        return .json(["retention_period_in_days": .int(days)])
    }

    /// `GET /organizations/{id}/audit_log_configuration` → `{organization_id, retention_period_in_days, state}`:
    /// `active` (audit logs always work in the emulator) and no `log_stream` (log streams are not emulated; the key
    /// is optional in the spec).
    @Sendable static func getConfiguration(_ context: RequestContext) throws -> HTTPResponse {
        let id = context.parameter("id")
        let repository = AuditLogRepository(environmentID: context.environment.id, services: context.services)
        let days = try context.read { connection -> Int? in
            _ = try context.organizations.require(id: id, in: connection)
            return try repository.retention(organizationID: id, in: connection)
        }
        return .json([
            "organization_id": .string(id),
            "retention_period_in_days": .int(days ?? self.defaultRetentionDays),
            "state": "active",
        ])
    }
}
