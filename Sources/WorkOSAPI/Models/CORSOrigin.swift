// workos-emulator — the CORS origin object (spec `CorsOriginResponse`; Python SDK workos 10.6.0
// `workos/user_management/models/cors_origin_response.py`).
// Licensed MIT.

import JSONCodec
import SQLite

/// An origin browsers may call the emulator's public AuthKit endpoints from, `cors_origin_…`:
/// `{object, id, origin, created_at, updated_at}`.
public struct CORSOrigin: Sendable, Equatable, JSONRepresentable {
    /// `cors_origin_…`.
    public var id: String
    /// `scheme://host[:port]`, scheme and host lower-case (the form of a browser's `Origin` header).
    public var origin: String
    /// Creation time.
    public var createdAt: Timestamp
    /// Last change.
    public var updatedAt: Timestamp

    /// Decodes a row of `cors_origins`.
    public init(row: Row) {
        self.id = row["id"]
        self.origin = row["origin"]
        self.createdAt = Timestamp(iso8601: row["created_at"]) ?? Timestamp(milliseconds: 0)
        self.updatedAt = Timestamp(iso8601: row["updated_at"]) ?? Timestamp(milliseconds: 0)
    }

    /// The wire form.
    public var json: JSON {
        [
            "object": "cors_origin",
            "id": .string(self.id),
            "origin": .string(self.origin),
            "created_at": .string(self.createdAt.iso8601),
            "updated_at": .string(self.updatedAt.iso8601),
        ]
    }
}
