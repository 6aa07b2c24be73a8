// workos-emulator — a pending change of a user's e-mail address (catalog-A §6.1 `email_change`).
// Licensed MIT.

import JSONCodec
import SQLite

/// An e-mail change waiting for the code sent to the new address. The wire object embeds the user; its `code` is
/// never rendered (it travels only by e-mail, i.e. the outbox).
public struct EmailChange: Sendable, Equatable {
    /// `email_change_…` (internal; WorkOS exposes no id for it).
    public var id: String
    /// The user whose address changes.
    public var userID: String
    /// The address it changes to, lower-cased.
    public var newEmail: String
    /// The 6-digit code sent to `newEmail`.
    public var code: String
    /// When the code stops working.
    public var expiresAt: Timestamp
    /// When the code was used, if it was (single use).
    public var usedAt: Timestamp?
    /// Wrong codes tried against it.
    public var failedAttempts: Int
    /// Creation time.
    public var createdAt: Timestamp

    /// Decodes a row of `email_changes`.
    public init(row: Row) {
        self.id = row["id"]
        self.userID = row["user_id"]
        self.newEmail = row["new_email"]
        self.code = row["code"]
        self.expiresAt = Timestamp(iso8601: row["expires_at"]) ?? Timestamp(milliseconds: 0)
        self.usedAt = (row["used_at"] as String?).flatMap { Timestamp(iso8601: $0) }
        self.failedAttempts = row["failed_attempts"]
        self.createdAt = Timestamp(iso8601: row["created_at"]) ?? Timestamp(milliseconds: 0)
    }

    /// `{"object":"email_change","user":User,"new_email","expires_at","created_at"}` (the send response).
    public func json(user: User) -> JSON {
        [
            "object": "email_change",
            "user": user.json,
            "new_email": .string(self.newEmail),
            "expires_at": .string(self.expiresAt.iso8601),
            "created_at": .string(self.createdAt.iso8601),
        ]
    }
}
