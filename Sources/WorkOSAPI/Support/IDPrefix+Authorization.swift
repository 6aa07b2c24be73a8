// workos-emulator — id prefixes of roles, permissions, memberships and invitations (catalog-A §1.9).
// Licensed MIT.

extension IDPrefix {
    /// `role_`: an environment role or an organization (custom) role.
    public static let role = IDPrefix(rawValue: "role")
    /// `perm_`: a permission.
    public static let permission = IDPrefix(rawValue: "perm")
    /// `om_`: an organization membership.
    public static let organizationMembership = IDPrefix(rawValue: "om")
    /// `invitation_`: an invitation (the spec's prefix; WorkOS's own emulator uses `inv_`).
    public static let invitation = IDPrefix(rawValue: "invitation")
}
