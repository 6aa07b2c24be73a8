// workos-emulator — authorization codes of the hosted pages (AuthKit and the SSO identity provider): opaque, single
// use, 10 minutes, bound to the client id and redirect URI, honouring PKCE S256 (catalog-A §6.3–6.4, catalog-B
// §2.2; emulator.md "Hosted sign-in pages").
// Licensed MIT.

import JSONCodec
import SQLite
import TokenSigning

/// A sign-in a hosted page finished, waiting to be exchanged: by the `authorization_code` grant of
/// `POST /user_management/authenticate` (kind `authkit`) or by `POST /sso/token` (kind `sso`).
struct AuthorizationCode: Sendable {
    /// "Codes ... expire after 10 minutes" (emulator.md).
    static let lifetimeSeconds: Int64 = 10 * 60

    /// The API that redeems a code; a code is never valid at the other one.
    enum Kind: String, Sendable {
        /// `POST /user_management/authenticate`.
        case authkit
        /// `POST /sso/token`.
        case sso
    }

    var kind: Kind = .authkit
    var clientID: String
    var redirectURI: String
    /// The signed-in user; nil for an SSO sign-in, whose user (AuthKit) is created or linked at redemption.
    var userID: String?
    /// The SSO profile the identity provider asserted.
    var profileID: String?
    /// The SSO connection the profile signed in through.
    var connectionID: String?
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

    /// A code for an SSO sign-in of `profileID` through `connectionID`, redeemed by the API of `kind`.
    init(kind: Kind, clientID: String, redirectURI: String, profileID: String, connectionID: String) {
        self.kind = kind
        self.clientID = clientID
        self.redirectURI = redirectURI
        self.profileID = profileID
        self.connectionID = connectionID
        self.method = .sso
    }

    /// Decodes a row of `authorization_codes`.
    init(row: Row) {
        self.kind = Kind(rawValue: row["kind"]) ?? .authkit
        self.clientID = row["client_id"]
        self.redirectURI = row["redirect_uri"]
        self.userID = row["user_id"]
        self.profileID = row["profile_id"]
        self.connectionID = row["connection_id"]
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
            INSERT INTO authorization_codes (code_hash, environment_id, kind, client_id, redirect_uri, user_id,
                profile_id, connection_id, organization_id, method, first_factor, provider, oauth_tokens,
                code_challenge, ip_address, user_agent, expires_at, used_at, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)
            """,
            [
                .text(TokenDigest.sha256Hex(value)), .text(self.environmentID), .text(code.kind.rawValue),
                .text(code.clientID), .text(code.redirectURI), SQLValue(code.userID), SQLValue(code.profileID),
                SQLValue(code.connectionID), SQLValue(code.organizationID),
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

    /// Checks a code presented to the API of `kind` and uses it up: unknown codes (or another API's), used, expired
    /// or foreign ones (another client id, or a `redirect_uri` other than the authorize request's when one is given)
    /// and a PKCE mismatch or missing verifier (RFC 7636 §4.6) are 400 `invalid_grant`; a verifier for a code
    /// without challenge is 400 `code_challenge_not_found`.
    func redeem(
        _ value: String,
        kind: AuthorizationCode.Kind,
        clientID: String,
        redirectURI: String?,
        verifier: String?,
        in connection: Connection
    ) throws -> AuthorizationCode {
        guard let code = try self.fetchOne(value, in: connection), code.kind == kind else {
            throw APIError.oauth(.invalidGrant, "The authorization code is invalid.")
        }
        guard code.usedAt == nil else {
            throw APIError.oauth(.invalidGrant, "The authorization code has already been used.")
        }
        guard code.clientID == clientID else {
            throw APIError.oauth(.invalidGrant, "The authorization code was not issued to this client.")
        }
        if let redirectURI, redirectURI != code.redirectURI {
            throw APIError.oauth(.invalidGrant, "The redirect_uri does not match the authorization request.")
        }
        guard self.services.clock.now() < code.expiresAt else {
            throw APIError.oauth(.invalidGrant, "The authorization code has expired.")
        }
        if let challenge = code.codeChallenge {
            guard let verifier else {
                throw APIError.oauth(.invalidGrant, "code_verifier is required: the code was issued with PKCE.")
            }
            guard PKCE.verify(verifier, challenge: challenge) else {
                throw APIError.oauth(.invalidGrant, "The code_verifier does not match the code_challenge.")
            }
        } else if verifier != nil {
            throw APIError.badRequest(
                .codeChallengeNotFound,
                "A code_verifier was given, but the code was issued without code_challenge."
            )
        }
        guard try self.markUsed(value, in: connection) else {
            throw APIError.oauth(.invalidGrant, "The authorization code has already been used.")
        }
        return code
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
