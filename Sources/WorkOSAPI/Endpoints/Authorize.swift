// workos-emulator — GET /user_management/authorize (https://workos.com/docs/reference/authkit/authentication/
// get-authorization-url; catalog-A §6.4; emulator.md "Hosted sign-in pages").
// Licensed MIT.

import Foundation
import HTTP1
import JSONCodec
import SQLite

/// Validates an authorize call and sends the browser to the hosted page bound to it.
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
    /// redirects to `redirect_uri?error=…&error_description=…&state=…` (RFC 6749 §4.1.2.1). Success answers 302 to the
    /// hosted page `/_emulator/authkit/<token>`.
    @Sendable static func authorize(_ request: HTTPRequest, _ services: Services) throws -> HTTPResponse {
        let query = request.query
        let clientID = query["client_id"] ?? ""
        let redirectURI = query["redirect_uri"] ?? ""
        let lookup = try services.database.read { connection -> (Environment, [String])? in
            let environments = EnvironmentRepository(services: services)
            guard !clientID.isEmpty, let environment = try environments.fetchOne(clientID: clientID, in: connection)
            else { return nil }
            return (environment, try environments.redirectURIs(of: environment.id, in: connection))
        }
        guard let (environment, allowedURIs) = lookup else {
            return HostedPageRenderer.errorPage(
                status: .badRequest, title: "Invalid client",
                message: clientID.isEmpty
                    ? "The authorization request has no client_id."
                    : "The client_id '\(clientID)' does not belong to any environment."
            )
        }
        guard !redirectURI.isEmpty else {
            return HostedPageRenderer.errorPage(
                status: .badRequest, title: "Invalid redirect URI",
                message: "The authorization request has no redirect_uri."
            )
        }
        guard self.isAllowed(redirectURI: redirectURI, registered: allowedURIs) else {
            return HostedPageRenderer.errorPage(
                status: .badRequest, title: "Invalid redirect URI",
                message: "The redirect_uri '\(redirectURI)' is not allowed for this environment. Allowed: "
                    + "http://localhost:*, http://127.0.0.1:* and the environment's redirect URIs "
                    + "(POST /_emulator/redirect_uris adds one)."
            )
        }
        let state = query["state"]
        func fail(_ error: OAuthErrorCode, _ description: String) -> HTTPResponse {
            .redirect(
                to: URLQuery.appending(
                    [("error", error.rawValue), ("error_description", description), ("state", state)], to: redirectURI
                )
            )
        }
        switch self.validate(query, clientID: clientID, redirectURI: redirectURI) {
        case .failure(let problem):
            return fail(problem.error, problem.description)
        case .success(let parameters):
            let outcome = try services.database.write { connection -> Result<String, Problem> in
                if let problem = try self.checkReferences(parameters, environment: environment, services: services,
                                                          in: connection) {
                    return .failure(problem)
                }
                let (_, token) = try AuthorizationRequestRepository(services: services).create(
                    parameters, environmentID: environment.id, in: connection
                )
                return .success(token)
            }
            switch outcome {
            case .failure(let problem): return fail(problem.error, problem.description)
            case .success(let token):
                return .redirect(to: request.origin + AuthorizationRequest.pagePathPrefix + token)
            }
        }
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
    static func validate(_ query: QueryItems, clientID: String, redirectURI: String)
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
            parameters.codeChallenge = challenge
        } else if method != nil {
            return .failure(Problem(.invalidRequest, "code_challenge_method was given without code_challenge."))
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
        parameters.providerScopes = query.array("provider_scopes")
        parameters.providerQueryParams = self.providerQueryParams(query)
        return .success(parameters)
    }

    /// Checks what needs the store: the organization, the connection, the invitation.
    static func checkReferences(
        _ parameters: AuthorizationRequest.Parameters,
        environment: Environment,
        services: Services,
        in connection: Connection
    ) throws -> Problem? {
        if let organizationID = parameters.organizationID,
            try OrganizationRepository(environmentID: environment.id, services: services)
                .fetchOne(id: organizationID, in: connection) == nil
        {
            return Problem(.organizationNotFound, "Organization not found: '\(organizationID)'.")
        }
        if let connectionID = parameters.connectionID {
            // SSO connections reach AuthKit through /sso/authorize's simulated identity provider; the emulator's
            // AuthKit page knows none, so every connection_id is unknown here.
            return Problem(.invalidConnection, "Connection not found: '\(connectionID)'.")
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
    /// must equal one of the environment's.
    static func isAllowed(redirectURI: String, registered: [String]) -> Bool {
        guard let components = URLComponents(string: redirectURI), let scheme = components.scheme?.lowercased(),
            let host = components.host?.lowercased(), !host.isEmpty
        else { return false }
        if (scheme == "http" || scheme == "https"), ["localhost", "127.0.0.1", "::1", "[::1]"].contains(host) {
            return true
        }
        return registered.contains(redirectURI)
    }
}
