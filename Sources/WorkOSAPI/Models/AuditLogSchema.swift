// workos-emulator — the AuditLogSchema wire object (catalog-B §4; spec `AuditLogSchemaJson`).
// Licensed MIT.

import JSONCodec
import SQLite

/// One version of an action's schema: the target types an event must carry and the metadata it may carry.
public struct AuditLogSchema: Sendable, Equatable, JSONRepresentable {
    /// `als_…` (the list cursor; not on the wire object).
    public var id: String
    /// 1, 2, 3… per action.
    public var version: Int
    /// `[{type, metadata?}]`, exactly as the app sent it.
    public var targets: [JSON]
    /// `{metadata}` or nil, as sent.
    public var actor: JSON?
    /// The event metadata schema or nil, as sent.
    public var metadata: JSON?
    /// Creation time.
    public var createdAt: Timestamp

    /// Decodes a row of `audit_log_schemas`.
    public init(row: Row) {
        self.id = row["id"]
        let version: Int64 = row["version"]
        self.version = Int(version)
        let targets: String = row["targets"]
        self.targets = (try? JSON.parse(targets))?.arrayValue ?? []
        self.actor = Self.decode(row["actor"])
        self.metadata = Self.decode(row["metadata"])
        self.createdAt = Timestamp(iso8601: row["created_at"]) ?? Timestamp(milliseconds: 0)
    }

    private static func decode(_ text: String?) -> JSON? {
        guard let text, let value = try? JSON.parse(text), !value.isNull else { return nil }
        return value
    }

    /// `{object, version, targets, actor?, metadata?, created_at}`: `actor` and `metadata` only when the schema has
    /// them (both optional in the spec and in Python 10's model; Node reads `actor?.metadata`).
    public var json: JSON {
        var object: JSONObject = [
            "object": "audit_log_schema",
            "version": .int(self.version),
            "targets": .array(self.targets),
        ]
        if let actor = self.actor { object["actor"] = actor }
        if let metadata = self.metadata { object["metadata"] = metadata }
        object["created_at"] = .string(self.createdAt.iso8601)
        return .object(object)
    }

    /// The metadata schema of the target type `type`, nil when it declares none.
    func targetMetadata(ofType type: String) -> AuditLogMetadataSchema? {
        let target = self.targets.first { $0["type"]?.stringValue == type }
        return AuditLogMetadataSchema.stored(target?["metadata"])
    }

    /// The target types this version lists, in order.
    var targetTypes: [String] {
        self.targets.compactMap { $0["type"]?.stringValue }
    }
}
