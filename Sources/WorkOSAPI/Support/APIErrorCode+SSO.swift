// workos-emulator — error codes of SSO: the error redirects of GET /sso/authorize, POST /sso/token, and AuthKit's
// sso_required (catalog-B §2.1–2.3; catalog-A §1.8).
// Licensed MIT.

extension OAuthErrorCode {
    /// `GET /sso/authorize`: no connection exists for the given id.
    public static let connectionInvalid = OAuthErrorCode(rawValue: "connection_invalid")
    /// `GET /sso/authorize`: no organization has that id, or it has no connection.
    public static let organizationInvalid = OAuthErrorCode(rawValue: "organization_invalid")
    /// `GET /sso/authorize`: the selector matches more than one connection.
    public static let ambiguousConnectionSelector = OAuthErrorCode(rawValue: "ambiguous_connection_selector")
    /// `GET /sso/authorize`: the provider has more than one connection in the environment.
    public static let connectionStrategyInvalid = OAuthErrorCode(rawValue: "connection_strategy_invalid")
    /// `GET /sso/authorize`: the connection is not active.
    public static let connectionUnlinked = OAuthErrorCode(rawValue: "connection_unlinked")
    /// `GET /sso/authorize`: no valid `connection`, `organization` or `provider` was given.
    public static let invalidConnectionSelector = OAuthErrorCode(rawValue: "invalid_connection_selector")
    /// `GET /sso/authorize`: the deprecated `domain` selector.
    public static let domainConnectionSelectorNotAllowed = OAuthErrorCode(
        rawValue: "domain_connection_selector_not_allowed"
    )
    /// The OAuth request at the provider failed.
    public static let oauthFailed = OAuthErrorCode(rawValue: "oauth_failed")
    /// SSO failed at the identity provider (RFC 6749 §4.1.2.1 `server_error`).
    public static let serverError = OAuthErrorCode(rawValue: "server_error")
    /// `POST /user_management/authenticate`: the e-mail's domain must sign in through SSO.
    public static let ssoRequired = OAuthErrorCode(rawValue: "sso_required")
}
