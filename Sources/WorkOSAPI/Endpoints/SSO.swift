// workos-emulator — the standalone SSO API: GET /sso/authorize, POST /sso/token, GET /sso/profile
// (https://workos.com/docs/reference/sso; catalog-B §2.1–2.4; emulator.md "Hosted sign-in pages").
// Licensed MIT.

import HTTP1
import JSONCodec
import SQLite

/// Signs users in through a connection's simulated identity provider (`SSOIdentityProvider`) and exchanges the code
/// for the Profile. None of these routes takes the API key: the browser calls authorize, `POST /sso/token` is
/// authenticated by `client_secret` (or PKCE) and `GET /sso/profile` by the SSO access token.
enum SSO {
    /// The routes of this area.
    static func register(on routes: inout RouteTable) {
        routes.addPublic(.get, "/sso/authorize", self.authorize)
        routes.addPublic(.post, "/sso/token", self.token)
        routes.addPublic(.get, "/sso/profile", self.profile)
        SSOIdentityProvider.register(on: &routes)
        SSOLogout.register(on: &routes)
    }

    // MARK: GET /sso/authorize

    /// `GET /sso/authorize?response_type=code&client_id=…&redirect_uri=…&(connection|organization|provider)=…`.
    ///
    /// A bad `client_id` or `redirect_uri` answers an HTML error page (400), as `/user_management/authorize` does.
    /// Every other problem redirects to `redirect_uri?error=…&error_description=…&state=…` with the documented
    /// codes (catalog-B §2.1). Success answers 302 to the connection's identity provider page
    /// `/_emulator/sso/<token>`.
    @Sendable static func authorize(_ request: HTTPRequest, _ services: Services) throws -> HTTPResponse {
        let query = request.query
        let environment: Environment
        let redirectURI: String
        switch try Authorize.client(of: query, services: services) {
        case .refused(let page): return page
        case .accepted(let found, let uri): (environment, redirectURI) = (found, uri)
        }
        let state = query["state"]
        switch self.validate(query, clientID: environment.clientID, redirectURI: redirectURI) {
        case .failure(let problem):
            return Authorize.errorRedirect(problem, redirectURI: redirectURI, state: state)
        case .success(let (parameters, selector)):
            let outcome = try services.database.write { connection -> Result<String, Authorize.Problem> in
                var parameters = parameters
                switch try self.resolve(selector, environment: environment, services: services, in: connection) {
                case .failure(let problem): return .failure(problem)
                case .success(let sso):
                    parameters.connectionID = sso.id
                    parameters.organizationID = sso.organizationID
                    if sso.connectionType.isOAuth { parameters.provider = sso.connectionType.rawValue }
                }
                let (created, token) = try AuthorizationRequestRepository(services: services).create(
                    parameters,
                    environmentID: environment.id,
                    in: connection
                )
                return .success(created.pagePathPrefix + token)
            }
            switch outcome {
            case .failure(let problem): return Authorize.errorRedirect(problem, redirectURI: redirectURI, state: state)
            case .success(let path): return .redirect(to: request.origin + path)
            }
        }
    }

    /// How the authorize call names its connection (exactly one of them).
    enum Selector: Sendable, Equatable {
        case connection(String)
        case organization(String)
        case provider(SSOConnection.ConnectionType)
    }

    /// Checks every parameter that needs no database.
    static func validate(
        _ query: QueryItems,
        clientID: String,
        redirectURI: String
    )
        -> Result<(AuthorizationRequest.Parameters, Selector), Authorize.Problem>
    {
        func value(_ name: String) -> String? {
            guard let text = query[name], !text.isEmpty else { return nil }
            return text
        }
        guard let responseType = value("response_type") else {
            return .failure(.init(.invalidRequest, "response_type is required."))
        }
        guard responseType == "code" else {
            return .failure(.init(.unsupportedResponseType, "response_type must be 'code'."))
        }
        let connection = value("connection")
        let organization = value("organization")
        let provider = value("provider")
        let domain = value("domain")
        let given = [connection, organization, provider, domain].compactMap { $0 }
        if given.isEmpty {
            return .failure(
                .init(.invalidConnectionSelector, "One of connection, organization or provider is required.")
            )
        }
        if given.count > 1 {
            return .failure(
                .init(.invalidConnectionSelector, "connection, organization and provider are mutually exclusive.")
            )
        }
        let selector: Selector
        if let connection {
            selector = .connection(connection)
        } else if let organization {
            selector = .organization(organization)
        } else if let provider {
            guard let type = SSOConnection.ConnectionType(parsing: provider), type.isOAuth else {
                return .failure(.init(.invalidConnectionSelector, "provider '\(provider)' is not supported."))
            }
            selector = .provider(type)
        } else {
            // "domain" is deprecated; WorkOS now refuses it (catalog-B §2.1).
            return .failure(
                .init(
                    .domainConnectionSelectorNotAllowed,
                    "The domain parameter is no longer supported. Use connection or organization instead."
                )
            )
        }
        var parameters = AuthorizationRequest.Parameters(clientID: clientID, redirectURI: redirectURI)
        parameters.kind = .sso
        parameters.state = query["state"]
        switch Authorize.codeChallenge(query) {
        case .failure(let problem): return .failure(problem)
        case .success(let challenge): parameters.codeChallenge = challenge
        }
        if let prompt = value("prompt") {
            guard Authorize.prompts.contains(prompt) else {
                return .failure(.init(.invalidRequest, "prompt '\(prompt)' is not supported."))
            }
            parameters.prompt = prompt
        }
        parameters.loginHint = value("login_hint")
        parameters.domainHint = value("domain_hint")
        parameters.nonce = value("nonce")
        parameters.providerScopes = Authorize.providerScopes(query)
        parameters.providerQueryParams = Authorize.providerQueryParams(query)
        return .success((parameters, selector))
    }

    /// The active connection a selector names, or the documented error: `connection_invalid` (unknown connection),
    /// `organization_invalid` (unknown organization, or one without a connection), `ambiguous_connection_selector`
    /// (several active connections), `connection_strategy_invalid` (several connections of a provider),
    /// `connection_unlinked` (not active). A provider without a connection gets one, as WorkOS environments come
    /// with the OAuth providers enabled.
    static func resolve(
        _ selector: Selector,
        environment: Environment,
        services: Services,
        in connection: Connection
    ) throws -> Result<SSOConnection, Authorize.Problem> {
        let connections = ConnectionRepository(environmentID: environment.id, services: services)
        switch selector {
        case .connection(let id):
            guard let found = try connections.fetchOne(id: id, in: connection) else {
                return .failure(.init(.connectionInvalid, "No connection exists with ID '\(id)'."))
            }
            guard found.isActive else {
                return .failure(.init(.connectionUnlinked, "The connection '\(id)' is not active."))
            }
            return .success(found)
        case .organization(let id):
            guard
                try OrganizationRepository(environmentID: environment.id, services: services)
                    .fetchOne(id: id, in: connection) != nil
            else { return .failure(.init(.organizationInvalid, "No organization exists with ID '\(id)'.")) }
            let all = try connections.fetchAll(organizationID: id, in: connection)
            let active = all.filter(\.isActive)
            if active.count > 1 {
                return .failure(
                    .init(
                        .ambiguousConnectionSelector,
                        "The organization '\(id)' has more than one active connection. Use the connection parameter."
                    )
                )
            }
            if let only = active.first { return .success(only) }
            if !all.isEmpty {
                return .failure(.init(.connectionUnlinked, "The organization's connection is not active."))
            }
            return .failure(.init(.organizationInvalid, "No connection associated with organization"))
        case .provider(let type):
            let all = try connections.fetchAll(unownedOfType: type, in: connection)
            if all.count > 1 {
                return .failure(
                    .init(
                        .connectionStrategyInvalid,
                        "The environment has more than one \(type.rawValue) connection. Use the connection parameter."
                    )
                )
            }
            if let only = all.first {
                return only.isActive
                    ? .success(only)
                    : .failure(.init(.connectionUnlinked, "The \(type.rawValue) connection is not active."))
            }
            let creation = ConnectionRepository.Creation(
                organizationID: nil,
                connectionType: type,
                name: Connections.providerName(type)
            )
            return .success(try connections.create(creation, in: connection))
        }
    }

    // MARK: POST /sso/token

    /// `POST /sso/token` (JSON or form-encoded; each field may also come in the query): `grant_type=
    /// authorization_code`, `client_id`, `code`, and `client_secret` (the API key; also accepted as the Bearer
    /// header) or the PKCE `code_verifier`. Answers `{token_type, access_token, expires_in, profile}` plus
    /// `oauth_tokens` for an OAuth provider. Errors use the OAuth form (catalog-B §2.2).
    @Sendable static func token(_ request: HTTPRequest, _ services: Services) throws -> HTTPResponse {
        let body = try BodyReader.oauth(request)
        try body.requireStringsOrNull([
            "grant_type", "client_id", "client_secret", "code", "code_verifier", "redirect_uri",
        ])
        let query = request.query
        func field(_ key: String) -> String? {
            if let text = body.object[key]?.stringValue, !text.isEmpty { return text }
            if let text = query[key], !text.isEmpty { return text }
            return nil
        }
        guard let grantType = field("grant_type") else {
            throw APIError.oauth(.invalidRequest, "grant_type is required.")
        }
        guard grantType == "authorization_code" else {
            throw APIError.oauth(
                .unsupportedGrantType,
                "grant_type '\(grantType)' is not supported; use authorization_code."
            )
        }
        guard let clientID = field("client_id") else { throw APIError.oauth(.invalidRequest, "client_id is required.") }
        guard
            let environment = try services.database.read({ connection in
                try EnvironmentRepository(services: services).fetchOne(clientID: clientID, in: connection)
            })
        else { throw APIError.oauth(.invalidClient, "Invalid client ID or secret.") }
        var secrets: [String] = []
        if let secret = field("client_secret") { secrets.append(secret) }
        if request.headers["Authorization"] != nil {
            guard let bearer = Authentication.bearerToken(of: request) else {
                throw APIError.oauth(.invalidClient, "Invalid client ID or secret.")
            }
            secrets.append(bearer)
        }
        for secret in secrets where services.keys.environment(forKey: secret)?.id != environment.id {
            throw APIError.oauth(.invalidClient, "Invalid client ID or secret.")
        }
        let verifier = field("code_verifier")
        guard !secrets.isEmpty || verifier != nil else {
            throw APIError.oauth(.invalidClient, "client_secret or code_verifier is required.")
        }
        guard let value = field("code") else { throw APIError.oauth(.invalidRequest, "code is required.") }
        let response = try services.database.write { connection -> JSON in
            let code = try AuthorizationCodeRepository(environmentID: environment.id, services: services).redeem(
                value,
                kind: .sso,
                clientID: clientID,
                redirectURI: field("redirect_uri"),
                verifier: verifier,
                in: connection
            )
            let profiles = ProfileRepository(environmentID: environment.id, services: services)
            guard let profileID = code.profileID, let profile = try profiles.fetchOne(id: profileID, in: connection)
            else { throw APIError.oauth(.invalidGrant, "The authorization code is invalid.") }
            let (accessToken, expiresIn) = try profiles.issueAccessToken(profileID: profile.id, in: connection)
            var body: JSONObject = [
                "token_type": "Bearer",
                "access_token": .string(accessToken),
                "expires_in": .int(expiresIn),
                "profile": profile.json,
            ]
            if let tokens = code.oauthTokens, !tokens.isNull { body["oauth_tokens"] = tokens }
            return .object(body)
        }
        return .json(response)
    }

    // MARK: GET /sso/profile

    /// `GET /sso/profile` with `Authorization: Bearer <access_token>` (the SSO access token, not the API key): the
    /// Profile again; 401 `{"error":"Unauthorized"}` for a missing, unknown or expired token (catalog-B §2.3).
    @Sendable static func profile(_ request: HTTPRequest, _ services: Services) throws -> HTTPResponse {
        let unauthorized = APIError(
            status: .unauthorized,
            body: ["error": "Unauthorized", "message": "The SSO access token is missing, invalid or expired."]
        )
        guard let token = Authentication.bearerToken(of: request) else { throw unauthorized }
        guard
            let profile = try services.database.read({ connection in
                try ProfileRepository.fetchOne(accessToken: token, services: services, in: connection)
            })
        else { throw unauthorized }
        return .json(profile)
    }
}
