// workos-emulator — SQL for email verification codes (catalog-A §6.1, §6.8).
// Licensed MIT.

import SQLite

/// Sends and checks the 6-digit codes that verify a user's e-mail address.
public struct EmailVerificationRepository: Sendable {
    /// How long a code works: 10 minutes. The spec does not say; WorkOS's own emulator uses 10 minutes and so do Magic
    /// Auth codes (catalog-A §10).
    public static let lifetimeSeconds: Int64 = 10 * 60
    /// Subject of the outbox e-mail.
    static let subject = "Verify your email address"

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

    /// The email verification with this id, or nil.
    public func fetchOne(id: String, in connection: Connection) throws -> EmailVerification? {
        try connection.fetchOne(
            "SELECT * FROM email_verifications WHERE environment_id = ? AND id = ?",
            [.text(self.environmentID), .text(id)]
        ).map(EmailVerification.init(row:))
    }

    /// Creates a code for the user's current address, "sends" it (outbox) and emits `email_verification.created`.
    /// 400 `email_already_verified` when the address is verified already.
    public func create(userID: String, in connection: Connection) throws -> (User, EmailVerification) {
        let user = try self.users.require(id: userID, in: connection)
        guard !user.emailVerified else {
            throw APIError.badRequest(.emailAlreadyVerified, "The email address of this user is already verified.")
        }
        let id = self.services.ids.make(.emailVerification)
        let now = self.services.clock.now()
        let code = OneTimeCode.make()
        try connection.execute(
            """
            INSERT INTO email_verifications (id, environment_id, user_id, email, code, expires_at, created_at,
                updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(id), .text(self.environmentID), .text(user.id), .text(user.email), .text(code),
                .text(now.adding(seconds: Self.lifetimeSeconds).iso8601), .text(now.iso8601), .text(now.iso8601),
            ]
        )
        guard let verification = try self.fetchOne(id: id, in: connection) else { throw APIError.internalError }
        try OutboxRepository(environmentID: self.environmentID, services: self.services).record(
            to: user.email, type: OutboxEmail.Kind.emailVerification, subject: Self.subject, code: code, token: nil,
            url: nil, in: connection
        )
        try EventLog(environmentID: self.environmentID, services: self.services).record(
            .emailVerificationCreated, data: .object(verification.eventData), organizationID: nil, in: connection
        )
        return (user, verification)
    }

    /// Checks a code against the user's latest code for its current address. Success marks the code used and the
    /// address verified (`user.updated`); a wrong code is counted on the code and answered
    /// `email_verification_code_incorrect`. Failures are returned, not thrown, so that the count commits.
    public func confirm(userID: String, code: String, in connection: Connection) throws -> Result<User, APIError> {
        let user = try self.users.require(id: userID, in: connection)
        guard !user.emailVerified else {
            return .failure(
                .badRequest(.emailPreviouslyVerified, "The email address of this user is already verified."))
        }
        let incorrect = APIError.badRequest(
            .emailVerificationCodeIncorrect, "The email verification code is incorrect.")
        guard
            let latest = try connection.fetchOne(
                """
                SELECT * FROM email_verifications WHERE environment_id = ? AND user_id = ? AND email = ?
                ORDER BY id DESC LIMIT 1
                """,
                [.text(self.environmentID), .text(user.id), .text(user.email)]
            ).map(EmailVerification.init(row:))
        else { return .failure(incorrect) }
        let matches = OneTimeCode.matches(code, latest.code)
        if latest.usedAt != nil {
            return .failure(
                matches
                    ? .badRequest(
                        .emailVerificationCodePreviouslyUsed, "The email verification code has already been used."
                    ) : incorrect
            )
        }
        // After `OneTimeCode.maximumFailedAttempts` wrong codes even the right one is refused until a new code is sent.
        guard latest.failedAttempts < OneTimeCode.maximumFailedAttempts else {
            return .failure(
                .badRequest(
                    .oneTimeCodeTooManyAttempts,
                    "Too many incorrect email verification codes were entered; send a new code."
                )
            )
        }
        let now = self.services.clock.now()
        guard matches else {
            try connection.execute(
                "UPDATE email_verifications SET failed_attempts = failed_attempts + 1 WHERE id = ?", [.text(latest.id)]
            )
            return .failure(incorrect)
        }
        guard now < latest.expiresAt else {
            return .failure(.badRequest(.emailVerificationCodeExpired, "The email verification code has expired."))
        }
        try connection.execute(
            "UPDATE email_verifications SET used_at = ?, updated_at = ? WHERE id = ?",
            [.text(now.iso8601), .text(now.iso8601), .text(latest.id)]
        )
        return .success(try self.users.markEmailVerified(id: user.id, in: connection))
    }
}
