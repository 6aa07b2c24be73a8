// workos-emulator — SQL for directory users and their group memberships (catalog-B §3.2, §3.4).
// Licensed MIT.

import JSONCodec
import SQLite

/// Reads and writes the directory users of one environment; every change records its `dsync.user.*` and
/// `dsync.group.user_*` events in the same transaction. The real API only reads users: they come from the provider,
/// here the control API and the seed.
public struct DirectoryUserRepository: Sendable {
    /// The fields of a new user, already validated.
    public struct Creation: Sendable {
        public var emails: [DirectoryUser.Email] = []
        public var firstName: String?
        public var lastName: String?
        public var username: String?
        public var jobTitle: String?
        public var state: DirectoryUser.State = .active
        /// The mapped attributes (an object).
        public var customAttributes: JSON = .object(JSONObject())
        /// The provider's payload (an object).
        public var rawAttributes: JSON = .object(JSONObject())
        /// The user's id at the provider; generated when nil.
        public var idpID: String?
        /// Groups of the same directory it joins (`dsync.group.user_added` each).
        public var groupIDs: [String] = []

        /// An active user with no attributes.
        public init() {}
    }

    /// The changes of `PUT /_emulator/directory_users/{id}`, already validated: absent leaves a field alone, null
    /// clears it.
    public struct Changes: Sendable {
        public var emails: [DirectoryUser.Email]?
        public var firstName: Patch<String> = .absent
        public var lastName: Patch<String> = .absent
        public var username: Patch<String> = .absent
        public var jobTitle: Patch<String> = .absent
        public var state: DirectoryUser.State?
        public var customAttributes: JSON?
        public var rawAttributes: JSON?
        /// The complete set of groups after the change; nil leaves the memberships alone.
        public var groupIDs: [String]?

        /// No change.
        public init() {}
    }

    /// Filters of `GET /directory_users`; the endpoint checks that `directory` or `group` is set, and `directory`
    /// whenever `idp_id` or `email` is (catalog-B §3).
    public struct Filter: Sendable {
        public var directoryID: String?
        /// Members of this group.
        public var groupID: String?
        public var idpID: String?
        /// The primary e-mail, case-insensitive.
        public var email: String?
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
    private var groups: DirectoryGroupRepository {
        DirectoryGroupRepository(environmentID: self.environmentID, services: self.services)
    }

    // MARK: Reading

    /// The user with this id (with its groups), or nil.
    public func fetchOne(id: String, in connection: Connection) throws -> DirectoryUser? {
        try connection.fetchOne(
            "SELECT * FROM directory_users WHERE environment_id = ? AND id = ?",
            [.text(self.environmentID), .text(id)]
        ).map { try self.assemble([$0], in: connection)[0] }
    }

    /// The user with this id, or a 404.
    public func require(id: String, in connection: Connection) throws -> DirectoryUser {
        guard let user = try self.fetchOne(id: id, in: connection) else {
            throw APIError.notFound("Directory user", id: id)
        }
        return user
    }

    /// One page of users matching `filter`, each with its groups.
    public func list(
        _ filter: Filter,
        pagination: Pagination,
        in connection: Connection
    ) throws
        -> Page<DirectoryUser>
    {
        var clauses = ["environment_id = ?"]
        var arguments: [SQLValue] = [.text(self.environmentID)]
        if let directoryID = filter.directoryID {
            clauses.append("directory_id = ?")
            arguments.append(.text(directoryID))
        }
        if let groupID = filter.groupID {
            clauses.append(
                "id IN (SELECT user_id FROM directory_group_members WHERE environment_id = ? AND group_id = ?)"
            )
            arguments += [.text(self.environmentID), .text(groupID)]
        }
        if let idpID = filter.idpID {
            clauses.append("idp_id = ?")
            arguments.append(.text(idpID))
        }
        if let email = filter.email {
            // The column is COLLATE NOCASE (0012_directory_sync.sql): a case-insensitive match that uses the index.
            clauses.append("email = ?")
            arguments.append(.text(email))
        }
        let page = try connection.fetchPage(from: "directory_users", where: clauses, arguments, pagination: pagination)
        return Page(items: try self.assemble(page.items, in: connection), before: page.before, after: page.after)
    }

    /// Users from their rows, with their groups loaded in one query.
    private func assemble(_ rows: [Row], in connection: Connection) throws -> [DirectoryUser] {
        let groups = try self.groups.groups(ofUsers: rows.map { $0["id"] }, in: connection)
        return rows.map { DirectoryUser(row: $0, groups: groups[$0["id"]] ?? []) }
    }

    // MARK: Writing

    /// A new user in a directory; emits `dsync.user.created`, then `dsync.group.user_added` for each group it joins.
    /// 404 for an unknown directory; 422 for a group that is not the directory's, or an `idp_id` already used in it.
    public func create(_ creation: Creation, directoryID: String, in connection: Connection) throws -> DirectoryUser {
        let directory = try DirectoryRepository(environmentID: self.environmentID, services: self.services)
            .require(id: directoryID, in: connection)
        let groups = try self.requireGroups(creation.groupIDs, directoryID: directory.id, in: connection)
        let idpID = creation.idpID ?? RandomToken.alphanumeric(20)
        let clash = try connection.fetchOne(
            "SELECT id FROM directory_users WHERE environment_id = ? AND directory_id = ? AND idp_id = ?",
            [.text(self.environmentID), .text(directory.id), .text(idpID)]
        )
        if clash != nil {
            throw APIError.validation([
                .invalid("idp_id", "Another user of directory '\(directory.id)' has the idp_id '\(idpID)'.")
            ])
        }
        let id = self.services.ids.make(.directoryUser)
        let now = self.services.clock.now().iso8601
        try connection.execute(
            """
            INSERT INTO directory_users (id, environment_id, directory_id, organization_id, idp_id, email, first_name,
                last_name, username, job_title, state, emails, custom_attributes, raw_attributes, created_at,
                updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(id), .text(self.environmentID), .text(directory.id), .text(directory.organizationID),
                .text(idpID), SQLValue(DirectoryUser.primaryAddress(of: creation.emails)),
                SQLValue(creation.firstName), SQLValue(creation.lastName), SQLValue(creation.username),
                SQLValue(creation.jobTitle), .text(creation.state.rawValue),
                .text(JSON.array(creation.emails.map(\.json)).serializedString),
                .text(creation.customAttributes.serializedString), .text(creation.rawAttributes.serializedString),
                .text(now), .text(now),
            ]
        )
        let created = try self.require(id: id, in: connection)
        try self.events.record(
            .dsyncUserCreated,
            data: created.eventJSON,
            organizationID: created.organizationID,
            in: connection
        )
        try self.join(created, groups, in: connection)
        return try self.require(id: id, in: connection)
    }

    /// Applies changes; emits `dsync.user.updated` with `previous_attributes` (the old values of the keys that
    /// changed, catalog-B §3.4) when an attribute changed, then `dsync.group.user_removed` / `user_added` for each
    /// group it left or joined. Nothing changed, nothing emitted.
    public func update(id: String, _ changes: Changes, in connection: Connection) throws -> DirectoryUser {
        let before = try self.require(id: id, in: connection)
        var after = before
        if let emails = changes.emails {
            after.emails = emails
            after.email = DirectoryUser.primaryAddress(of: emails)
        }
        Self.apply(changes.firstName, to: &after.firstName)
        Self.apply(changes.lastName, to: &after.lastName)
        Self.apply(changes.username, to: &after.username)
        Self.apply(changes.jobTitle, to: &after.jobTitle)
        if let state = changes.state { after.state = state }
        if let customAttributes = changes.customAttributes { after.customAttributes = customAttributes }
        if let rawAttributes = changes.rawAttributes { after.rawAttributes = rawAttributes }
        let targetGroups = try changes.groupIDs.map {
            try self.requireGroups($0, directoryID: before.directoryID, in: connection)
        }

        var current = before
        if after.eventJSON != before.eventJSON {
            try connection.execute(
                """
                UPDATE directory_users SET email = ?, first_name = ?, last_name = ?, username = ?, job_title = ?,
                    state = ?, emails = ?, custom_attributes = ?, raw_attributes = ?, updated_at = ?
                WHERE environment_id = ? AND id = ?
                """,
                [
                    SQLValue(after.email), SQLValue(after.firstName), SQLValue(after.lastName),
                    SQLValue(after.username), SQLValue(after.jobTitle), .text(after.state.rawValue),
                    .text(JSON.array(after.emails.map(\.json)).serializedString),
                    .text(after.customAttributes.serializedString), .text(after.rawAttributes.serializedString),
                    .text(self.services.clock.now().iso8601), .text(self.environmentID), .text(id),
                ]
            )
            current = try self.require(id: id, in: connection)
            let previous = OrganizationRepository.previousAttributes(
                before: before.eventJSON,
                after: current.eventJSON
            )
            guard case .object(var data) = current.eventJSON else { return current }
            data["previous_attributes"] = .object(previous)
            try self.events.record(
                .dsyncUserUpdated,
                data: .object(data),
                organizationID: current.organizationID,
                in: connection
            )
        }
        if let targetGroups {
            let targetIDs = Set(targetGroups.map(\.id))
            let left = current.groups.filter { !targetIDs.contains($0.id) }
            let currentIDs = Set(current.groups.map(\.id))
            try self.leave(current, left, in: connection)
            try self.join(current, targetGroups.filter { !currentIDs.contains($0.id) }, in: connection)
        }
        return try self.require(id: id, in: connection)
    }

    /// Deletes a user (its memberships go with it); emits `dsync.user.deleted` with the user as it was. The catalog
    /// lists no `dsync.group.user_removed` for a deleted user (catalog-B §3.4), so none is sent.
    public func delete(id: String, in connection: Connection) throws {
        let existing = try self.require(id: id, in: connection)
        try connection.execute(
            "DELETE FROM directory_users WHERE environment_id = ? AND id = ?",
            [.text(self.environmentID), .text(id)]
        )
        try self.events.record(
            .dsyncUserDeleted,
            data: existing.eventJSON,
            organizationID: existing.organizationID,
            in: connection
        )
    }

    // MARK: Memberships

    /// Adds the user to each group, with `dsync.group.user_added` `{directory_id, user, group}` each.
    private func join(_ user: DirectoryUser, _ groups: [DirectoryGroup], in connection: Connection) throws {
        let now = self.services.clock.now().iso8601
        for group in groups {
            try connection.execute(
                """
                INSERT INTO directory_group_members (environment_id, group_id, user_id, created_at)
                VALUES (?, ?, ?, ?)
                """,
                [.text(self.environmentID), .text(group.id), .text(user.id), .text(now)]
            )
            try self.events.record(
                .dsyncGroupUserAdded,
                data: Self.membershipData(user, group),
                organizationID: user.organizationID,
                in: connection
            )
        }
    }

    /// Removes the user from each group, with `dsync.group.user_removed` `{directory_id, user, group}` each.
    private func leave(_ user: DirectoryUser, _ groups: [DirectoryGroup], in connection: Connection) throws {
        for group in groups {
            try connection.execute(
                "DELETE FROM directory_group_members WHERE environment_id = ? AND group_id = ? AND user_id = ?",
                [.text(self.environmentID), .text(group.id), .text(user.id)]
            )
            try self.events.record(
                .dsyncGroupUserRemoved,
                data: Self.membershipData(user, group),
                organizationID: user.organizationID,
                in: connection
            )
        }
    }

    /// The data of `dsync.group.user_added` / `user_removed` (catalog-B §3.4).
    static func membershipData(_ user: DirectoryUser, _ group: DirectoryGroup) -> JSON {
        ["directory_id": .string(user.directoryID), "user": user.eventJSON, "group": group.json]
    }

    /// The groups with these ids, in order and without repeats; a 422 naming `groups[i]` for one that is not a group
    /// of the directory (another directory's, another environment's, or none).
    private func requireGroups(
        _ ids: [String],
        directoryID: String,
        in connection: Connection
    ) throws -> [DirectoryGroup] {
        var found: [DirectoryGroup] = []
        var errors: [FieldError] = []
        var seen = Set<String>()
        for (index, id) in ids.enumerated() where seen.insert(id).inserted {
            if let group = try self.groups.fetchOne(id: id, in: connection), group.directoryID == directoryID {
                found.append(group)
            } else {
                errors.append(.invalid("groups[\(index)]", "'\(id)' is not a group of directory '\(directoryID)'."))
            }
        }
        if !errors.isEmpty { throw APIError.validation(errors) }
        return found
    }

    private static func apply(_ patch: Patch<String>, to value: inout String?) {
        switch patch {
        case .absent: break
        case .null: value = nil
        case .value(let text): value = text
        }
    }
}
