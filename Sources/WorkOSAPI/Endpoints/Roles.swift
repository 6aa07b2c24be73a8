// workos-emulator — Roles (https://workos.com/docs/reference/roles; catalog-A §5): environment roles, organization
// (custom) roles, and the legacy `GET /organizations/{id}/roles` that Node ≤ v8 and Python ≤ v5 call.
// Licensed MIT.

import HTTP1
import JSONCodec
import SQLite

/// `/authorization/roles`, `/authorization/organizations/{organizationId}/roles`, `/organizations/{id}/roles`.
enum Roles {
    /// The routes of this area.
    static func register(on routes: inout RouteTable) {
        routes.add(.get, "/authorization/roles", self.listEnvironmentRoles)
        routes.add(.post, "/authorization/roles", self.createEnvironmentRole)
        routes.add(.get, "/authorization/roles/:slug", self.getEnvironmentRole)
        routes.add(.patch, "/authorization/roles/:slug", self.updateEnvironmentRole)
        routes.add(.put, "/authorization/roles/:slug/permissions", self.setEnvironmentRolePermissions)
        routes.add(.post, "/authorization/roles/:slug/permissions", self.addEnvironmentRolePermission)

        let organizationRoles = "/authorization/organizations/:organizationId/roles"
        routes.add(.get, organizationRoles, self.listOrganizationRoles)
        routes.add(.post, organizationRoles, self.createOrganizationRole)
        routes.add(.get, organizationRoles + "/:slug", self.getOrganizationRole)
        routes.add(.patch, organizationRoles + "/:slug", self.updateOrganizationRole)
        routes.add(.delete, organizationRoles + "/:slug", self.deleteOrganizationRole)
        routes.add(.put, organizationRoles + "/:slug/permissions", self.setOrganizationRolePermissions)
        routes.add(.post, organizationRoles + "/:slug/permissions", self.addOrganizationRolePermission)
        routes.add(
            .delete, organizationRoles + "/:slug/permissions/:permissionSlug", self.removeOrganizationRolePermission
        )

        routes.add(.get, "/organizations/:id/roles", self.listOrganizationRolesLegacy)
    }

    /// Longest `slug`, `name` and `resource_type_slug` the spec allows.
    static let maximumSlugLength = 48
    /// Longest `description` the spec allows.
    static let maximumDescriptionLength = 150
    /// Custom role slugs must begin with this (spec `CreateOrganizationRoleDto.slug`).
    static let organizationRolePrefix = "org-"

    // MARK: Environment roles

    /// `GET /authorization/roles` → `{"object":"list","data":[Role]}` in priority order, no `list_metadata`.
    @Sendable static func listEnvironmentRoles(_ context: RequestContext) throws -> HTTPResponse {
        let roles = try context.read { connection in try context.roles.listEnvironmentRoles(in: connection) }
        return ListResponse.makeUnpaginated(roles)
    }

    /// `POST /authorization/roles` `{slug, name, description?, resource_type_slug?}` → 201; 409 `role_slug_conflict`.
    @Sendable static func createEnvironmentRole(_ context: RequestContext) throws -> HTTPResponse {
        var body = try context.body()
        let creation = try self.creation(from: &body, organizationID: nil)
        let role = try context.write { connection in try context.roles.create(creation, in: connection) }
        return .json(role, status: .created)
    }

    /// `GET /authorization/roles/{slug}`.
    @Sendable static func getEnvironmentRole(_ context: RequestContext) throws -> HTTPResponse {
        let slug = context.parameter("slug")
        return .json(
            try context.read { connection in try context.roles.requireEnvironmentRole(slug: slug, in: connection) })
    }

    /// `PATCH /authorization/roles/{slug}` `{name?, description?}`.
    @Sendable static func updateEnvironmentRole(_ context: RequestContext) throws -> HTTPResponse {
        let slug = context.parameter("slug")
        var body = try context.body()
        let (name, description) = try self.changes(from: &body)
        let role = try context.write { connection in
            let role = try context.roles.requireEnvironmentRole(slug: slug, in: connection)
            return try context.roles.update(role, name: name, description: description, in: connection)
        }
        return .json(role)
    }

    /// `PUT /authorization/roles/{slug}/permissions` `{permissions: [slug]}`: replaces the set.
    @Sendable static func setEnvironmentRolePermissions(_ context: RequestContext) throws -> HTTPResponse {
        let slug = context.parameter("slug")
        var body = try context.body()
        let permissions = try self.permissionList(from: &body)
        let role = try context.write { connection in
            let role = try context.roles.requireEnvironmentRole(slug: slug, in: connection)
            return try context.roles.setPermissions(role, to: permissions, in: connection)
        }
        return .json(role)
    }

    /// `POST /authorization/roles/{slug}/permissions` `{slug}`: adds one (no effect when already there).
    @Sendable static func addEnvironmentRolePermission(_ context: RequestContext) throws -> HTTPResponse {
        let slug = context.parameter("slug")
        var body = try context.body()
        let permission = body.requiredString("slug")
        try body.validate()
        let role = try context.write { connection in
            let role = try context.roles.requireEnvironmentRole(slug: slug, in: connection)
            return try context.roles.addPermission(role, slug: permission, in: connection)
        }
        return .json(role)
    }

    // MARK: Organization roles

    /// `GET /authorization/organizations/{organizationId}/roles`: environment and custom roles in priority order.
    @Sendable static func listOrganizationRoles(_ context: RequestContext) throws -> HTTPResponse {
        try self.listApplicable(context, organizationID: context.parameter("organizationId"))
    }

    /// `GET /organizations/{id}/roles` (legacy, §5.1): the same list, each item with `type`.
    @Sendable static func listOrganizationRolesLegacy(_ context: RequestContext) throws -> HTTPResponse {
        try self.listApplicable(context, organizationID: context.parameter("id"))
    }

    private static func listApplicable(_ context: RequestContext, organizationID: String) throws -> HTTPResponse {
        let roles = try context.read { connection in
            _ = try context.organizations.require(id: organizationID, in: connection)
            return try context.roles.listApplicable(organizationID: organizationID, in: connection)
        }
        return ListResponse.makeUnpaginated(roles)
    }

    /// `POST /authorization/organizations/{organizationId}/roles` `{name, slug?, description?, resource_type_slug?}`
    /// → 201 `OrganizationRole`. A given slug must start with `org-` (400 `bad_request`); without one, the slug is
    /// made from the name plus a random suffix. 409 `organization_role_slug_conflict`.
    @Sendable static func createOrganizationRole(_ context: RequestContext) throws -> HTTPResponse {
        let organizationID = context.parameter("organizationId")
        var body = try context.body()
        let creation = try self.creation(from: &body, organizationID: organizationID)
        let role = try context.write { connection in
            _ = try context.organizations.require(id: organizationID, in: connection)
            return try context.roles.create(creation, in: connection)
        }
        return .json(role, status: .created)
    }

    /// `GET /authorization/organizations/{organizationId}/roles/{slug}`: a custom role or an environment role.
    @Sendable static func getOrganizationRole(_ context: RequestContext) throws -> HTTPResponse {
        let organizationID = context.parameter("organizationId")
        let slug = context.parameter("slug")
        let role = try context.read { connection in
            try self.requireApplicable(context, slug: slug, organizationID: organizationID, in: connection)
        }
        return .json(role)
    }

    /// `PATCH /authorization/organizations/{organizationId}/roles/{slug}` `{name?, description?}`.
    @Sendable static func updateOrganizationRole(_ context: RequestContext) throws -> HTTPResponse {
        let (organizationID, slug) = (context.parameter("organizationId"), context.parameter("slug"))
        var body = try context.body()
        let (name, description) = try self.changes(from: &body)
        let role = try context.write { connection in
            let role = try self.requireCustom(context, slug: slug, organizationID: organizationID, in: connection)
            return try context.roles.update(role, name: name, description: description, in: connection)
        }
        return .json(role)
    }

    /// `DELETE /authorization/organizations/{organizationId}/roles/{slug}` → 204; 409 `role_has_assignments`.
    @Sendable static func deleteOrganizationRole(_ context: RequestContext) throws -> HTTPResponse {
        let (organizationID, slug) = (context.parameter("organizationId"), context.parameter("slug"))
        try context.write { connection in
            let role = try self.requireCustom(context, slug: slug, organizationID: organizationID, in: connection)
            try context.roles.delete(role, in: connection)
        }
        return .noContent
    }

    /// `PUT …/roles/{slug}/permissions` `{permissions: [slug]}` → 200 Role.
    @Sendable static func setOrganizationRolePermissions(_ context: RequestContext) throws -> HTTPResponse {
        let (organizationID, slug) = (context.parameter("organizationId"), context.parameter("slug"))
        var body = try context.body()
        let permissions = try self.permissionList(from: &body)
        let role = try context.write { connection in
            let role = try self.requireCustom(context, slug: slug, organizationID: organizationID, in: connection)
            return try context.roles.setPermissions(role, to: permissions, in: connection)
        }
        return .json(role)
    }

    /// `POST …/roles/{slug}/permissions` `{slug}` → 200 Role (idempotent).
    @Sendable static func addOrganizationRolePermission(_ context: RequestContext) throws -> HTTPResponse {
        let (organizationID, slug) = (context.parameter("organizationId"), context.parameter("slug"))
        var body = try context.body()
        let permission = body.requiredString("slug")
        try body.validate()
        let role = try context.write { connection in
            let role = try self.requireCustom(context, slug: slug, organizationID: organizationID, in: connection)
            return try context.roles.addPermission(role, slug: permission, in: connection)
        }
        return .json(role)
    }

    /// `DELETE …/roles/{slug}/permissions/{permissionSlug}` → 200 Role (the spec answers with the role, not 204).
    @Sendable static func removeOrganizationRolePermission(_ context: RequestContext) throws -> HTTPResponse {
        let (organizationID, slug) = (context.parameter("organizationId"), context.parameter("slug"))
        let permission = context.parameter("permissionSlug")
        let role = try context.write { connection in
            let role = try self.requireCustom(context, slug: slug, organizationID: organizationID, in: connection)
            return try context.roles.removePermission(role, slug: permission, in: connection)
        }
        return .json(role)
    }

    /// The role a slug names in an organization (custom or environment), or a 404 for the organization or role.
    private static func requireApplicable(
        _ context: RequestContext,
        slug: String,
        organizationID: String,
        in connection: Connection
    ) throws -> Role {
        _ = try context.organizations.require(id: organizationID, in: connection)
        guard let role = try context.roles.fetchApplicable(slug: slug, organizationID: organizationID, in: connection)
        else { throw APIError.notFound("Role", id: slug) }
        return role
    }

    /// A custom role of the organization. An environment role reached through the organization path is a 400
    /// `bad_request`: it is changed through `/authorization/roles/{slug}` only.
    private static func requireCustom(
        _ context: RequestContext,
        slug: String,
        organizationID: String,
        in connection: Connection
    ) throws -> Role {
        let role = try self.requireApplicable(context, slug: slug, organizationID: organizationID, in: connection)
        guard role.kind == .organizationRole else {
            throw APIError.badRequest(
                .badRequest,
                "'\(slug)' is an environment role; change it through /authorization/roles/\(slug)."
            )
        }
        return role
    }

    // MARK: Parsing shared with the seed

    /// Creates the seed's `roles`: each a `POST /authorization/roles` body plus `permissions` (slugs from the
    /// `permissions` section) and `default` (the role memberships get when none is named). A seed without a `roles`
    /// section gets WorkOS's two built-in roles, `admin` and `member` (the default), without permissions, so that
    /// memberships work in every environment.
    @Sendable static func applySeed(
        _ seed: Seed, environmentID: String, services: Services, connection: Connection
    )
        throws
    {
        let repository = RoleRepository(environmentID: environmentID, services: services)
        guard seed.document["roles"] != nil else {
            for (slug, name) in [("admin", "Admin"), (Role.memberSlug, "Member")] {
                var creation = RoleRepository.Creation(slug: slug, name: name)
                creation.isDefault = slug == Role.memberSlug
                _ = try repository.create(creation, in: connection)
            }
            return
        }
        for (index, object) in seed.section("roles").enumerated() {
            do {
                var body = BodyReader(object: object)
                let permissions = body.optionalStringArray("permissions") ?? []
                let isDefault = body.optionalBool("default") ?? false
                var creation = try self.creation(from: &body, organizationID: nil)
                creation.permissions = permissions
                creation.isDefault = isDefault
                _ = try repository.create(creation, in: connection)
            } catch let error as APIError {
                throw EnvironmentRepository.seedError("roles", index, error)
            }
        }
    }

    /// Validates a create body. Field problems are a 422; a slug that breaks the slug rules is a 400 `bad_request`.
    static func creation(
        from body: inout BodyReader, organizationID: String?
    ) throws(APIError)
        -> RoleRepository.Creation
    {
        let name = body.requiredString("name", maxLength: self.maximumSlugLength)
        var slug: String?
        if organizationID == nil {
            slug = body.requiredString("slug", maxLength: self.maximumSlugLength)
        } else {
            slug = body.optionalString("slug", maxLength: self.maximumSlugLength).value
            if slug?.isEmpty == true { body.fail(.required("slug")) }
        }
        let description = body.optionalString("description", maxLength: self.maximumDescriptionLength).value
        let resourceType = self.resourceTypeSlug(from: &body)
        try body.validate()
        if let given = slug {
            try self.checkRoleSlug(given, organizationScoped: organizationID != nil)
        } else {
            slug = self.generatedSlug(from: name)
        }
        var creation = RoleRepository.Creation(slug: slug ?? "", name: name)
        creation.description = description
        creation.resourceTypeSlug = resourceType ?? Role.defaultResourceTypeSlug
        creation.organizationID = organizationID
        return creation
    }

    /// `name?` and `description?` (null clears the description; a null or empty name is a 422).
    static func changes(from body: inout BodyReader) throws(APIError) -> (String?, Patch<String>) {
        var name: String?
        switch body.optionalString("name", maxLength: self.maximumSlugLength) {
        case .null: body.fail(.invalid("name", "name cannot be null."))
        case .value(let text) where text.trimmingWhitespace().isEmpty: body.fail(.required("name"))
        case .value(let text): name = text
        case .absent: break
        }
        let description = body.optionalString("description", maxLength: self.maximumDescriptionLength)
        try body.validate()
        return (name, description)
    }

    /// `resource_type_slug?`: a non-empty string of at most 48 characters.
    static func resourceTypeSlug(from body: inout BodyReader) -> String? {
        let value = body.optionalString("resource_type_slug", maxLength: self.maximumSlugLength).value
        if value?.isEmpty == true { body.fail(.required("resource_type_slug")) }
        return value
    }

    /// `permissions`: a required array of permission slugs.
    private static func permissionList(from body: inout BodyReader) throws(APIError) -> [String] {
        if body.field("permissions").value == nil {
            body.fail(.required("permissions"))
        }
        let permissions = body.optionalStringArray("permissions") ?? []
        try body.validate()
        return permissions
    }

    /// Role slugs are lower-case letters, digits, `-` and `_`; custom role slugs also start with `org-`.
    private static func checkRoleSlug(_ slug: String, organizationScoped: Bool) throws(APIError) {
        let allowed = slug.unicodeScalars.allSatisfy { scalar in
            ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "_"
        }
        if organizationScoped, !slug.hasPrefix(self.organizationRolePrefix) {
            throw .badRequest(.badRequest, "The slug of an organization role must begin with 'org-'.")
        }
        if !allowed {
            throw .badRequest(
                .badRequest,
                "The slug '\(slug)' may contain only lowercase letters, numbers, hyphens and underscores."
            )
        }
    }

    /// `org-<name as a slug>-<6 random characters>`, at most 48 characters (spec: "auto-generated from the role
    /// name and a random suffix").
    static func generatedSlug(from name: String) -> String {
        var words = ""
        for scalar in name.lowercased().unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                words.unicodeScalars.append(scalar)
            } else if !words.isEmpty, !words.hasSuffix("-") {
                words += "-"
            }
        }
        while words.hasSuffix("-") { words.removeLast() }
        if words.isEmpty { words = "role" }
        let suffix = "-" + RandomToken.lowercaseAlphanumeric(6)
        let room = self.maximumSlugLength - self.organizationRolePrefix.count - suffix.count
        var stem = String(words.prefix(room))
        while stem.hasSuffix("-") { stem.removeLast() }
        return self.organizationRolePrefix + stem + suffix
    }
}
