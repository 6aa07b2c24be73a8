// workos-emulator — SQL for audit log actions, schema versions, events and retention (catalog-B §4).
// Licensed MIT.

import JSONCodec
import SQLite

/// Reads and writes one environment's audit log actions, schemas, events and retention settings.
///
/// No method here records an `/events` entry: "audit-log operations emit **no** `/events` entries" (catalog-B §4),
/// unlike every other repository's writes.
public struct AuditLogRepository: Sendable {
    /// The environment this repository is scoped to.
    public let environmentID: String
    /// Id and time source.
    public let services: Services

    /// A repository scoped to one environment.
    public init(environmentID: String, services: Services) {
        self.environmentID = environmentID
        self.services = services
    }

    // MARK: Actions and schemas

    /// Adds the next schema version of `action`, creating the action with version 1 when it does not exist yet
    /// ("If the `action` does not exist, it will also be created", spec Create Schema).
    public func createSchema(
        action: String, targets: [JSON], actor: JSON?, metadata: JSON?, in connection: Connection
    ) throws -> AuditLogSchema {
        let now = self.services.clock.now().iso8601
        let actionID: String
        if let row = try self.fetchActionRow(name: action, in: connection) {
            actionID = row["id"]
            try connection.execute(
                "UPDATE audit_log_actions SET updated_at = ? WHERE environment_id = ? AND id = ?",
                [.text(now), .text(self.environmentID), .text(actionID)]
            )
        } else {
            actionID = self.services.ids.make(.auditLogAction)
            try connection.execute(
                """
                INSERT INTO audit_log_actions (id, environment_id, name, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?)
                """,
                [.text(actionID), .text(self.environmentID), .text(action), .text(now), .text(now)]
            )
        }
        let latest: Int64? = try connection.fetchScalar(
            "SELECT MAX(version) FROM audit_log_schemas WHERE environment_id = ? AND action_id = ?",
            [.text(self.environmentID), .text(actionID)]
        )
        let id = self.services.ids.make(.auditLogSchema)
        try connection.execute(
            """
            INSERT INTO audit_log_schemas (id, environment_id, action_id, version, targets, actor, metadata, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(id), .text(self.environmentID), .text(actionID), .integer((latest ?? 0) + 1),
                .text(JSON.array(targets).serializedString), SQLValue(actor?.serializedString),
                SQLValue(metadata?.serializedString), .text(now),
            ]
        )
        guard
            let row = try connection.fetchOne(
                "SELECT * FROM audit_log_schemas WHERE environment_id = ? AND id = ?",
                [.text(self.environmentID), .text(id)]
            )
        else { throw APIError.internalError }
        return AuditLogSchema(row: row)
    }

    /// One page of the schema versions of `action`; 404 when the environment has no such action.
    public func listSchemas(action: String, pagination: Pagination, in connection: Connection) throws
        -> Page<AuditLogSchema>
    {
        guard let row = try self.fetchActionRow(name: action, in: connection) else {
            throw APIError.notFound("Audit Log Action", id: action)
        }
        let actionID: String = row["id"]
        return try connection.fetchPage(
            from: "audit_log_schemas", where: ["environment_id = ?", "action_id = ?"],
            [.text(self.environmentID), .text(actionID)], pagination: pagination
        ).map(AuditLogSchema.init(row:))
    }

    /// One page of the environment's actions, each with its latest schema.
    public func listActions(pagination: Pagination, in connection: Connection) throws -> Page<AuditLogAction> {
        let page = try connection.fetchPage(
            from: "audit_log_actions", where: ["environment_id = ?"], [.text(self.environmentID)],
            pagination: pagination
        )
        let ids: [String] = page.items.map { $0["id"] }
        var latest: [String: AuditLogSchema] = [:]
        if !ids.isEmpty {
            for row in try connection.fetchAll(
                """
                SELECT * FROM audit_log_schemas AS s
                WHERE s.environment_id = ? AND s.action_id IN (\(SQLPlaceholders.list(ids.count)))
                    AND s.version = (SELECT MAX(version) FROM audit_log_schemas WHERE action_id = s.action_id)
                """,
                [.text(self.environmentID)] + ids.map { .text($0) }
            ) {
                latest[row["action_id"]] = AuditLogSchema(row: row)
            }
        }
        let actions = page.items.compactMap { row -> AuditLogAction? in
            latest[row["id"]].map { AuditLogAction(row: row, schema: $0) }
        }
        return Page(items: actions, before: page.before, after: page.after)
    }

    /// The schema an event of `action` is checked against: `version` when given, else the latest. Nil when the
    /// action has no schema at all; `.missingVersion` when it has schemas but not that version.
    func schema(action: String, version: Int?, in connection: Connection) throws -> SchemaLookup {
        guard let row = try self.fetchActionRow(name: action, in: connection) else { return .none }
        let actionID: String = row["id"]
        let schemaRow: Row?
        if let version {
            schemaRow = try connection.fetchOne(
                "SELECT * FROM audit_log_schemas WHERE environment_id = ? AND action_id = ? AND version = ?",
                [.text(self.environmentID), .text(actionID), .integer(Int64(version))]
            )
        } else {
            schemaRow = try connection.fetchOne(
                """
                SELECT * FROM audit_log_schemas WHERE environment_id = ? AND action_id = ?
                ORDER BY version DESC LIMIT 1
                """,
                [.text(self.environmentID), .text(actionID)]
            )
        }
        guard let schemaRow else { return version == nil ? .none : .missingVersion }
        return .found(AuditLogSchema(row: schemaRow))
    }

    /// What `schema(action:version:in:)` found.
    enum SchemaLookup {
        case none
        case missingVersion
        case found(AuditLogSchema)
    }

    private func fetchActionRow(name: String, in connection: Connection) throws -> Row? {
        try connection.fetchOne(
            "SELECT * FROM audit_log_actions WHERE environment_id = ? AND name = ?",
            [.text(self.environmentID), .text(name)]
        )
    }

    // MARK: Events

    /// Stores an event of `organizationID` with its targets. Posting an event never creates its action: an action
    /// exists only with a schema (spec `AuditLogActionJson` requires `schema`; Create Schema is the documented way
    /// an action is created).
    public func record(_ event: AuditLogEvent, organizationID: String, in connection: Connection) throws {
        let id = self.services.ids.make(.auditLogEvent)
        try connection.execute(
            """
            INSERT INTO audit_log_events (id, environment_id, organization_id, action, version, occurred_at, actor_id,
                actor_type, actor_name, actor_metadata, context_location, context_user_agent, metadata, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(id), .text(self.environmentID), .text(organizationID), .text(event.action),
                SQLValue(event.version.map { Int64($0) }), .text(event.occurredAt.iso8601), .text(event.actor.id),
                .text(event.actor.type), SQLValue(event.actor.name), SQLValue(Self.encode(event.actor.metadata)),
                .text(event.location), SQLValue(event.userAgent), SQLValue(Self.encode(event.metadata)),
                .text(self.services.clock.now().iso8601),
            ]
        )
        for (position, target) in event.targets.enumerated() {
            try connection.execute(
                """
                INSERT INTO audit_log_event_targets (event_id, position, environment_id, target_id, type, name,
                    metadata)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    .text(id), .integer(Int64(position)), .text(self.environmentID), .text(target.id),
                    .text(target.type), SQLValue(target.name), SQLValue(Self.encode(target.metadata)),
                ]
            )
        }
    }

    private static func encode(_ object: JSONObject?) -> String? {
        object.map { JSON.object($0).serializedString }
    }

    // MARK: Retention

    /// The retention set for the organization, nil when never set.
    public func retention(organizationID: String, in connection: Connection) throws -> Int? {
        let days: Int64? = try connection.fetchScalar(
            """
            SELECT retention_period_in_days FROM audit_log_retentions
            WHERE environment_id = ? AND organization_id = ?
            """,
            [.text(self.environmentID), .text(organizationID)]
        )
        return days.map { Int($0) }
    }

    /// Sets the organization's retention.
    public func setRetention(days: Int, organizationID: String, in connection: Connection) throws {
        try connection.execute(
            """
            INSERT INTO audit_log_retentions (organization_id, environment_id, retention_period_in_days, updated_at)
            VALUES (?, ?, ?, ?)
            ON CONFLICT (organization_id) DO UPDATE SET
                retention_period_in_days = excluded.retention_period_in_days, updated_at = excluded.updated_at
            """,
            [
                .text(organizationID), .text(self.environmentID), .integer(Int64(days)),
                .text(self.services.clock.now().iso8601),
            ]
        )
    }
}
