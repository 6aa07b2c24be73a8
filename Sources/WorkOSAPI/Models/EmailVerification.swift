// workos-emulator — the EmailVerification wire object (catalog-A §6.8).
// Licensed MIT.

import JSONCodec
import SQLite

/// An email verification code, `email_verification_…`.
public struct EmailVerification: Sendable, Equatable, JSONRepresentable {
    /// `email_verification_…`.
    public var id: String
    /// The user whose address it verifies.
    public var userID: String
    /// The address the code was sent to.
    public var email: String
    /// The 6-digit code.
    public var code: String
    /// When the code stops working.
    public var expiresAt: Timestamp
    /// When the code was used, if it was (single use).
    public var usedAt: Timestamp?
    /// Wrong codes tried against it.
    public var failedAttempts: Int
    /// Creation time.
    public var createdAt: Timestamp
    /// Last change.
    public var updatedAt: Timestamp

    /// Decodes a row of `email_verifications`.
    public init(row: Row) {
        self.id = row["id"]
        self.userID = row["user_id"]
        self.email = row["email"]
        self.code = row["code"]
        self.expiresAt = Timestamp(iso8601: row["expires_at"]) ?? Timestamp(milliseconds: 0)
        self.usedAt = (row["used_at"] as String?).flatMap { Timestamp(iso8601: $0) }
        self.failedAttempts = row["failed_attempts"]
        self.createdAt = Timestamp(iso8601: row["created_at"]) ?? Timestamp(milliseconds: 0)
        self.updatedAt = Timestamp(iso8601: row["updated_at"]) ?? Timestamp(milliseconds: 0)
    }

    /// The REST form, with `code` (`GET /user_management/email_verification/{id}`).
    public var json: JSON {
        var object = self.eventData
        object["code"] = .string(self.code)
        return .object(object)
    }

    /// The `email_verification.created` payload: the REST form without `code` (catalog-A §2.1).
    public var eventData: JSONObject {
        [
            "object": "email_verification",
            "id": .string(self.id),
            "user_id": .string(self.userID),
            "email": .string(self.email),
            "expires_at": .string(self.expiresAt.iso8601),
            "created_at": .string(self.createdAt.iso8601),
            "updated_at": .string(self.updatedAt.iso8601),
        ]
    }
}
