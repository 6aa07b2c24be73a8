// workos-emulator — one validated GET /user_management/authorize or GET /sso/authorize and the hosted page bound to
// it (catalog-A §6.4, catalog-B §2.1; emulator.md "Hosted sign-in pages").
// Licensed MIT.

import JSONCodec
import SQLite
import TokenSigning

/// What an authorize call asked for. Its page lives at `/_emulator/authkit/<token>`, or at `/_emulator/sso/<token>`
/// when an SSO connection's simulated identity provider signs the user in; the token is the page's CSRF protection
/// and only its SHA-256 is stored.
struct AuthorizationRequest: Sendable {
    /// How long the hosted page works: 30 minutes (WorkOS does not document its own; long enough for a person).
    static let lifetimeSeconds: Int64 = 30 * 60
    /// The path of the AuthKit pages; the token follows.
    static let pagePathPrefix = "/_emulator/authkit/"
    /// The path of the SSO identity provider pages; the token follows.
    static let identityProviderPagePathPrefix = "/_emulator/sso/"

    /// The API that issued the request (and redeems its codes).
    typealias Kind = AuthorizationCode.Kind

    /// The parameters, validated.
    struct Parameters: Sendable {
        /// `authkit` for `/user_management/authorize`, `sso` for `/sso/authorize`.
        var kind: Kind = .authkit
        var clientID: String
        var redirectURI: String
        var state: String?
        /// `authkit`, an OAuth provider (API spelling, e.g. `GithubOAuth`), or nil with `organization_id`.
        var provider: String?
        var connectionID: String?
        var organizationID: String?
        var codeChallenge: String?
        var screenHint: String?
        var loginHint: String?
        var domainHint: String?
        var prompt: String?
        var maxAge: Int?
        var invitationToken: String?
        var providerScopes: [String] = []
        var providerQueryParams: [(key: String, value: String)] = []
        /// OpenID Connect `nonce` (`/sso/authorize`).
        var nonce: String?
    }

    var id: String
    var environmentID: String
    var parameters: Parameters
    /// The page's current step-up, if any.
    var pendingID: String?
    var expiresAt: Timestamp
    var completedAt: Timestamp?

    /// True for AuthKit's own page (not an OAuth provider's consent screen).
    var isAuthKit: Bool { self.parameters.provider == nil || self.parameters.provider == "authkit" }

    /// True when an SSO connection's simulated identity provider signs the user in (`/sso/authorize`, or
    /// `/user_management/authorize` with a connection or an organization that has one).
    var isIdentityProviderPage: Bool { self.parameters.connectionID != nil }

    /// The path prefix of this request's page.
    var pagePathPrefix: String {
        self.isIdentityProviderPage ? Self.identityProviderPagePathPrefix : Self.pagePathPrefix
    }

    /// The OAuth provider whose consent screen the page plays, or nil.
    var oauthProvider: String? { self.isAuthKit ? nil : self.parameters.provider }

    /// True when the page opens on sign-up.
    var isSignUp: Bool { self.parameters.screenHint == "sign-up" }

    /// Decodes a row of `authorization_requests`.
    init(row: Row) {
        self.id = row["id"]
        self.environmentID = row["environment_id"]
        var parameters = Parameters(clientID: row["client_id"], redirectURI: row["redirect_uri"])
        parameters.kind = Kind(rawValue: row["kind"]) ?? .authkit
        parameters.nonce = row["nonce"]
        parameters.state = row["state"]
        parameters.provider = row["provider"]
        parameters.connectionID = row["connection_id"]
        parameters.organizationID = row["organization_id"]
        parameters.codeChallenge = row["code_challenge"]
        parameters.screenHint = row["screen_hint"]
        parameters.loginHint = row["login_hint"]
        parameters.domainHint = row["domain_hint"]
        parameters.prompt = row["prompt"]
        parameters.maxAge = (row["max_age"] as Int64?).map { Int($0) }
        parameters.invitationToken = row["invitation_token"]
        parameters.providerScopes =
            (try? JSON.parse(row["provider_scopes"] as String))?.arrayValue?.compactMap(\.stringValue) ?? []
        if let object = (try? JSON.parse(row["provider_query_params"] as String))?.objectValue {
            parameters.providerQueryParams = object.map { (key: $0.key, value: $0.value.stringValue ?? "") }
        }
        self.parameters = parameters
        self.pendingID = row["pending_id"]
        self.expiresAt = Timestamp(iso8601: row["expires_at"]) ?? Timestamp(milliseconds: 0)
        self.completedAt = (row["completed_at"] as String?).flatMap { Timestamp(iso8601: $0) }
    }
}

/// SQL for authorize requests. Lookups by token are not environment-scoped: the page is public and the token itself
/// names the request (and so its environment).
struct AuthorizationRequestRepository: Sendable {
    let services: Services

    /// Stores a validated request; returns it and the page token (32 random alphanumerics).
    func create(
        _ parameters: AuthorizationRequest.Parameters,
        environmentID: String,
        in connection: Connection
    ) throws
        -> (AuthorizationRequest, String)
    {
        let token = RandomToken.alphanumeric(32)
        let id = self.services.ids.make(.authorizationRequest)
        let now = self.services.clock.now()
        var queryParams = JSONObject()
        for item in parameters.providerQueryParams { queryParams[item.key] = .string(item.value) }
        try connection.execute(
            """
            INSERT INTO authorization_requests (id, environment_id, token_hash, client_id, redirect_uri, state, \
            provider,
                connection_id, organization_id, code_challenge, screen_hint, login_hint, domain_hint, prompt, max_age,
                invitation_token, provider_scopes, provider_query_params, expires_at, created_at, kind, nonce)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(id), .text(environmentID), .text(TokenDigest.sha256Hex(token)), .text(parameters.clientID),
                .text(parameters.redirectURI), SQLValue(parameters.state), SQLValue(parameters.provider),
                SQLValue(parameters.connectionID), SQLValue(parameters.organizationID),
                SQLValue(parameters.codeChallenge), SQLValue(parameters.screenHint), SQLValue(parameters.loginHint),
                SQLValue(parameters.domainHint), SQLValue(parameters.prompt),
                parameters.maxAge.map { .integer(Int64($0)) } ?? .null, SQLValue(parameters.invitationToken),
                .text(parameters.providerScopes.json.serializedString),
                .text(JSON.object(queryParams).serializedString),
                .text(now.adding(seconds: AuthorizationRequest.lifetimeSeconds).iso8601), .text(now.iso8601),
                .text(parameters.kind.rawValue), SQLValue(parameters.nonce),
            ]
        )
        guard let row = try connection.fetchOne("SELECT * FROM authorization_requests WHERE id = ?", [.text(id)]) else {
            throw APIError.internalError
        }
        return (AuthorizationRequest(row: row), token)
    }

    /// The request whose page token this is, or nil.
    func fetchOne(token: String, in connection: Connection) throws -> AuthorizationRequest? {
        try connection.fetchOne(
            "SELECT * FROM authorization_requests WHERE token_hash = ?",
            [.text(TokenDigest.sha256Hex(token))]
        ).map(AuthorizationRequest.init(row:))
    }

    /// Records (or clears) the page's current step-up.
    func setPending(_ pendingID: String?, of requestID: String, in connection: Connection) throws {
        try connection.execute(
            "UPDATE authorization_requests SET pending_id = ? WHERE id = ?",
            [SQLValue(pendingID), .text(requestID)]
        )
    }

    /// Hands the request to an SSO connection's identity provider (AuthKit's domain capture): its page becomes
    /// `/_emulator/sso/<token>`, with the e-mail typed so far as its `login_hint`.
    func route(_ requestID: String, toConnection connectionID: String, organizationID: String?, loginHint: String,
               in connection: Connection) throws {
        try connection.execute(
            "UPDATE authorization_requests SET connection_id = ?, organization_id = ?, login_hint = ? WHERE id = ?",
            [.text(connectionID), SQLValue(organizationID), .text(loginHint), .text(requestID)]
        )
    }

    /// Uses the request up; false when it was used already (two concurrent submissions cannot both get a code).
    func complete(_ requestID: String, in connection: Connection) throws -> Bool {
        try connection.run(
            "UPDATE authorization_requests SET completed_at = ? WHERE id = ? AND completed_at IS NULL",
            [.text(self.services.clock.now().iso8601), .text(requestID)]
        ) == 1
    }
}
