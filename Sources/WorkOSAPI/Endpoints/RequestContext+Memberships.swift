// workos-emulator — the repositories of roles, permissions, memberships and invitations, as handlers reach them.
// Licensed MIT.

extension RequestContext {
    /// The roles repository of this environment.
    var roles: RoleRepository { RoleRepository(environmentID: self.environment.id, services: self.services) }

    /// The permissions repository of this environment.
    var permissions: PermissionRepository {
        PermissionRepository(environmentID: self.environment.id, services: self.services)
    }

    /// The organization memberships repository of this environment.
    var memberships: OrganizationMembershipRepository {
        OrganizationMembershipRepository(environmentID: self.environment.id, services: self.services)
    }

    /// The invitations repository of this environment.
    var invitations: InvitationRepository {
        InvitationRepository(environmentID: self.environment.id, services: self.services)
    }
}
