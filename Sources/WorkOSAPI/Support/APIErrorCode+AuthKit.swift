// workos-emulator — error codes of AuthKit sign-in: authorize redirects, POST /user_management/authenticate and the
// device flow, as the spec and RFC 6749 / RFC 8628 name them (catalog-A §1.8, §6.3, §6.4).
// Licensed MIT.

extension APIErrorCode {
    /// 400: a PKCE `code_verifier` for a code whose authorize request had no `code_challenge`.
    public static let codeChallengeNotFound = APIErrorCode(rawValue: "code_challenge_not_found")
    /// 400: wrong e-mail or password.
    public static let invalidCredentials = APIErrorCode(rawValue: "invalid_credentials")
    /// 400: a wrong one-time code (Magic Auth, e-mail verification, TOTP).
    public static let invalidOneTimeCode = APIErrorCode(rawValue: "invalid_one_time_code")
    /// 400: the one-time code was used already.
    public static let oneTimeCodePreviouslyUsed = APIErrorCode(rawValue: "one_time_code_previously_used")
    /// 400: the one-time code has expired.
    public static let oneTimeCodeExpired = APIErrorCode(rawValue: "one_time_code_expired")
    /// 400: too many wrong one-time codes.
    public static let oneTimeCodeTooManyAttempts = APIErrorCode(rawValue: "one_time_code_too_many_attempts")
    /// 400: the pending authentication token is unknown, used, expired or for another step.
    public static let invalidPendingAuthenticationToken = APIErrorCode(
        rawValue: "invalid_pending_authentication_token"
    )
    /// 400: the MFA challenge belongs to another user than the pending sign-in.
    public static let userMismatch = APIErrorCode(rawValue: "user_mismatch")
    /// 400: an `organization_id` that is not one the pending sign-in may choose.
    public static let invalidOrganizationID = APIErrorCode(rawValue: "invalid_organization_id")
    /// 403 step-up: the e-mail must be verified first (catalog-A §1.8).
    public static let emailVerificationRequired = APIErrorCode(rawValue: "email_verification_required")
    /// 403 step-up: the user must pass an MFA challenge.
    public static let mfaChallenge = APIErrorCode(rawValue: "mfa_challenge")
    public static let mfaEnrollment = APIErrorCode(rawValue: "mfa_enrollment")
    /// 403 step-up: the user must choose one of their organizations.
    public static let organizationSelectionRequired = APIErrorCode(rawValue: "organization_selection_required")
    /// 404 / 422 for MFA challenges.
    public static let authenticationChallengeExpired = APIErrorCode(rawValue: "authentication_challenge_expired")
    /// 422: the challenge was verified already.
    public static let authenticationChallengePreviouslyVerified = APIErrorCode(
        rawValue: "authentication_challenge_previously_verified"
    )
}

extension OAuthErrorCode {
    /// RFC 6749 §4.1.2.1: the authorization server does not support this `response_type`.
    public static let unsupportedResponseType = OAuthErrorCode(rawValue: "unsupported_response_type")
    /// RFC 6749 §5.2: the grant type is not supported.
    public static let unsupportedGrantType = OAuthErrorCode(rawValue: "unsupported_grant_type")
    /// RFC 6749 §5.2: the client may not use this grant.
    public static let unauthorizedClient = OAuthErrorCode(rawValue: "unauthorized_client")
    /// RFC 8628 §3.5: the user has not approved the device yet.
    public static let authorizationPending = OAuthErrorCode(rawValue: "authorization_pending")
    /// RFC 8628 §3.5: polling faster than `interval`.
    public static let slowDown = OAuthErrorCode(rawValue: "slow_down")
    /// RFC 8628 §3.5: the device code expired.
    public static let expiredToken = OAuthErrorCode(rawValue: "expired_token")
    /// RFC 8628 §3.5 / RFC 6749 §4.1.2.1: the user denied the request.
    public static let accessDenied = OAuthErrorCode(rawValue: "access_denied")
    /// The invitation token is unknown or the invitation is no longer pending.
    public static let invitationInvalid = OAuthErrorCode(rawValue: "invitation_invalid")
    /// The invitation was sent to another e-mail address than the signing-in user's.
    public static let invitationCannotBeUsedForEmail = OAuthErrorCode(rawValue: "invitation_cannot_be_used_for_email")
    /// The SSO connection named by `connection_id` does not exist.
    public static let invalidConnection = OAuthErrorCode(rawValue: "invalid_connection")
    /// Sign-up is not possible here (an unknown e-mail where only existing users may sign in).
    public static let signUpNotAllowed = OAuthErrorCode(rawValue: "sign_up_not_allowed")
}

extension IDPrefix {
    /// `auth_factor_`: a user's MFA factor.
    public static let authenticationFactor = IDPrefix(rawValue: "auth_factor")
    /// `auth_challenge_`: an MFA challenge.
    public static let authenticationChallenge = IDPrefix(rawValue: "auth_challenge")
    /// `authorization_request_`: one validated authorize call (internal; WorkOS exposes none).
    public static let authorizationRequest = IDPrefix(rawValue: "authorization_request")
    /// `pending_authentication_`: a sign-in waiting for a step-up (internal).
    public static let pendingAuthentication = IDPrefix(rawValue: "pending_authentication")
    /// `device_authorization_`: an RFC 8628 device authorization (internal).
    public static let deviceAuthorization = IDPrefix(rawValue: "device_authorization")
}
