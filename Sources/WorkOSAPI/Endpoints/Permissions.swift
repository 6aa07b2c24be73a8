// workos-emulator — Permissions (https://workos.com/docs/reference/roles/permission;
// spec `/authorization/permissions`).
// Licensed MIT.

import HTTP1
import SQLite

/// `/authorization/permissions`: list, create, get, update, delete.
enum Permissions {
    /// The routes of this area.
    static func register(on routes: inout RouteTable) {
        routes.add(.get, "/authorization/permissions", self.list)
        routes.add(.post, "/authorization/permissions", self.create)
        routes.add(.get, "/authorization/permissions/:slug", self.get)
        routes.add(.patch, "/authorization/permissions/:slug", self.update)
        routes.add(.delete, "/authorization/permissions/:slug", self.delete)
    }

    /// `GET /authorization/permissions`: a paginated list, newest first by default.
    @Sendable static func list(_ context: RequestContext) throws -> HTTPResponse {
        let pagination = try Pagination(query: context.request.query)
        let page = try context.read { connection in try context.permissions.list(pagination: pagination, in: connection)
        }
        return ListResponse.make(page)
    }

    /// `POST /authorization/permissions` `{slug, name, description?, resource_type_slug?}` → 201;
    /// 409 `permission_slug_conflict`.
    @Sendable static func create(_ context: RequestContext) throws -> HTTPResponse {
        var body = try context.body()
        let creation = try self.creation(from: &body)
        let permission = try context.write { connection in try context.permissions.create(creation, in: connection) }
        return .json(permission, status: .created)
    }

    /// `GET /authorization/permissions/{slug}`.
    @Sendable static func get(_ context: RequestContext) throws -> HTTPResponse {
        let slug = context.parameter("slug")
        return .json(try context.read { connection in try context.permissions.require(slug: slug, in: connection) })
    }

    /// `PATCH /authorization/permissions/{slug}` `{name?, description?}`.
    @Sendable static func update(_ context: RequestContext) throws -> HTTPResponse {
        let slug = context.parameter("slug")
        var body = try context.body()
        let (name, description) = try Roles.changes(from: &body)
        let permission = try context.write { connection in
            try context.permissions.update(slug: slug, name: name, description: description, in: connection)
        }
        return .json(permission)
    }

    /// `DELETE /authorization/permissions/{slug}` → 204 (403 for a system permission).
    @Sendable static func delete(_ context: RequestContext) throws -> HTTPResponse {
        let slug = context.parameter("slug")
        try context.write { connection in try context.permissions.delete(slug: slug, in: connection) }
        return .noContent
    }

    // MARK: Parsing shared with the seed

    /// Creates the seed's `permissions`, each exactly a `POST /authorization/permissions` body.
    @Sendable static func applySeed(
        _ seed: Seed, environmentID: String, services: Services, connection: Connection
    )
        throws
    {
        let repository = PermissionRepository(environmentID: environmentID, services: services)
        for (index, object) in seed.section("permissions").enumerated() {
            do {
                var body = BodyReader(object: object)
                _ = try repository.create(try self.creation(from: &body), in: connection)
            } catch let error as APIError {
                throw EnvironmentRepository.seedError("permissions", index, error)
            }
        }
    }

    /// Validates a create body: field problems are a 422; a slug outside the allowed characters is a 400
    /// `bad_request` ("lowercase and contain only letters, numbers, hyphens, underscores, colons, periods, and
    /// asterisks").
    static func creation(from body: inout BodyReader) throws(APIError) -> PermissionRepository.Creation {
        let slug = body.requiredString("slug", maxLength: Roles.maximumSlugLength)
        let name = body.requiredString("name", maxLength: Roles.maximumSlugLength)
        let description = body.optionalString("description", maxLength: Roles.maximumDescriptionLength).value
        let resourceType = Roles.resourceTypeSlug(from: &body)
        try body.validate()
        let allowed = slug.unicodeScalars.allSatisfy { scalar in
            ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || "-_:.*".unicodeScalars.contains(scalar)
        }
        if !allowed {
            throw .badRequest(
                .badRequest,
                "The slug '\(slug)' must be lowercase and contain only letters, numbers, hyphens, underscores, "
                    + "colons, periods and asterisks."
            )
        }
        var creation = PermissionRepository.Creation(slug: slug, name: name)
        creation.description = description
        creation.resourceTypeSlug = resourceType ?? Role.defaultResourceTypeSlug
        return creation
    }
}
