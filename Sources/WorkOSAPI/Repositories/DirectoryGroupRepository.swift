// workos-emulator — SQL for directory groups and who is in them (catalog-B §3.3, §3.4).
// Licensed MIT.

import JSONCodec
import SQLite

/// Reads and writes the directory groups of one environment; every change records its `dsync.group.*` event in the
/// same transaction. The real API only reads groups: they come from the provider, here the control API and the seed.
public struct DirectoryGroupRepository: Sendable {
    /// The fields of a new group, already validated.
    public struct Creation: Sendable {
        public var name: String
        /// The group's id at the provider; generated when nil.
        public var idpID: String?
        /// The provider's payload (an object).
        public var rawAttributes: JSON = .object(JSONObject())

        /// A group named `name`.
        public init(name: String) {
            self.name = name
        }
    }

    /// The changes of `PUT /_emulator/directory_groups/{id}`, already validated; nil leaves a field alone.
    public struct Changes: Sendable {
        public var name: String?
        public var rawAttributes: JSON?
        /// No change.
        public init() {}
    }

    /// Filters of `GET /directory_groups`; at least one is set (the endpoint checks).
    public struct Filter: Sendable {
        public var directoryID: String?
        /// Groups this directory user belongs to.
        public var userID: String?
        /// No filter.
        public init() {}
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

    private var events: EventLog { EventLog(environmentID: self.environmentID, services: self.services) }

    // MARK: Reading

    /// The group with this id, or nil.
    public func fetchOne(id: String, in connection: Connection) throws -> DirectoryGroup? {
        try connection.fetchOne(
            "SELECT * FROM directory_groups WHERE environment_id = ? AND id = ?",
            [.text(self.environmentID), .text(id)]
        ).map(DirectoryGroup.init(row:))
    }

    /// The group with this id, or a 404.
    public func require(id: String, in connection: Connection) throws -> DirectoryGroup {
        guard let group = try self.fetchOne(id: id, in: connection) else {
            throw APIError.notFound("Directory group", id: id)
        }
        return group
    }

    /// One page of groups matching `filter`.
    public func list(
        _ filter: Filter,
        pagination: Pagination,
        in connection: Connection
    ) throws
        -> Page<DirectoryGroup>
    {
        var clauses = ["environment_id = ?"]
        var arguments: [SQLValue] = [.text(self.environmentID)]
        if let directoryID = filter.directoryID {
            clauses.append("directory_id = ?")
            arguments.append(.text(directoryID))
        }
        if let userID = filter.userID {
            clauses.append(
                "id IN (SELECT group_id FROM directory_group_members WHERE environment_id = ? AND user_id = ?)"
            )
            arguments += [.text(self.environmentID), .text(userID)]
        }
        return try connection.fetchPage(from: "directory_groups", where: clauses, arguments, pagination: pagination)
            .map(DirectoryGroup.init(row:))
    }

    /// The groups of each of these users, oldest first, in one query (a user's embedded `groups`).
    public func groups(ofUsers userIDs: [String], in connection: Connection) throws -> [String: [DirectoryGroup]] {
        guard !userIDs.isEmpty else { return [:] }
        var groups: [String: [DirectoryGroup]] = [:]
        // The ids travel as one bound JSON array (https://sqlite.org/json1.html#jeach), not as interpolated SQL.
        for row in try connection.fetchAll(
            """
            SELECT m.user_id AS member_id, g.* FROM directory_group_members AS m
            JOIN directory_groups AS g ON g.id = m.group_id
            WHERE m.environment_id = ? AND m.user_id IN (SELECT value FROM json_each(?)) ORDER BY g.id
            """,
            [.text(self.environmentID), .text(userIDs.json.serializedString)]
        ) {
            groups[row["member_id"], default: []].append(DirectoryGroup(row: row))
        }
        return groups
    }

    /// The ids of the users in a group, oldest first.
    func memberIDs(groupID: String, in connection: Connection) throws -> [String] {
        try connection.fetchAll(
            "SELECT user_id FROM directory_group_members WHERE environment_id = ? AND group_id = ? ORDER BY user_id",
            [.text(self.environmentID), .text(groupID)]
        ).map { $0["user_id"] }
    }

    // MARK: Writing

    /// A new group in a directory; emits `dsync.group.created`. 404 for an unknown directory; 422 when another group
    /// of the directory has the same `idp_id`.
    public func create(_ creation: Creation, directoryID: String, in connection: Connection) throws -> DirectoryGroup {
        let directory = try DirectoryRepository(environmentID: self.environmentID, services: self.services)
            .require(id: directoryID, in: connection)
        let idpID = creation.idpID ?? RandomToken.alphanumeric(20)
        try self.requireUnusedIdpID(idpID, directoryID: directory.id, in: connection)
        let id = self.services.ids.make(.directoryGroup)
        let now = self.services.clock.now().iso8601
        try connection.execute(
            """
            INSERT INTO directory_groups (id, environment_id, directory_id, organization_id, idp_id, name,
                raw_attributes, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(id), .text(self.environmentID), .text(directory.id), .text(directory.organizationID),
                .text(idpID), .text(creation.name), .text(creation.rawAttributes.serializedString), .text(now),
                .text(now),
            ]
        )
        let group = try self.require(id: id, in: connection)
        try self.events.record(
            .dsyncGroupCreated,
            data: group.json,
            organizationID: group.organizationID,
            in: connection
        )
        return group
    }

    /// Applies changes; emits `dsync.group.updated` with `previous_attributes` (the old values of the keys that
    /// changed, catalog-B §3.4) when anything changed, nothing otherwise.
    public func update(id: String, _ changes: Changes, in connection: Connection) throws -> DirectoryGroup {
        let before = try self.require(id: id, in: connection)
        var after = before
        if let name = changes.name { after.name = name }
        if let rawAttributes = changes.rawAttributes { after.rawAttributes = rawAttributes }
        guard after != before else { return before }
        try connection.execute(
            """
            UPDATE directory_groups SET name = ?, raw_attributes = ?, updated_at = ?
            WHERE environment_id = ? AND id = ?
            """,
            [
                .text(after.name), .text(after.rawAttributes.serializedString),
                .text(self.services.clock.now().iso8601), .text(self.environmentID), .text(id),
            ]
        )
        let updated = try self.require(id: id, in: connection)
        let previous = OrganizationRepository.previousAttributes(before: before.json, after: updated.json)
        guard case .object(var data) = updated.json else { return updated }
        data["previous_attributes"] = .object(previous)
        try self.events.record(
            .dsyncGroupUpdated,
            data: .object(data),
            organizationID: updated.organizationID,
            in: connection
        )
        return updated
    }

    /// Deletes a group (its memberships go with it); emits `dsync.group.deleted`. The catalog lists no
    /// `dsync.group.user_removed` for a deleted group's members (catalog-B §3.4), so none is sent.
    public func delete(id: String, in connection: Connection) throws {
        let existing = try self.require(id: id, in: connection)
        try connection.execute(
            "DELETE FROM directory_groups WHERE environment_id = ? AND id = ?",
            [.text(self.environmentID), .text(id)]
        )
        try self.events.record(
            .dsyncGroupDeleted,
            data: existing.json,
            organizationID: existing.organizationID,
            in: connection
        )
    }

    private func requireUnusedIdpID(_ idpID: String, directoryID: String, in connection: Connection) throws {
        let existing = try connection.fetchOne(
            "SELECT id FROM directory_groups WHERE environment_id = ? AND directory_id = ? AND idp_id = ?",
            [.text(self.environmentID), .text(directoryID), .text(idpID)]
        )
        if existing != nil {
            throw APIError.validation([
                .invalid("idp_id", "Another group of directory '\(directoryID)' has the idp_id '\(idpID)'.")
            ])
        }
    }
}
