// workos-emulator — the seed's `directories` section: directories with their groups and users, restored by every
// reset (README "Seed format").
// Licensed MIT.

import JSONCodec
import SQLite

extension DirectorySync {
    /// Creates the seed's `directories`: control-API directory bodies that name their organization by
    /// `organization_name` (or `organization_id`), each with `groups` (group bodies) and `users` (user bodies whose
    /// `groups` name groups of the same entry by `name`). Emits the same events as the control API.
    @Sendable static func applySeed(
        _ seed: Seed,
        environmentID: String,
        services: Services,
        connection: Connection
    )
        throws
    {
        let section = "directories"
        let users = DirectoryUserRepository(environmentID: environmentID, services: services)
        let groups = DirectoryGroupRepository(environmentID: environmentID, services: services)
        for (index, object) in seed.section(section).enumerated() {
            do {
                var body = BodyReader(object: object)
                var organizationID = body.optionalString("organization_id").value
                if let name = body.optionalString("organization_name").value {
                    organizationID = try SeedReferences.organizationID(
                        name: name,
                        environmentID: environmentID,
                        in: connection
                    )
                }
                guard let organizationID else {
                    throw APIError.validation([.required("organization_name")])
                }
                let directory = try self.create(
                    try self.directoryCreation(from: &body, organizationID: organizationID),
                    environmentID,
                    services,
                    connection
                )
                var groupIDs: [String: String] = [:]
                for (groupIndex, groupObject) in (body.optionalObjectArray("groups") ?? []).enumerated() {
                    var groupBody = BodyReader(object: groupObject)
                    let group = try groups.create(
                        try self.groupCreation(from: &groupBody),
                        directoryID: directory.id,
                        in: connection
                    )
                    guard groupIDs.updateValue(group.id, forKey: group.name) == nil else {
                        throw APIError.badRequest("groups[\(groupIndex)]: two groups are named '\(group.name)'")
                    }
                }
                for userObject in body.optionalObjectArray("users") ?? [] {
                    var userBody = BodyReader(object: userObject)
                    var creation = try self.userCreation(from: &userBody)
                    creation.groupIDs = try creation.groupIDs.map { name in
                        guard let id = groupIDs[name] else {
                            throw APIError.badRequest("no group named '\(name)' in this directory")
                        }
                        return id
                    }
                    _ = try users.create(creation, directoryID: directory.id, in: connection)
                }
                try body.validate()
            } catch let error as APIError {
                throw EnvironmentRepository.seedError(section, index, error)
            }
        }
    }
}
