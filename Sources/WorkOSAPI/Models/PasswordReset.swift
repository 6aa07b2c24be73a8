// workos-emulator — the PasswordReset wire object (catalog-A §6.9; it has no `updated_at`).
// Licensed MIT.

import JSONCodec
import SQLite

/// A password reset token, `password_reset_…`.
public struct PasswordReset: Sendable, Equatable, JSONRepresentable {
    /// `password_reset_…`.
    public var id: String
    /// The user whose password it resets.
    public var userID: String
    /// The address the link was sent to.
    public var email: String
    /// The 25-character token.
    public var token: String
    /// The reset link: the reset page with `?token=<token>`.
    public var url: String
    /// When the token stops working.
    public var expiresAt: Timestamp
    /// When the token was used, if it was (single use).
    public var usedAt: Timestamp?
    /// Creation time.
    public var createdAt: Timestamp

    /// Decodes a row of `password_resets`.
    public init(row: Row) {
        self.id = row["id"]
        self.userID = row["user_id"]
        self.email = row["email"]
        self.token = row["token"]
        self.url = row["url"]
        self.expiresAt = Timestamp(iso8601: row["expires_at"]) ?? Timestamp(milliseconds: 0)
        self.usedAt = (row["used_at"] as String?).flatMap { Timestamp(iso8601: $0) }
        self.createdAt = Timestamp(iso8601: row["created_at"]) ?? Timestamp(milliseconds: 0)
    }

    /// The REST form, with `password_reset_token` and `password_reset_url`.
    public var json: JSON {
        var object = self.eventData
        object["password_reset_token"] = .string(self.token)
        object["password_reset_url"] = .string(self.url)
        return .object(object)
    }

    /// The `password_reset.*` payload: the REST form without the token and URL (catalog-A §2.1).
    public var eventData: JSONObject {
        [
            "object": "password_reset",
            "id": .string(self.id),
            "user_id": .string(self.userID),
            "email": .string(self.email),
            "expires_at": .string(self.expiresAt.iso8601),
            "created_at": .string(self.createdAt.iso8601),
        ]
    }
}
