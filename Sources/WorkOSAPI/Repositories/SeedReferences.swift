// workos-emulator — how seed entries name users and organizations: by e-mail and by name, not by generated ids.
// Licensed MIT.

import SQLite

/// Resolves the `user_email` and `organization_name` references of seed entries (memberships, invitations).
enum SeedReferences {
    /// The id of the user with this e-mail, or a 400 "no user with email 'x'" that the seed error prefixes with the
    /// entry (`organization_memberships[1]: no user with email 'x'`).
    static func userID(
        email: String, environmentID: String, services: Services, in connection: Connection
    ) throws
        -> String
    {
        let users = UserRepository(environmentID: environmentID, services: services)
        guard let user = try users.fetchOne(email: email, in: connection) else {
            throw APIError.badRequest("no user with email '\(email)'")
        }
        return user.id
    }

    /// The id of the one organization with this exact name, or a 400 naming the problem (none, or several).
    static func organizationID(name: String, environmentID: String, in connection: Connection) throws -> String {
        let ids: [String] = try connection.fetchAll(
            "SELECT id FROM organizations WHERE environment_id = ? AND name = ? ORDER BY id LIMIT 2",
            [.text(environmentID), .text(name)]
        ).map { $0["id"] }
        guard let id = ids.first else { throw APIError.badRequest("no organization named '\(name)'") }
        guard ids.count == 1 else { throw APIError.badRequest("more than one organization is named '\(name)'") }
        return id
    }

    /// Both references of a membership entry.
    static func resolve(
        email: String,
        organizationName: String,
        environmentID: String,
        services: Services,
        in connection: Connection
    ) throws -> (userID: String, organizationID: String) {
        let userID = try self.userID(email: email, environmentID: environmentID, services: services, in: connection)
        let organizationID = try self.organizationID(
            name: organizationName, environmentID: environmentID, in: connection)
        return (userID, organizationID)
    }
}
