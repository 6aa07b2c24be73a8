// workos-emulator — the AuditLogAction wire object (catalog-B §4; spec `AuditLogActionJson`).
// Licensed MIT.

import JSONCodec
import SQLite

/// An action (`user.signed_in`) with its latest schema; it exists once its first schema is created.
public struct AuditLogAction: Sendable, Equatable, JSONRepresentable {
    /// `ala_…` (the list cursor; not on the wire object).
    public var id: String
    /// The action's name.
    public var name: String
    /// Its latest schema version (spec: `schema` is required, so an action never exists without one).
    public var schema: AuditLogSchema
    /// Creation time (of the first schema).
    public var createdAt: Timestamp
    /// Time of the latest schema.
    public var updatedAt: Timestamp

    /// Decodes a row of `audit_log_actions` with its latest schema.
    public init(row: Row, schema: AuditLogSchema) {
        self.id = row["id"]
        self.name = row["name"]
        self.schema = schema
        self.createdAt = Timestamp(iso8601: row["created_at"]) ?? Timestamp(milliseconds: 0)
        self.updatedAt = Timestamp(iso8601: row["updated_at"]) ?? Timestamp(milliseconds: 0)
    }

    /// `{object, name, schema, created_at, updated_at}`.
    public var json: JSON {
        [
            "object": "audit_log_action",
            "name": .string(self.name),
            "schema": self.schema.json,
            "created_at": .string(self.createdAt.iso8601),
            "updated_at": .string(self.updatedAt.iso8601),
        ]
    }
}
