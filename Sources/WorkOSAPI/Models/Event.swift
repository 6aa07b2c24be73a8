// workos-emulator — the Event wire object (catalog-A §2).
// Licensed MIT.

import JSONCodec
import SQLite

/// An event, `event_…`: `{"object":"event","id","event","data","created_at","context"?}`.
public struct Event: Sendable, Equatable, JSONRepresentable {
    /// `event_…`.
    public var id: String
    /// The event type, e.g. `organization.created`.
    public var event: EventName
    /// The payload (the object as the REST API renders it, with the differences of catalog-A §2.1).
    public var data: JSON
    /// Optional context (`previous_attributes` on updates).
    public var context: JSON?
    /// Creation time.
    public var createdAt: Timestamp

    /// Decodes a row of `events`.
    public init(row: Row) {
        self.id = row["id"]
        self.event = EventName(rawValue: row["event"])
        self.data = (try? JSON.parse(row["data"] as String)) ?? .object(JSONObject())
        self.context = (row["context"] as String?).flatMap { try? JSON.parse($0) }
        self.createdAt = Timestamp(iso8601: row["created_at"]) ?? Timestamp(milliseconds: 0)
    }

    /// The wire form; `context` only when there is one.
    public var json: JSON {
        var object: JSONObject = [
            "object": "event",
            "id": .string(self.id),
            "event": .string(self.event.rawValue),
            "data": self.data,
            "created_at": .string(self.createdAt.iso8601),
        ]
        if let context = self.context { object["context"] = context }
        return .object(object)
    }
}
