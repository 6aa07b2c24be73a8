// workos-emulator — authorization codes of the hosted page: opaque, single use, 10 minutes, bound to the client id
// and redirect URI, honouring PKCE S256 (catalog-A §6.3–6.4; emulator.md "Hosted sign-in pages").
// Licensed MIT.

import JSONCodec
import SQLite
import TokenSigning

/// A sign-in the hosted page finished, waiting to be exchanged by the `authorization_code` grant.
struct AuthorizationCode: Sendable {
    /// "Codes ... expire after 10 minutes" (emulator.md).
    static let lifetimeSeconds: Int64 = 10 * 60

    var clientID: String
    var redirectURI: String
    var userID: String
    var organizationID: String?
    /// How the sign-in finished (the last step).
    var method: SignIn.Method
    /// The first factor, when `method` is a step-up.
    var firstFactor: SignIn.Method?
    var provider: String?
    var oauthTokens: JSON?
    var codeChallenge: String?
    var ipAddress: String?
    var userAgent: String?
    var expiresAt: Timestamp = Timestamp(milliseconds: 0)
    var usedAt: Timestamp?

    /// A code for `userID` issued to `clientID` for `redirectURI`.
    init(clientID: String, redirectURI: String, userID: String, method: SignIn.Method) {
        self.clientID = clientID
        self.redirectURI = redirectURI
        self.userID = userID
        self.method = method
    }

    /// Decodes a row of `authorization_codes`.
    init(row: Row) {
        self.clientID = row["client_id"]
        self.redirectURI = row["redirect_uri"]
        self.userID = row["user_id"]
        self.organizationID = row["organization_id"]
        self.method = SignIn.Method(rawValue: row["method"]) ?? .password
        self.firstFactor = (row["first_factor"] as String?).flatMap { SignIn.Method(rawValue: $0) }
        self.provider = row["provider"]
        self.oauthTokens = (row["oauth_tokens"] as String?).flatMap { try? JSON.parse($0) }
        self.codeChallenge = row["code_challenge"]
        self.ipAddress = row["ip_address"]
        self.userAgent = row["user_agent"]
        self.expiresAt = Timestamp(iso8601: row["expires_at"]) ?? Timestamp(milliseconds: 0)
        self.usedAt = (row["used_at"] as String?).flatMap { Timestamp(iso8601: $0) }
    }
}

/// Issues and redeems authorization codes of one environment; only each code's SHA-256 is stored.
struct AuthorizationCodeRepository: Sendable {
    let environmentID: String
    let services: Services

    /// Stores `code` and returns the opaque value handed to the redirect URI (32 random alphanumerics).
    func issue(_ code: AuthorizationCode, in connection: Connection) throws -> String {
        let value = RandomToken.alphanumeric(32)
        let now = self.services.clock.now()
        try connection.execute(
            """
            INSERT INTO authorization_codes (code_hash, environment_id, client_id, redirect_uri, user_id, organization_id,
                method, first_factor, provider, oauth_tokens, code_challenge, ip_address, user_agent, expires_at,
                used_at, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)
            """,
            [
                .text(TokenDigest.sha256Hex(value)), .text(self.environmentID), .text(code.clientID),
                .text(code.redirectURI), .text(code.userID), SQLValue(code.organizationID),
                .text(code.method.rawValue), SQLValue(code.firstFactor?.rawValue), SQLValue(code.provider),
                SQLValue(code.oauthTokens?.serializedString), SQLValue(code.codeChallenge),
                SQLValue(code.ipAddress), SQLValue(code.userAgent),
                .text(now.adding(seconds: AuthorizationCode.lifetimeSeconds).iso8601), .text(now.iso8601),
            ]
        )
        return value
    }

    /// The stored code, or nil.
    func fetchOne(_ value: String, in connection: Connection) throws -> AuthorizationCode? {
        try connection.fetchOne(
            "SELECT * FROM authorization_codes WHERE environment_id = ? AND code_hash = ?",
            [.text(self.environmentID), .text(TokenDigest.sha256Hex(value))]
        ).map(AuthorizationCode.init(row:))
    }

    /// Marks the code used; false when it was used already.
    func markUsed(_ value: String, in connection: Connection) throws -> Bool {
        try connection.run(
            """
            UPDATE authorization_codes SET used_at = ? WHERE environment_id = ? AND code_hash = ? AND used_at IS NULL
            """,
            [.text(self.services.clock.now().iso8601), .text(self.environmentID), .text(TokenDigest.sha256Hex(value))]
        ) == 1
    }
}
