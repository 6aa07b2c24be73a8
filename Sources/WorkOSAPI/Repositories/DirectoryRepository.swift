// workos-emulator — SQL for directories (catalog-B §3, §3.1, §3.4).
// Licensed MIT.

import JSONCodec
import SQLite

/// Reads and writes the directories of one environment; creating one records `dsync.activated` and deleting one
/// `dsync.deleted` in the same transaction. The real API has no create: directories come from the control API
/// (`POST /_emulator/directories`), the seed and the Admin Portal's `dsync` page.
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

    /// Filters of `GET /directories`.
    public struct Filter: Sendable {
        public var organizationID: String?
        /// Directories with this domain (deprecated in the spec, still accepted).
        public var domain: String?
        /// Name contains, case-insensitive.
        public var search: String?
        /// No filter.
        public init() {}
    }

    /// Seconds between two manual syncs of one directory ("a five-minute per-directory cooldown", Python SDK 10.6.0
    /// `create_directory_sync`; catalog-B §3).
    public static let syncCooldownSeconds: Int64 = 300

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

    /// The directory with this id, or nil.
    public func fetchOne(id: String, in connection: Connection) throws -> Directory? {
        try connection.fetchOne(
            "SELECT * FROM directories WHERE environment_id = ? AND id = ?",
            [.text(self.environmentID), .text(id)]
        ).map { try self.assemble([$0], in: connection)[0] }
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
        try self.assemble(
            connection.fetchAll(
                "SELECT * FROM directories WHERE environment_id = ? AND organization_id = ? ORDER BY id",
                [.text(self.environmentID), .text(organizationID)]
            ),
            in: connection
        )
    }

    /// One page of directories matching `filter`.
    public func list(_ filter: Filter, pagination: Pagination, in connection: Connection) throws -> Page<Directory> {
        var clauses = ["environment_id = ?"]
        var arguments: [SQLValue] = [.text(self.environmentID)]
        if let organizationID = filter.organizationID {
            clauses.append("organization_id = ?")
            arguments.append(.text(organizationID))
        }
        if let domain = filter.domain {
            clauses.append("domain = ?")
            arguments.append(.text(domain.lowercased()))
        }
        if let search = filter.search, !search.isEmpty {
            // "Searchable text to match against Directory names" (spec): a case-insensitive substring, LIKE
            // wildcards in the text escaped, as GET /connections does.
            clauses.append("name LIKE ? ESCAPE '\\'")
            let escaped = search.replacingAll("\\", with: "\\\\").replacingAll("%", with: "\\%")
                .replacingAll("_", with: "\\_")
            arguments.append(.text("%\(escaped)%"))
        }
        let page = try connection.fetchPage(from: "directories", where: clauses, arguments, pagination: pagination)
        return Page(items: try self.assemble(page.items, in: connection), before: page.before, after: page.after)
    }

    /// Directories from their rows, with their `metadata` counts loaded in two queries.
    private func assemble(_ rows: [Row], in connection: Connection) throws -> [Directory] {
        guard !rows.isEmpty else { return [] }
        var directories = rows.map(Directory.init(row:))
        // The ids travel as one bound JSON array (https://sqlite.org/json1.html#jeach), not as interpolated SQL.
        let ids = directories.map(\.id).json.serializedString
        var users: [String: (active: Int, inactive: Int)] = [:]
        for row in try connection.fetchAll(
            """
            SELECT directory_id, SUM(state = 'active') AS active, SUM(state <> 'active') AS inactive
            FROM directory_users
            WHERE environment_id = ? AND directory_id IN (SELECT value FROM json_each(?)) GROUP BY directory_id
            """,
            [.text(self.environmentID), .text(ids)]
        ) {
            users[row["directory_id"]] = (row["active"], row["inactive"])
        }
        var groups: [String: Int] = [:]
        for row in try connection.fetchAll(
            """
            SELECT directory_id, COUNT(*) AS count FROM directory_groups
            WHERE environment_id = ? AND directory_id IN (SELECT value FROM json_each(?)) GROUP BY directory_id
            """,
            [.text(self.environmentID), .text(ids)]
        ) {
            groups[row["directory_id"]] = row["count"]
        }
        for index in directories.indices {
            let id = directories[index].id
            directories[index].activeUsers = users[id]?.active ?? 0
            directories[index].inactiveUsers = users[id]?.inactive ?? 0
            directories[index].groups = groups[id] ?? 0
        }
        return directories
    }

    // MARK: Writing

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
        try self.events.record(
            .dsyncActivated,
            data: directory.activatedEventData(organizationDomains: organization.domains),
            organizationID: organization.id,
            in: connection
        )
        return directory
    }

    /// Deletes a directory with its users, groups and their memberships (the foreign keys cascade); emits
    /// `dsync.deleted` only. WorkOS documents that one event for a deleted directory (catalog-B §3.4: "Directory
    /// deleted (incl. `DELETE /directories/{id}`)") and none per user or group: the link to the provider is gone, so
    /// an app drops what it synced from it.
    public func delete(id: String, in connection: Connection) throws {
        let existing = try self.require(id: id, in: connection)
        try connection.execute(
            "DELETE FROM directories WHERE environment_id = ? AND id = ?",
            [.text(self.environmentID), .text(id)]
        )
        try self.events.record(
            .dsyncDeleted,
            data: existing.deletedEventData,
            organizationID: existing.organizationID,
            in: connection
        )
    }

    /// Deletes an organization's directories (its deletion takes them along), each with `dsync.deleted`.
    public func deleteAll(organizationID: String, in connection: Connection) throws {
        for directory in try self.fetchAll(organizationID: organizationID, in: connection) {
            try self.delete(id: directory.id, in: connection)
        }
    }

    /// Records a manual sync request: 422 unless the directory is a linked or validating Google Workspace one, 429
    /// `directory_sync_rate_limited` within five minutes of the last request (catalog-B §3). The emulator's provider
    /// is the control API, so there is nothing to fetch and no sync is ever running (no 409).
    public func requestSync(id: String, in connection: Connection) throws {
        let directory = try self.require(id: id, in: connection)
        guard directory.isManuallySyncable else {
            throw APIError(
                status: .unprocessableEntity,
                body: [
                    "message": .string(
                        "Directory '\(id)' cannot be synced on request: only Google Workspace directories in a "
                            + "linked or validating state can."
                    )
                ]
            )
        }
        let now = self.services.clock.now()
        if let last = directory.syncRequestedAt {
            let elapsed = (now.milliseconds - last.milliseconds) / 1000
            if elapsed < Self.syncCooldownSeconds {
                let wait = Self.syncCooldownSeconds - elapsed
                var error = APIError.coded(
                    .tooManyRequests,
                    .directorySyncRateLimited,
                    "A sync of directory '\(id)' was requested less than five minutes ago. "
                        + "Try again in \(wait) seconds."
                )
                error.body["retry_after_seconds"] = .int(Int(wait))
                throw error
            }
        }
        try connection.execute(
            "UPDATE directories SET sync_requested_at = ? WHERE environment_id = ? AND id = ?",
            [.text(now.iso8601), .text(self.environmentID), .text(id)]
        )
    }
}
