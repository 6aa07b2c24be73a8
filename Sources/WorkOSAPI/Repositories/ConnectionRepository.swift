// workos-emulator — SQL for SSO connections and their domains (catalog-B §2.5–2.7).
// Licensed MIT.

import JSONCodec
import SQLite

/// Reads and writes the SSO connections of one environment; every change records its `connection.*` event in the
/// same transaction. The real API has no create: connections come from the control API
/// (`POST /_emulator/connections`), the seed, and the Admin Portal's SSO setup.
public struct ConnectionRepository: Sendable {
    /// The fields of a new connection, already validated.
    public struct Creation: Sendable {
        /// Required for every type but the OAuth providers.
        public var organizationID: String?
        public var connectionType: SSOConnection.ConnectionType
        public var name: String
        /// Domains (normalized, lower-case).
        public var domains: [String] = []
        /// `active` (the default) emits `connection.activated`.
        public var state: SSOConnection.State = .active
        /// The users its identity provider knows.
        public var profiles: [ProfileRepository.Declaration] = []

        /// A connection of `connectionType` named `name`.
        public init(organizationID: String?, connectionType: SSOConnection.ConnectionType, name: String) {
            self.organizationID = organizationID
            self.connectionType = connectionType
            self.name = name
        }
    }

    /// Filters of `GET /connections`.
    public struct Filter: Sendable {
        public var connectionType: SSOConnection.ConnectionType?
        /// Connections with this domain.
        public var domain: String?
        public var organizationID: String?
        /// Name contains, case-insensitive.
        public var search: String?
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

    /// The connection with this id, or nil.
    public func fetchOne(id: String, in connection: Connection) throws -> SSOConnection? {
        try connection.fetchOne(
            "SELECT * FROM connections WHERE environment_id = ? AND id = ?",
            [.text(self.environmentID), .text(id)]
        ).map { try self.assemble([$0], in: connection)[0] }
    }

    /// The connection with this id, or a 404.
    public func require(id: String, in connection: Connection) throws -> SSOConnection {
        guard let found = try self.fetchOne(id: id, in: connection) else {
            throw APIError.notFound("Connection", id: id)
        }
        return found
    }

    /// An organization's connections, oldest first.
    public func fetchAll(organizationID: String, in connection: Connection) throws -> [SSOConnection] {
        try self.assemble(
            connection.fetchAll(
                "SELECT * FROM connections WHERE environment_id = ? AND organization_id = ? ORDER BY id",
                [.text(self.environmentID), .text(organizationID)]
            ),
            in: connection
        )
    }

    /// The environment's connections of an OAuth type (or any type) that belong to no organization, oldest first.
    public func fetchAll(
        unownedOfType type: SSOConnection.ConnectionType,
        in connection: Connection
    ) throws
        -> [SSOConnection]
    {
        try self.assemble(
            connection.fetchAll(
                """
                SELECT * FROM connections
                WHERE environment_id = ? AND organization_id IS NULL AND connection_type = ? ORDER BY id
                """,
                [.text(self.environmentID), .text(type.rawValue)]
            ),
            in: connection
        )
    }

    /// The active connections an e-mail domain must sign in through: those listing the domain, and those of an
    /// organization that has verified it. Oldest first.
    public func activeConnectionIDs(emailDomain domain: String, in connection: Connection) throws -> [String] {
        try connection.fetchAll(
            """
            SELECT id FROM connections
            WHERE environment_id = ? AND state = 'active' AND (
                id IN (SELECT connection_id FROM connection_domains WHERE environment_id = ? AND domain = ?)
                OR organization_id IN (SELECT organization_id FROM organization_domains
                    WHERE environment_id = ? AND domain = ? AND state IN ('verified', 'legacy_verified')))
            ORDER BY id
            """,
            [
                .text(self.environmentID), .text(self.environmentID), .text(domain.lowercased()),
                .text(self.environmentID), .text(domain.lowercased()),
            ]
        ).map { $0["id"] }
    }

    /// One page of connections matching `filter`.
    public func list(_ filter: Filter, pagination: Pagination, in connection: Connection) throws -> Page<SSOConnection>
    {
        var clauses = ["environment_id = ?"]
        var arguments: [SQLValue] = [.text(self.environmentID)]
        if let type = filter.connectionType {
            clauses.append("connection_type = ?")
            arguments.append(.text(type.rawValue))
        }
        if let organizationID = filter.organizationID {
            clauses.append("organization_id = ?")
            arguments.append(.text(organizationID))
        }
        if let domain = filter.domain {
            clauses.append(
                "id IN (SELECT connection_id FROM connection_domains WHERE environment_id = ? AND domain = ?)"
            )
            arguments += [.text(self.environmentID), .text(domain.lowercased())]
        }
        if let search = filter.search, !search.isEmpty {
            // Case-insensitive substring match on the name; LIKE wildcards in the search text are escaped.
            clauses.append("name LIKE ? ESCAPE '\\'")
            let escaped = search.replacingAll("\\", with: "\\\\").replacingAll("%", with: "\\%")
                .replacingAll("_", with: "\\_")
            arguments.append(.text("%\(escaped)%"))
        }
        let page = try connection.fetchPage(from: "connections", where: clauses, arguments, pagination: pagination)
        return Page(items: try self.assemble(page.items, in: connection), before: page.before, after: page.after)
    }

    /// Connections from their rows, with their domains loaded in one query.
    private func assemble(_ rows: [Row], in connection: Connection) throws -> [SSOConnection] {
        guard !rows.isEmpty else { return [] }
        let ids: [String] = rows.map { $0["id"] }
        var domains: [String: [SSOConnection.Domain]] = [:]
        // The ids travel as one bound JSON array (https://sqlite.org/json1.html#jeach), not as interpolated SQL.
        for row in try connection.fetchAll(
            """
            SELECT * FROM connection_domains
            WHERE environment_id = ? AND connection_id IN (SELECT value FROM json_each(?)) ORDER BY id
            """,
            [.text(self.environmentID), .text(ids.json.serializedString)]
        ) {
            domains[row["connection_id"], default: []].append(
                SSOConnection.Domain(id: row["id"], domain: row["domain"])
            )
        }
        return rows.map { SSOConnection(row: $0, domains: domains[$0["id"]] ?? []) }
    }

    // MARK: Writing

    /// Inserts a connection with its domains and profiles; emits `connection.activated` when it is active.
    /// 404 for an unknown organization; 422 for a type other than an OAuth provider without an organization.
    public func create(_ creation: Creation, in connection: Connection) throws -> SSOConnection {
        if let organizationID = creation.organizationID {
            _ = try OrganizationRepository(environmentID: self.environmentID, services: self.services)
                .require(id: organizationID, in: connection)
        } else if !creation.connectionType.isOAuth {
            throw APIError.validation([
                FieldError(
                    field: "organization_id",
                    code: "required",
                    message: "organization_id is required for a \(creation.connectionType.rawValue) connection."
                )
            ])
        }
        let id = self.services.ids.make(.connection)
        let now = self.services.clock.now().iso8601
        try connection.execute(
            """
            INSERT INTO connections (id, environment_id, organization_id, connection_type, name, state, external_key,
                created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(id), .text(self.environmentID), SQLValue(creation.organizationID),
                .text(creation.connectionType.rawValue), .text(creation.name), .text(creation.state.rawValue),
                .text(RandomToken.alphanumeric(25)), .text(now), .text(now),
            ]
        )
        var seen = Set<String>()
        for domain in creation.domains where seen.insert(domain.lowercased()).inserted {
            try connection.execute(
                """
                INSERT INTO connection_domains (id, environment_id, connection_id, domain, created_at)
                VALUES (?, ?, ?, ?, ?)
                """,
                [
                    .text(self.services.ids.make(.organizationDomain)), .text(self.environmentID), .text(id),
                    .text(domain.lowercased()), .text(now),
                ]
            )
        }
        let profiles = ProfileRepository(environmentID: self.environmentID, services: self.services)
        for declaration in creation.profiles {
            _ = try profiles.insert(declaration, connectionID: id, in: connection)
        }
        let created = try self.require(id: id, in: connection)
        if created.isActive {
            try self.events.record(
                .connectionActivated,
                data: created.eventJSON,
                organizationID: created.organizationID,
                in: connection
            )
        }
        return created
    }

    /// Changes the state; becoming active emits `connection.activated`, leaving it `connection.deactivated`.
    public func setState(
        id: String,
        to state: SSOConnection.State,
        in connection: Connection
    ) throws
        -> SSOConnection
    {
        let before = try self.require(id: id, in: connection)
        guard before.state != state else { return before }
        try connection.execute(
            "UPDATE connections SET state = ?, updated_at = ? WHERE environment_id = ? AND id = ?",
            [.text(state.rawValue), .text(self.services.clock.now().iso8601), .text(self.environmentID), .text(id)]
        )
        let after = try self.require(id: id, in: connection)
        if after.isActive != before.isActive {
            try self.events.record(
                after.isActive ? .connectionActivated : .connectionDeactivated,
                data: after.eventJSON,
                organizationID: after.organizationID,
                in: connection
            )
        }
        return after
    }

    /// Deletes an organization's connections (its deletion takes them along), each with `connection.deleted`.
    public func deleteAll(organizationID: String, in connection: Connection) throws {
        for existing in try self.fetchAll(organizationID: organizationID, in: connection) {
            try self.delete(id: existing.id, in: connection)
        }
    }

    /// Deletes a connection with its domains, profiles and their tokens and codes; emits `connection.deleted`.
    public func delete(id: String, in connection: Connection) throws {
        let existing = try self.require(id: id, in: connection)
        try connection.execute(
            "DELETE FROM connections WHERE environment_id = ? AND id = ?",
            [.text(self.environmentID), .text(id)]
        )
        try self.events.record(
            .connectionDeleted,
            data: existing.deletedEventJSON,
            organizationID: existing.organizationID,
            in: connection
        )
    }
}
