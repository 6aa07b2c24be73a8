// workos-emulator — an e-mail the real service would have sent, as `GET /_emulator/emails` lists it
// (emulator.md "Control API").
// Licensed MIT.

import JSONCodec
import SQLite

/// One outbox entry: `{id, to, type, subject, code?, token?, url?, created_at}` — `code`, `token` and `url` only when
/// the e-mail carries them.
public struct OutboxEmail: Sendable, Equatable, JSONRepresentable {
    /// The `type` values the User Management area sends; other areas add theirs (e.g. `invitation`).
    public enum Kind {
        /// A Magic Auth code.
        public static let magicAuth = "magic_auth"
        /// An email verification code.
        public static let emailVerification = "email_verification"
        /// A password reset link.
        public static let passwordReset = "password_reset"
        /// A code confirming a change of e-mail address (sent to the new address).
        public static let emailChange = "email_change"
    }

    /// `email_…`.
    public var id: String
    /// The recipient, lower-cased.
    public var to: String
    /// What kind of e-mail it is (`magic_auth`, `email_verification`, `password_reset`, `invitation`, …).
    public var type: String
    /// The subject line.
    public var subject: String
    /// The one-time code it carries, if any.
    public var code: String?
    /// The token it carries, if any.
    public var token: String?
    /// The link it carries, if any.
    public var url: String?
    /// When it was "sent".
    public var createdAt: Timestamp

    /// Decodes a row of `outbox_emails`.
    public init(row: Row) {
        self.id = row["id"]
        self.to = row["recipient"]
        self.type = row["type"]
        self.subject = row["subject"]
        self.code = row["code"]
        self.token = row["token"]
        self.url = row["url"]
        self.createdAt = Timestamp(iso8601: row["created_at"]) ?? Timestamp(milliseconds: 0)
    }

    /// The wire form; fields that do not apply are left out.
    public var json: JSON {
        var object: JSONObject = [
            "object": "email",
            "id": .string(self.id),
            "to": .string(self.to),
            "type": .string(self.type),
            "subject": .string(self.subject),
        ]
        if let code = self.code { object["code"] = .string(code) }
        if let token = self.token { object["token"] = .string(token) }
        if let url = self.url { object["url"] = .string(url) }
        object["created_at"] = .string(self.createdAt.iso8601)
        return .object(object)
    }
}
