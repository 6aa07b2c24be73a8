// workos-emulator — POST /user_management/authenticate, every grant (https://workos.com/docs/reference/authkit/
// authentication; catalog-A §1.8, §6.3). The refresh_token grant is `RefreshGrant`; sessions and tokens are
// `SignIn.complete`.
// Licensed MIT.

import HTTP1
import JSONCodec
import PasswordHashing
import SQLite

/// Exchanges a proof of identity for a session: the AuthenticateResponse, or a step-up 403, or an error in the code
/// or OAuth form. Works without an API key (public PKCE clients): the environment is the one of `client_id`, and a
/// `client_secret` (or Bearer key), when given, must be one of its API keys.
enum Authenticate {
    /// The routes of this area.
    static func register(on routes: inout RouteTable) {
        // Public PKCE clients call it from the browser: CORS for the client id's CORS origins (`CORSPolicy`). A
        // preflight carries no body, so it is answered for an origin any environment allows.
        routes.addPublic(
            .post, "/user_management/authenticate",
            CORSPolicy.allowing(self.authenticate) { request in
                (try? BodyReader(request))?.object["client_id"]?.stringValue
            }
        )
        routes.addPublic(
            .options, "/user_management/authenticate", CORSPolicy.preflight(methods: [.post]) { _ in nil }
        )
    }

    /// The `grant_type` values (catalog-A §6.3).
    enum GrantType: String, Sendable {
        case authorizationCode = "authorization_code"
        case password
        case refreshToken = "refresh_token"
        case magicAuth = "urn:workos:oauth:grant-type:magic-auth:code"
        case emailVerification = "urn:workos:oauth:grant-type:email-verification:code"
        case mfaTOTP = "urn:workos:oauth:grant-type:mfa-totp"
        case organizationSelection = "urn:workos:oauth:grant-type:organization-selection"
        case deviceCode = "urn:ietf:params:oauth:grant-type:device_code"

        /// Grants that only a confidential client (with its API key) may use.
        var needsClientSecret: Bool {
            switch self {
            case .authorizationCode, .refreshToken, .deviceCode: return false
            default: return true
            }
        }
    }

    /// A failed sign-in to report as `authentication.<method>_failed`.
    struct Failure: Sendable {
        var method: SignIn.Method
        var email: String?
        var userID: String?
    }

    /// What a grant's transaction decided; a rejection still commits (attempt counters, step-up state).
    enum Outcome: Sendable {
        case success(JSON)
        case rejected(APIError, Failure?)
    }

    /// One parsed request.
    struct Grant {
        var body: BodyReader
        var environment: Environment
        var services: Services
        var hasClientSecret: Bool
        var ipAddress: String?
        var userAgent: String?

        var flow: SignInFlow { SignInFlow(environment: self.environment, services: self.services) }

        /// A string field that is not blank, or nil (`authenticate` checked every field's type beforehand).
        func string(_ key: String) -> String? {
            guard let text = self.body.object[key]?.stringValue, !text.trimmingWhitespace().isEmpty else { return nil }
            return text
        }

        /// A required string field, else 400 `invalid_request`.
        func require(_ key: String) throws -> String {
            guard let text = self.string(key) else { throw APIError.oauth(.invalidRequest, "\(key) is required.") }
            return text
        }
    }

    /// `POST /user_management/authenticate` (JSON or form body).
    @Sendable static func authenticate(_ request: HTTPRequest, _ services: Services) throws -> HTTPResponse {
        let body = try BodyReader.oauth(request)
        try body.requireStringsOrNull(self.stringFields)
        func field(_ key: String) -> String? {
            guard let text = body.object[key]?.stringValue, !text.trimmingWhitespace().isEmpty else { return nil }
            return text
        }
        guard let grantName = field("grant_type") else {
            throw APIError.oauth(.invalidRequest, "grant_type is required.")
        }
        guard let grantType = GrantType(rawValue: grantName) else {
            throw APIError.oauth(.invalidRequest, "grant_type '\(grantName)' is not supported.")
        }
        guard let clientID = field("client_id") else { throw APIError.oauth(.invalidRequest, "client_id is required.") }
        guard
            let environment = try services.database.read({ connection in
                try EnvironmentRepository(services: services).fetchOne(clientID: clientID, in: connection)
            })
        else { throw APIError.oauth(.invalidClient, self.invalidClient) }
        // The API key may come as client_secret (SDKs send it in the body) and/or as the Bearer header. A header
        // that is malformed or names no key is a 401, as on every authenticated route.
        var secrets: [String] = []
        if let secret = field("client_secret") { secrets.append(secret) }
        if request.headers["Authorization"] != nil {
            guard let bearer = Authentication.bearerToken(of: request), services.keys.environment(forKey: bearer) != nil
            else { throw APIError.unauthorized }
            secrets.append(bearer)
        }
        for secret in secrets where services.keys.environment(forKey: secret)?.id != environment.id {
            // Worded as for an unknown client id, so that a caller cannot tell another environment's client id from
            // one that does not exist (issue 7).
            throw APIError.oauth(.invalidClient, self.invalidClient)
        }
        if grantType.needsClientSecret, secrets.isEmpty {
            throw APIError.oauth(.invalidClient, "client_secret is required for grant_type '\(grantName)'.")
        }
        let grant = Grant(
            body: body,
            environment: environment,
            services: services,
            hasClientSecret: !secrets.isEmpty,
            ipAddress: field("ip_address"),
            userAgent: field("user_agent")
        )
        let outcome: Outcome
        do {
            switch grantType {
            case .authorizationCode: outcome = try self.authorizationCode(grant)
            case .password: outcome = try self.password(grant)
            case .refreshToken: outcome = try self.refreshToken(grant)
            case .magicAuth: outcome = try self.magicAuth(grant)
            case .emailVerification: outcome = try self.emailVerification(grant)
            case .mfaTOTP: outcome = try self.totp(grant)
            case .organizationSelection: outcome = try self.organizationSelection(grant)
            case .deviceCode: outcome = try DeviceAuthorization.redeem(grant)
            }
        } catch let error as APIError {
            // A malformed request (missing or blank field) is refused before any sign-in is attempted: it is no
            // "failed authenticate" (catalog-A §2.2) and records nothing.
            if let method = self.failureMethod(of: grantType),
                error.body["error"]?.stringValue != OAuthErrorCode.invalidRequest.rawValue
            {
                self.recordFailure(Failure(method: method, email: field("email"), userID: nil), error, grant)
            }
            throw error
        }
        switch outcome {
        case .success(let json): return .json(json)
        case .rejected(let error, let failure):
            if let failure { self.recordFailure(failure, error, grant) }
            throw error
        }
    }

    /// The description of `invalid_client` for an unknown client id and for a secret of another environment alike
    /// (catalog-B §2.2's wording for `/sso/token`).
    static let invalidClient = "Invalid client ID or secret."

    /// Every body field a grant reads (catalog-A §6.3): each must be a string (or null) when present.
    static let stringFields = [
        "grant_type", "client_id", "client_secret", "code", "code_verifier", "redirect_uri", "invitation_token",
        "email", "password", "refresh_token", "organization_id", "pending_authentication_token",
        "authentication_challenge_id", "device_code", "ip_address", "user_agent",
    ]

    // MARK: Grants

    /// `authorization_code`: a code of the hosted page (or of an SSO connection's identity provider page), with the
    /// client secret or the PKCE `code_verifier` (RFC 7636 §4.5), checked by `AuthorizationCodeRepository.redeem`.
    /// An SSO code creates or links the profile's user (`SSOSignIn`) and emits `authentication.sso_succeeded`.
    static func authorizationCode(_ grant: Grant) throws -> Outcome {
        let value = try grant.require("code")
        let verifier = grant.string("code_verifier")
        guard grant.hasClientSecret || verifier != nil else {
            throw APIError.oauth(.invalidRequest, "client_secret or code_verifier is required.")
        }
        let clientID = try grant.require("client_id")
        let redirectURI = grant.string("redirect_uri")
        let invitationToken = grant.string("invitation_token")
        return try grant.services.database.write { connection in
            let code = try AuthorizationCodeRepository(environmentID: grant.environment.id, services: grant.services)
                .redeem(
                    value,
                    kind: .authkit,
                    clientID: clientID,
                    redirectURI: redirectURI,
                    verifier: verifier,
                    in: connection
                )
            let user: User
            var organizationID = code.organizationID
            if let userID = code.userID {
                guard
                    let found = try UserRepository(environmentID: grant.environment.id, services: grant.services)
                        .fetchOne(id: userID, in: connection)
                else { throw APIError.oauth(.invalidGrant, "The authorization code is invalid.") }
                user = found
            } else {
                // An SSO sign-in through AuthKit: the profile's user, created or linked now.
                let signIn = try SSOSignIn.user(
                    for: code,
                    environment: grant.environment,
                    services: grant.services,
                    in: connection
                )
                user = signIn.user
                organizationID = signIn.organizationID
            }
            if let invitationToken {
                let invited = try grant.flow.acceptInvitation(token: invitationToken, for: user, in: connection)
                organizationID = organizationID ?? invited
            }
            return .success(
                try SignIn.complete(
                    user: user,
                    organizationID: organizationID,
                    method: code.method,
                    provider: code.provider,
                    ipAddress: grant.ipAddress ?? code.ipAddress,
                    userAgent: grant.userAgent ?? code.userAgent,
                    impersonator: nil,
                    oauthTokens: code.oauthTokens,
                    environment: grant.environment,
                    services: grant.services,
                    in: connection,
                    firstFactor: code.firstFactor,
                    ssoConnectionID: code.connectionID
                )
            )
        }
    }

    /// `password`: `email` + `password` (400 `invalid_credentials` for an unknown e-mail, a user without a password
    /// or a wrong one; 403 `sso_required` for an e-mail domain that signs in through SSO), then the step-ups. The
    /// hash is checked outside the store's lock.
    static func password(_ grant: Grant) throws -> Outcome {
        let email = try grant.require("email").trimmingWhitespace().lowercased()
        let password = try grant.require("password")
        let invitationToken = grant.string("invitation_token")
        let users = UserRepository(environmentID: grant.environment.id, services: grant.services)
        // An e-mail domain of an organization with an active SSO connection signs in through it (catalog-A §1.8).
        if let ssoRequired = try grant.services.database.read({ connection in
            try SSORequirement.error(
                email: email,
                environmentID: grant.environment.id,
                services: grant.services,
                in: connection
            )
        }) {
            return .rejected(ssoRequired, Failure(method: .password, email: email, userID: nil))
        }
        let found = try grant.services.database.read { connection -> (User, String?)? in
            guard let user = try users.fetchOne(email: email, in: connection) else { return nil }
            return (user, try users.passwordHash(userID: user.id, in: connection))
        }
        guard let (user, hash) = found, let hash, UserPassword.verify(password, against: hash) else {
            return .rejected(
                APIError.badRequest(.invalidCredentials, "Invalid credentials."),
                Failure(method: .password, email: email, userID: found?.0.id)
            )
        }
        return try grant.services.database.write { connection in
            var attempt = SignInAttempt(
                user: user,
                method: .password,
                ipAddress: grant.ipAddress,
                userAgent: grant.userAgent
            )
            if let invitationToken {
                attempt.organizationID = try grant.flow.acceptInvitation(
                    token: invitationToken,
                    for: user,
                    in: connection
                )
            }
            return try self.finish(attempt, grant, in: connection)
        }
    }

    /// `refresh_token`: `RefreshGrant` (single use, rotating, optional `organization_id` switch).
    static func refreshToken(_ grant: Grant) throws -> Outcome {
        let token = try grant.require("refresh_token")
        let organizationID = grant.string("organization_id")
        let redeemed = try grant.services.database.write { connection in
            try RefreshGrant.redeem(
                token: token,
                organizationID: organizationID,
                ipAddress: grant.ipAddress,
                userAgent: grant.userAgent,
                environment: grant.environment,
                services: grant.services,
                in: connection
            )
        }
        // Signed outside the transaction (proposals.md item 1).
        return .success(try redeemed.response())
    }

    /// `urn:workos:oauth:grant-type:magic-auth:code`: `email` + `code` (`MagicAuthCheck`), the code's or the body's
    /// invitation, then the step-ups. A successful code verifies the e-mail.
    static func magicAuth(_ grant: Grant) throws -> Outcome {
        let email = try grant.require("email").trimmingWhitespace().lowercased()
        let code = try grant.require("code")
        let invitationToken = grant.string("invitation_token")
        return try grant.services.database.write { connection in
            let check = MagicAuthCheck(environmentID: grant.environment.id, services: grant.services)
            let use: MagicAuthUse
            switch try check.verify(email: email, code: code, in: connection) {
            case .failure(let error):
                return .rejected(error, Failure(method: .magicAuth, email: email, userID: nil))
            case .success(let result): use = result
            }
            let user = try UserRepository(environmentID: grant.environment.id, services: grant.services)
                .require(id: use.userID, in: connection)
            var attempt = SignInAttempt(
                user: user,
                method: .magicAuth,
                ipAddress: grant.ipAddress,
                userAgent: grant.userAgent
            )
            if let token = invitationToken ?? use.invitationToken {
                attempt.organizationID = try grant.flow.acceptInvitation(token: token, for: user, in: connection)
            }
            return try self.finish(attempt, grant, in: connection)
        }
    }

    /// `urn:workos:oauth:grant-type:email-verification:code`: the code e-mailed with `email_verification_required`
    /// plus its `pending_authentication_token`. Wrong, used and expired codes are `invalid_one_time_code`,
    /// `one_time_code_previously_used`, `one_time_code_expired`.
    static func emailVerification(_ grant: Grant) throws -> Outcome {
        let code = try grant.require("code")
        let token = try grant.require("pending_authentication_token")
        return try grant.services.database.write { connection in
            let pendings = PendingAuthenticationRepository(
                environmentID: grant.environment.id,
                services: grant.services
            )
            let pending = try pendings.require(token: token, step: .emailVerification, in: connection)
            let verifications = EmailVerificationRepository(
                environmentID: grant.environment.id,
                services: grant.services
            )
            let user: User
            switch try verifications.confirm(userID: pending.userID, code: code, in: connection) {
            case .success(let verified): user = verified
            case .failure(let error):
                let mapped = self.oneTimeCodeError(error)
                guard let mapped else {
                    // Verified meanwhile (another path confirmed the address): the step is passed.
                    user = try UserRepository(environmentID: grant.environment.id, services: grant.services)
                        .require(id: pending.userID, in: connection)
                    break
                }
                return .rejected(mapped, Failure(method: .emailVerification, email: nil, userID: pending.userID))
            }
            return try self.resume(pending, passing: .emailVerification, user: user, grant, pendings, in: connection)
        }
    }

    /// `urn:workos:oauth:grant-type:mfa-totp`: the TOTP `code` of the challenged factor, its
    /// `authentication_challenge_id` and the `pending_authentication_token` of `mfa_challenge`.
    static func totp(_ grant: Grant) throws -> Outcome {
        let code = try grant.require("code")
        let token = try grant.require("pending_authentication_token")
        let challengeID = try grant.require("authentication_challenge_id")
        return try grant.services.database.write { connection in
            let pendings = PendingAuthenticationRepository(
                environmentID: grant.environment.id,
                services: grant.services
            )
            let pending = try pendings.require(token: token, step: .mfaChallenge, in: connection)
            let factors = AuthenticationFactorRepository(environmentID: grant.environment.id, services: grant.services)
            guard let challenge = try factors.fetchChallenge(id: challengeID, in: connection),
                let factor = try factors.fetchOne(id: challenge.factorID, in: connection)
            else { throw APIError.notFound("Authentication challenge", id: challengeID) }
            guard factor.userID == pending.userID else {
                throw APIError.badRequest(
                    .userMismatch,
                    "The authentication challenge belongs to another user than the pending sign-in."
                )
            }
            guard challenge.verifiedAt == nil else {
                throw APIError.badRequest(
                    .authenticationChallengePreviouslyVerified,
                    "The authentication challenge was already verified."
                )
            }
            // The standalone verify's check: constant-time TOTP, wrong codes counted on the challenge, and after
            // `OneTimeCode.maximumFailedAttempts` of them 400 `one_time_code_too_many_attempts` even for the right one.
            guard try factors.verifyChallenge(id: challenge.id, code: code, in: connection).isValid else {
                return .rejected(
                    APIError.badRequest(.invalidOneTimeCode, "The one-time code is invalid."),
                    Failure(method: .mfa, email: nil, userID: pending.userID)
                )
            }
            return try self.resume(pending, passing: .mfaChallenge, user: nil, grant, pendings, in: connection)
        }
    }

    /// `urn:workos:oauth:grant-type:organization-selection`: one of the organizations listed by
    /// `organization_selection_required` (else 400 `invalid_organization_id`).
    static func organizationSelection(_ grant: Grant) throws -> Outcome {
        let token = try grant.require("pending_authentication_token")
        let organizationID = try grant.require("organization_id")
        return try grant.services.database.write { connection in
            let pendings = PendingAuthenticationRepository(
                environmentID: grant.environment.id,
                services: grant.services
            )
            let pending = try pendings.require(token: token, step: .organizationSelection, in: connection)
            let choices = try grant.flow.activeOrganizations(userID: pending.userID, in: connection)
            guard choices.contains(where: { $0.id == organizationID }) else {
                throw APIError.badRequest(
                    .invalidOrganizationID,
                    "The user is not an active member of organization '\(organizationID)'."
                )
            }
            return try self.resume(
                pending, passing: .organizationSelection, user: nil, organizationID: organizationID, grant, pendings,
                in: connection
            )
        }
    }

    // MARK: Helpers

    /// Runs the step-ups: signed in → the AuthenticateResponse; a step-up → its 403 (committed).
    /// Uses up a pending authentication token (a second use is 400 `invalid_pending_authentication_token`) and
    /// continues its sign-in with `step` passed; `user` is reloaded when the grant did not already load it.
    static func resume(
        _ pending: PendingAuthentication,
        passing step: PendingAuthentication.Step,
        user: User?,
        organizationID: String? = nil,
        _ grant: Grant,
        _ pendings: PendingAuthenticationRepository,
        in connection: Connection
    ) throws -> Outcome {
        guard try pendings.markUsed(id: pending.id, in: connection) else {
            throw APIError.badRequest(
                .invalidPendingAuthenticationToken,
                "The pending authentication token has already been used."
            )
        }
        let user = try user
            ?? UserRepository(environmentID: grant.environment.id, services: grant.services)
            .require(id: pending.userID, in: connection)
        var attempt = SignInAttempt(resuming: pending, user: user)
        if let organizationID { attempt.organizationID = organizationID }
        attempt.completedSteps.insert(step)
        return try self.finish(attempt, grant, in: connection)
    }

    static func finish(_ attempt: SignInAttempt, _ grant: Grant, in connection: Connection) throws -> Outcome {
        switch try grant.flow.proceed(attempt, in: connection) {
        case .signedIn(let attempt): return .success(try grant.flow.complete(attempt, in: connection))
        case .stepUp(_, _, let error): return .rejected(error, nil)
        }
    }

    /// The authenticate form of an e-mail verification error, or nil when the address is verified already.
    static func oneTimeCodeError(_ error: APIError) -> APIError? {
        switch error.body["code"]?.stringValue {
        case APIErrorCode.emailPreviouslyVerified.rawValue: return nil
        case APIErrorCode.emailVerificationCodeExpired.rawValue:
            return .badRequest(.oneTimeCodeExpired, "The one-time code has expired.")
        case APIErrorCode.emailVerificationCodePreviouslyUsed.rawValue:
            return .badRequest(.oneTimeCodePreviouslyUsed, "The one-time code has already been used.")
        default: return .badRequest(.invalidOneTimeCode, "The one-time code is invalid.")
        }
    }

    /// The sign-in method whose `_failed` event a grant reports, or nil (codes, refreshes, devices and organization
    /// selection report none).
    static func failureMethod(of grant: GrantType) -> SignIn.Method? {
        switch grant {
        case .password: return .password
        case .magicAuth: return .magicAuth
        case .emailVerification: return .emailVerification
        case .mfaTOTP: return .mfa
        default: return nil
        }
    }

    /// `authentication.<method>_failed` with `error: {code, message}`, in its own transaction (the failed request's
    /// changes, if any, were rolled back). Best effort: a failure to record never hides the original error.
    static func recordFailure(_ failure: Failure, _ error: APIError, _ grant: Grant) {
        self.recordFailure(
            failure,
            error,
            environmentID: grant.environment.id,
            services: grant.services,
            ipAddress: grant.ipAddress,
            userAgent: grant.userAgent
        )
    }

    /// `authentication.<method>_failed` for a failure anywhere (API or hosted page).
    static func recordFailure(
        _ failure: Failure,
        _ error: APIError,
        environmentID: String,
        services: Services,
        ipAddress: String?,
        userAgent: String?
    ) {
        guard let name = self.failedEvent(failure.method) else { return }
        let code = error.body["code"]?.stringValue ?? error.body["error"]?.stringValue ?? "unknown"
        let message = error.body["message"]?.stringValue ?? error.body["error_description"]?.stringValue ?? ""
        do {
            try services.database.write { connection in
                var email = failure.email
                if email == nil, let userID = failure.userID {
                    email = try UserRepository(environmentID: environmentID, services: services)
                        .fetchOne(id: userID, in: connection)?.email
                }
                let data: JSON = [
                    "type": .string(failure.method.rawValue),
                    "status": "failed",
                    "ip_address": ipAddress.json,
                    "user_agent": userAgent.json,
                    "user_id": failure.userID.json,
                    "email": email.json,
                    "error": ["code": .string(code), "message": .string(message)],
                ]
                try EventLog(environmentID: environmentID, services: services).record(
                    name,
                    data: data,
                    organizationID: nil,
                    in: connection
                )
            }
        } catch {
            services.log("authenticate: could not record \(name.rawValue): \(error)")
        }
    }

    /// `authentication.<method>_failed`.
    static func failedEvent(_ method: SignIn.Method) -> EventName? {
        switch method {
        case .password: return .authenticationPasswordFailed
        case .magicAuth: return .authenticationMagicAuthFailed
        case .oauth: return .authenticationOAuthFailed
        case .sso: return .authenticationSSOFailed
        case .emailVerification: return .authenticationEmailVerificationFailed
        case .mfa: return .authenticationMFAFailed
        case .passkey: return .authenticationPasskeyFailed
        case .impersonation, .deviceCode: return nil
        }
    }
}
