// workos-emulator — SQL for directories (catalog-B §3.1, §3.4).
// Licensed MIT.

import JSONCodec
import SQLite

/// Reads and writes the directories of one environment; creating one records `dsync.activated` in the same
/// transaction.
public struct DirectoryRepository: Sendable {
    /// The fields of a new directory, already validated.
    public struct Creation: Sendable {
        /// The owning organization (must exist).
        public var organizationID: String
        /// Display name.
        public var name: String
        /// One of `Directory.types`.
        public var type: String
        /// The directory's domain, lower-case, if any.
        public var domain: String?
        /// A new directory of `type` named `name`.
        public init(organizationID: String, name: String, type: String) {
            self.organizationID = organizationID
            self.name = name
            self.type = type
        }
    }

    /// The environment this repository is scoped to.
    public let environmentID: String
    /// Id and time source.
    public let services: Services

    /// A repository scoped to one environment.
    public init(environmentID: String, services: Services) {
        self.environmentID = environmentID
        self.services = services
    }

    /// The directory with this id, or nil.
    public func fetchOne(id: String, in connection: Connection) throws -> Directory? {
        try connection.fetchOne(
            "SELECT * FROM directories WHERE environment_id = ? AND id = ?", [.text(self.environmentID), .text(id)]
        ).map(Directory.init(row:))
    }

    /// The directory with this id, or a 404.
    public func require(id: String, in connection: Connection) throws -> Directory {
        guard let directory = try self.fetchOne(id: id, in: connection) else {
            throw APIError.notFound("Directory", id: id)
        }
        return directory
    }

    /// Every directory of an organization, oldest first.
    public func fetchAll(organizationID: String, in connection: Connection) throws -> [Directory] {
        try connection.fetchAll(
            "SELECT * FROM directories WHERE environment_id = ? AND organization_id = ? ORDER BY id",
            [.text(self.environmentID), .text(organizationID)]
        ).map(Directory.init(row:))
    }

    /// A new `linked` directory (the provider connected, as at the end of an Admin Portal setup) with a random
    /// `external_key`; emits `dsync.activated`. 404 for an unknown organization.
    public func create(_ creation: Creation, in connection: Connection) throws -> Directory {
        let organization = try OrganizationRepository(environmentID: self.environmentID, services: self.services)
            .require(id: creation.organizationID, in: connection)
        let id = self.services.ids.make(.directory)
        let now = self.services.clock.now().iso8601
        try connection.execute(
            """
            INSERT INTO directories (id, environment_id, organization_id, external_key, name, type, state, domain,
                created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(id), .text(self.environmentID), .text(organization.id), .text(RandomToken.alphanumeric(16)),
                .text(creation.name), .text(creation.type), .text(Directory.State.linked.rawValue),
                SQLValue(creation.domain), .text(now), .text(now),
            ]
        )
        let directory = try self.require(id: id, in: connection)
        try EventLog(environmentID: self.environmentID, services: self.services).record(
            .dsyncActivated, data: directory.activatedEventData(organizationDomains: organization.domains),
            organizationID: organization.id, in: connection
        )
        return directory
    }
}
