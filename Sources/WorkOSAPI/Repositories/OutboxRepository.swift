// workos-emulator — the e-mail outbox: every e-mail the real service would have sent (emulator.md "Control API").
// Licensed MIT.

import SQLite

/// Records and lists the outbox of one environment. Areas that "send" an e-mail call `record` inside the transaction
/// of the change that sends it, so the e-mail exists exactly when the change does.
public struct OutboxRepository: Sendable {
    /// The environment whose outbox this is.
    public let environmentID: String
    /// Id and time source.
    public let services: Services

    /// An outbox scoped to one environment.
    public init(environmentID: String, services: Services) {
        self.environmentID = environmentID
        self.services = services
    }

    /// Writes one e-mail. `type` is one of `OutboxEmail.Kind` (or the calling area's own); `code`, `token` and `url`
    /// are what the e-mail carries. Never pass a password or a password hash.
    public func record(
        to: String,
        type: String,
        subject: String,
        code: String?,
        token: String?,
        url: String?,
        in connection: Connection
    ) throws {
        try connection.execute(
            """
            INSERT INTO outbox_emails (id, environment_id, recipient, type, subject, code, token, url, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(self.services.ids.make(.outboxEmail)), .text(self.environmentID), .text(to.lowercased()),
                .text(type), .text(subject), SQLValue(code), SQLValue(token), SQLValue(url),
                .text(self.services.clock.now().iso8601),
            ]
        )
    }

    /// One page of e-mails (newest first by default), optionally only those sent to `to` (case-insensitive).
    public func list(to: String?, pagination: Pagination, in connection: Connection) throws -> Page<OutboxEmail> {
        var clauses = ["environment_id = ?"]
        var arguments: [SQLValue] = [.text(self.environmentID)]
        if let to, !to.isEmpty {
            clauses.append("recipient = ?")
            arguments.append(.text(to.trimmingWhitespace().lowercased()))
        }
        return try connection.fetchPage(from: "outbox_emails", where: clauses, arguments, pagination: pagination)
            .map(OutboxEmail.init(row:))
    }
}
