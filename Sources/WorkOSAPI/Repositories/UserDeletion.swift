// workos-emulator — what else goes when a user is deleted (catalog-A §2.2: `user.deleted` plus
// `organization_membership.deleted` for its memberships).
// Licensed MIT.

import SQLite

/// Removes what depends on a user before the user row itself is deleted, each with its events.
enum UserDeletion {
    /// Called by `UserRepository.delete` inside its transaction, before the user row is deleted: every membership of
    /// the user goes, each with `organization_membership.deleted`. Invitations the user sent or accepted stay; the
    /// foreign keys clear `inviter_user_id` / `accepted_user_id`.
    static func cascade(userID: String, environmentID: String, services: Services, in connection: Connection) throws {
        try OrganizationMembershipRepository(environmentID: environmentID, services: services)
            .deleteAll(userID: userID, in: connection)
    }
}
