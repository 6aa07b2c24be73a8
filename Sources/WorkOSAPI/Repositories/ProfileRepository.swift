// workos-emulator — SQL for SSO profiles (the users a connection's simulated identity provider knows) and the SSO
// access tokens that fetch them again (catalog-B §2.2–2.4).
// Licensed MIT.

import JSONCodec
import SQLite
import TokenSigning

/// Reads and writes the profiles of one environment's connections, and issues their access tokens.
public struct ProfileRepository: Sendable {
    /// A profile as declared with a connection (`POST /_emulator/connections` `profiles[]`), already validated.
    public struct Declaration: Sendable {
        /// Lower-case.
        public var email: String
        public var firstName: String?
        public var lastName: String?
        /// The user's id at the identity provider; derived from the e-mail when nil.
        public var idpID: String?
        public var roleSlug: String?
        public var groups: [String] = []
        /// An object.
        public var customAttributes: JSON = .object(JSONObject())
        /// An object.
        public var rawAttributes: JSON = .object(JSONObject())
        /// A profile for this (normalized) e-mail.
        public init(email: String) { self.email = email }

        /// A profile created just in time for `email`, with a plausible name from its local part
        /// (`jane.doe@…` → Jane Doe).
        public static func justInTime(email: String) -> Declaration {
            var declaration = Declaration(email: email)
            let local = email.split(separator: "@").first.map(String.init) ?? email
            let words = local.split(whereSeparator: { $0 == "." || $0 == "_" || $0 == "-" || $0 == "+" })
                .filter { !$0.isEmpty }.map { $0.prefix(1).uppercased() + $0.dropFirst() }
            declaration.firstName = words.first ?? local
            declaration.lastName = words.count > 1 ? words[1...].joined(separator: " ") : nil
            return declaration
        }
    }

    /// How long an SSO access token works: the `expires_in` of `POST /sso/token` (catalog-B §2.2 shows 600).
    public static let accessTokenLifetimeSeconds: Int64 = 600

    /// The environment this repository is scoped to.
    public let environmentID: String
    /// Id and time source.
    public let services: Services

    /// A repository scoped to one environment.
    public init(environmentID: String, services: Services) {
        self.environmentID = environmentID
        self.services = services
    }

    private static let select = """
        SELECT p.*, c.organization_id AS organization_id, c.connection_type AS connection_type
        FROM sso_profiles AS p JOIN connections AS c ON c.id = p.connection_id
        """

    // MARK: Reading

    /// The profile with this id, or nil.
    public func fetchOne(id: String, in connection: Connection) throws -> Profile? {
        try connection.fetchOne(
            Self.select + " WHERE p.environment_id = ? AND p.id = ?",
            [.text(self.environmentID), .text(id)]
        ).map(Profile.init(row:))
    }

    /// The profile of `email` at a connection, or nil.
    public func fetchOne(connectionID: String, email: String, in connection: Connection) throws -> Profile? {
        try connection.fetchOne(
            Self.select + " WHERE p.environment_id = ? AND p.connection_id = ? AND p.email = ?",
            [.text(self.environmentID), .text(connectionID), .text(email.lowercased())]
        ).map(Profile.init(row:))
    }

    /// A connection's profiles by e-mail (at most `limit`).
    public func fetchAll(connectionID: String, limit: Int = 50, in connection: Connection) throws -> [Profile] {
        try connection.fetchAll(
            Self.select + " WHERE p.environment_id = ? AND p.connection_id = ? ORDER BY p.email LIMIT ?",
            [.text(self.environmentID), .text(connectionID), .integer(Int64(limit))]
        ).map(Profile.init(row:))
    }

    // MARK: Writing

    /// Adds a profile to a connection. A second profile with the same e-mail or idp id is a 422.
    public func insert(_ declaration: Declaration, connectionID: String, in connection: Connection) throws -> Profile {
        let email = declaration.email.lowercased()
        let idpID = declaration.idpID ?? String(TokenDigest.sha256Hex(connectionID + "|" + email).prefix(20))
        let clash: String? = try connection.fetchScalar(
            "SELECT email FROM sso_profiles WHERE connection_id = ? AND (email = ? OR idp_id = ?)",
            [.text(connectionID), .text(email), .text(idpID)]
        )
        if clash != nil {
            throw APIError.validation([
                .invalid("profiles", "The connection already has a profile with email '\(email)' or idp_id '\(idpID)'.")
            ])
        }
        let id = self.services.ids.make(.profile)
        let now = self.services.clock.now().iso8601
        try connection.execute(
            """
            INSERT INTO sso_profiles (id, environment_id, connection_id, idp_id, email, first_name, last_name,
                role_slug, groups, custom_attributes, raw_attributes, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(id), .text(self.environmentID), .text(connectionID), .text(idpID), .text(email),
                SQLValue(declaration.firstName), SQLValue(declaration.lastName), SQLValue(declaration.roleSlug),
                .text(declaration.groups.json.serializedString), .text(declaration.customAttributes.serializedString),
                .text(declaration.rawAttributes.serializedString), .text(now), .text(now),
            ]
        )
        guard let profile = try self.fetchOne(id: id, in: connection) else { throw APIError.internalError }
        return profile
    }

    // MARK: Access tokens

    /// Issues an opaque access token for `profileID` (only its SHA-256 is stored); answers it and its lifetime.
    public func issueAccessToken(profileID: String, in connection: Connection) throws -> (token: String, expiresIn: Int)
    {
        let token = RandomToken.alphanumeric(40)
        let now = self.services.clock.now()
        try connection.execute(
            """
            INSERT INTO sso_access_tokens (token_hash, environment_id, profile_id, expires_at, created_at)
            VALUES (?, ?, ?, ?, ?)
            """,
            [
                .text(TokenDigest.sha256Hex(token)), .text(self.environmentID), .text(profileID),
                .text(now.adding(seconds: Self.accessTokenLifetimeSeconds).iso8601), .text(now.iso8601),
            ]
        )
        return (token, Int(Self.accessTokenLifetimeSeconds))
    }

    /// The profile an unexpired access token was issued for, in whichever environment, or nil. Not
    /// environment-scoped: `GET /sso/profile` carries no API key, the token itself names the environment.
    public static func fetchOne(accessToken: String, services: Services, in connection: Connection) throws -> Profile? {
        guard
            let row = try connection.fetchOne(
                "SELECT environment_id, profile_id, expires_at FROM sso_access_tokens WHERE token_hash = ?",
                [.text(TokenDigest.sha256Hex(accessToken))]
            )
        else { return nil }
        guard let expiresAt = Timestamp(iso8601: row["expires_at"]), services.clock.now() < expiresAt else {
            return nil
        }
        return try ProfileRepository(environmentID: row["environment_id"], services: services)
            .fetchOne(id: row["profile_id"], in: connection)
    }
}
