// workos-emulator — SQL for MFA factors: users' TOTP factors (catalog-A §6.12) and the standalone factors of
// `/auth/factors` (catalog-B §5). Challenges are in `AuthenticationFactorRepository+Challenges.swift`.
// Licensed MIT.

import SQLite

/// Enrolls factors, reads, lists and deletes them, and creates and verifies their challenges.
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

    /// Every TOTP factor of a user, oldest first: the factors AuthKit sign-in challenges (AuthKit MFA is TOTP only;
    /// an sms or generic_otp factor enrolled through `/auth/factors/enroll` with a `user_id` takes no part in it).
    public func fetchAllTOTP(userID: String, in connection: Connection) throws -> [AuthenticationFactor] {
        try connection.fetchAll(
            """
            SELECT * FROM authentication_factors WHERE environment_id = ? AND user_id = ? AND type = 'totp'
            ORDER BY id
            """,
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

    /// The ids of the users (among all of the environment's) that have at least one TOTP factor.
    public func userIDsWithFactors(in connection: Connection) throws -> Set<String> {
        Set(
            try connection.fetchAll(
                """
                SELECT DISTINCT user_id FROM authentication_factors
                WHERE environment_id = ? AND user_id IS NOT NULL AND type = 'totp'
                """,
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
        let factor = try self.enroll(
            Enrollment(type: AuthenticationFactor.Kind.totp, userID: userID, totpIssuer: issuer, totpUser: user),
            totpSecret: secret,
            in: connection
        )
        return (factor, try self.createChallenge(factorID: factor.id, in: connection))
    }

    /// What `POST /auth/factors/enroll` asks for, validated by the endpoint.
    public struct Enrollment: Sendable {
        /// `totp`, `sms` or `generic_otp`.
        public var type: String
        /// The user it belongs to, if any (checked by the caller).
        public var userID: String?
        /// `totp_issuer` (totp only).
        public var totpIssuer: String?
        /// `totp_user` (totp only).
        public var totpUser: String?
        /// The E.164 phone number (sms only).
        public var phoneNumber: String?

        /// An enrollment.
        public init(
            type: String,
            userID: String?,
            totpIssuer: String? = nil,
            totpUser: String? = nil,
            phoneNumber: String? = nil
        ) {
            self.type = type
            self.userID = userID
            self.totpIssuer = totpIssuer
            self.totpUser = totpUser
            self.phoneNumber = phoneNumber
        }
    }

    /// Enrolls a factor; a totp factor gets `totpSecret` (base32) or a generated one. Standalone MFA emits no events
    /// (catalog-B §5: no `authentication_factor.*` event name exists), so none is written.
    public func enroll(
        _ enrollment: Enrollment,
        totpSecret: String? = nil,
        in connection: Connection
    ) throws -> AuthenticationFactor {
        let id = self.services.ids.make(.authenticationFactor)
        let now = self.services.clock.now().iso8601
        let isTOTP = enrollment.type == AuthenticationFactor.Kind.totp
        try connection.execute(
            """
            INSERT INTO authentication_factors (id, environment_id, user_id, type, totp_issuer, totp_user, totp_secret,
                sms_phone_number, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(id), .text(self.environmentID), SQLValue(enrollment.userID), .text(enrollment.type),
                SQLValue(isTOTP ? enrollment.totpIssuer : nil), SQLValue(isTOTP ? enrollment.totpUser : nil),
                SQLValue(isTOTP ? (totpSecret ?? TOTP.makeSecret()) : nil),
                SQLValue(enrollment.type == AuthenticationFactor.Kind.sms ? enrollment.phoneNumber : nil),
                .text(now), .text(now),
            ]
        )
        guard let factor = try self.fetchOne(id: id, in: connection) else { throw APIError.internalError }
        return factor
    }

    /// Deletes a factor and, through `ON DELETE CASCADE`, its challenges; false when no such factor exists here.
    /// No event: none is named for factors (catalog-B §5).
    public func delete(id: String, in connection: Connection) throws -> Bool {
        try connection.run(
            "DELETE FROM authentication_factors WHERE environment_id = ? AND id = ?",
            [.text(self.environmentID), .text(id)]
        ) > 0
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
        return try self.fetchAllTOTP(userID: userID, in: connection).contains { factor in
            TOTP.verify(code, secret: factor.totpSecret ?? "", unixSeconds: now)
        }
    }
}
