// workos-emulator — an audit log event as an app sends it (catalog-B §4 "AuditLogEvent (request)").
// Licensed MIT.

import JSONCodec
import SQLite

/// An audit log event: what happened (`action`), when, who did it (`actor`), to what (`targets`), where (`context`).
public struct AuditLogEvent: Sendable, Equatable {
    /// The actor or one target: `{id, type, name?, metadata?}`.
    public struct Entity: Sendable, Equatable {
        public var id: String
        public var type: String
        public var name: String?
        /// String, number or boolean values (catalog-B §4 limits), kept as sent.
        public var metadata: JSONObject?

        /// An entity.
        public init(id: String, type: String, name: String? = nil, metadata: JSONObject? = nil) {
            self.id = id
            self.type = type
            self.name = name
            self.metadata = metadata
        }

        /// `{id, type, name?, metadata?}`, keys present only when given.
        var json: JSON {
            var object: JSONObject = ["id": .string(self.id), "type": .string(self.type)]
            if let name = self.name { object["name"] = .string(name) }
            if let metadata = self.metadata { object["metadata"] = .object(metadata) }
            return .object(object)
        }
    }

    /// `audit_log_event_…` once stored; empty for an event not stored yet.
    public var id: String = ""
    /// e.g. `user.signed_in`.
    public var action: String
    /// When it happened (the request's ISO 8601 value, kept to the millisecond).
    public var occurredAt: Timestamp
    /// Who did it.
    public var actor: Entity
    /// What it was done to; may be empty.
    public var targets: [Entity]
    /// `context.location`: an IP address or other geolocation identifier.
    public var location: String
    /// `context.user_agent`.
    public var userAgent: String?
    /// The event's own metadata.
    public var metadata: JSONObject?
    /// The schema version the event names.
    public var version: Int?

    /// An event.
    public init(
        action: String, occurredAt: Timestamp, actor: Entity, targets: [Entity], location: String,
        userAgent: String? = nil, metadata: JSONObject? = nil, version: Int? = nil
    ) {
        self.action = action
        self.occurredAt = occurredAt
        self.actor = actor
        self.targets = targets
        self.location = location
        self.userAgent = userAgent
        self.metadata = metadata
        self.version = version
    }

    /// Decodes a row of `audit_log_events` and its rows of `audit_log_event_targets`, in position order.
    init(row: Row, targets: [Row]) {
        self.id = row["id"]
        self.action = row["action"]
        self.occurredAt = Timestamp(iso8601: row["occurred_at"]) ?? Timestamp(milliseconds: 0)
        self.actor = Entity(
            id: row["actor_id"], type: row["actor_type"], name: row["actor_name"],
            metadata: Self.decodeObject(row["actor_metadata"])
        )
        self.targets = targets.map { target in
            Entity(
                id: target["target_id"], type: target["type"], name: target["name"],
                metadata: Self.decodeObject(target["metadata"])
            )
        }
        self.location = row["context_location"]
        self.userAgent = row["context_user_agent"]
        self.metadata = Self.decodeObject(row["metadata"])
        let version: Int64? = row["version"]
        self.version = version.map { Int($0) }
    }

    /// A stored JSON object column; nil for NULL or anything unreadable.
    static func decodeObject(_ text: String?) -> JSONObject? {
        guard let text, case .object(let object)? = try? JSON.parse(text) else { return nil }
        return object
    }
}
