// workos-emulator — event types of users, email verification, password reset and Magic Auth (catalog-A §2.1–2.2).
// Licensed MIT.

extension EventName {
    public static let userCreated = EventName(rawValue: "user.created")
    public static let userUpdated = EventName(rawValue: "user.updated")
    public static let userDeleted = EventName(rawValue: "user.deleted")
    public static let emailVerificationCreated = EventName(rawValue: "email_verification.created")
    public static let passwordResetCreated = EventName(rawValue: "password_reset.created")
    public static let passwordResetSucceeded = EventName(rawValue: "password_reset.succeeded")
    public static let magicAuthCreated = EventName(rawValue: "magic_auth.created")
}
