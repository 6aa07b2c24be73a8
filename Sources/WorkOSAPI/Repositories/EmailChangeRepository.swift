// workos-emulator — SQL for e-mail changes confirmed by a code sent to the new address (catalog-A §6.1).
// Licensed MIT.

import HTTP1
import SQLite

/// Starts and confirms changes of a user's e-mail address.
public struct EmailChangeRepository: Sendable {
    /// How long a code works: 10 minutes, like the other e-mailed codes (the spec does not say).
    public static let lifetimeSeconds: Int64 = 10 * 60
    /// Subject of the outbox e-mail.
    static let subject = "Confirm your new email address"

    /// The environment this repository is scoped to.
    public let environmentID: String
    /// Id and time source.
    public let services: Services

    /// A repository scoped to one environment.
    public init(environmentID: String, services: Services) {
        self.environmentID = environmentID
        self.services = services
    }

    private var users: UserRepository { UserRepository(environmentID: self.environmentID, services: self.services) }

    /// Creates a change to `newEmail` (normalized) and "sends" its code to the new address (outbox). 409
    /// `email_change_not_needed` when it is the current address, 409 `email_not_available` when another user has it.
    /// A newer change replaces any pending one. No event: the user changes only on confirmation.
    public func create(userID: String, newEmail: String, in connection: Connection) throws -> (User, EmailChange) {
        let user = try self.users.require(id: userID, in: connection)
        guard newEmail != user.email else {
            throw APIError.conflict(.emailChangeNotNeeded, "The new email address is the user's current one.")
        }
        if try self.users.fetchOne(email: newEmail, in: connection) != nil {
            throw APIError.conflict(.emailNotAvailable, "The email address '\(newEmail)' is not available.")
        }
        let id = self.services.ids.make(.emailChange)
        let now = self.services.clock.now()
        let code = OneTimeCode.make()
        try connection.execute(
            """
            INSERT INTO email_changes (id, environment_id, user_id, new_email, code, expires_at, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(id), .text(self.environmentID), .text(user.id), .text(newEmail), .text(code),
                .text(now.adding(seconds: Self.lifetimeSeconds).iso8601), .text(now.iso8601),
            ]
        )
        try OutboxRepository(environmentID: self.environmentID, services: self.services).record(
            to: newEmail, type: OutboxEmail.Kind.emailChange, subject: Self.subject, code: code, token: nil, url: nil,
            in: connection
        )
        guard let change = try self.latest(userID: user.id, in: connection) else { throw APIError.internalError }
        return (user, change)
    }

    /// Checks a code against the user's latest change. Success marks it used and moves the user to the new address,
    /// verified (`user.updated`). Failures are returned, not thrown, so that a wrong code's count commits.
    public func confirm(userID: String, code: String, in connection: Connection) throws -> Result<User, APIError> {
        let user = try self.users.require(id: userID, in: connection)
        let noPending = APIError.conflict(.noPendingEmailChange, "There is no pending email change for this user.")
        guard let change = try self.latest(userID: user.id, in: connection) else { return .failure(noPending) }
        let matches = OneTimeCode.matches(code, change.code)
        if change.usedAt != nil {
            return .failure(
                matches
                    ? .conflict(.emailChangeCodePreviouslyUsed, "The email change code has already been used.")
                    : noPending
            )
        }
        guard change.failedAttempts < OneTimeCode.maximumFailedAttempts else {
            return .failure(
                .coded(
                    .tooManyRequests, .emailChangeTooManyAttempts,
                    "Too many incorrect codes; start the email change again."
                )
            )
        }
        guard matches else {
            try connection.execute(
                "UPDATE email_changes SET failed_attempts = failed_attempts + 1 WHERE id = ?", [.text(change.id)]
            )
            return .failure(.badRequest(.emailChangeCodeIncorrect, "The email change code is incorrect."))
        }
        let now = self.services.clock.now()
        guard now < change.expiresAt else {
            return .failure(.badRequest(.emailChangeCodeExpired, "The email change code has expired."))
        }
        try connection.execute(
            "UPDATE email_changes SET used_at = ? WHERE id = ?", [.text(now.iso8601), .text(change.id)])
        return .success(try self.users.confirmEmailChange(id: user.id, to: change.newEmail, in: connection))
    }

    /// The user's most recent e-mail change, or nil.
    private func latest(userID: String, in connection: Connection) throws -> EmailChange? {
        try connection.fetchOne(
            "SELECT * FROM email_changes WHERE environment_id = ? AND user_id = ? ORDER BY id DESC LIMIT 1",
            [.text(self.environmentID), .text(userID)]
        ).map(EmailChange.init(row:))
    }
}
