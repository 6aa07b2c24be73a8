// workos-emulator — the hosted AuthKit page an authorize call redirects to: account chooser, e-mail + password,
// sign-up, Magic Auth, OAuth provider consent, and the step-ups (emulator.md "Hosted sign-in pages").
// Licensed MIT.

import HTTP1
import JSONCodec
import PasswordHashing
import SQLite
import TokenSigning

/// `GET` shows the page bound to one authorize request, `POST` submits it. The scripted protocol: POST
/// form-encoded `email` (and `password`) to the exact URL the authorize call redirected to → 302
/// `redirect_uri?code=…&state=…`; a wrong password or unknown e-mail re-renders the page with 400 and issues
/// nothing.
///
/// Form fields: `action` (`choose`, `password`, `sign-up`, `magic`, `magic-code`, `verify-email`, `totp`,
/// `organization`, `oauth`, `deny`; optional: without it `email` + `password` is a password sign-in, `email` alone
/// picks that account, and an OAuth provider's page treats `email` as the consenting account), `email`, `password`,
/// `code`, `organization_id`, `first_name`, `last_name`.
enum HostedPages {
    /// The routes of this area (no API key: the token in the path is the credential).
    static func register(on routes: inout RouteTable) {
        routes.addPublic(.get, AuthorizationRequest.pagePathPrefix + ":token", self.show)
        routes.addPublic(.post, AuthorizationRequest.pagePathPrefix + ":token", self.submit)
    }

    /// Most accounts the chooser lists.
    static let chooserLimit = 50

    /// A page request: the authorize request, its environment, and the page's own path (the form action).
    struct Page {
        var request: AuthorizationRequest
        var environment: Environment
        var path: String
        var remoteAddress: String?
        var userAgent: String?
        var services: Services

        var flow: SignInFlow { SignInFlow(environment: self.environment, services: self.services) }
        var users: UserRepository { UserRepository(environmentID: self.environment.id, services: self.services) }
    }

    /// What a form submission carries.
    struct Form {
        var fields: JSONObject

        func string(_ key: String) -> String? {
            guard let text = self.fields[key]?.stringValue?.trimmingWhitespace(), !text.isEmpty else { return nil }
            return text
        }

        /// The password as typed (never trimmed).
        var password: String? {
            guard let text = self.fields["password"]?.stringValue, !text.isEmpty else { return nil }
            return text
        }
    }

    // MARK: Routes

    /// `GET /_emulator/authkit/{token}[?screen=sign-up|sign-in]`.
    @Sendable static func show(_ http: HTTPRequest, _ services: Services) throws -> HTTPResponse {
        let page: Page
        switch try self.load(http, services) {
        case .response(let response): return response
        case .page(let loaded): page = loaded
        }
        if let pendingID = page.request.pendingID {
            return try self.stepPage(page, pendingID: pendingID, message: nil, status: .ok)
        }
        if page.request.oauthProvider != nil { return try self.consentPage(page, message: nil, status: .ok) }
        let screen = http.query["screen"]
        if screen == "sign-up" || (page.request.isSignUp && screen != "sign-in") {
            return self.signUpPage(page, message: nil, status: .ok, email: page.request.parameters.loginHint)
        }
        return try self.signInPage(page, message: nil, status: .ok, email: page.request.parameters.loginHint)
    }

    /// `POST /_emulator/authkit/{token}`.
    @Sendable static func submit(_ http: HTTPRequest, _ services: Services) throws -> HTTPResponse {
        let page: Page
        switch try self.load(http, services) {
        case .response(let response): return response
        case .page(let loaded): page = loaded
        }
        let form = Form(fields: try BodyReader(http).object)
        var action = form.string("action")
        if action == nil {
            if page.request.pendingID != nil {
                action = form.string("organization_id") != nil ? "organization" : nil
            } else if page.request.oauthProvider != nil {
                action = "oauth"
            } else if form.password != nil {
                action = "password"
            } else if form.string("email") != nil {
                action = "choose"
            }
        }
        // An e-mail whose domain signs in through SSO goes to that connection's identity provider.
        if ["choose", "password", "sign-up", "magic"].contains(action ?? ""), let email = form.string("email"),
            let captured = try SSOIdentityProvider.capture(page, email: email, origin: http.origin)
        {
            return captured
        }
        do {
            switch action {
            case "choose": return try self.choose(page, form)
            case "password": return try self.passwordSignIn(page, form)
            case "sign-up": return try self.signUp(page, form)
            case "magic": return try self.sendMagicCode(page, form)
            case "magic-code": return try self.magicCodeSignIn(page, form)
            case "verify-email", "totp", "organization": return try self.step(page, form, action: action ?? "")
            case "oauth": return try self.consent(page, form)
            case "deny": return self.deny(page)
            default:
                if let pendingID = page.request.pendingID {
                    return try self.stepPage(
                        page,
                        pendingID: pendingID,
                        message: "Complete this step to continue.",
                        status: .badRequest
                    )
                }
                return try self.signInPage(page, message: "Enter your email address.", status: .badRequest, email: nil)
            }
        } catch let error as APIError {
            // A refusal inside a sign-in (an invalid invitation, …) is shown on the page, not as JSON.
            let message = error.body["error_description"]?.stringValue ?? error.message
            if let pendingID = page.request.pendingID {
                return try self.stepPage(page, pendingID: pendingID, message: message, status: error.status)
            }
            return try self.signInPage(page, message: message, status: error.status, email: form.string("email"))
        }
    }

    /// The page of this token: 404 for an unknown token, 410 once it issued a code or expired.
    /// A page, or the response that replaces it.
    enum Loaded {
        case page(Page)
        case response(HTTPResponse)
    }

    /// `prefix` is the page family of the route (`AuthorizationRequest.pagePathPrefix` for AuthKit's pages,
    /// `identityProviderPagePathPrefix` for SSO's); a token of the other family is not found.
    static func load(
        _ http: HTTPRequest,
        _ services: Services,
        prefix: String = AuthorizationRequest.pagePathPrefix
    ) throws -> Loaded {
        let token = http.parameters["token"] ?? ""
        let found = try services.database.read { connection -> (AuthorizationRequest, Environment)? in
            guard
                let request = try AuthorizationRequestRepository(services: services).fetchOne(
                    token: token,
                    in: connection
                ),
                request.pagePathPrefix == prefix,
                let environment = try EnvironmentRepository(services: services).fetchOne(
                    id: request.environmentID,
                    in: connection
                )
            else { return nil }
            return (request, environment)
        }
        guard let (request, environment) = found else {
            return .response(
                HostedPageRenderer.errorPage(
                    status: .notFound,
                    title: "Sign-in link not found",
                    message: "This sign-in page does not exist. Start again from the application."
                )
            )
        }
        if request.completedAt != nil {
            return .response(
                HostedPageRenderer.errorPage(
                    status: .gone,
                    title: "Sign-in link used",
                    message: "This sign-in page was already used. Start again from the application."
                )
            )
        }
        guard services.clock.now() < request.expiresAt else {
            return .response(
                HostedPageRenderer.errorPage(
                    status: .gone,
                    title: "Sign-in link expired",
                    message: "This sign-in page has expired. Start again from the application."
                )
            )
        }
        return .page(
            Page(
                request: request,
                environment: environment,
                path: prefix + token,
                remoteAddress: http.remoteAddress,
                userAgent: http.userAgent,
                services: services
            )
        )
    }

    // MARK: First factors

    /// `action=choose`: one click signs in as an existing account (no password: the emulator's account chooser).
    static func choose(_ page: Page, _ form: Form) throws -> HTTPResponse {
        guard let email = form.string("email") else {
            return try self.signInPage(page, message: "Choose an account.", status: .badRequest, email: nil)
        }
        guard let user = try page.services.database.read({ try page.users.fetchOne(email: email, in: $0) }) else {
            return try self.signInPage(
                page,
                message: "No account uses the email address \(email).",
                status: .badRequest,
                email: email
            )
        }
        return try self.begin(
            page,
            SignInAttempt(
                user: user,
                method: .password,
                ipAddress: page.remoteAddress,
                userAgent: page.userAgent
            )
        )
    }

    /// `action=password`: e-mail + password, checked outside the store's lock.
    static func passwordSignIn(_ page: Page, _ form: Form) throws -> HTTPResponse {
        let email = form.string("email")?.lowercased() ?? ""
        let found = try page.services.database.read { connection -> (User, String?)? in
            guard let user = try page.users.fetchOne(email: email, in: connection) else { return nil }
            return (user, try page.users.passwordHash(userID: user.id, in: connection))
        }
        guard let (user, hash) = found, let hash, let password = form.password,
            PasswordHasher.verify(password, against: hash)
        else {
            Authenticate.recordFailure(
                Authenticate.Failure(method: .password, email: email, userID: found?.0.id),
                APIError.badRequest(.invalidCredentials, "Invalid credentials."),
                environmentID: page.environment.id,
                services: page.services,
                ipAddress: page.remoteAddress,
                userAgent: page.userAgent
            )
            return try self.signInPage(page, message: "Incorrect email or password.", status: .badRequest, email: email)
        }
        return try self.begin(
            page,
            SignInAttempt(
                user: user,
                method: .password,
                ipAddress: page.remoteAddress,
                userAgent: page.userAgent
            )
        )
    }

    /// `action=sign-up`: a new user with a password (the strength rules of `POST /user_management/users`).
    static func signUp(_ page: Page, _ form: Form) throws -> HTTPResponse {
        let email = form.string("email") ?? ""
        guard let normalized = EmailAddress.normalized(email) else {
            return self.signUpPage(page, message: "Enter a valid email address.", status: .badRequest, email: email)
        }
        guard let password = form.password else {
            return self.signUpPage(page, message: "Choose a password.", status: .badRequest, email: email)
        }
        if let problem = UserPassword.strengthProblems(of: password).first {
            return self.signUpPage(page, message: problem.message, status: .badRequest, email: email)
        }
        let hash = PasswordHasher.hash(password)
        let created = try page.services.database.write { connection -> User? in
            guard try page.users.fetchOne(email: normalized, in: connection) == nil else { return nil }
            var creation = UserRepository.Creation(email: normalized)
            creation.firstName = form.string("first_name")
            creation.lastName = form.string("last_name")
            creation.passwordHash = hash
            return try page.users.create(creation, in: connection)
        }
        guard let user = created else {
            return self.signUpPage(
                page,
                message: "An account with this email address already exists. Sign in instead.",
                status: .badRequest,
                email: email
            )
        }
        return try self.begin(
            page,
            SignInAttempt(
                user: user,
                method: .password,
                ipAddress: page.remoteAddress,
                userAgent: page.userAgent
            )
        )
    }

    /// `action=magic`: creates a Magic Auth code (to the outbox; a new e-mail signs up) and asks for it.
    static func sendMagicCode(_ page: Page, _ form: Form) throws -> HTTPResponse {
        guard let email = form.string("email").flatMap(EmailAddress.normalized) else {
            return try self.signInPage(page, message: "Enter a valid email address.", status: .badRequest, email: nil)
        }
        try page.services.database.write { connection in
            _ = try MagicAuthRepository(environmentID: page.environment.id, services: page.services)
                .create(MagicAuthRepository.Request(email: email), in: connection)
        }
        return self.magicCodePage(page, email: email, message: "We sent a code to \(email).", status: .ok)
    }

    /// `action=magic-code`: `email` + `code` (`MagicAuthCheck`).
    static func magicCodeSignIn(_ page: Page, _ form: Form) throws -> HTTPResponse {
        let email = form.string("email")?.lowercased() ?? ""
        let code = form.string("code") ?? ""
        let outcome = try page.services.database.write { connection -> Result<User, APIError> in
            switch try MagicAuthCheck(environmentID: page.environment.id, services: page.services)
                .verify(email: email, code: code, in: connection)
            {
            case .failure(let error): return .failure(error)
            case .success(let use): return .success(try page.users.require(id: use.userID, in: connection))
            }
        }
        switch outcome {
        case .failure(let error):
            Authenticate.recordFailure(
                Authenticate.Failure(method: .magicAuth, email: email, userID: nil),
                error,
                environmentID: page.environment.id,
                services: page.services,
                ipAddress: page.remoteAddress,
                userAgent: page.userAgent
            )
            return self.magicCodePage(page, email: email, message: error.message, status: .badRequest)
        case .success(let user):
            return try self.begin(
                page,
                SignInAttempt(
                    user: user,
                    method: .magicAuth,
                    ipAddress: page.remoteAddress,
                    userAgent: page.userAgent
                )
            )
        }
    }

    /// `action=oauth` on a provider's page: the consenting account (an existing user, or a new one with the given
    /// names), linked to a `user_identities` row of the provider.
    static func consent(_ page: Page, _ form: Form) throws -> HTTPResponse {
        guard let provider = page.request.oauthProvider else {
            return try self.signInPage(
                page,
                message: "This page is not an OAuth provider's.",
                status: .badRequest,
                email: nil
            )
        }
        guard let email = form.string("email").flatMap(EmailAddress.normalized) else {
            return try self.consentPage(page, message: "Enter a valid email address.", status: .badRequest)
        }
        let now = page.services.clock.now()
        let user = try page.services.database.write { connection -> User in
            var user = try page.users.fetchOne(email: email, in: connection)
            if user == nil {
                var creation = UserRepository.Creation(email: email)
                creation.firstName = form.string("first_name")
                creation.lastName = form.string("last_name")
                creation.emailVerified = true
                user = try page.users.create(creation, in: connection)
            }
            guard let user else { throw APIError.internalError }
            // A stable id at the provider: the same account always maps to the same identity.
            let idpID = String(TokenDigest.sha256Hex(page.environment.id + "|" + provider + "|" + email).prefix(21))
            try page.users.linkIdentity(userID: user.id, idpID: idpID, provider: provider, in: connection)
            return user
        }
        var attempt = SignInAttempt(
            user: user,
            method: .oauth,
            ipAddress: page.remoteAddress,
            userAgent: page.userAgent
        )
        attempt.provider = provider
        attempt.oauthTokens = self.oauthTokens(
            provider: SignIn.responseProviderName(provider),
            scopes: page.request.parameters.providerScopes,
            now: now
        )
        return try self.begin(page, attempt)
    }

    /// The `oauth_tokens` a simulated OAuth provider hands out: opaque tokens valid for an hour, with the requested
    /// scopes (default `openid profile email`). Shared with the SSO identity provider page.
    static func oauthTokens(provider: String, scopes: [String], now: Timestamp) -> JSON {
        [
            "provider": .string(provider),
            "access_token": .string("emulated_oauth_access_" + RandomToken.alphanumeric(24)),
            "refresh_token": .string("emulated_oauth_refresh_" + RandomToken.alphanumeric(24)),
            "expires_at": .int(Int(now.unixSeconds + 3600)),
            "scopes": (scopes.isEmpty ? ["openid", "profile", "email"] : scopes).json,
        ]
    }

    /// `action=deny`: back to the application with `error=access_denied` (RFC 6749 §4.1.2.1).
    static func deny(_ page: Page) -> HTTPResponse {
        .redirect(
            to: URLQuery.appending(
                [
                    ("error", OAuthErrorCode.accessDenied.rawValue),
                    ("error_description", "The user denied the authorization request."),
                    ("state", page.request.parameters.state),
                ],
                to: page.request.parameters.redirectURI
            )
        )
    }

    // MARK: Step-ups and completion

    /// After a first factor: the organization the request names (the user must be an active member), the
    /// invitation of the request (accepted), then the step-ups.
    static func begin(_ page: Page, _ attempt: SignInAttempt) throws -> HTTPResponse {
        var attempt = attempt
        if let organizationID = page.request.parameters.organizationID {
            let isMember = try page.services.database.read { connection in
                try page.flow.activeOrganizations(userID: attempt.user.id, in: connection)
                    .contains { $0.id == organizationID }
            }
            guard isMember else {
                return try self.signInPage(
                    page,
                    message: "\(attempt.user.email) is not a member of this organization.",
                    status: .forbidden,
                    email: attempt.user.email
                )
            }
            attempt.organizationID = organizationID
        }
        return try page.services.database.write { connection in
            if let token = page.request.parameters.invitationToken {
                let invited = try page.flow.acceptInvitation(token: token, for: attempt.user, in: connection)
                attempt.organizationID = attempt.organizationID ?? invited
            }
            return try self.advance(page, attempt, in: connection)
        }
    }

    /// The next step-up, or a code and the redirect back to the application.
    static func advance(_ page: Page, _ attempt: SignInAttempt, in connection: Connection) throws -> HTTPResponse {
        let requests = AuthorizationRequestRepository(services: page.services)
        switch try page.flow.proceed(attempt, in: connection) {
        case .stepUp(let pending, _, let error):
            if error.body["code"]?.stringValue == APIErrorCode.mfaEnrollment.rawValue {
                // The page enrolls the factor itself, as AuthKit does, and shows its QR code with the code form.
                let user = try page.users.require(id: pending.userID, in: connection)
                let factors = AuthenticationFactorRepository(
                    environmentID: page.environment.id,
                    services: page.services
                )
                _ = try factors.enrollTOTP(
                    userID: user.id, issuer: page.environment.name, user: user.email, secret: nil, in: connection
                )
            }
            try requests.setPending(pending.id, of: page.request.id, in: connection)
            var updated = page
            updated.request.pendingID = pending.id
            return try self.stepPage(updated, pending: pending, message: nil, status: .ok, in: connection)
        case .signedIn(let attempt):
            guard try requests.complete(page.request.id, in: connection) else {
                throw APIError.oauth(.invalidGrant, "This sign-in page was already used.")
            }
            var code = AuthorizationCode(
                clientID: page.request.parameters.clientID,
                redirectURI: page.request.parameters.redirectURI,
                userID: attempt.user.id,
                method: attempt.finishingMethod
            )
            code.firstFactor = attempt.firstFactor
            code.organizationID = attempt.organizationID
            code.provider = attempt.provider
            code.oauthTokens = attempt.oauthTokens
            code.codeChallenge = page.request.parameters.codeChallenge
            code.ipAddress = attempt.ipAddress
            code.userAgent = attempt.userAgent
            let value = try AuthorizationCodeRepository(environmentID: page.environment.id, services: page.services)
                .issue(code, in: connection)
            return .redirect(
                to: URLQuery.appending(
                    [("code", value), ("state", page.request.parameters.state)],
                    to: page.request.parameters.redirectURI
                )
            )
        }
    }

    /// `action=verify-email` / `totp` / `organization`: the page's current step-up.
    static func step(_ page: Page, _ form: Form, action: String) throws -> HTTPResponse {
        guard let pendingID = page.request.pendingID else {
            return try self.signInPage(page, message: "There is no step to complete.", status: .badRequest, email: nil)
        }
        let pendings = PendingAuthenticationRepository(environmentID: page.environment.id, services: page.services)
        enum StepResult { case page(HTTPResponse), failed(String, Authenticate.Failure) }
        let result = try page.services.database.write { connection -> StepResult in
            // A pending sign-in lasts 10 minutes (PendingAuthentication.lifetimeSeconds), on the page as through the
            // API's grants (`PendingAuthenticationRepository.require`): the page itself lives longer.
            guard let pending = try pendings.fetchOne(id: pendingID, in: connection), pending.usedAt == nil,
                page.services.clock.now() < pending.expiresAt
            else {
                throw APIError.oauth(.invalidGrant, "This step is no longer valid. Start again from the application.")
            }
            let expected: String
            switch pending.step {
            case .emailVerification: expected = "verify-email"
            case .mfaChallenge: expected = "totp"
            case .organizationSelection: expected = "organization"
            }
            guard action == expected else {
                return .page(
                    try self.stepPage(
                        page,
                        pending: pending,
                        message: "Complete this step to continue.",
                        status: .badRequest,
                        in: connection
                    )
                )
            }
            var user = try page.users.require(id: pending.userID, in: connection)
            var organizationID = pending.organizationID
            switch pending.step {
            case .emailVerification:
                let code = form.string("code") ?? ""
                switch try EmailVerificationRepository(environmentID: page.environment.id, services: page.services)
                    .confirm(userID: user.id, code: code, in: connection)
                {
                case .success(let verified): user = verified
                case .failure(let error):
                    if let mapped = Authenticate.oneTimeCodeError(error) {
                        return .failed(
                            mapped.message,
                            Authenticate.Failure(
                                method: .emailVerification,
                                email: user.email,
                                userID: user.id
                            )
                        )
                    }
                }
            case .mfaChallenge:
                let factors = AuthenticationFactorRepository(
                    environmentID: page.environment.id,
                    services: page.services
                )
                // `OneTimeCode.maximumFailedAttempts` wrong codes end the step: the sign-in must start over.
                guard pending.failedAttempts < OneTimeCode.maximumFailedAttempts else {
                    throw APIError.oauth(
                        .invalidGrant, "Too many incorrect codes were entered. Start again from the application."
                    )
                }
                guard try factors.verifyAnyTOTP(userID: user.id, code: form.string("code") ?? "", in: connection) else {
                    try connection.execute(
                        "UPDATE pending_authentications SET failed_attempts = failed_attempts + 1 WHERE id = ?",
                        [.text(pending.id)]
                    )
                    return .failed(
                        "That code is not valid. Enter the current code from your authenticator app.",
                        Authenticate.Failure(method: .mfa, email: user.email, userID: user.id)
                    )
                }
            case .organizationSelection:
                let chosen = form.string("organization_id") ?? ""
                guard
                    try page.flow.activeOrganizations(userID: user.id, in: connection).contains(where: {
                        $0.id == chosen
                    })
                else {
                    return .page(
                        try self.stepPage(
                            page,
                            pending: pending,
                            message: "Choose one of your organizations.",
                            status: .badRequest,
                            in: connection
                        )
                    )
                }
                organizationID = chosen
            }
            guard try pendings.markUsed(id: pending.id, in: connection) else {
                throw APIError.oauth(.invalidGrant, "This step was already completed.")
            }
            var attempt = SignInAttempt(resuming: pending, user: user)
            attempt.organizationID = organizationID
            attempt.completedSteps.insert(pending.step)
            return .page(try self.advance(page, attempt, in: connection))
        }
        switch result {
        case .page(let response): return response
        case .failed(let message, let failure):
            Authenticate.recordFailure(
                failure,
                APIError.badRequest(.invalidOneTimeCode, message),
                environmentID: page.environment.id,
                services: page.services,
                ipAddress: page.remoteAddress,
                userAgent: page.userAgent
            )
            return try self.stepPage(page, pendingID: pendingID, message: message, status: .badRequest)
        }
    }

    // MARK: Pages

    /// The environment's users for the chooser (only the organization's active members when one is requested), with
    /// their organizations and whether they have an MFA factor.
    static func accounts(
        environmentID: String,
        organizationID: String?,
        services: Services,
        in connection: Connection
    ) throws -> [HostedPageRenderer.Account] {
        var sql = "SELECT * FROM users WHERE environment_id = ?"
        var arguments: [SQLValue] = [.text(environmentID)]
        if let organizationID {
            sql += """
                 AND id IN (SELECT user_id FROM organization_memberships
                    WHERE environment_id = ? AND organization_id = ? AND status = 'active')
                """
            arguments += [.text(environmentID), .text(organizationID)]
        }
        sql += " ORDER BY email LIMIT ?"
        let users = try connection.fetchAll(sql, arguments + [.integer(Int64(self.chooserLimit))]).map(User.init(row:))
        let withMFA = try AuthenticationFactorRepository(environmentID: environmentID, services: services)
            .userIDsWithFactors(in: connection)
        var organizations: [String: [String]] = [:]
        for row in try connection.fetchAll(
            """
            SELECT m.user_id AS user_id, o.name AS name FROM organization_memberships AS m
            JOIN organizations AS o ON o.id = m.organization_id
            WHERE m.environment_id = ? AND m.status = 'active' ORDER BY o.name
            """,
            [.text(environmentID)]
        ) {
            organizations[row["user_id"], default: []].append(row["name"])
        }
        return users.map { user in
            HostedPageRenderer.Account(
                name: user.name,
                email: user.email,
                organizations: organizations[user.id] ?? [],
                hasMFA: withMFA.contains(user.id)
            )
        }
    }

    /// The sign-in page: account chooser, e-mail + password, Magic Auth, a link to sign up.
    static func signInPage(_ page: Page, message: String?, status: HTTPStatus, email: String?) throws -> HTTPResponse {
        let (accounts, organizationName) = try page.services.database.read { connection in
            (
                try self.accounts(
                    environmentID: page.environment.id,
                    organizationID: page.request.parameters.organizationID,
                    services: page.services,
                    in: connection
                ),
                try page.request.parameters.organizationID.flatMap {
                    try OrganizationRepository(environmentID: page.environment.id, services: page.services)
                        .fetchOne(id: $0, in: connection)?.name
                }
            )
        }
        var body = ""
        if let organizationName { body += HostedPageRenderer.paragraph("Signing in to \(organizationName).") }
        body += HostedPageRenderer.accountChooser(action: page.path, accounts: accounts)
        body += HostedPageRenderer.passwordForm(action: page.path, email: email)
        body += HostedPageRenderer.magicForm(action: page.path, email: email)
        body += HostedPageRenderer.link(page.path + "?screen=sign-up", "No account? Sign up")
        return HostedPageRenderer.page(
            title: "Sign in to \(page.environment.name)",
            status: status,
            message: message,
            isError: status != .ok,
            body: body
        )
    }

    /// The sign-up page.
    static func signUpPage(_ page: Page, message: String?, status: HTTPStatus, email: String?) -> HTTPResponse {
        HostedPageRenderer.page(
            title: "Create an account",
            status: status,
            message: message,
            isError: status != .ok,
            body: HostedPageRenderer.signUpForm(action: page.path, email: email)
                + HostedPageRenderer.link(page.path + "?screen=sign-in", "Already have an account? Sign in")
        )
    }

    /// The Magic Auth code entry.
    static func magicCodePage(_ page: Page, email: String, message: String?, status: HTTPStatus) -> HTTPResponse {
        HostedPageRenderer.page(
            title: "Check your email",
            status: status,
            message: message,
            isError: status != .ok,
            body: HostedPageRenderer.codeForm(
                action: page.path,
                step: "magic-code",
                label: "Code sent to \(email)",
                hidden: [("email", email)]
            ) + HostedPageRenderer.link(page.path, "Use another method")
        )
    }

    /// The simulated OAuth provider's consent screen.
    static func consentPage(_ page: Page, message: String?, status: HTTPStatus) throws -> HTTPResponse {
        let provider = page.request.oauthProvider ?? ""
        let name = SignIn.responseProviderName(provider).replacingOccurrences(of: "OAuth", with: "")
        let accounts = try page.services.database.read { connection in
            try self.accounts(
                environmentID: page.environment.id,
                organizationID: nil,
                services: page.services,
                in: connection
            )
        }
        let scopes = page.request.parameters.providerScopes
        var body = HostedPageRenderer.paragraph(
            "The emulator plays \(name) here: choose the \(name) account to sign in with, or type one. A new address "
                + "creates the user."
        )
        if !scopes.isEmpty {
            body += HostedPageRenderer.paragraph(
                "\(page.environment.name) asks for: \(scopes.joined(separator: ", "))."
            )
        }
        body += HostedPageRenderer.accountChooser(
            action: page.path,
            accounts: accounts,
            buttonLabel: "Continue with \(name) as",
            step: "oauth"
        )
        body += """
            <section aria-labelledby="other-account"><h2 id="other-account">Another \(HTML.escape(name)) account</h2>
            <form method="post" action="\(HTML.escape(page.path))">
            <input type="hidden" name="action" value="oauth">
            <label for="email">Email</label>
            <input id="email" name="email" type="email" required \
            value="\(HTML.escape(page.request.parameters.loginHint ?? ""))">
            <label for="first_name">First name</label>
            <input id="first_name" name="first_name" type="text" autocomplete="given-name">
            <label for="last_name">Last name</label>
            <input id="last_name" name="last_name" type="text" autocomplete="family-name">
            <button type="submit">Allow</button>
            </form></section>
            <form method="post" action="\(HTML.escape(page.path))">
            <input type="hidden" name="action" value="deny">
            <button type="submit" class="deny">Deny</button>
            </form>

            """
        return HostedPageRenderer.page(
            title: "Sign in with \(name)",
            status: status,
            message: message,
            isError: status != .ok,
            body: body
        )
    }

    /// The page of a step-up, loading it first.
    static func stepPage(_ page: Page, pendingID: String, message: String?, status: HTTPStatus) throws -> HTTPResponse {
        try page.services.database.read { connection in
            guard
                let pending = try PendingAuthenticationRepository(
                    environmentID: page.environment.id,
                    services: page.services
                )
                .fetchOne(id: pendingID, in: connection)
            else { throw APIError.internalError }
            return try self.stepPage(page, pending: pending, message: message, status: status, in: connection)
        }
    }

    /// The page of a step-up: the e-mailed code, the TOTP code, or the organization choice.
    static func stepPage(
        _ page: Page,
        pending: PendingAuthentication,
        message: String?,
        status: HTTPStatus,
        in connection: Connection
    ) throws -> HTTPResponse {
        let user = try page.users.require(id: pending.userID, in: connection)
        let isError = status != .ok
        switch pending.step {
        case .emailVerification:
            return HostedPageRenderer.page(
                title: "Verify your email",
                status: status,
                message: message ?? "We sent a code to \(user.email).",
                isError: isError,
                body: HostedPageRenderer.codeForm(action: page.path, step: "verify-email", label: "Verification code")
            )
        case .mfaChallenge:
            // A factor enrolled during this sign-in (environment.require_mfa) is shown so it can be scanned.
            let startedAt = pending.expiresAt.adding(seconds: -PendingAuthentication.lifetimeSeconds)
            let factors = AuthenticationFactorRepository(environmentID: page.environment.id, services: page.services)
            let enrolled = try factors.fetchAllTOTP(userID: user.id, in: connection)
                .filter { $0.createdAt >= startedAt }
            var body = ""
            if let factor = enrolled.last, case .object(let form) = factor.enrolledJSON, let totp = form["totp"],
                let qrCode = totp["qr_code"]?.stringValue, let secret = totp["secret"]?.stringValue
            {
                body += "<p><img alt=\"QR code of the new authenticator\" width=\"200\" height=\"200\" src=\""
                    + HTML.escape(qrCode) + "\"></p>"
                body += HostedPageRenderer.paragraph("Or enter this secret in your authenticator app: " + secret)
            }
            body += HostedPageRenderer.codeForm(action: page.path, step: "totp", label: "Authentication code")
            return HostedPageRenderer.page(
                title: enrolled.isEmpty ? "Two-factor authentication" : "Set up two-factor authentication",
                status: status,
                message: message ?? "Enter the code from your authenticator app for \(user.email).",
                isError: isError,
                body: body
            )
        case .organizationSelection:
            let organizations = try page.flow.activeOrganizations(userID: user.id, in: connection)
            return HostedPageRenderer.page(
                title: "Choose an organization",
                status: status,
                message: message ?? "\(user.email) belongs to several organizations.",
                isError: isError,
                body: HostedPageRenderer.organizationChooser(action: page.path, organizations: organizations)
            )
        }
    }
}
