// workos-emulator — SQL for password reset tokens (catalog-A §6.9).
// Licensed MIT.

import JSONCodec
import SQLite

/// Creates and redeems password reset tokens.
public struct PasswordResetRepository: Sendable {
    /// How long a token works: 60 minutes. The spec does not say; WorkOS's own emulator uses 60 minutes
    /// (catalog-A §10).
    public static let lifetimeSeconds: Int64 = 60 * 60
    /// The reset page when the environment's seed names none (`environment.password_reset_url`).
    public static let defaultResetPageURL = "http://localhost:3000/reset-password"
    /// Subject of the outbox e-mail.
    static let subject = "Reset your password"

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

    /// The password reset with this id, or nil.
    public func fetchOne(id: String, in connection: Connection) throws -> PasswordReset? {
        try connection.fetchOne(
            "SELECT * FROM password_resets WHERE environment_id = ? AND id = ?", [.text(self.environmentID), .text(id)]
        ).map(PasswordReset.init(row:))
    }

    /// Creates a token for the user with `email` (404 when there is none), "sends" the link (outbox) and emits
    /// `password_reset.created`. The link is `resetPageURL` (else the environment's configured reset page) with
    /// `token=<token>` added to its query.
    public func create(email: String, resetPageURL: String?, in connection: Connection) throws -> PasswordReset {
        guard let user = try self.users.fetchOne(email: email, in: connection) else {
            throw APIError.notFound("User", id: email)
        }
        let token = RandomToken.alphanumeric(25)
        let page = try resetPageURL ?? self.configuredResetPageURL(in: connection)
        let url = page + (page.contains("?") ? "&" : "?") + "token=" + token
        let id = self.services.ids.make(.passwordReset)
        let now = self.services.clock.now()
        try connection.execute(
            """
            INSERT INTO password_resets (id, environment_id, user_id, email, token, url, expires_at, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(id), .text(self.environmentID), .text(user.id), .text(user.email), .text(token), .text(url),
                .text(now.adding(seconds: Self.lifetimeSeconds).iso8601), .text(now.iso8601),
            ]
        )
        guard let reset = try self.fetchOne(id: id, in: connection) else { throw APIError.internalError }
        try OutboxRepository(environmentID: self.environmentID, services: self.services).record(
            to: user.email, type: OutboxEmail.Kind.passwordReset, subject: Self.subject, code: nil, token: token,
            url: url, in: connection
        )
        try EventLog(environmentID: self.environmentID, services: self.services).record(
            .passwordResetCreated, data: .object(reset.eventData), organizationID: nil, in: connection
        )
        return reset
    }

    /// Redeems a token: sets the new password (already hashed), marks the token used and the e-mail verified, and
    /// emits `password_reset.succeeded` (+ `user.updated` when `email_verified` flips). An unknown token is
    /// 404 `password_reset_token_not_found`; a used or expired one 400 `password_reset_error`.
    public func confirm(token: String, passwordHash: String, in connection: Connection) throws -> User {
        guard
            let reset = try connection.fetchOne(
                "SELECT * FROM password_resets WHERE environment_id = ? AND token = ?",
                [.text(self.environmentID), .text(token)]
            ).map(PasswordReset.init(row:))
        else {
            throw APIError(
                status: .notFound,
                body: [
                    "code": .string(APIErrorCode.passwordResetTokenNotFound.rawValue),
                    "message": "Password reset token not found.",
                ]
            )
        }
        let now = self.services.clock.now()
        if reset.usedAt != nil {
            throw Self.error(
                code: "password_reset_token_already_used", "The password reset token has already been used.")
        }
        guard now < reset.expiresAt else {
            throw Self.error(code: "password_reset_token_expired", "The password reset token has expired.")
        }
        try connection.execute(
            "UPDATE password_resets SET used_at = ? WHERE id = ?", [.text(now.iso8601), .text(reset.id)]
        )
        let user = try self.users.resetPassword(id: reset.userID, passwordHash: passwordHash, in: connection)
        try EventLog(environmentID: self.environmentID, services: self.services).record(
            .passwordResetSucceeded, data: .object(reset.eventData), organizationID: nil, in: connection
        )
        return user
    }

    /// 400 `password_reset_error` with one detail.
    static func error(code: String, _ message: String) -> APIError {
        .badRequest(
            .passwordResetError, "The password could not be reset.", errors: [.init(code: code, message: message)])
    }

    /// `environment.password_reset_url` of the environment's seed, else `defaultResetPageURL`. WorkOS takes it from
    /// the dashboard; the emulator takes it from the seed document stored with the environment.
    private func configuredResetPageURL(in connection: Connection) throws -> String {
        guard
            let text: String = try connection.fetchScalar(
                "SELECT seed FROM environments WHERE id = ?", [.text(self.environmentID)]
            ),
            let configured = (try? JSON.parse(text))?["environment"]?["password_reset_url"]?.stringValue,
            !configured.isEmpty
        else { return Self.defaultResetPageURL }
        return configured
    }
}
