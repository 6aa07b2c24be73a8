// workos-emulator — event names of roles, permissions, memberships and invitations (catalog-A §2.1–2.2).
// Licensed MIT.

extension EventName {
    public static let roleCreated = EventName(rawValue: "role.created")
    public static let roleUpdated = EventName(rawValue: "role.updated")
    public static let roleDeleted = EventName(rawValue: "role.deleted")
    public static let organizationRoleCreated = EventName(rawValue: "organization_role.created")
    public static let organizationRoleUpdated = EventName(rawValue: "organization_role.updated")
    public static let organizationRoleDeleted = EventName(rawValue: "organization_role.deleted")
    public static let permissionCreated = EventName(rawValue: "permission.created")
    public static let permissionUpdated = EventName(rawValue: "permission.updated")
    public static let permissionDeleted = EventName(rawValue: "permission.deleted")
    public static let organizationMembershipCreated = EventName(rawValue: "organization_membership.created")
    public static let organizationMembershipUpdated = EventName(rawValue: "organization_membership.updated")
    public static let organizationMembershipDeleted = EventName(rawValue: "organization_membership.deleted")
    public static let invitationCreated = EventName(rawValue: "invitation.created")
    public static let invitationAccepted = EventName(rawValue: "invitation.accepted")
    public static let invitationRevoked = EventName(rawValue: "invitation.revoked")
    public static let invitationResent = EventName(rawValue: "invitation.resent")
}
