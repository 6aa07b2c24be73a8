// workos-emulator — SQL for sessions and their refresh tokens (catalog-A §6.3, §6.5).
// Licensed MIT.

import JSONCodec
import SQLite
import TokenSigning

/// Reads and writes the sessions of one environment; starting and ending one records `session.created` /
/// `session.revoked` in the same transaction. Refresh tokens are stored as SHA-256 digests and redeemed once.
public struct SessionRepository: Sendable {
    /// How long a session lives without being revoked: 30 days (WorkOS's "maximum session length" is a dashboard
    /// setting; this is the emulator's fixed choice).
    public static let maximumSessionLength: Int64 = 30 * 86_400

    /// The fields of a new session.
    public struct Creation: Sendable {
        /// The signed-in user.
        public var userID: String
        /// The organization the sign-in is scoped to.
        public var organizationID: String?
        /// `auth_method`.
        public var authMethod: Session.AuthMethod
        /// The AuthenticateResponse `authentication_method`, kept for refreshes.
        public var authenticationMethod: String?
        /// Client address.
        public var ipAddress: String?
        /// Client user agent.
        public var userAgent: String?
        /// Set for impersonation.
        public var impersonator: Session.Impersonator?

        /// A new session of a user.
        public init(userID: String, authMethod: Session.AuthMethod) {
            self.userID = userID
            self.authMethod = authMethod
        }
    }

    /// A stored refresh token (its digest) and what it belongs to.
    public struct RefreshToken: Sendable {
        /// The session it refreshes.
        public var sessionID: String
        /// The organization of the access token issued with it.
        public var organizationID: String?
        /// When it was redeemed; nil while unused.
        public var usedAt: Timestamp?
    }

    /// The environment this repository is scoped to.
    public let environmentID: String
    /// Id and time source.
    public let services: Services

    /// A repository scoped to one environment.
    public init(environmentID: String, services: Services) {
        self.environmentID = environmentID
        self.services = services
    }

    private var events: EventLog { EventLog(environmentID: self.environmentID, services: self.services) }

    // MARK: Reading

    /// The session with this id, or nil.
    public func fetchOne(id: String, in connection: Connection) throws -> Session? {
        let now = self.services.clock.now()
        return try connection.fetchOne(
            "SELECT * FROM sessions WHERE environment_id = ? AND id = ?", [.text(self.environmentID), .text(id)]
        ).map { Session(row: $0, now: now) }
    }

    /// One page of a user's **active** sessions (not revoked, not past `expires_at`).
    public func listActive(userID: String, pagination: Pagination, in connection: Connection) throws -> Page<Session> {
        let now = self.services.clock.now()
        return try connection.fetchPage(
            from: "sessions",
            where: ["environment_id = ?", "user_id = ?", "status = ?", "expires_at > ?"],
            [.text(self.environmentID), .text(userID), .text(Session.Status.active.rawValue), .text(now.iso8601)],
            pagination: pagination
        ).map { Session(row: $0, now: now) }
    }

    // MARK: Writing

    /// Starts a session; emits `session.created`.
    public func create(_ creation: Creation, in connection: Connection) throws -> Session {
        let id = self.services.ids.make(.session)
        let now = self.services.clock.now()
        try connection.execute(
            """
            INSERT INTO sessions (id, environment_id, user_id, organization_id, auth_method, authentication_method,
                status, ip_address, user_agent, impersonator_email, impersonator_reason, expires_at, ended_at,
                created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)
            """,
            [
                .text(id), .text(self.environmentID), .text(creation.userID), SQLValue(creation.organizationID),
                .text(creation.authMethod.rawValue), SQLValue(creation.authenticationMethod),
                .text(Session.Status.active.rawValue), SQLValue(creation.ipAddress), SQLValue(creation.userAgent),
                SQLValue(creation.impersonator?.email), SQLValue(creation.impersonator?.reason),
                .text(now.adding(seconds: Self.maximumSessionLength).iso8601), .text(now.iso8601), .text(now.iso8601),
            ]
        )
        guard let session = try self.fetchOne(id: id, in: connection) else { throw APIError.internalError }
        try self.events.record(
            .sessionCreated, data: session.json, organizationID: session.organizationID, in: connection)
        return session
    }

    /// Ends a session (revocation or logout); emits `session.revoked`. A session that is no longer active (revoked
    /// or expired) is answered as it is, with no event.
    @discardableResult
    public func revoke(_ session: Session, in connection: Connection) throws -> Session {
        guard session.isActive else { return session }
        let now = self.services.clock.now().iso8601
        try connection.execute(
            "UPDATE sessions SET status = ?, ended_at = ?, updated_at = ? WHERE environment_id = ? AND id = ?",
            [
                .text(Session.Status.revoked.rawValue), .text(now), .text(now), .text(self.environmentID),
                .text(session.id),
            ]
        )
        guard let revoked = try self.fetchOne(id: session.id, in: connection) else { throw APIError.internalError }
        try self.events.record(
            .sessionRevoked, data: revoked.json, organizationID: revoked.organizationID, in: connection)
        return revoked
    }

    /// Makes `organizationID` the session's current organization (a refresh that switches organizations); no event.
    public func switchOrganization(
        of session: Session, to organizationID: String?, in connection: Connection
    ) throws
        -> Session
    {
        guard session.organizationID != organizationID else { return session }
        try connection.execute(
            "UPDATE sessions SET organization_id = ?, updated_at = ? WHERE environment_id = ? AND id = ?",
            [
                SQLValue(organizationID), .text(self.services.clock.now().iso8601), .text(self.environmentID),
                .text(session.id),
            ]
        )
        guard let updated = try self.fetchOne(id: session.id, in: connection) else { throw APIError.internalError }
        return updated
    }

    // MARK: Refresh tokens

    /// Issues a new refresh token for a session (32 random alphanumerics); only its digest is stored.
    public func issueRefreshToken(
        sessionID: String, organizationID: String?, in connection: Connection
    ) throws
        -> String
    {
        let token = RandomToken.alphanumeric(32)
        try connection.execute(
            """
            INSERT INTO refresh_tokens (token_hash, environment_id, session_id, organization_id, used_at, created_at)
            VALUES (?, ?, ?, ?, NULL, ?)
            """,
            [
                .text(TokenDigest.sha256Hex(token)), .text(self.environmentID), .text(sessionID),
                SQLValue(organizationID), .text(self.services.clock.now().iso8601),
            ]
        )
        return token
    }

    /// The stored refresh token with this value, or nil.
    public func fetchRefreshToken(_ token: String, in connection: Connection) throws -> RefreshToken? {
        try connection.fetchOne(
            "SELECT * FROM refresh_tokens WHERE environment_id = ? AND token_hash = ?",
            [.text(self.environmentID), .text(TokenDigest.sha256Hex(token))]
        ).map { row in
            RefreshToken(
                sessionID: row["session_id"], organizationID: row["organization_id"],
                usedAt: (row["used_at"] as String?).flatMap { Timestamp(iso8601: $0) }
            )
        }
    }

    /// Marks a refresh token used; false when it was used already (so two concurrent refreshes cannot both win).
    public func markUsed(_ token: String, in connection: Connection) throws -> Bool {
        try connection.run(
            "UPDATE refresh_tokens SET used_at = ? WHERE environment_id = ? AND token_hash = ? AND used_at IS NULL",
            [.text(self.services.clock.now().iso8601), .text(self.environmentID), .text(TokenDigest.sha256Hex(token))]
        ) == 1
    }
}
