// workos-emulator — challenges of every factor type and their verification (`POST /auth/factors/{id}/challenge`,
// `POST /auth/challenges/{id}/verify`; catalog-B §5).
// Licensed MIT.

import SQLite
import TokenSigning

extension AuthenticationFactorRepository {
    /// How long an sms or generic_otp challenge's code works: the docs' SMS example expires 10 minutes after creation
    /// (catalog-B §5); WorkOS gives no other figure for generic_otp, so it gets the same.
    public static let challengeLifetimeSeconds: Int64 = 10 * 60

    /// A new challenge of `factor`: a TOTP challenge has no expiry and no code; an sms or generic_otp challenge gets a
    /// six-digit code that expires in `challengeLifetimeSeconds`. The code is stored as its SHA-256; an sms challenge
    /// also keeps it in plain text (and its template) for the emulator's code helper, since no SMS is sent. The
    /// returned challenge carries `code` only for generic_otp, whose app delivers the code itself.
    public func createChallenge(
        for factor: AuthenticationFactor,
        smsTemplate: String?,
        in connection: Connection
    ) throws -> AuthenticationChallenge {
        guard factor.type != AuthenticationFactor.Kind.totp else {
            return try self.createChallenge(factorID: factor.id, in: connection)
        }
        let isSMS = factor.type == AuthenticationFactor.Kind.sms
        let id = self.services.ids.make(.authenticationChallenge)
        let now = self.services.clock.now()
        let code = OneTimeCode.make()
        try connection.execute(
            """
            INSERT INTO authentication_challenges (id, environment_id, authentication_factor_id, expires_at,
                verified_at, code_digest, sms_code, sms_template, created_at, updated_at)
            VALUES (?, ?, ?, ?, NULL, ?, ?, ?, ?, ?)
            """,
            [
                .text(id), .text(self.environmentID), .text(factor.id),
                .text(now.adding(seconds: Self.challengeLifetimeSeconds).iso8601), .text(TokenDigest.sha256Hex(code)),
                SQLValue(isSMS ? code : nil), SQLValue(isSMS ? smsTemplate : nil), .text(now.iso8601),
                .text(now.iso8601),
            ]
        )
        guard var challenge = try self.fetchChallenge(id: id, in: connection) else { throw APIError.internalError }
        if factor.type == AuthenticationFactor.Kind.genericOTP { challenge.code = code }
        return challenge
    }

    /// Verifies `code` against a challenge: `isValid` false for a wrong code (which counts as a failed attempt and
    /// commits), true for the right one (which marks the challenge verified). Throws 404 for a challenge unknown in
    /// this environment, 422 `authentication_challenge_previously_verified` / `authentication_challenge_expired`, and
    /// 400 `one_time_code_too_many_attempts` after `OneTimeCode.maximumFailedAttempts` wrong codes (catalog-B §5 "Verify
    /// errors"). Codes are compared in constant time: TOTP through `TOTP.verify`, others digest against digest.
    public func verifyChallenge(
        id: String,
        code: String,
        in connection: Connection
    ) throws -> (challenge: AuthenticationChallenge, isValid: Bool) {
        guard let challenge = try self.fetchChallenge(id: id, in: connection),
            let factor = try self.fetchOne(id: challenge.factorID, in: connection)
        else { throw APIError.notFound("Authentication challenge", id: id) }
        guard challenge.verifiedAt == nil else {
            throw APIError.coded(
                .unprocessableEntity, .authenticationChallengePreviouslyVerified,
                "The authentication challenge '\(id)' has already been verified."
            )
        }
        let now = self.services.clock.now()
        if let expiresAt = challenge.expiresAt, !(now < expiresAt) {
            throw APIError.coded(
                .unprocessableEntity, .authenticationChallengeExpired,
                "The authentication challenge '\(id)' has expired."
            )
        }
        guard challenge.failedAttempts < OneTimeCode.maximumFailedAttempts else {
            // The catalog's wording for this code (catalog-B §5).
            throw APIError.badRequest(.oneTimeCodeTooManyAttempts, "Request could not be processed.")
        }
        let isValid: Bool
        if factor.type == AuthenticationFactor.Kind.totp {
            isValid = TOTP.verify(code, secret: factor.totpSecret ?? "", unixSeconds: now.unixSeconds)
        } else {
            isValid = OneTimeCode.matches(TokenDigest.sha256Hex(code), challenge.codeDigest ?? "")
        }
        guard isValid else {
            try connection.execute(
                """
                UPDATE authentication_challenges SET failed_attempts = failed_attempts + 1
                WHERE environment_id = ? AND id = ?
                """,
                [.text(self.environmentID), .text(id)]
            )
            return (challenge, false)
        }
        return (try self.markVerified(challengeID: id, in: connection), true)
    }
}
