// workos-emulator — the JWT template object (https://workos.com/docs/reference/authkit/jwt-template; spec
// `JwtTemplate`; Python SDK workos 10.6.0 `workos/user_management/models/jwt_template_response.py`).
// Licensed MIT.

import JSONCodec
import SQLite

/// An environment's JWT template: `{object, content, created_at, updated_at}`. `content` is the template text as
/// sent; `ClaimTemplate` parses and renders it into every access token's custom claims.
public struct JWTTemplate: Sendable, Equatable, JSONRepresentable {
    /// The template text.
    public var content: String
    /// When the environment first set a template.
    public var createdAt: Timestamp
    /// Last change.
    public var updatedAt: Timestamp

    /// Decodes a row of `jwt_templates`.
    public init(row: Row) {
        self.content = row["content"]
        self.createdAt = Timestamp(iso8601: row["created_at"]) ?? Timestamp(milliseconds: 0)
        self.updatedAt = Timestamp(iso8601: row["updated_at"]) ?? Timestamp(milliseconds: 0)
    }

    /// The wire form.
    public var json: JSON {
        [
            "object": "jwt_template",
            "content": .string(self.content),
            "created_at": .string(self.createdAt.iso8601),
            "updated_at": .string(self.updatedAt.iso8601),
        ]
    }
}
