// workos-emulator — what happens between "the first factor is right" and "signed in": the AuthKit step-ups, shared by
// POST /user_management/authenticate and the hosted page (catalog-A §1.8, §6.3; emulator.md "Hosted sign-in pages").
// Licensed MIT.

import JSONCodec
import SQLite

/// A sign-in in progress: who, how (the first factor), for which organization, and which step-ups it passed.
struct SignInAttempt: Sendable {
    var user: User
    /// The first factor.
    var method: SignIn.Method
    /// The OAuth provider (API spelling), when `method` is `oauth`.
    var provider: String?
    /// The organization requested or chosen so far.
    var organizationID: String?
    var oauthTokens: JSON?
    var ipAddress: String?
    var userAgent: String?
    var completedSteps: Set<PendingAuthentication.Step> = []

    /// A new attempt after a successful first factor.
    init(user: User, method: SignIn.Method, ipAddress: String?, userAgent: String?) {
        self.user = user
        self.method = method
        self.ipAddress = ipAddress
        self.userAgent = userAgent
    }

    /// The attempt a pending authentication stored, with its user reloaded.
    init(resuming pending: PendingAuthentication, user: User) {
        self.user = user
        self.method = pending.method
        self.provider = pending.provider
        self.organizationID = pending.organizationID
        self.oauthTokens = pending.oauthTokens
        self.ipAddress = pending.ipAddress
        self.userAgent = pending.userAgent
        self.completedSteps = pending.completedSteps
    }

    /// The method the sign-in finishes with: the last step-up passed (`mfa`, `email_verification`), else the first
    /// factor. Organization selection is not a method of its own.
    var finishingMethod: SignIn.Method {
        if self.completedSteps.contains(.mfaChallenge) { return .mfa }
        if self.completedSteps.contains(.emailVerification) { return .emailVerification }
        return self.method
    }

    /// The first factor to record beside a step-up `finishingMethod`, else nil.
    var firstFactor: SignIn.Method? {
        self.finishingMethod == self.method ? nil : self.method
    }
}

/// Where a sign-in goes next.
enum SignInOutcome: Sendable {
    /// Every step-up passed: complete it (a session through `SignIn.complete`, or a code on the hosted page).
    case signedIn(SignInAttempt)
    /// A step-up is needed: the pending state is stored; `error` is the 403 body the API answers.
    case stepUp(PendingAuthentication, token: String, error: APIError)
}

/// The AuthKit step-ups, in AuthKit's order: e-mail verification (when the environment requires it), an MFA challenge
/// (when the user has a factor) or enrollment (when the environment requires MFA), organization selection (when the
/// user belongs to several organizations and none was requested).
struct SignInFlow {
    let environment: Environment
    let services: Services

    private var environmentID: String { self.environment.id }

    /// Decides the next step of `attempt`; step-ups are stored (with the e-mail verification code sent) before
    /// returning, so the caller must commit the transaction even though the API answers 403.
    func proceed(_ attempt: SignInAttempt, in connection: Connection) throws -> SignInOutcome {
        var attempt = attempt
        // Magic Auth and OAuth prove the address (the code reached it; the provider vouches for it).
        if !attempt.user.emailVerified, attempt.method == .magicAuth || attempt.method == .oauth {
            attempt.user = try UserRepository(environmentID: self.environmentID, services: self.services)
                .markEmailVerified(id: attempt.user.id, in: connection)
        }
        let settings = try EnvironmentRepository(services: self.services)
            .signInSettings(of: self.environmentID, in: connection)
        if !attempt.completedSteps.contains(.emailVerification), !attempt.user.emailVerified,
            attempt.method == .password, settings.requiresEmailVerification
        {
            let (_, verification) = try EmailVerificationRepository(
                environmentID: self.environmentID,
                services: self.services
            ).create(userID: attempt.user.id, in: connection)
            return try self.stepUp(
                attempt, .emailVerification, code: .emailVerificationRequired,
                message: "Email ownership must be verified before authentication.",
                details: ["email": .string(attempt.user.email), "email_verification_id": .string(verification.id)],
                emailVerificationID: verification.id, in: connection
            )
        }
        if !attempt.completedSteps.contains(.mfaChallenge), attempt.method != .sso {
            let factors = try AuthenticationFactorRepository(environmentID: self.environmentID, services: self.services)
                .fetchAllTOTP(userID: attempt.user.id, in: connection)
            if !factors.isEmpty {
                return try self.stepUp(
                    attempt, .mfaChallenge, code: .mfaChallenge,
                    message: "The user must complete an MFA challenge to finish authenticating.",
                    details: ["user": attempt.user.json, "authentication_factors": .array(factors.map(\.json))],
                    in: connection
                )
            }
            if settings.requiresMFA {
                // No factor yet: the app enrolls one (POST /user_management/users/:id/auth_factors), challenges it and
                // finishes with the mfa-totp grant and this token (catalog-A §1.8 `mfa_enrollment`).
                return try self.stepUp(
                    attempt, .mfaChallenge, code: .mfaEnrollment,
                    message: "The user must enroll in MFA to finish authenticating.",
                    details: ["user": attempt.user.json], in: connection
                )
            }
        }
        if attempt.organizationID == nil, !attempt.completedSteps.contains(.organizationSelection) {
            let organizations = try self.activeOrganizations(userID: attempt.user.id, in: connection)
            if organizations.count == 1 {
                // A single organization needs no choice: the session is scoped to it.
                attempt.organizationID = organizations[0].id
            } else if organizations.count > 1 {
                let listed: [JSON] = organizations.map { ["id": .string($0.id), "name": .string($0.name)] }
                return try self.stepUp(
                    attempt, .organizationSelection, code: .organizationSelectionRequired,
                    message: "The user must choose an organization to finish their authentication.",
                    details: ["user": attempt.user.json, "organizations": .array(listed)], in: connection
                )
            }
        }
        return .signedIn(attempt)
    }

    /// Stores a pending authentication waiting for `step` and the 403 the API answers for it: `code`, `message`,
    /// the `pending_authentication_token` and the `details` the SDK error classes read (catalog-A §1.8).
    private func stepUp(
        _ attempt: SignInAttempt,
        _ step: PendingAuthentication.Step,
        code: APIErrorCode,
        message: String,
        details: JSONObject,
        emailVerificationID: String? = nil,
        in connection: Connection
    ) throws -> SignInOutcome {
        let (pending, token) = try PendingAuthenticationRepository(
            environmentID: self.environmentID,
            services: self.services
        ).create(attempt, step: step, emailVerificationID: emailVerificationID, in: connection)
        var body: JSONObject = [
            "code": .string(code.rawValue),
            "message": .string(message),
            "pending_authentication_token": .string(token),
        ]
        for (key, value) in details { body[key] = value }
        return .stepUp(pending, token: token, error: APIError(status: .forbidden, body: body))
    }

    /// The organizations the user is an active member of, by membership age.
    func activeOrganizations(userID: String, in connection: Connection) throws -> [(id: String, name: String)] {
        try connection.fetchAll(
            """
            SELECT o.id AS id, o.name AS name FROM organization_memberships AS m
            JOIN organizations AS o ON o.id = m.organization_id
            WHERE m.environment_id = ? AND m.user_id = ? AND m.status = 'active'
            ORDER BY m.id
            """,
            [.text(self.environmentID), .text(userID)]
        ).map { (id: $0["id"] as String, name: $0["name"] as String) }
    }

    /// Accepts the invitation of `token` for `user`: 400 `invitation_invalid` unless it is pending, 400
    /// `invitation_cannot_be_used_for_email` when it was sent to another address. Returns its organization.
    func acceptInvitation(token: String, for user: User, in connection: Connection) throws -> String? {
        let invitations = InvitationRepository(environmentID: self.environmentID, services: self.services)
        let invitation: Invitation
        do {
            invitation = try invitations.require(token: token, in: connection)
        } catch is APIError {
            throw APIError.oauth(.invitationInvalid, "The invitation token is invalid.")
        }
        guard invitation.state == .pending else {
            throw APIError.oauth(.invitationInvalid, "The invitation is no longer pending.")
        }
        guard invitation.email == user.email else {
            throw APIError.oauth(
                .invitationCannotBeUsedForEmail,
                "The invitation was sent to another email address."
            )
        }
        return try invitations.accept(id: invitation.id, in: connection).organizationID
    }

    /// Completes a sign-in through `SignIn.complete`: the session, tokens and events; the AuthenticateResponse body.
    func complete(_ attempt: SignInAttempt, in connection: Connection) throws -> JSON {
        try SignIn.complete(
            user: attempt.user,
            organizationID: attempt.organizationID,
            method: attempt.finishingMethod,
            provider: attempt.provider,
            ipAddress: attempt.ipAddress,
            userAgent: attempt.userAgent,
            impersonator: nil,
            oauthTokens: attempt.oauthTokens,
            environment: self.environment,
            services: self.services,
            in: connection,
            firstFactor: attempt.firstFactor
        )
    }
}
