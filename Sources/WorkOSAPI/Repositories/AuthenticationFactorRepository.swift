// workos-emulator — SQL for users' MFA factors and their challenges (catalog-A §6.12).
// Licensed MIT.

import SQLite

/// Enrolls TOTP factors, lists them, and creates and verifies their challenges.
public struct AuthenticationFactorRepository: Sendable {
    /// The environment this repository is scoped to.
    public let environmentID: String
    /// Id and time source.
    public let services: Services

    /// A repository scoped to one environment.
    public init(environmentID: String, services: Services) {
        self.environmentID = environmentID
        self.services = services
    }

    /// The factor with this id, or nil.
    public func fetchOne(id: String, in connection: Connection) throws -> AuthenticationFactor? {
        try connection.fetchOne(
            "SELECT * FROM authentication_factors WHERE environment_id = ? AND id = ?",
            [.text(self.environmentID), .text(id)]
        ).map(AuthenticationFactor.init(row:))
    }

    /// Every factor of a user, oldest first.
    public func fetchAll(userID: String, in connection: Connection) throws -> [AuthenticationFactor] {
        try connection.fetchAll(
            "SELECT * FROM authentication_factors WHERE environment_id = ? AND user_id = ? ORDER BY id",
            [.text(self.environmentID), .text(userID)]
        ).map(AuthenticationFactor.init(row:))
    }

    /// One page of a user's factors.
    public func list(
        userID: String,
        pagination: Pagination,
        in connection: Connection
    ) throws
        -> Page<AuthenticationFactor>
    {
        try connection.fetchPage(
            from: "authentication_factors",
            where: ["environment_id = ?", "user_id = ?"],
            [.text(self.environmentID), .text(userID)],
            pagination: pagination
        ).map(AuthenticationFactor.init(row:))
    }

    /// The ids of the users (among all of the environment's) that have at least one factor.
    public func userIDsWithFactors(in connection: Connection) throws -> Set<String> {
        Set(
            try connection.fetchAll(
                "SELECT DISTINCT user_id FROM authentication_factors WHERE environment_id = ?",
                [.text(self.environmentID)]
            ).map { $0["user_id"] as String }
        )
    }

    /// Enrolls a TOTP factor with `secret` (base32; generated when nil) and creates its first challenge.
    public func enrollTOTP(
        userID: String,
        issuer: String,
        user: String,
        secret: String?,
        in connection: Connection
    ) throws -> (AuthenticationFactor, AuthenticationChallenge) {
        let id = self.services.ids.make(.authenticationFactor)
        let now = self.services.clock.now().iso8601
        try connection.execute(
            """
            INSERT INTO authentication_factors (id, environment_id, user_id, type, totp_issuer, totp_user, totp_secret,
                created_at, updated_at)
            VALUES (?, ?, ?, 'totp', ?, ?, ?, ?, ?)
            """,
            [
                .text(id), .text(self.environmentID), .text(userID), .text(issuer), .text(user),
                .text(secret ?? TOTP.makeSecret()), .text(now), .text(now),
            ]
        )
        guard let factor = try self.fetchOne(id: id, in: connection) else { throw APIError.internalError }
        return (factor, try self.createChallenge(factorID: id, in: connection))
    }

    /// A new challenge of a factor (TOTP challenges never expire).
    public func createChallenge(factorID: String, in connection: Connection) throws -> AuthenticationChallenge {
        let id = self.services.ids.make(.authenticationChallenge)
        let now = self.services.clock.now().iso8601
        try connection.execute(
            """
            INSERT INTO authentication_challenges (id, environment_id, authentication_factor_id, expires_at,
                verified_at, created_at, updated_at)
            VALUES (?, ?, ?, NULL, NULL, ?, ?)
            """,
            [.text(id), .text(self.environmentID), .text(factorID), .text(now), .text(now)]
        )
        guard let challenge = try self.fetchChallenge(id: id, in: connection) else { throw APIError.internalError }
        return challenge
    }

    /// The challenge with this id, or nil.
    public func fetchChallenge(id: String, in connection: Connection) throws -> AuthenticationChallenge? {
        try connection.fetchOne(
            "SELECT * FROM authentication_challenges WHERE environment_id = ? AND id = ?",
            [.text(self.environmentID), .text(id)]
        ).map(AuthenticationChallenge.init(row:))
    }

    /// Marks a challenge verified.
    public func markVerified(challengeID: String, in connection: Connection) throws -> AuthenticationChallenge {
        let now = self.services.clock.now().iso8601
        try connection.execute(
            "UPDATE authentication_challenges SET verified_at = ?, updated_at = ? WHERE environment_id = ? AND id = ?",
            [.text(now), .text(now), .text(self.environmentID), .text(challengeID)]
        )
        guard let challenge = try self.fetchChallenge(id: challengeID, in: connection) else {
            throw APIError.internalError
        }
        return challenge
    }

    /// True when `code` is the current TOTP code (±1 step) of one of the user's factors.
    public func verifyAnyTOTP(userID: String, code: String, in connection: Connection) throws -> Bool {
        let now = self.services.clock.now().unixSeconds
        return try self.fetchAll(userID: userID, in: connection).contains { factor in
            factor.type == "totp" && TOTP.verify(code, secret: factor.totpSecret ?? "", unixSeconds: now)
        }
    }
}
