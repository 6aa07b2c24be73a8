// workos-emulator — SQL for permissions (spec `/authorization/permissions`; catalog-A §2.1 `permission.*`).
// Licensed MIT.

import JSONCodec
import SQLite

/// Reads and writes the permissions of one environment; every write records its event in the same transaction.
public struct PermissionRepository: Sendable {
    /// The fields of a new permission, already validated.
    public struct Creation: Sendable {
        public var slug: String
        public var name: String
        public var description: String?
        public var resourceTypeSlug = Role.defaultResourceTypeSlug
        public var isSystem = false
        /// A permission with a slug and a name.
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
    private var roles: RoleRepository { RoleRepository(environmentID: self.environmentID, services: self.services) }

    // MARK: Reading

    /// The permission with this slug, or nil.
    public func fetchOne(slug: String, in connection: Connection) throws -> Permission? {
        try connection.fetchOne(
            "SELECT * FROM permissions WHERE environment_id = ? AND slug = ?", [.text(self.environmentID), .text(slug)]
        ).map(Permission.init(row:))
    }

    /// The permission with this slug, or a 404.
    public func require(slug: String, in connection: Connection) throws -> Permission {
        guard let permission = try self.fetchOne(slug: slug, in: connection) else {
            throw APIError.notFound("Permission", id: slug)
        }
        return permission
    }

    /// The permissions with these slugs, in the order given and without repeats; a 404 names the first unknown one.
    public func requireAll(slugs: [String], in connection: Connection) throws -> [Permission] {
        var seen = Set<String>()
        return try slugs.filter { seen.insert($0).inserted }.map { try self.require(slug: $0, in: connection) }
    }

    /// One page of permissions.
    public func list(pagination: Pagination, in connection: Connection) throws -> Page<Permission> {
        try connection.fetchPage(
            from: "permissions", where: ["environment_id = ?"], [.text(self.environmentID)], pagination: pagination
        ).map(Permission.init(row:))
    }

    // MARK: Writing

    /// Inserts a permission; 409 `permission_slug_conflict` when the slug is taken. Emits `permission.created`.
    public func create(_ creation: Creation, in connection: Connection) throws -> Permission {
        if try self.fetchOne(slug: creation.slug, in: connection) != nil {
            throw APIError.conflict(
                .permissionSlugConflict, "A permission with slug '\(creation.slug)' already exists."
            )
        }
        let now = self.services.clock.now().iso8601
        try connection.execute(
            """
            INSERT INTO permissions (id, environment_id, slug, name, description, system, resource_type_slug,
                created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(self.services.ids.make(.permission)), .text(self.environmentID), .text(creation.slug),
                .text(creation.name), SQLValue(creation.description), SQLValue(creation.isSystem),
                .text(creation.resourceTypeSlug), .text(now), .text(now),
            ]
        )
        let permission = try self.require(slug: creation.slug, in: connection)
        try self.events.record(.permissionCreated, data: permission.json, organizationID: nil, in: connection)
        return permission
    }

    /// Changes the name and/or description; emits `permission.updated` (with `previous_attributes`) when anything
    /// changed.
    public func update(
        slug: String, name: String?, description: Patch<String>, in connection: Connection
    ) throws
        -> Permission
    {
        let before = try self.require(slug: slug, in: connection)
        let newName = name ?? before.name
        let newDescription = description.isPresent ? description.value : before.description
        guard newName != before.name || newDescription != before.description else { return before }
        try connection.execute(
            "UPDATE permissions SET name = ?, description = ?, updated_at = ? WHERE id = ?",
            [.text(newName), SQLValue(newDescription), .text(self.services.clock.now().iso8601), .text(before.id)]
        )
        let after = try self.require(slug: slug, in: connection)
        try self.events.record(
            .permissionUpdated, data: after.json, organizationID: nil,
            context: [
                "previous_attributes": .object(
                    OrganizationRepository.previousAttributes(
                        before: before.json, after: after.json
                    ))
            ],
            in: connection
        )
        return after
    }

    /// Deletes a permission (403 for a system one) and takes it off every role, each of which emits its
    /// `role.updated` / `organization_role.updated`; emits `permission.deleted`.
    public func delete(slug: String, in connection: Connection) throws {
        let permission = try self.require(slug: slug, in: connection)
        if permission.isSystem {
            throw APIError(
                status: .forbidden,
                body: ["message": .string("System permission '\(slug)' cannot be deleted.")]
            )
        }
        let holders: [String] = try connection.fetchAll(
            "SELECT role_id FROM role_permissions WHERE permission_id = ? ORDER BY role_id", [.text(permission.id)]
        ).map { $0["role_id"] }
        try connection.execute("DELETE FROM permissions WHERE id = ?", [.text(permission.id)])
        try self.events.record(.permissionDeleted, data: permission.json, organizationID: nil, in: connection)
        for roleID in holders {
            try self.roles.touchAndRecordUpdate(roleID: roleID, in: connection)
        }
    }
}
