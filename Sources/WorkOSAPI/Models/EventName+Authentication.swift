// workos-emulator — event types of sessions and sign-ins (catalog-A §2.1–2.2).
// Licensed MIT.

extension EventName {
    public static let sessionCreated = EventName(rawValue: "session.created")
    public static let sessionRevoked = EventName(rawValue: "session.revoked")

    public static let authenticationPasswordSucceeded = EventName(rawValue: "authentication.password_succeeded")
    public static let authenticationMagicAuthSucceeded = EventName(rawValue: "authentication.magic_auth_succeeded")
    public static let authenticationOAuthSucceeded = EventName(rawValue: "authentication.oauth_succeeded")
    public static let authenticationSSOSucceeded = EventName(rawValue: "authentication.sso_succeeded")
    public static let authenticationEmailVerificationSucceeded = EventName(
        rawValue: "authentication.email_verification_succeeded"
    )
    public static let authenticationMFASucceeded = EventName(rawValue: "authentication.mfa_succeeded")
    public static let authenticationPasskeySucceeded = EventName(rawValue: "authentication.passkey_succeeded")

    public static let authenticationPasswordFailed = EventName(rawValue: "authentication.password_failed")
    public static let authenticationMagicAuthFailed = EventName(rawValue: "authentication.magic_auth_failed")
    public static let authenticationOAuthFailed = EventName(rawValue: "authentication.oauth_failed")
    public static let authenticationSSOFailed = EventName(rawValue: "authentication.sso_failed")
    public static let authenticationEmailVerificationFailed = EventName(
        rawValue: "authentication.email_verification_failed"
    )
    public static let authenticationMFAFailed = EventName(rawValue: "authentication.mfa_failed")
    public static let authenticationPasskeyFailed = EventName(rawValue: "authentication.passkey_failed")
}
