// workos-emulator — what else goes when an organization is deleted (catalog-A §2.2: its memberships are removed
// too).
// Licensed MIT.

import SQLite

/// Removes what depends on an organization before the organization row itself is deleted, each with its events.
enum OrganizationDeletion {
    /// Called by `OrganizationRepository.delete` inside its transaction, before the organization row is deleted:
    /// memberships (`organization_membership.deleted` each), then the organization's custom roles
    /// (`organization_role.deleted` each), then its invitations (WorkOS has no event for that), then its SSO
    /// connections (`connection.deleted` each), then its directories (`dsync.deleted` each; their users and groups
    /// go with them without events of their own, as for `DELETE /directories/{id}`, catalog-B §3.4).
    static func cascade(
        organizationID: String, environmentID: String, services: Services, in connection: Connection
    )
        throws
    {
        try OrganizationMembershipRepository(environmentID: environmentID, services: services)
            .deleteAll(organizationID: organizationID, in: connection)
        try RoleRepository(environmentID: environmentID, services: services)
            .deleteAll(organizationID: organizationID, in: connection)
        try InvitationRepository(environmentID: environmentID, services: services)
            .deleteAll(organizationID: organizationID, in: connection)
        try ConnectionRepository(environmentID: environmentID, services: services)
            .deleteAll(organizationID: organizationID, in: connection)
        try DirectoryRepository(environmentID: environmentID, services: services)
            .deleteAll(organizationID: organizationID, in: connection)
    }
}
