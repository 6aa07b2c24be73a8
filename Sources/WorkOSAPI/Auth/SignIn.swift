// workos-emulator — what every successful sign-in does, whatever the grant or page that proved who the user is
// (https://workos.com/docs/reference/authkit/authentication; catalog-A §2.2, §6.3, §6.5, §6.6).
// Licensed MIT.

import JSONCodec
import SQLite

/// Completes a successful sign-in: creates the session (`session.created`), issues the RS256 access token and a
/// refresh token, stamps `user.last_sign_in_at` (`user.updated`), emits `authentication.<method>_succeeded`, and
/// returns the AuthenticateResponse body.
public struct SignIn {
    /// How the user proved who they are.
    public enum Method: String, Sendable {
        case password
        case magicAuth = "magic_auth"
        case oauth
        case sso
        case emailVerification = "email_verification"
        case mfa
        case passkey
        case impersonation
        case deviceCode = "device_code"

        /// True for the methods that complete an earlier first factor (a step-up or a device approval), whose
        /// session keeps that factor's `auth_method`.
        var isSecondStep: Bool {
            self == .emailVerification || self == .mfa || self == .deviceCode
        }

        /// The session's `auth_method` (spec enum) for a first factor.
        var sessionAuthMethod: Session.AuthMethod {
            switch self {
            case .password: return .password
            case .magicAuth: return .magicCode
            case .oauth: return .oauth
            case .sso: return .sso
            case .passkey: return .passkey
            case .impersonation: return .impersonation
            case .emailVerification, .mfa, .deviceCode: return .unknown
            }
        }

        /// The AuthenticateResponse `authentication_method` for a first factor (the OAuth provider for `oauth`).
        func authenticationMethod(provider: String?) -> String? {
            switch self {
            case .password: return "Password"
            case .magicAuth: return "MagicAuth"
            case .oauth: return provider.map(SignIn.responseProviderName)
            case .sso: return "SSO"
            case .passkey: return "Passkey"
            case .impersonation: return "Impersonation"
            case .emailVerification, .mfa, .deviceCode: return nil
            }
        }

        /// `authentication.<type>_succeeded`, or nil for methods WorkOS sends no such event for.
        var succeededEvent: EventName? {
            switch self {
            case .password: return .authenticationPasswordSucceeded
            case .magicAuth: return .authenticationMagicAuthSucceeded
            case .oauth: return .authenticationOAuthSucceeded
            case .sso: return .authenticationSSOSucceeded
            case .emailVerification: return .authenticationEmailVerificationSucceeded
            case .mfa: return .authenticationMFASucceeded
            case .passkey: return .authenticationPasskeySucceeded
            case .impersonation, .deviceCode: return nil
            }
        }
    }

    /// Completes a sign-in of `user`, scoped to `organizationID` when given (the token's role claims come from the
    /// user's active membership there). `provider` names the OAuth provider (`GoogleOAuth`, …) for `oauth`;
    /// `impersonator` makes an impersonation session (`act` claim, `impersonator` in the response); `oauthTokens`
    /// is passed through as the response's `oauth_tokens`.
    ///
    /// For the second steps `emailVerification` and `mfa`, and for `deviceCode`, `firstFactor` is the method that
    /// started the sign-in (default `password`): the session's `auth_method` and the response's
    /// `authentication_method` are that factor's, the event is the step's (`device_code` emits the first factor's
    /// event only when it is given). `ssoConnectionID` fills `sso.connection_id` of `authentication.sso_succeeded`.
    public static func complete(
        user: User,
        organizationID: String?,
        method: Method,
        provider: String?,
        ipAddress: String?,
        userAgent: String?,
        impersonator: (email: String, reason: String?)?,
        oauthTokens: JSON?,
        environment: Environment,
        services: Services,
        in connection: Connection,
        firstFactor: Method? = nil,
        ssoConnectionID: String? = nil
    ) throws -> JSON {
        let factor = method.isSecondStep ? (firstFactor.flatMap { $0.isSecondStep ? nil : $0 } ?? .password) : method
        var event = method.succeededEvent
        if method == .deviceCode { event = firstFactor.flatMap { $0.isSecondStep ? nil : $0.succeededEvent } }

        let sessions = SessionRepository(environmentID: environment.id, services: services)
        var creation = SessionRepository.Creation(userID: user.id, authMethod: factor.sessionAuthMethod)
        creation.organizationID = organizationID
        creation.authenticationMethod = factor.authenticationMethod(provider: provider)
        creation.ipAddress = ipAddress
        creation.userAgent = userAgent
        creation.impersonator = impersonator.map { Session.Impersonator(email: $0.email, reason: $0.reason) }

        let events = EventLog(environmentID: environment.id, services: services)
        if let event {
            let eventMethod = method == .deviceCode ? (firstFactor ?? .password) : method
            try events.record(
                event,
                data: self.authenticationEventData(
                    method: eventMethod, user: user, provider: provider, organizationID: organizationID,
                    ssoConnectionID: ssoConnectionID, ipAddress: ipAddress, userAgent: userAgent
                ),
                organizationID: organizationID, in: connection
            )
        }
        let session = try sessions.create(creation, in: connection)
        let signedIn = try UserRepository(environmentID: environment.id, services: services)
            .stampSignIn(id: user.id, in: connection)
        let accessToken = try AccessToken.make(
            session: session, organizationID: organizationID, environment: environment, services: services,
            in: connection
        )
        let refreshToken = try sessions.issueRefreshToken(
            sessionID: session.id, organizationID: organizationID, in: connection
        )
        return self.response(
            user: signedIn, session: session, organizationID: organizationID, accessToken: accessToken,
            refreshToken: refreshToken, oauthTokens: oauthTokens
        )
    }

    /// The AuthenticateResponse body (catalog-A §6.3): `user`, `organization_id` when scoped, `access_token`,
    /// `refresh_token`, `authentication_method` when known, `impersonator` and `oauth_tokens` when present.
    static func response(
        user: User,
        session: Session,
        organizationID: String?,
        accessToken: String,
        refreshToken: String,
        oauthTokens: JSON?
    ) -> JSON {
        var body: JSONObject = ["user": user.json]
        if let organizationID { body["organization_id"] = .string(organizationID) }
        body["access_token"] = .string(accessToken)
        body["refresh_token"] = .string(refreshToken)
        if let method = session.authenticationMethod { body["authentication_method"] = .string(method) }
        if let impersonator = session.impersonator { body["impersonator"] = impersonator.json }
        if let oauthTokens, !oauthTokens.isNull { body["oauth_tokens"] = oauthTokens }
        return .object(body)
    }

    /// The `authentication.<type>_succeeded` payload (catalog-A §2.1): `type`, `status`, `ip_address`,
    /// `user_agent`, `user_id`, `email`; `sso` adds `{organization_id, connection_id, session_id}` and `oauth` adds
    /// `provider` when known.
    static func authenticationEventData(
        method: Method,
        user: User,
        provider: String?,
        organizationID: String?,
        ssoConnectionID: String?,
        ipAddress: String?,
        userAgent: String?
    ) -> JSON {
        var data: JSONObject = [
            "type": .string(method.rawValue),
            "status": "succeeded",
            "ip_address": ipAddress.json,
            "user_agent": userAgent.json,
            "user_id": .string(user.id),
            "email": .string(user.email),
        ]
        if method == .sso {
            data["sso"] = [
                "organization_id": organizationID.json, "connection_id": ssoConnectionID.json, "session_id": .null,
            ]
        }
        if method == .oauth, let provider { data["provider"] = .string(provider) }
        return .object(data)
    }

    /// The provider as AuthenticateResponse spells it: the API's `GithubOAuth` is `GitHubOAuth` there
    /// (catalog-A §6.2, §6.3).
    static func responseProviderName(_ provider: String) -> String {
        provider == "GithubOAuth" ? "GitHubOAuth" : provider
    }
}
