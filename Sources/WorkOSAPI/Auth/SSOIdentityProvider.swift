// workos-emulator — the simulated identity provider of an SSO connection: the page `GET /sso/authorize` (or AuthKit
// with a connection) redirects to, in the AuthKit page's frame; styled as the provider's consent screen for OAuth
// connections (emulator.md "Hosted sign-in pages"; catalog-B §2.1).
// Licensed MIT.

import HTTP1
import JSONCodec
import SQLite

/// `GET /_emulator/sso/{token}` shows the identity provider, `POST` submits it. The scripted protocol: POST
/// form-encoded `email` to the exact URL the authorize call redirected to → 302 `redirect_uri?code=…&state=…`.
///
/// Form fields: `action` (`sign-in`, the default; `deny` → `error=access_denied`; `error` → `error=server_error`,
/// the identity provider failing; `oauth-error` → `error=oauth_failed` on an OAuth provider), `email`, and for a new
/// account `first_name`, `last_name`. An e-mail the connection does not know is added just in time when its domain is
/// one of the connection's domains (any e-mail for an OAuth provider); any other answers 400 and issues no code.
enum SSOIdentityProvider {
    /// The routes of the page (no API key: the token in the path is the credential).
    static func register(on routes: inout RouteTable) {
        routes.addPublic(.get, AuthorizationRequest.identityProviderPagePathPrefix + ":token", self.show)
        routes.addPublic(.post, AuthorizationRequest.identityProviderPagePathPrefix + ":token", self.submit)
    }

    /// `GET /_emulator/sso/{token}`.
    @Sendable static func show(_ http: HTTPRequest, _ services: Services) throws -> HTTPResponse {
        switch try self.load(http, services) {
        case .response(let response): return response
        case .page(let page, let sso):
            return try self.render(page, sso, message: nil, status: .ok, email: page.request.parameters.loginHint)
        }
    }

    /// `POST /_emulator/sso/{token}`.
    @Sendable static func submit(_ http: HTTPRequest, _ services: Services) throws -> HTTPResponse {
        let page: HostedPages.Page
        let sso: SSOConnection
        switch try self.load(http, services) {
        case .response(let response): return response
        case .page(let loadedPage, let loadedConnection): (page, sso) = (loadedPage, loadedConnection)
        }
        let form = HostedPages.Form(fields: try BodyReader(http).object)
        switch form.string("action") ?? "sign-in" {
        case "sign-in": return try self.signIn(page, sso, form)
        case "deny":
            return self.fail(page, .accessDenied, "The user denied the authorization request at the identity provider.")
        case "error":
            return self.fail(page, .serverError, "The identity provider could not complete the sign-in.")
        case "oauth-error" where sso.connectionType.isOAuth:
            return self.fail(page, .oauthFailed, "The OAuth request to \(sso.connectionType.displayName) failed.")
        default:
            return try self.render(page, sso, message: "Unknown action.", status: .badRequest, email: nil)
        }
    }

    /// A page and its connection, or the response that replaces them.
    enum Loaded {
        case page(HostedPages.Page, SSOConnection)
        case response(HTTPResponse)
    }

    /// The page of this token (`HostedPages.load`: 404 unknown, 410 used or expired) and its connection (410 once
    /// deleted).
    static func load(_ http: HTTPRequest, _ services: Services) throws -> Loaded {
        let page: HostedPages.Page
        switch try HostedPages.load(http, services, prefix: AuthorizationRequest.identityProviderPagePathPrefix) {
        case .response(let response): return .response(response)
        case .page(let loaded): page = loaded
        }
        let sso = try services.database.read { connection in
            try page.request.parameters.connectionID.flatMap {
                try ConnectionRepository(environmentID: page.environment.id, services: services)
                    .fetchOne(id: $0, in: connection)
            }
        }
        guard let sso, sso.isActive else {
            return .response(
                HostedPageRenderer.errorPage(
                    status: .gone,
                    title: "Connection unavailable",
                    message: "The SSO connection of this sign-in no longer exists or is not active. Start again from "
                        + "the application."
                )
            )
        }
        return .page(page, sso)
    }

    /// AuthKit's domain capture: on the AuthKit page, an e-mail whose domain must sign in through SSO (see
    /// `SSORequirement`) moves the request to that connection's identity provider; answers the 302 there, or nil.
    static func capture(_ page: HostedPages.Page, email: String, origin: String) throws -> HTTPResponse? {
        guard page.request.pendingID == nil, !page.request.isIdentityProviderPage,
            let address = EmailAddress.normalized(email), let at = address.lastIndex(of: "@")
        else { return nil }
        let domain = String(address[address.index(after: at)...])
        let moved = try page.services.database.write { connection -> Bool in
            let connections = ConnectionRepository(environmentID: page.environment.id, services: page.services)
            guard let id = try connections.activeConnectionIDs(emailDomain: domain, in: connection).first,
                let sso = try connections.fetchOne(id: id, in: connection)
            else { return false }
            try AuthorizationRequestRepository(services: page.services).route(
                page.request.id,
                toConnection: sso.id,
                organizationID: sso.organizationID,
                loginHint: address,
                in: connection
            )
            return true
        }
        guard moved else { return nil }
        let token = page.path.dropFirst(AuthorizationRequest.pagePathPrefix.count)
        return .redirect(to: origin + AuthorizationRequest.identityProviderPagePathPrefix + token)
    }

    // MARK: Actions

    /// `action=sign-in`: the profile of `email` (known, or added just in time), a code, and the redirect back.
    static func signIn(
        _ page: HostedPages.Page,
        _ sso: SSOConnection,
        _ form: HostedPages.Form
    ) throws
        -> HTTPResponse
    {
        guard let email = form.string("email").flatMap(EmailAddress.normalized) else {
            return try self.render(
                page,
                sso,
                message: "Enter a valid email address.",
                status: .badRequest,
                email: form.string("email")
            )
        }
        let domain = String(email[email.index(after: email.lastIndex(of: "@") ?? email.startIndex)...])
        let mayJoin = sso.connectionType.isOAuth || sso.domains.contains { $0.domain == domain }
        let now = page.services.clock.now()
        let profiles = ProfileRepository(environmentID: page.environment.id, services: page.services)
        enum Outcome { case redirect(HTTPResponse), unknownUser, used }
        let outcome = try page.services.database.write { connection -> Outcome in
            var profile = try profiles.fetchOne(connectionID: sso.id, email: email, in: connection)
            if profile == nil, mayJoin {
                var declaration = ProfileRepository.Declaration.justInTime(email: email)
                if let first = form.string("first_name") { declaration.firstName = first }
                if let last = form.string("last_name") { declaration.lastName = last }
                profile = try profiles.insert(declaration, connectionID: sso.id, in: connection)
            }
            guard let profile else { return .unknownUser }
            // Two concurrent submissions cannot both get a code.
            guard try AuthorizationRequestRepository(services: page.services).complete(page.request.id, in: connection)
            else { return .used }
            let parameters = page.request.parameters
            var code = AuthorizationCode(
                kind: parameters.kind,
                clientID: parameters.clientID,
                redirectURI: parameters.redirectURI,
                profileID: profile.id,
                connectionID: sso.id
            )
            code.organizationID = sso.organizationID
            code.codeChallenge = parameters.codeChallenge
            code.ipAddress = page.remoteAddress
            code.userAgent = page.userAgent
            if sso.connectionType.isOAuth {
                code.provider = sso.connectionType.rawValue
                code.oauthTokens = HostedPages.oauthTokens(
                    provider: sso.connectionType.rawValue,
                    scopes: parameters.providerScopes,
                    now: now
                )
            }
            let value = try AuthorizationCodeRepository(environmentID: page.environment.id, services: page.services)
                .issue(code, in: connection)
            return .redirect(
                .redirect(
                    to: URLQuery.appending([("code", value), ("state", parameters.state)], to: parameters.redirectURI)
                )
            )
        }
        switch outcome {
        case .redirect(let response): return response
        case .used:
            return HostedPageRenderer.errorPage(
                status: .gone,
                title: "Sign-in link used",
                message: "This sign-in page was already used. Start again from the application."
            )
        case .unknownUser: break
        }
        return try self.render(
            page,
            sso,
            message: "\(email) is not a user of this identity provider. Choose a listed user, or use an address at "
                + (sso.domains.isEmpty
                    ? "one of the connection's domains (it has none)."
                    : sso.domains.map(\.domain).joined(separator: ", ") + "."),
            status: .badRequest,
            email: email
        )
    }

    /// Back to the application with `error` (RFC 6749 §4.1.2.1), `state` echoed; the page stays usable.
    static func fail(_ page: HostedPages.Page, _ error: OAuthErrorCode, _ description: String) -> HTTPResponse {
        Authorize.errorRedirect(
            Authorize.Problem(error, description),
            redirectURI: page.request.parameters.redirectURI,
            state: page.request.parameters.state
        )
    }

    // MARK: Page

    /// The identity provider's page: the users it knows, another e-mail, and the failure buttons. An OAuth
    /// provider's page reads as its consent screen.
    static func render(
        _ page: HostedPages.Page,
        _ sso: SSOConnection,
        message: String?,
        status: HTTPStatus,
        email: String?
    ) throws -> HTTPResponse {
        let profiles = try page.services.database.read { connection in
            try ProfileRepository(environmentID: page.environment.id, services: page.services)
                .fetchAll(connectionID: sso.id, limit: HostedPages.chooserLimit, in: connection)
        }
        let accounts = profiles.map { profile in
            HostedPageRenderer.Account(name: profile.name, email: profile.email, organizations: [], hasMFA: false)
        }
        let provider = sso.connectionType.displayName
        let parameters = page.request.parameters
        let isOAuth = sso.connectionType.isOAuth
        let title = isOAuth ? "Sign in with \(provider)" : "\(provider) sign-in: \(sso.name)"
        var body: String
        if isOAuth {
            body = HostedPageRenderer.paragraph(
                "The emulator plays \(provider) here: choose the \(provider) account to continue to "
                    + "\(page.environment.name) with, or use another one."
            )
            if !parameters.providerScopes.isEmpty {
                body += HostedPageRenderer.paragraph(
                    "\(page.environment.name) asks for: \(parameters.providerScopes.joined(separator: ", "))."
                )
            }
            if !parameters.providerQueryParams.isEmpty {
                let pairs = parameters.providerQueryParams.map { "\($0.key)=\($0.value)" }
                body += HostedPageRenderer.paragraph("Extra parameters: \(pairs.joined(separator: ", ")).")
            }
        } else {
            let domains = sso.domains.map(\.domain)
            body = HostedPageRenderer.paragraph(
                "The emulator plays the identity provider of the \(sso.connectionType.rawValue) connection "
                    + "\(sso.name) here. "
                    + (domains.isEmpty
                        ? "Choose one of its users."
                        : "Choose one of its users, or sign in with any address at \(domains.joined(separator: ", ")).")
            )
        }
        if parameters.prompt == "login" {
            body += HostedPageRenderer.paragraph("The application asked you to sign in again.")
        }
        body += HostedPageRenderer.accountChooser(
            action: page.path,
            accounts: accounts,
            buttonLabel: isOAuth ? "Continue with \(provider) as" : "Sign in as",
            step: "sign-in"
        )
        let otherAccount = isOAuth ? "Use another account" : "Sign in with another user"
        body += """
            <section aria-labelledby="other-account"><h2 id="other-account">\(otherAccount)</h2>
            <form method="post" action="\(HTML.escape(page.path))">
            <input type="hidden" name="action" value="sign-in">
            <label for="email">Email</label>
            <input id="email" name="email" type="email" autocomplete="username" required
             value="\(HTML.escape(email ?? ""))">
            <label for="first_name">First name</label>
            <input id="first_name" name="first_name" type="text" autocomplete="given-name">
            <label for="last_name">Last name</label>
            <input id="last_name" name="last_name" type="text" autocomplete="family-name">
            <button type="submit">\(isOAuth ? "Allow" : "Sign in")</button>
            </form></section>
            <section aria-labelledby="failures"><h2 id="failures">Simulate a failure</h2>
            <form method="post" action="\(HTML.escape(page.path))">
            <input type="hidden" name="action" value="deny">
            <button type="submit" class="deny">\(isOAuth ? "Deny" : "Deny access")</button>
            </form>
            <form method="post" action="\(HTML.escape(page.path))">
            <input type="hidden" name="action" value="error">
            <button type="submit" class="deny">Identity provider error</button>
            </form>

            """
        if isOAuth {
            body += """
                <form method="post" action="\(HTML.escape(page.path))">
                <input type="hidden" name="action" value="oauth-error">
                <button type="submit" class="deny">\(HTML.escape(provider)) OAuth failure</button>
                </form>

                """
        }
        body += "</section>\n"
        return HostedPageRenderer.page(
            title: title,
            status: status,
            message: message,
            isError: status != .ok,
            body: body
        )
    }
}
