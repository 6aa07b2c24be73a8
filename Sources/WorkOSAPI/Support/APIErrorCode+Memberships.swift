// workos-emulator — error codes of roles, permissions, memberships and invitations, as the spec names them
// (openapi.yaml responses of /authorization/*, /user_management/organization_memberships*,
// /user_management/invitations*).
// Licensed MIT.

import JSONCodec

extension APIErrorCode {
    // MARK: Roles and permissions

    /// 400 on the authorization endpoints: a request the rules refuse (e.g. an org role slug without `org-`).
    public static let badRequest = APIErrorCode(rawValue: "bad_request")
    /// 409: an environment role with this slug exists.
    public static let roleSlugConflict = APIErrorCode(rawValue: "role_slug_conflict")
    /// 409: the organization already has a role with this slug.
    public static let organizationRoleSlugConflict = APIErrorCode(rawValue: "organization_role_slug_conflict")
    /// 409: a permission with this slug exists.
    public static let permissionSlugConflict = APIErrorCode(rawValue: "permission_slug_conflict")
    /// 409: the role is still held by organization memberships.
    public static let roleHasAssignments = APIErrorCode(rawValue: "role_has_assignments")

    // MARK: Organization memberships

    /// 400: `GET /user_management/organization_memberships` without `user_id` and `organization_id`.
    public static let missingUserIDOrOrganizationID = APIErrorCode(rawValue: "missing_user_id_or_organization_id")
    /// 422 (memberships) / 400 (invitations): the role slug names no role of the environment or organization.
    public static let invalidRole = APIErrorCode(rawValue: "invalid_role")
    /// 409: the user already has an active membership in the organization (not in the spec; the code apps check).
    public static let organizationMembershipAlreadyExists = APIErrorCode(
        rawValue: "organization_membership_already_exists"
    )
    /// 400: a pending membership cannot be deactivated; it should be deleted.
    public static let cannotDeactivatePendingOrganizationMembership = APIErrorCode(
        rawValue: "cannot_deactivate_pending_organization_membership"
    )
    /// 400: a pending membership cannot be reactivated; the invitation must be accepted.
    public static let cannotReactivatePendingOrganizationMembership = APIErrorCode(
        rawValue: "cannot_reactivate_pending_organization_membership"
    )

    // MARK: Invitations

    /// 400: a pending invitation to this organization exists for the e-mail.
    public static let emailAlreadyInvitedToOrganization = APIErrorCode(
        rawValue: "email_already_invited_to_organization"
    )
    /// 400: the user with this e-mail is already a member of the organization.
    public static let userAlreadyOrganizationMember = APIErrorCode(rawValue: "user_already_organization_member")
    /// 400: a pending invitation without organization exists for the e-mail.
    public static let emailAlreadyInvited = APIErrorCode(rawValue: "email_already_invited")
    /// 400: the recipient's domain cannot receive mail (the emulator: the reserved `.invalid` top-level domain).
    public static let emailDomainNotDeliverable = APIErrorCode(rawValue: "email_domain_not_deliverable")
    /// 400: an invitation without organization for an e-mail that already has a user.
    public static let userAlreadyExists = APIErrorCode(rawValue: "user_already_exists")
    /// 400: `expires_in_days` below 1.
    public static let expiresInDaysTooShort = APIErrorCode(rawValue: "expires_in_days_too_short")
    /// 400: `expires_in_days` above 30.
    public static let expiresInDaysTooLong = APIErrorCode(rawValue: "expires_in_days_too_long")
    /// 400: accept or revoke of an invitation that is not pending.
    public static let inviteNotPending = APIErrorCode(rawValue: "invite_not_pending")
    /// 400: accept of an invitation that cannot be honoured (its role no longer exists).
    public static let invalidInvite = APIErrorCode(rawValue: "invalid_invite")
    /// 400: resend of an expired invitation.
    public static let inviteExpired = APIErrorCode(rawValue: "invite_expired")
    /// 400: resend of a revoked invitation.
    public static let inviteRevoked = APIErrorCode(rawValue: "invite_revoked")
    /// 400: resend of an accepted invitation.
    public static let inviteAccepted = APIErrorCode(rawValue: "invite_accepted")
}

extension APIError {
    /// 422 with a `code` and `message` and no field list (`invalid_role`), plus any extra keys.
    public static func unprocessable(_ code: APIErrorCode, _ message: String, extra: JSONObject = [:]) -> APIError {
        var body: JSONObject = ["code": .string(code.rawValue), "message": .string(message)]
        for (key, value) in extra { body[key] = value }
        return APIError(status: .unprocessableEntity, body: body)
    }
}
