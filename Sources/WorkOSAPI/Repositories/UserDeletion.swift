// workos-emulator — what else goes when a user is deleted (catalog-A §2.2: `user.deleted` plus
// `organization_membership.deleted` for its memberships).
// Licensed MIT.

import SQLite

/// Removes what depends on a user before the user row itself is deleted, each with its events.
enum UserDeletion {
    /// Called by `UserRepository.delete` inside its transaction, before the user row is deleted.
    static func cascade(userID: String, environmentID: String, services: Services, in connection: Connection) throws {
    }
}
