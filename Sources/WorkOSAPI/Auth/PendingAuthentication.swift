// workos-emulator — a sign-in waiting for a step-up: the state behind `pending_authentication_token`
// (catalog-A §1.8, §6.3).
// Licensed MIT.

import JSONCodec
import SQLite
import TokenSigning

/// A sign-in whose first factor succeeded and that must still pass `step`.
struct PendingAuthentication: Sendable {
    /// How long a pending authentication token works: 10 minutes, like the codes it waits for.
    static let lifetimeSeconds: Int64 = 10 * 60

    /// The step-ups, in the order they are asked for.
    enum Step: String, Sendable, CaseIterable {
        case emailVerification = "email_verification"
        case mfaChallenge = "mfa_challenge"
        case organizationSelection = "organization_selection"
    }

    var id: String
    var userID: String
    var step: Step
    /// The first factor.
    var method: SignIn.Method
    var provider: String?
    var organizationID: String?
    var oauthTokens: JSON?
    var emailVerificationID: String?
    var completedSteps: Set<Step>
    var ipAddress: String?
    var userAgent: String?
    var expiresAt: Timestamp
    var usedAt: Timestamp?
    /// Wrong TOTP codes entered on the hosted page's MFA step (0017_step_up_attempts.sql).
    var failedAttempts: Int

    /// Decodes a row of `pending_authentications`.
    init(row: Row) {
        self.id = row["id"]
        self.userID = row["user_id"]
        self.step = Step(rawValue: row["step"]) ?? .emailVerification
        self.method = SignIn.Method(rawValue: row["method"]) ?? .password
        self.provider = row["provider"]
        self.organizationID = row["organization_id"]
        self.oauthTokens = (row["oauth_tokens"] as String?).flatMap { try? JSON.parse($0) }
        self.emailVerificationID = row["email_verification_id"]
        self.completedSteps = Set(
            (row["completed_steps"] as String).split(separator: ",").compactMap { Step(rawValue: String($0)) }
        )
        self.ipAddress = row["ip_address"]
        self.userAgent = row["user_agent"]
        self.expiresAt = Timestamp(iso8601: row["expires_at"]) ?? Timestamp(milliseconds: 0)
        self.usedAt = (row["used_at"] as String?).flatMap { Timestamp(iso8601: $0) }
        self.failedAttempts = row["failed_attempts"]
    }
}

/// Stores pending authentications of one environment; the token's SHA-256 is kept, never the token.
struct PendingAuthenticationRepository: Sendable {
    let environmentID: String
    let services: Services

    /// Stores the state of `attempt` waiting for `step`; returns it and its token (32 random alphanumerics).
    func create(
        _ attempt: SignInAttempt,
        step: PendingAuthentication.Step,
        emailVerificationID: String?,
        in connection: Connection
    ) throws -> (PendingAuthentication, String) {
        let token = RandomToken.alphanumeric(32)
        let id = self.services.ids.make(.pendingAuthentication)
        let now = self.services.clock.now()
        let completed = PendingAuthentication.Step.allCases.filter { attempt.completedSteps.contains($0) }
        try connection.execute(
            """
            INSERT INTO pending_authentications (id, environment_id, token_hash, user_id, step, method, provider,
                organization_id, oauth_tokens, email_verification_id, completed_steps, ip_address, user_agent,
                expires_at, used_at, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)
            """,
            [
                .text(id), .text(self.environmentID), .text(TokenDigest.sha256Hex(token)), .text(attempt.user.id),
                .text(step.rawValue), .text(attempt.method.rawValue), SQLValue(attempt.provider),
                SQLValue(attempt.organizationID), SQLValue(attempt.oauthTokens?.serializedString),
                SQLValue(emailVerificationID), .text(completed.map(\.rawValue).joined(separator: ",")),
                SQLValue(attempt.ipAddress), SQLValue(attempt.userAgent),
                .text(now.adding(seconds: PendingAuthentication.lifetimeSeconds).iso8601), .text(now.iso8601),
            ]
        )
        guard let pending = try self.fetchOne(id: id, in: connection) else { throw APIError.internalError }
        return (pending, token)
    }

    /// The pending authentication with this id, or nil.
    func fetchOne(id: String, in connection: Connection) throws -> PendingAuthentication? {
        try connection.fetchOne(
            "SELECT * FROM pending_authentications WHERE environment_id = ? AND id = ?",
            [.text(self.environmentID), .text(id)]
        ).map(PendingAuthentication.init(row:))
    }

    /// The pending authentication of this token, or nil.
    func fetchOne(token: String, in connection: Connection) throws -> PendingAuthentication? {
        try connection.fetchOne(
            "SELECT * FROM pending_authentications WHERE environment_id = ? AND token_hash = ?",
            [.text(self.environmentID), .text(TokenDigest.sha256Hex(token))]
        ).map(PendingAuthentication.init(row:))
    }

    /// The usable pending authentication of `token` waiting for `step`, or 400 `invalid_pending_authentication_token`
    /// (unknown, used, expired, or waiting for another step).
    func require(
        token: String,
        step: PendingAuthentication.Step,
        in connection: Connection
    ) throws
        -> PendingAuthentication
    {
        guard let pending = try self.fetchOne(token: token, in: connection), pending.usedAt == nil,
            self.services.clock.now() < pending.expiresAt, pending.step == step
        else {
            throw APIError.badRequest(
                .invalidPendingAuthenticationToken,
                "The pending authentication token is invalid or has expired."
            )
        }
        return pending
    }

    /// Uses it up; false when it was used already.
    func markUsed(id: String, in connection: Connection) throws -> Bool {
        try connection.run(
            "UPDATE pending_authentications SET used_at = ? WHERE environment_id = ? AND id = ? AND used_at IS NULL",
            [.text(self.services.clock.now().iso8601), .text(self.environmentID), .text(id)]
        ) == 1
    }
}
