// workos-emulator — error codes of users, email verification, email change, password reset and Magic Auth, as the
// spec names them (openapi.yaml responses of /user_management/users*, /password_reset*, /magic_auth*; catalog-A §6.1,
// §6.7–§6.9).
// Licensed MIT.

extension APIErrorCode {
    // MARK: Users

    /// 400 with `errors[]`: the user cannot be created (invalid or taken e-mail).
    public static let userCreationError = APIErrorCode(rawValue: "user_creation_error")
    /// 400 with `errors[]`: the password breaks the strength rules.
    public static let passwordStrengthError = APIErrorCode(rawValue: "password_strength_error")
    /// 400: `password_hash` is not a valid hash of `password_hash_type`.
    public static let invalidPasswordHash = APIErrorCode(rawValue: "invalid_password_hash")
    /// 400: both `password` and `password_hash` were given.
    public static let passwordAndPasswordHashProvided = APIErrorCode(rawValue: "password_and_password_hash_provided")
    /// 400: both `password` and `password_hash_type` were given.
    public static let passwordAndPasswordHashTypeProvided = APIErrorCode(
        rawValue: "password_and_password_hash_type_provided"
    )
    /// 400: `password_salt_position` without `password_hash`.
    public static let passwordSaltPositionRequiresPasswordHash = APIErrorCode(
        rawValue: "password_salt_position_requires_password_hash"
    )
    /// 400 (update) / 409 (email change): another user has this e-mail.
    public static let emailNotAvailable = APIErrorCode(rawValue: "email_not_available")
    /// 400 (update) / 422 (email change): the e-mail address is not valid.
    public static let invalidEmail = APIErrorCode(rawValue: "invalid_email")
    /// 400: `locale` is not a locale WorkOS knows.
    public static let invalidLocale = APIErrorCode(rawValue: "invalid_locale")
    /// 409: the user cannot be deleted.
    public static let userDeletionNotAllowed = APIErrorCode(rawValue: "user_deletion_not_allowed")

    // MARK: Email verification

    /// 400: a verification e-mail for a user whose e-mail is verified already.
    public static let emailAlreadyVerified = APIErrorCode(rawValue: "email_already_verified")
    /// 400: confirming a code for a user whose e-mail is verified already.
    public static let emailPreviouslyVerified = APIErrorCode(rawValue: "email_previously_verified")
    /// 400: the verification code was used already.
    public static let emailVerificationCodePreviouslyUsed = APIErrorCode(
        rawValue: "email_verification_code_previously_used"
    )
    /// 400: the verification code has expired.
    public static let emailVerificationCodeExpired = APIErrorCode(rawValue: "email_verification_code_expired")
    /// 400: the verification code is wrong.
    public static let emailVerificationCodeIncorrect = APIErrorCode(rawValue: "email_verification_code_incorrect")

    // MARK: Email change

    /// 409: the new e-mail is the user's current one.
    public static let emailChangeNotNeeded = APIErrorCode(rawValue: "email_change_not_needed")
    /// 409: the user has no pending e-mail change.
    public static let noPendingEmailChange = APIErrorCode(rawValue: "no_pending_email_change")
    /// 409: the e-mail change code was used already.
    public static let emailChangeCodePreviouslyUsed = APIErrorCode(rawValue: "email_change_code_previously_used")
    /// 400: the e-mail change code has expired.
    public static let emailChangeCodeExpired = APIErrorCode(rawValue: "email_change_code_expired")
    /// 400: the e-mail change code is wrong.
    public static let emailChangeCodeIncorrect = APIErrorCode(rawValue: "email_change_code_incorrect")
    /// 429: too many wrong codes for this e-mail change.
    public static let emailChangeTooManyAttempts = APIErrorCode(rawValue: "email_change_too_many_attempts")

    // MARK: Password reset

    /// 400 with `errors[]`: the token is unknown, used or expired, or the new password is too weak.
    public static let passwordResetError = APIErrorCode(rawValue: "password_reset_error")
    /// 400 (OAuth-style `error`): the invitation token is unknown or the invitation is no longer pending.
    public static let invitationInvalid = APIErrorCode(rawValue: "invitation_invalid")
    /// 404: no password reset has this token.
    public static let passwordResetTokenNotFound = APIErrorCode(rawValue: "password_reset_token_not_found")
}
