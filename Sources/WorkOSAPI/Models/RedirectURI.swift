// workos-emulator — the redirect URI object (https://workos.com/docs/reference/authkit/redirect-uri; spec
// `RedirectUri`; Python SDK workos 10.6.0 `workos/user_management/models/redirect_uri.py`).
// Licensed MIT.

import JSONCodec
import SQLite

/// An allowed redirect URI, `redir_…`: `{object, id, uri, default, created_at, updated_at}`. The same rows are the
/// allow-list of `GET /user_management/authorize` and `GET /sso/authorize` (`Authorize.isAllowed`).
public struct RedirectURI: Sendable, Equatable, JSONRepresentable {
    /// `redir_…`.
    public var id: String
    /// The URI as registered.
    public var uri: String
    /// The environment's default redirect URI (its first); the spec's DELETE answers 409 for it.
    public var isDefault: Bool
    /// Creation time.
    public var createdAt: Timestamp
    /// Last change.
    public var updatedAt: Timestamp

    /// Decodes a row of `redirect_uris`.
    public init(row: Row) {
        self.id = row["id"]
        self.uri = row["uri"]
        self.isDefault = row["is_default"] as Bool
        self.createdAt = Timestamp(iso8601: row["created_at"]) ?? Timestamp(milliseconds: 0)
        self.updatedAt = Timestamp(iso8601: row["updated_at"]) ?? Timestamp(milliseconds: 0)
    }

    /// The wire form.
    public var json: JSON {
        [
            "object": "redirect_uri",
            "id": .string(self.id),
            "uri": .string(self.uri),
            "default": .bool(self.isDefault),
            "created_at": .string(self.createdAt.iso8601),
            "updated_at": .string(self.updatedAt.iso8601),
        ]
    }
}
