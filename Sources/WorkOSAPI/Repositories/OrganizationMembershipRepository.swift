// workos-emulator — SQL for organization memberships and the roles they hold (catalog-A §6.10).
// Licensed MIT.

import JSONCodec
import SQLite

/// Reads and writes the organization memberships of one environment; every write records its
/// `organization_membership.*` event in the same transaction.
public struct OrganizationMembershipRepository: Sendable {
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
    private var users: UserRepository { UserRepository(environmentID: self.environmentID, services: self.services) }
    private var organizations: OrganizationRepository {
        OrganizationRepository(environmentID: self.environmentID, services: self.services)
    }
    private var roles: RoleRepository { RoleRepository(environmentID: self.environmentID, services: self.services) }

    // MARK: Reading

    /// The membership with this id, or nil.
    public func fetchOne(id: String, in connection: Connection) throws -> OrganizationMembership? {
        try self.assemble(
            try connection.fetchAll(
                "SELECT * FROM organization_memberships WHERE environment_id = ? AND id = ?",
                [.text(self.environmentID), .text(id)]
            ),
            in: connection
        ).first
    }

    /// The membership with this id, or a 404.
    public func require(id: String, in connection: Connection) throws -> OrganizationMembership {
        guard let membership = try self.fetchOne(id: id, in: connection) else {
            throw APIError.notFound("Organization membership", id: id)
        }
        return membership
    }

    /// The membership of a user in an organization (any status), or nil.
    public func fetchOne(
        userID: String, organizationID: String, in connection: Connection
    ) throws
        -> OrganizationMembership?
    {
        try self.assemble(
            try connection.fetchAll(
                """
                SELECT * FROM organization_memberships
                WHERE environment_id = ? AND user_id = ? AND organization_id = ?
                """,
                [.text(self.environmentID), .text(userID), .text(organizationID)]
            ),
            in: connection
        ).first
    }

    /// One page of memberships of a user and/or an organization with one of `statuses`.
    public func list(
        userID: String?,
        organizationID: String?,
        statuses: [OrganizationMembership.Status],
        pagination: Pagination,
        in connection: Connection
    ) throws -> Page<OrganizationMembership> {
        var clauses = ["environment_id = ?"]
        var arguments: [SQLValue] = [.text(self.environmentID)]
        if let userID {
            clauses.append("user_id = ?")
            arguments.append(.text(userID))
        }
        if let organizationID {
            clauses.append("organization_id = ?")
            arguments.append(.text(organizationID))
        }
        clauses.append("status IN (\(SQLPlaceholders.list(statuses.count)))")
        arguments += statuses.map { .text($0.rawValue) }
        let page = try connection.fetchPage(
            from: "organization_memberships", where: clauses, arguments, pagination: pagination
        )
        return Page(items: try self.assemble(page.items, in: connection), before: page.before, after: page.after)
    }

    /// Memberships from their rows, with users, organization names and roles loaded in three queries.
    private func assemble(_ rows: [Row], in connection: Connection) throws -> [OrganizationMembership] {
        guard !rows.isEmpty else { return [] }
        let ids: [String] = rows.map { $0["id"] }
        let userIDs = Array(Set(rows.map { $0["user_id"] as String }))
        let organizationIDs = Array(Set(rows.map { $0["organization_id"] as String }))
        var usersByID: [String: User] = [:]
        for row in try connection.fetchAll(
            "SELECT * FROM users WHERE id IN (\(SQLPlaceholders.list(userIDs.count)))", userIDs.map { .text($0) }
        ) {
            let user = User(row: row)
            usersByID[user.id] = user
        }
        var organizationNames: [String: String] = [:]
        for row in try connection.fetchAll(
            "SELECT id, name FROM organizations WHERE id IN (\(SQLPlaceholders.list(organizationIDs.count)))",
            organizationIDs.map { .text($0) }
        ) {
            organizationNames[row["id"]] = row["name"]
        }
        var rolesByMembership: [String: [String]] = [:]
        for row in try connection.fetchAll(
            """
            SELECT mr.membership_id AS membership_id, r.slug AS slug FROM organization_membership_roles AS mr
            JOIN roles AS r ON r.id = mr.role_id
            WHERE mr.membership_id IN (\(SQLPlaceholders.list(ids.count))) ORDER BY r.priority, r.id
            """,
            ids.map { .text($0) }
        ) {
            rolesByMembership[row["membership_id"], default: []].append(row["slug"])
        }
        return rows.compactMap { row in
            guard let user = usersByID[row["user_id"]] else { return nil }
            return OrganizationMembership(
                row: row, user: user, organizationName: organizationNames[row["organization_id"]] ?? "",
                roleSlugs: rolesByMembership[row["id"]] ?? []
            )
        }
    }

    // MARK: Roles

    /// The roles that `slugs` name in the organization, in priority order and without repeats; nil means the
    /// environment's default role. An unknown slug is 422 `invalid_role` ("Role 'x' is not a valid role.").
    public func resolveRoles(_ slugs: [String]?, organizationID: String, in connection: Connection) throws -> [Role] {
        guard let slugs else {
            guard let role = try self.roles.fetchDefault(in: connection) else {
                throw APIError.unprocessable(
                    .invalidRole, "Role '\(Role.memberSlug)' is not a valid role.", extra: [:]
                )
            }
            return [role]
        }
        var found: [String: Role] = [:]
        for slug in slugs where found[slug] == nil {
            guard let role = try self.roles.fetchApplicable(slug: slug, organizationID: organizationID, in: connection)
            else {
                throw APIError.unprocessable(.invalidRole, "Role '\(slug)' is not a valid role.")
            }
            found[slug] = role
        }
        return found.values.sorted { ($0.priority, $0.id) < ($1.priority, $1.id) }
    }

    // MARK: Writing

    /// `POST /user_management/organization_memberships`: a new active membership (`.created`), or the user's
    /// inactive membership reactivated with the given roles (`.updated`). 404 for an unknown user or organization,
    /// 409 `organization_membership_already_exists` for an active one, 400
    /// `cannot_reactivate_pending_organization_membership` for a pending one.
    public func create(
        userID: String, organizationID: String, roleSlugs: [String]?, in connection: Connection
    ) throws
        -> OrganizationMembership
    {
        _ = try self.organizations.require(id: organizationID, in: connection)
        _ = try self.users.require(id: userID, in: connection)
        let roles = try self.resolveRoles(roleSlugs, organizationID: organizationID, in: connection)
        guard let existing = try self.fetchOne(userID: userID, organizationID: organizationID, in: connection) else {
            return try self.insert(
                userID: userID, organizationID: organizationID, status: .active, roles: roles, in: connection
            )
        }
        switch existing.status {
        case .active:
            throw APIError.conflict(
                .organizationMembershipAlreadyExists,
                "The user '\(userID)' is already a member of the organization '\(organizationID)'."
            )
        case .pending:
            throw APIError.badRequest(
                .cannotReactivatePendingOrganizationMembership,
                "A pending organization membership cannot be reactivated. The user needs to accept the invitation "
                    + "instead."
            )
        default:
            return try self.change(existing, status: .active, roles: roles, in: connection)
        }
    }

    /// Inserts a membership with a status and roles; emits `organization_membership.created`.
    func insert(
        userID: String,
        organizationID: String,
        status: OrganizationMembership.Status,
        roles: [Role],
        in connection: Connection
    ) throws -> OrganizationMembership {
        let id = self.services.ids.make(.organizationMembership)
        let now = self.services.clock.now().iso8601
        try connection.execute(
            """
            INSERT INTO organization_memberships (id, environment_id, organization_id, user_id, status, created_at,
                updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(id), .text(self.environmentID), .text(organizationID), .text(userID), .text(status.rawValue),
                .text(now), .text(now),
            ]
        )
        try self.replaceRoles(of: id, with: roles, in: connection)
        let membership = try self.require(id: id, in: connection)
        try self.events.record(
            .organizationMembershipCreated, data: membership.eventJSON, organizationID: organizationID,
            in: connection
        )
        return membership
    }

    /// Sets the status and/or roles of a membership; emits `organization_membership.updated` (with
    /// `previous_attributes`) when anything changed, nothing otherwise.
    func change(
        _ membership: OrganizationMembership,
        status: OrganizationMembership.Status? = nil,
        roles: [Role]? = nil,
        in connection: Connection
    ) throws -> OrganizationMembership {
        let newStatus = status ?? membership.status
        let isRoleChange = roles.map { $0.map(\.slug) != membership.roleSlugs } ?? false
        guard newStatus != membership.status || isRoleChange else { return membership }
        if let roles, isRoleChange {
            try self.replaceRoles(of: membership.id, with: roles, in: connection)
        }
        try connection.execute(
            "UPDATE organization_memberships SET status = ?, updated_at = ? WHERE id = ?",
            [.text(newStatus.rawValue), .text(self.services.clock.now().iso8601), .text(membership.id)]
        )
        let after = try self.require(id: membership.id, in: connection)
        let previous = OrganizationRepository.previousAttributes(before: membership.eventJSON, after: after.eventJSON)
        try self.events.record(
            .organizationMembershipUpdated, data: after.eventJSON, organizationID: after.organizationID,
            context: ["previous_attributes": .object(previous)], in: connection
        )
        return after
    }

    /// `PUT …/organization_memberships/{id}`: replaces the roles (nil leaves them).
    public func update(id: String, roleSlugs: [String]?, in connection: Connection) throws -> OrganizationMembership {
        let membership = try self.require(id: id, in: connection)
        guard let roleSlugs else { return membership }
        let roles = try self.resolveRoles(roleSlugs, organizationID: membership.organizationID, in: connection)
        return try self.change(membership, roles: roles, in: connection)
    }

    /// `PUT …/{id}/deactivate`: active → inactive with an event; inactive is a no-op without one; pending is 400
    /// `cannot_deactivate_pending_organization_membership`.
    public func deactivate(id: String, in connection: Connection) throws -> OrganizationMembership {
        let membership = try self.require(id: id, in: connection)
        if membership.status == .pending {
            throw APIError.badRequest(
                .cannotDeactivatePendingOrganizationMembership,
                "A pending organization membership cannot be deactivated. This membership should be deleted instead."
            )
        }
        return try self.change(membership, status: .inactive, in: connection)
    }

    /// `PUT …/{id}/reactivate`: inactive → active keeping its roles, with an event; active is a no-op without one;
    /// pending is 400 `cannot_reactivate_pending_organization_membership`.
    public func reactivate(id: String, in connection: Connection) throws -> OrganizationMembership {
        let membership = try self.require(id: id, in: connection)
        if membership.status == .pending {
            throw APIError.badRequest(
                .cannotReactivatePendingOrganizationMembership,
                "A pending organization membership cannot be reactivated. The user needs to accept the invitation "
                    + "instead."
            )
        }
        return try self.change(membership, status: .active, in: connection)
    }

    /// `DELETE …/organization_memberships/{id}`; emits `organization_membership.deleted`.
    public func delete(id: String, in connection: Connection) throws {
        try self.delete(try self.require(id: id, in: connection), in: connection)
    }

    /// Deletes one membership (its roles go by cascade); emits `organization_membership.deleted`.
    func delete(_ membership: OrganizationMembership, in connection: Connection) throws {
        try connection.execute("DELETE FROM organization_memberships WHERE id = ?", [.text(membership.id)])
        try self.events.record(
            .organizationMembershipDeleted, data: membership.eventJSON, organizationID: membership.organizationID,
            in: connection
        )
    }

    /// Deletes every membership of a user or of an organization, oldest first, each with its event.
    func deleteAll(userID: String? = nil, organizationID: String? = nil, in connection: Connection) throws {
        let (column, value) = userID.map { ("user_id", $0) } ?? ("organization_id", organizationID ?? "")
        let rows = try connection.fetchAll(
            "SELECT * FROM organization_memberships WHERE environment_id = ? AND \(column) = ? ORDER BY id",
            [.text(self.environmentID), .text(value)]
        )
        for membership in try self.assemble(rows, in: connection) {
            try self.delete(membership, in: connection)
        }
    }

    private func replaceRoles(of membershipID: String, with roles: [Role], in connection: Connection) throws {
        try connection.execute(
            "DELETE FROM organization_membership_roles WHERE membership_id = ?", [.text(membershipID)]
        )
        for role in roles {
            try connection.execute(
                "INSERT INTO organization_membership_roles (environment_id, membership_id, role_id) VALUES (?, ?, ?)",
                [.text(self.environmentID), .text(membershipID), .text(role.id)]
            )
        }
    }
}
