// workos-emulator — an FGA v1 resource (catalog-B §6.2).
// Licensed MIT.

import JSONCodec
import SQLite

/// A resource `{resource_type, resource_id, meta?, created_at}` (PY5 `AuthorizationResource`).
public struct FGAResource: Sendable, Equatable, JSONRepresentable {
    /// Internal row id (`fga_resource_<ULID>`): list cursor and creation order, never on the wire.
    public var rowID: String
    public var resourceType: String
    public var resourceID: String
    /// The stored meta object, nil when none.
    public var meta: JSONObject?
    public var createdAt: Timestamp

    /// A resource (tests and implicit results).
    public init(
        rowID: String, _ resourceType: String, _ resourceID: String, meta: JSONObject? = nil,
        createdAt: Timestamp = Timestamp(milliseconds: 0)
    ) {
        self.rowID = rowID
        self.resourceType = resourceType
        self.resourceID = resourceID
        self.meta = meta
        self.createdAt = createdAt
    }

    /// Decodes a row of `fga_resources`.
    init(row: Row) {
        self.rowID = row["id"]
        self.resourceType = row["resource_type"]
        self.resourceID = row["resource_id"]
        let meta: String? = row["meta"]
        self.meta = meta.flatMap { try? JSON.parse($0) }?.objectValue
        self.createdAt = Timestamp(iso8601: row["created_at"]) ?? Timestamp(milliseconds: 0)
    }

    /// The wire form: `meta` is omitted when the resource has none (Node's live test expects it undefined).
    public var json: JSON {
        var object: JSONObject = ["resource_type": .string(self.resourceType), "resource_id": .string(self.resourceID)]
        if let meta = self.meta { object["meta"] = .object(meta) }
        object["created_at"] = .string(self.createdAt.iso8601)
        return .object(object)
    }

    /// `type:id`, the 404 key.
    public var key: String { "\(self.resourceType):\(self.resourceID)" }
}
