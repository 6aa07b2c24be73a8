// workos-emulator — id prefixes of User Management objects (catalog-A §1.9).
// Licensed MIT.

extension IDPrefix {
    /// `user_`: a user.
    public static let user = IDPrefix(rawValue: "user")
    /// `email_verification_`: an email verification code.
    public static let emailVerification = IDPrefix(rawValue: "email_verification")
    /// `password_reset_`: a password reset token.
    public static let passwordReset = IDPrefix(rawValue: "password_reset")
    /// `magic_auth_`: a Magic Auth code.
    public static let magicAuth = IDPrefix(rawValue: "magic_auth")
    /// `email_change_`: a pending e-mail change (internal; WorkOS exposes no id for it).
    public static let emailChange = IDPrefix(rawValue: "email_change")
    /// `user_identity_`: an OAuth identity linked to a user (internal; WorkOS exposes no id for it).
    public static let userIdentity = IDPrefix(rawValue: "user_identity")
    /// `email_`: an e-mail in the emulator's outbox (`GET /_emulator/emails`).
    public static let outboxEmail = IDPrefix(rawValue: "email")
}

extension IDPrefix {
    /// `redir_`: an allowed redirect URI (spec RedirectUri example `redir_01EHZNVPK3SFK441A1RGBFSHRT`).
    public static let redirectURI = IDPrefix(rawValue: "redir")
    /// `cors_origin_`: an allowed CORS origin (spec CorsOriginResponse example `cors_origin_01HXYZ…`).
    public static let corsOrigin = IDPrefix(rawValue: "cors_origin")
}
