// workos-emulator — SQL for environment and organization roles and their permissions (catalog-A §5).
// Licensed MIT.

import JSONCodec
import SQLite

/// Reads and writes the roles of one environment; every write records its `role.*` or `organization_role.*` event
/// in the same transaction.
public struct RoleRepository: Sendable {
    /// The fields of a new role, already validated.
    public struct Creation: Sendable {
        public var slug: String
        public var name: String
        public var description: String?
        public var resourceTypeSlug = Role.defaultResourceTypeSlug
        /// The owning organization; nil for an environment role.
        public var organizationID: String?
        /// Makes it the environment's default role (seed only).
        public var isDefault = false
        /// Permission slugs to attach (seed only; each must exist).
        public var permissions: [String] = []
        /// A role with a slug and a name.
        public init(slug: String, name: String) {
            self.slug = slug
            self.name = name
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

    private var events: EventLog { EventLog(environmentID: self.environmentID, services: self.services) }
    private var permissionRepository: PermissionRepository {
        PermissionRepository(environmentID: self.environmentID, services: self.services)
    }

    // MARK: Reading

    /// The environment role with this slug, or nil.
    public func fetchEnvironmentRole(slug: String, in connection: Connection) throws -> Role? {
        try self.fetchFirst(
            "SELECT * FROM roles WHERE environment_id = ? AND organization_id IS NULL AND slug = ?",
            [.text(self.environmentID), .text(slug)], in: connection
        )
    }

    /// The environment role with this slug, or a 404.
    public func requireEnvironmentRole(slug: String, in connection: Connection) throws -> Role {
        guard let role = try self.fetchEnvironmentRole(slug: slug, in: connection) else {
            throw APIError.notFound("Role", id: slug)
        }
        return role
    }

    /// The role a slug names within an organization: its own custom role, else the environment role (an
    /// organization role shadows an environment role of the same slug).
    public func fetchApplicable(slug: String, organizationID: String, in connection: Connection) throws -> Role? {
        try self.fetchFirst(
            """
            SELECT * FROM roles
            WHERE environment_id = ? AND slug = ? AND (organization_id = ? OR organization_id IS NULL)
            ORDER BY organization_id IS NULL LIMIT 1
            """,
            [.text(self.environmentID), .text(slug), .text(organizationID)], in: connection
        )
    }

    /// The roles with these ids.
    public func fetchAll(ids: [String], in connection: Connection) throws -> [Role] {
        guard !ids.isEmpty else { return [] }
        return try self.assemble(
            try connection.fetchAll(
                "SELECT * FROM roles WHERE environment_id = ? AND id IN (\(SQLPlaceholders.list(ids.count))) "
                    + "ORDER BY priority, id",
                [.text(self.environmentID)] + ids.map { .text($0) }
            ),
            in: connection
        )
    }

    /// Every environment role, in priority order.
    public func listEnvironmentRoles(in connection: Connection) throws -> [Role] {
        try self.assemble(
            try connection.fetchAll(
                "SELECT * FROM roles WHERE environment_id = ? AND organization_id IS NULL ORDER BY priority, id",
                [.text(self.environmentID)]
            ),
            in: connection
        )
    }

    /// The roles that apply to an organization: the environment roles and its custom roles, in priority order.
    public func listApplicable(organizationID: String, in connection: Connection) throws -> [Role] {
        try self.assemble(
            try connection.fetchAll(
                """
                SELECT * FROM roles WHERE environment_id = ? AND (organization_id IS NULL OR organization_id = ?)
                ORDER BY priority, id
                """,
                [.text(self.environmentID), .text(organizationID)]
            ),
            in: connection
        )
    }

    /// The role memberships get when none is named: the environment's default role, else `member`.
    public func fetchDefault(in connection: Connection) throws -> Role? {
        if let role = try self.fetchFirst(
            "SELECT * FROM roles WHERE environment_id = ? AND organization_id IS NULL AND is_default = 1 LIMIT 1",
            [.text(self.environmentID)], in: connection
        ) {
            return role
        }
        return try self.fetchEnvironmentRole(slug: Role.memberSlug, in: connection)
    }

    private func fetchFirst(_ sql: String, _ arguments: [SQLValue], in connection: Connection) throws -> Role? {
        guard let row = try connection.fetchOne(sql, arguments) else { return nil }
        return try self.assemble([row], in: connection).first
    }

    /// Roles from their rows, with their permission slugs loaded in one query.
    private func assemble(_ rows: [Row], in connection: Connection) throws -> [Role] {
        guard !rows.isEmpty else { return [] }
        let ids: [String] = rows.map { $0["id"] }
        var permissionsByRole: [String: [String]] = [:]
        for row in try connection.fetchAll(
            """
            SELECT rp.role_id AS role_id, p.slug AS slug FROM role_permissions AS rp
            JOIN permissions AS p ON p.id = rp.permission_id
            WHERE rp.role_id IN (\(SQLPlaceholders.list(ids.count))) ORDER BY rp.rowid
            """,
            ids.map { .text($0) }
        ) {
            permissionsByRole[row["role_id"], default: []].append(row["slug"])
        }
        return rows.map { row in Role(row: row, permissions: permissionsByRole[row["id"]] ?? []) }
    }

    // MARK: Writing

    /// Inserts a role at the end of the priority order. 409 `role_slug_conflict` for a taken environment role slug,
    /// `organization_role_slug_conflict` when the slug already names a role of the organization (its own or an
    /// environment role). Emits `role.created` or `organization_role.created`.
    public func create(_ creation: Creation, in connection: Connection) throws -> Role {
        if let organizationID = creation.organizationID {
            if try self.fetchApplicable(slug: creation.slug, organizationID: organizationID, in: connection) != nil {
                throw APIError.conflict(
                    .organizationRoleSlugConflict,
                    "A role with slug '\(creation.slug)' already exists in this organization."
                )
            }
        } else if try self.fetchEnvironmentRole(slug: creation.slug, in: connection) != nil {
            throw APIError.conflict(.roleSlugConflict, "A role with slug '\(creation.slug)' already exists.")
        }
        let permissions = try self.permissionRepository.requireAll(slugs: creation.permissions, in: connection)
        if creation.isDefault {
            try connection.execute(
                "UPDATE roles SET is_default = 0 WHERE environment_id = ? AND is_default = 1",
                [.text(self.environmentID)]
            )
        }
        let priority: Int =
            try connection.fetchScalar(
                "SELECT COALESCE(MAX(priority), 0) + 1 FROM roles WHERE environment_id = ?", [.text(self.environmentID)]
            ) ?? 1
        let id = self.services.ids.make(.role)
        let now = self.services.clock.now().iso8601
        try connection.execute(
            """
            INSERT INTO roles (id, environment_id, organization_id, slug, name, description, resource_type_slug,
                priority, is_default, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(id), .text(self.environmentID), SQLValue(creation.organizationID), .text(creation.slug),
                .text(creation.name), SQLValue(creation.description), .text(creation.resourceTypeSlug),
                .integer(Int64(priority)), SQLValue(creation.isDefault), .text(now), .text(now),
            ]
        )
        try self.insertPermissions(permissions, into: id, in: connection)
        let role = try self.require(id: id, in: connection)
        try self.record(role.kind == .environmentRole ? .roleCreated : .organizationRoleCreated, role, in: connection)
        return role
    }

    /// Changes the name and/or description; emits `role.updated` / `organization_role.updated` when anything changed.
    public func update(
        _ role: Role, name: String?, description: Patch<String>, in connection: Connection
    ) throws
        -> Role
    {
        let newName = name ?? role.name
        let newDescription = description.isPresent ? description.value : role.description
        guard newName != role.name || newDescription != role.description else { return role }
        try connection.execute(
            "UPDATE roles SET name = ?, description = ?, updated_at = ? WHERE id = ?",
            [.text(newName), SQLValue(newDescription), .text(self.services.clock.now().iso8601), .text(role.id)]
        )
        let after = try self.require(id: role.id, in: connection)
        try self.recordUpdate(before: role, after: after, in: connection)
        return after
    }

    /// Replaces the role's permissions (404 for an unknown slug, nothing changed); an update event when the set
    /// changed.
    public func setPermissions(_ role: Role, to slugs: [String], in connection: Connection) throws -> Role {
        let permissions = try self.permissionRepository.requireAll(slugs: slugs, in: connection)
        guard permissions.map(\.slug) != role.permissions else { return role }
        try connection.execute("DELETE FROM role_permissions WHERE role_id = ?", [.text(role.id)])
        try self.insertPermissions(permissions, into: role.id, in: connection)
        return try self.touch(role, in: connection)
    }

    /// Adds one permission (404 when unknown); adding one the role has is a no-op without an event.
    public func addPermission(_ role: Role, slug: String, in connection: Connection) throws -> Role {
        let permission = try self.permissionRepository.require(slug: slug, in: connection)
        guard !role.permissions.contains(permission.slug) else { return role }
        try self.insertPermissions([permission], into: role.id, in: connection)
        return try self.touch(role, in: connection)
    }

    /// Removes one permission (404 when no permission has the slug); removing one the role lacks is a no-op.
    public func removePermission(_ role: Role, slug: String, in connection: Connection) throws -> Role {
        let permission = try self.permissionRepository.require(slug: slug, in: connection)
        guard role.permissions.contains(permission.slug) else { return role }
        try connection.execute(
            "DELETE FROM role_permissions WHERE role_id = ? AND permission_id = ?",
            [.text(role.id), .text(permission.id)]
        )
        return try self.touch(role, in: connection)
    }

    /// Deletes an organization role; 409 `role_has_assignments` while memberships hold it. Emits
    /// `organization_role.deleted`.
    public func delete(_ role: Role, in connection: Connection) throws {
        let holders: Int =
            try connection.fetchScalar(
                "SELECT COUNT(*) FROM organization_membership_roles WHERE role_id = ?", [.text(role.id)]
            ) ?? 0
        if holders > 0 {
            throw APIError.conflict(
                .roleHasAssignments,
                "Role '\(role.slug)' is assigned to \(holders) organization membership(s) and cannot be deleted."
            )
        }
        try connection.execute("DELETE FROM roles WHERE id = ?", [.text(role.id)])
        try self.record(.organizationRoleDeleted, role, in: connection)
    }

    /// Deletes every custom role of an organization with its `organization_role.deleted` event (organization
    /// deletion; its memberships are already gone).
    func deleteAll(organizationID: String, in connection: Connection) throws {
        let roles = try self.assemble(
            try connection.fetchAll(
                "SELECT * FROM roles WHERE environment_id = ? AND organization_id = ? ORDER BY priority, id",
                [.text(self.environmentID), .text(organizationID)]
            ),
            in: connection
        )
        for role in roles {
            try connection.execute("DELETE FROM roles WHERE id = ?", [.text(role.id)])
            try self.record(.organizationRoleDeleted, role, in: connection)
        }
    }

    /// Bumps `updated_at` of a role whose permissions changed behind its back (a permission was deleted) and
    /// records its update event.
    func touchAndRecordUpdate(roleID: String, in connection: Connection) throws {
        guard let role = try self.fetchAll(ids: [roleID], in: connection).first else { return }
        _ = try self.touch(role, in: connection)
    }

    private func require(id: String, in connection: Connection) throws -> Role {
        guard let role = try self.fetchAll(ids: [id], in: connection).first else {
            throw APIError.notFound("Role", id: id)
        }
        return role
    }

    private func insertPermissions(
        _ permissions: [Permission], into roleID: String, in connection: Connection
    )
        throws
    {
        for permission in permissions {
            try connection.execute(
                "INSERT OR IGNORE INTO role_permissions (environment_id, role_id, permission_id) VALUES (?, ?, ?)",
                [.text(self.environmentID), .text(roleID), .text(permission.id)]
            )
        }
    }

    /// Bumps `updated_at` and records the update event of a role whose permissions changed.
    private func touch(_ role: Role, in connection: Connection) throws -> Role {
        try connection.execute(
            "UPDATE roles SET updated_at = ? WHERE id = ?", [.text(self.services.clock.now().iso8601), .text(role.id)]
        )
        let after = try self.require(id: role.id, in: connection)
        try self.recordUpdate(before: role, after: after, in: connection)
        return after
    }

    private func recordUpdate(before: Role, after: Role, in connection: Connection) throws {
        let previous = OrganizationRepository.previousAttributes(before: before.eventJSON, after: after.eventJSON)
        try self.events.record(
            after.kind == .environmentRole ? .roleUpdated : .organizationRoleUpdated,
            data: after.eventJSON, organizationID: after.organizationID,
            context: previous.isEmpty ? nil : ["previous_attributes": .object(previous)], in: connection
        )
    }

    private func record(_ name: EventName, _ role: Role, in connection: Connection) throws {
        try self.events.record(name, data: role.eventJSON, organizationID: role.organizationID, in: connection)
    }
}
