// workos-emulator — the MagicAuth wire object (catalog-A §6.7).
// Licensed MIT.

import JSONCodec
import SQLite

/// A Magic Auth code, `magic_auth_…`. Authenticating with it (the `…:magic-auth:code` grant) reads `code`,
/// `expiresAt`, `usedAt` and `failedAttempts`.
public struct MagicAuth: Sendable, Equatable, JSONRepresentable {
    /// `magic_auth_…`.
    public var id: String
    /// The user it signs in (created with the code when the e-mail had no user).
    public var userID: String
    /// The address the code was sent to.
    public var email: String
    /// The 6-digit code.
    public var code: String
    /// An invitation to accept when the code is used.
    public var invitationToken: String?
    /// When the code stops working (10 minutes after creation).
    public var expiresAt: Timestamp
    /// When the code was used, if it was (single use).
    public var usedAt: Timestamp?
    /// Wrong codes tried against it.
    public var failedAttempts: Int
    /// Creation time.
    public var createdAt: Timestamp
    /// Last change.
    public var updatedAt: Timestamp

    /// Decodes a row of `magic_auths`.
    public init(row: Row) {
        self.id = row["id"]
        self.userID = row["user_id"]
        self.email = row["email"]
        self.code = row["code"]
        self.invitationToken = row["invitation_token"]
        self.expiresAt = Timestamp(iso8601: row["expires_at"]) ?? Timestamp(milliseconds: 0)
        self.usedAt = (row["used_at"] as String?).flatMap { Timestamp(iso8601: $0) }
        self.failedAttempts = row["failed_attempts"]
        self.createdAt = Timestamp(iso8601: row["created_at"]) ?? Timestamp(milliseconds: 0)
        self.updatedAt = Timestamp(iso8601: row["updated_at"]) ?? Timestamp(milliseconds: 0)
    }

    /// The REST form, with `code`.
    public var json: JSON {
        var object = self.eventData
        object["code"] = .string(self.code)
        return .object(object)
    }

    /// The `magic_auth.created` payload: the REST form without `code` (catalog-A §2.1).
    public var eventData: JSONObject {
        [
            "object": "magic_auth",
            "id": .string(self.id),
            "user_id": .string(self.userID),
            "email": .string(self.email),
            "expires_at": .string(self.expiresAt.iso8601),
            "created_at": .string(self.createdAt.iso8601),
            "updated_at": .string(self.updatedAt.iso8601),
        ]
    }
}
