// workos-emulator — GET /user_management/authorize (https://workos.com/docs/reference/authkit/authentication/
// get-authorization-url; catalog-A §6.4; emulator.md "Hosted sign-in pages").
// Licensed MIT.

import Foundation
import HTTP1
import JSONCodec
import SQLite

/// Validates an authorize call and sends the browser to the hosted page bound to it (the AuthKit page, or an SSO
/// connection's simulated identity provider). `SSO` reuses the client, PKCE and encoding checks.
enum Authorize {
    /// The routes of this area (no API key: the browser calls it).
    static func register(on routes: inout RouteTable) {
        routes.addPublic(.get, "/user_management/authorize", self.authorize)
    }

    /// `provider` values of the spec's enum besides `authkit` (catalog-A §6.4), plus the API's `GithubOAuth`
    /// spelling (identities and Node's older URLs use it).
    static let oauthProviders: Set<String> = [
        "AppleOAuth", "BitbucketOAuth", "GitHubOAuth", "GithubOAuth", "GitLabOAuth", "GoogleOAuth", "IntuitOAuth",
        "LinkedInOAuth", "MicrosoftOAuth", "SalesforceOAuth", "SlackOAuth", "VercelMarketplaceOAuth", "VercelOAuth",
        "XeroOAuth",
    ]
    /// `prompt` values the emulator knows (OpenID Connect Core §3.1.2.1).
    static let prompts: Set<String> = ["login", "consent", "none", "select_account"]

    /// `GET /user_management/authorize?response_type=code&client_id=…&redirect_uri=…&provider=authkit&…`.
    ///
    /// An unknown or missing `client_id`, or a `redirect_uri` that is missing, not absolute or not allowed for the
    /// environment, answers an HTML error page (400): the browser must not be sent anywhere. Every other problem
    /// redirects to `redirect_uri?error=…&error_description=…&state=…` (RFC 6749 §4.1.2.1). Success answers 302
    /// to the hosted page `/_emulator/authkit/<token>`.
    @Sendable static func authorize(_ request: HTTPRequest, _ services: Services) throws -> HTTPResponse {
        let query = request.query
        let environment: Environment
        let redirectURI: String
        switch try self.client(of: query, services: services) {
        case .refused(let page): return page
        case .accepted(let found, let uri): (environment, redirectURI) = (found, uri)
        }
        let state = query["state"]
        switch self.validate(query, clientID: environment.clientID, redirectURI: redirectURI) {
        case .failure(let problem):
            return self.errorRedirect(problem, redirectURI: redirectURI, state: state)
        case .success(var parameters):
            let outcome = try services.database.write { connection -> Result<(String, String), Problem> in
                if let problem = try self.checkReferences(
                    &parameters,
                    environment: environment,
                    services: services,
                    in: connection
                ) {
                    return .failure(problem)
                }
                let (created, token) = try AuthorizationRequestRepository(services: services).create(
                    parameters,
                    environmentID: environment.id,
                    in: connection
                )
                return .success((created.pagePathPrefix, token))
            }
            switch outcome {
            case .failure(let problem): return self.errorRedirect(problem, redirectURI: redirectURI, state: state)
            case .success(let (prefix, token)): return .redirect(to: request.origin + prefix + token)
            }
        }
    }

    /// The outcome of checking `client_id` and `redirect_uri`.
    enum ClientCheck {
        /// The environment of the client id, and the allowed redirect URI.
        case accepted(Environment, redirectURI: String)
        /// The HTML error page (400) to answer instead: the browser must not be sent anywhere.
        case refused(HTTPResponse)
    }

    /// Checks `client_id` (an environment's) and `redirect_uri` (present, absolute, allowed for that environment), as
    /// both authorize endpoints do (`/user_management/authorize`, `/sso/authorize`).
    static func client(of query: QueryItems, services: Services) throws -> ClientCheck {
        let clientID = query["client_id"] ?? ""
        let redirectURI = query["redirect_uri"] ?? ""
        let lookup = try services.database.read { connection -> (Environment, [String])? in
            let environments = EnvironmentRepository(services: services)
            guard !clientID.isEmpty, let environment = try environments.fetchOne(clientID: clientID, in: connection)
            else { return nil }
            return (environment, try environments.redirectURIs(of: environment.id, in: connection))
        }
        guard let (environment, allowedURIs) = lookup else {
            return .refused(
                HostedPageRenderer.errorPage(
                    status: .badRequest,
                    title: "Invalid client",
                    message: clientID.isEmpty
                        ? "The authorization request has no client_id."
                        : "The client_id '\(clientID)' does not belong to any environment."
                )
            )
        }
        guard !redirectURI.isEmpty else {
            return .refused(
                HostedPageRenderer.errorPage(
                    status: .badRequest,
                    title: "Invalid redirect URI",
                    message: "The authorization request has no redirect_uri."
                )
            )
        }
        guard self.isAllowed(redirectURI: redirectURI, registered: allowedURIs) else {
            return .refused(
                HostedPageRenderer.errorPage(
                    status: .badRequest,
                    title: "Invalid redirect URI",
                    message: "The redirect_uri '\(redirectURI)' is not allowed for this environment. Allowed: "
                        + "http://localhost:*, http://127.0.0.1:* and the environment's redirect URIs "
                        + "(POST /user_management/redirect_uris or POST /_emulator/redirect_uris adds one)."
                )
            )
        }
        return .accepted(environment, redirectURI: redirectURI)
    }

    /// `302 redirect_uri?error=…&error_description=…&state=…` (RFC 6749 §4.1.2.1; `state` echoed when given).
    static func errorRedirect(_ problem: Problem, redirectURI: String, state: String?) -> HTTPResponse {
        .redirect(
            to: URLQuery.appending(
                [("error", problem.error.rawValue), ("error_description", problem.description), ("state", state)],
                to: redirectURI
            )
        )
    }

    /// Why an authorize call is refused after its redirect URI was accepted.
    struct Problem: Error, Sendable {
        var error: OAuthErrorCode
        var description: String
        init(_ error: OAuthErrorCode, _ description: String) {
            self.error = error
            self.description = description
        }
    }

    /// Checks every parameter that needs no database.
    static func validate(
        _ query: QueryItems,
        clientID: String,
        redirectURI: String
    )
        -> Result<AuthorizationRequest.Parameters, Problem>
    {
        func value(_ name: String) -> String? {
            guard let text = query[name], !text.isEmpty else { return nil }
            return text
        }
        guard let responseType = value("response_type") else {
            return .failure(Problem(.invalidRequest, "response_type is required."))
        }
        guard responseType == "code" else {
            return .failure(Problem(.unsupportedResponseType, "response_type must be 'code'."))
        }
        var parameters = AuthorizationRequest.Parameters(clientID: clientID, redirectURI: redirectURI)
        parameters.state = query["state"]
        parameters.provider = value("provider")
        parameters.connectionID = value("connection_id")
        parameters.organizationID = value("organization_id")
        let selectors = [parameters.provider, parameters.connectionID, parameters.organizationID].compactMap { $0 }
        if selectors.isEmpty {
            return .failure(Problem(.invalidRequest, "One of provider, connection_id or organization_id is required."))
        }
        if selectors.count > 1 {
            return .failure(
                Problem(.invalidRequest, "provider, connection_id and organization_id are mutually exclusive.")
            )
        }
        if let provider = parameters.provider, provider != "authkit" {
            guard self.oauthProviders.contains(provider) else {
                return .failure(Problem(.invalidRequest, "provider '\(provider)' is not supported."))
            }
            // The API (and so identities) spells GitHub `GithubOAuth` (catalog-A §6.2).
            if provider == "GitHubOAuth" { parameters.provider = "GithubOAuth" }
        }
        let isAuthKit = parameters.provider == "authkit" || parameters.organizationID != nil

        switch self.codeChallenge(query) {
        case .failure(let problem): return .failure(problem)
        case .success(let challenge): parameters.codeChallenge = challenge
        }

        if let hint = value("screen_hint") {
            guard hint == "sign-in" || hint == "sign-up" else {
                return .failure(Problem(.invalidRequest, "screen_hint must be 'sign-in' or 'sign-up'."))
            }
            guard isAuthKit else {
                return .failure(Problem(.invalidRequest, "screen_hint is only supported with provider=authkit."))
            }
            parameters.screenHint = hint
        }
        if let text = value("max_age") {
            guard let maxAge = Int(text), maxAge >= 0 else {
                return .failure(Problem(.invalidRequest, "max_age must be a non-negative integer."))
            }
            guard isAuthKit else {
                return .failure(Problem(.invalidRequest, "max_age is only supported with provider=authkit."))
            }
            parameters.maxAge = maxAge
        }
        if let prompt = value("prompt") {
            guard self.prompts.contains(prompt) else {
                return .failure(Problem(.invalidRequest, "prompt '\(prompt)' is not supported."))
            }
            parameters.prompt = prompt
        }
        parameters.loginHint = value("login_hint")
        parameters.domainHint = value("domain_hint")
        parameters.invitationToken = value("invitation_token")
        parameters.providerScopes = self.providerScopes(query)
        parameters.providerQueryParams = self.providerQueryParams(query)
        return .success(parameters)
    }

    /// `code_challenge` with `code_challenge_method=S256` (RFC 7636 §4.3), or nil without PKCE.
    static func codeChallenge(_ query: QueryItems) -> Result<String?, Problem> {
        func value(_ name: String) -> String? {
            guard let text = query[name], !text.isEmpty else { return nil }
            return text
        }
        let challenge = value("code_challenge")
        let method = value("code_challenge_method")
        if let method, method != PKCE.s256 {
            return .failure(Problem(.invalidRequest, "code_challenge_method must be 'S256'; no other is supported."))
        }
        if let challenge {
            guard method != nil else {
                return .failure(Problem(.invalidRequest, "code_challenge_method is required with code_challenge."))
            }
            guard PKCE.isWellFormed(challenge) else {
                return .failure(Problem(.invalidRequest, "code_challenge must be 43 to 128 base64url characters."))
            }
            return .success(challenge)
        } else if method != nil {
            return .failure(Problem(.invalidRequest, "code_challenge_method was given without code_challenge."))
        }
        return .success(nil)
    }

    /// `provider_scopes` in the encodings SDKs send (catalog-B §2.1): repeated keys and comma lists (Node, Python's
    /// `get_authorization_url`), or a JSON array / Python list repr (`['a', 'b']`, Python's PKCE helper).
    static func providerScopes(_ query: QueryItems) -> [String] {
        let values = query.values(for: "provider_scopes")
        if values.count == 1, let text = values.first?.trimmingWhitespace(), text.hasPrefix("[") {
            for candidate in [text, text.replacingAll("'", with: "\"")] {
                if let items = (try? JSON.parse(Array(candidate.utf8)))?.arrayValue {
                    return items.compactMap(\.stringValue).filter { !$0.isEmpty }
                }
            }
        }
        return query.array("provider_scopes").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
    }

    /// Checks what needs the store: the organization, the connection, the invitation. A connection, or an
    /// organization with an active SSO connection (its oldest), sends the user to that connection's simulated
    /// identity provider instead of the AuthKit page.
    static func checkReferences(
        _ parameters: inout AuthorizationRequest.Parameters,
        environment: Environment,
        services: Services,
        in connection: Connection
    ) throws -> Problem? {
        let connections = ConnectionRepository(environmentID: environment.id, services: services)
        if let organizationID = parameters.organizationID {
            guard
                try OrganizationRepository(environmentID: environment.id, services: services)
                    .fetchOne(id: organizationID, in: connection) != nil
            else { return Problem(.organizationNotFound, "Organization not found: '\(organizationID)'.") }
            if let sso = try connections.fetchAll(organizationID: organizationID, in: connection).first(
                where: \.isActive
            ) {
                parameters.connectionID = sso.id
            }
        } else if let connectionID = parameters.connectionID {
            guard let sso = try connections.fetchOne(id: connectionID, in: connection) else {
                return Problem(.invalidConnection, "Connection not found: '\(connectionID)'.")
            }
            guard sso.isActive else {
                return Problem(.invalidConnection, "Connection '\(connectionID)' is not active.")
            }
            parameters.organizationID = sso.organizationID
        }
        if let token = parameters.invitationToken {
            let invitation = try? InvitationRepository(environmentID: environment.id, services: services)
                .require(token: token, in: connection)
            guard invitation?.state == .pending else {
                return Problem(.invitationInvalid, "The invitation token is invalid, or the invitation is not pending.")
            }
        }
        return nil
    }

    /// `provider_query_params` in the encodings SDKs send (catalog-A §1.4): Node's `provider_query_params[k]=v`, a
    /// JSON object, or Python 10's url-encoded dict repr (`{'k': 'v'}`). Anything else is ignored.
    static func providerQueryParams(_ query: QueryItems) -> [(key: String, value: String)] {
        let bracketed = query.dictionary("provider_query_params")
        if !bracketed.isEmpty { return bracketed.sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value) } }
        guard let text = query["provider_query_params"], text.hasPrefix("{") else { return [] }
        let candidates = [text, text.replacingOccurrences(of: "'", with: "\"")]
        for candidate in candidates {
            if let object = (try? JSON.parse(Array(candidate.utf8)))?.objectValue {
                return object.compactMap { item in item.value.stringValue.map { (key: item.key, value: $0) } }
            }
        }
        return []
    }

    /// `http(s)://localhost:*`, `127.0.0.1:*` and `[::1]:*` are always allowed (emulator.md); any other redirect URI
    /// must equal one of the environment's, or match one with a wildcard host label (`RedirectURIRule.matches`). A
    /// target with characters a URI cannot have (a backslash, a space, a control, non-ASCII) or a script scheme is
    /// never allowed: no open redirect (RFC 6749 §10.15).
    static func isAllowed(redirectURI: String, registered: [String]) -> Bool {
        guard URLQuery.isWellFormedURI(redirectURI), let components = URLComponents(string: redirectURI),
            let scheme = components.scheme?.lowercased(), !URLQuery.scriptSchemes.contains(scheme),
            let host = components.host?.lowercased(), !host.isEmpty
        else { return false }
        if (scheme == "http" || scheme == "https"), ["localhost", "127.0.0.1", "::1", "[::1]"].contains(host) {
            return true
        }
        return registered.contains(redirectURI)
            || registered.contains { $0.contains("*") && RedirectURIRule.matches(pattern: $0, uri: redirectURI) }
    }
}
