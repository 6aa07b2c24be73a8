// workos-emulator — an SSO sign-in redeemed through AuthKit: the profile's user is created or linked, and joins the
// connection's organization (https://workos.com/docs/authkit/sso; catalog-A §6.3).
// Licensed MIT.

import SQLite

/// Turns the profile of an SSO authorization code into an AuthKit user.
enum SSOSignIn {
    /// The user of the code's profile: the environment's user with that e-mail (marked verified: the identity
    /// provider vouches for it) or a new one with the profile's names; made an active member of the connection's
    /// organization (the profile's role when the organization knows it, else the default role) unless it already
    /// has a membership there. Answers the user and the organization to scope the session to.
    static func user(
        for code: AuthorizationCode,
        environment: Environment,
        services: Services,
        in connection: Connection
    ) throws -> (user: User, organizationID: String?) {
        guard let profileID = code.profileID,
            let profile = try ProfileRepository(environmentID: environment.id, services: services)
                .fetchOne(id: profileID, in: connection)
        else { throw APIError.oauth(.invalidGrant, "The authorization code is invalid.") }
        let users = UserRepository(environmentID: environment.id, services: services)
        var user: User
        if let existing = try users.fetchOne(email: profile.email, in: connection) {
            user = existing.emailVerified ? existing : try users.markEmailVerified(id: existing.id, in: connection)
        } else {
            var creation = UserRepository.Creation(email: profile.email)
            creation.firstName = profile.firstName
            creation.lastName = profile.lastName
            creation.emailVerified = true
            user = try users.create(creation, in: connection)
        }
        let organizationID = profile.organizationID ?? code.organizationID
        if let organizationID {
            let memberships = OrganizationMembershipRepository(environmentID: environment.id, services: services)
            if try memberships.fetchOne(userID: user.id, organizationID: organizationID, in: connection) == nil {
                let roleSlugs = profile.roleSlug.flatMap { slug -> [String]? in
                    let known = try? memberships.resolveRoles([slug], organizationID: organizationID, in: connection)
                    return known == nil ? nil : [slug]
                }
                _ = try memberships.create(
                    userID: user.id,
                    organizationID: organizationID,
                    roleSlugs: roleSlugs,
                    in: connection
                )
            }
            user = try users.require(id: user.id, in: connection)
        }
        return (user, organizationID)
    }
}
