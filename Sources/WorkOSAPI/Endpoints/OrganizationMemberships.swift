// workos-emulator — Organization memberships
// (https://workos.com/docs/reference/user-management/organization-membership; catalog-A §6.10).
// Licensed MIT.

import HTTP1
import JSONCodec
import SQLite

/// `/user_management/organization_memberships`: list, create, get, update, delete, deactivate, reactivate.
enum OrganizationMemberships {
    /// The routes of this area.
    static func register(on routes: inout RouteTable) {
        let base = "/user_management/organization_memberships"
        routes.add(.get, base, self.list)
        routes.add(.post, base, self.create)
        routes.add(.get, base + "/:id", self.get)
        routes.add(.put, base + "/:id", self.update)
        routes.add(.delete, base + "/:id", self.delete)
        routes.add(.put, base + "/:id/deactivate", self.deactivate)
        routes.add(.put, base + "/:id/reactivate", self.reactivate)
    }

    /// `GET /user_management/organization_memberships`: `user_id` and/or `organization_id` (neither is 400
    /// `missing_user_id_or_organization_id`), `statuses` in any array encoding (default: only `active`; an unknown
    /// status is 400 `invalid_request_parameters`, the spec's list error), pagination. An unknown user or
    /// organization is a 404.
    @Sendable static func list(_ context: RequestContext) throws -> HTTPResponse {
        let query = context.request.query
        // Parameter validation first (422 for pagination, 400 for statuses), then the rule that needs a filter, as a
        // request-validation layer in front of the handler would order them.
        let pagination = try Pagination(query: query)
        var statuses: [OrganizationMembership.Status] = []
        for text in query.array("statuses") {
            let status = OrganizationMembership.Status(rawValue: text)
            guard OrganizationMembership.Status.all.contains(status) else {
                var error = APIError.validation([
                    .invalid("statuses", "statuses must contain only active, inactive or pending; '\(text)' is not.")
                ])
                error.status = .badRequest
                throw error
            }
            if !statuses.contains(status) { statuses.append(status) }
        }
        if statuses.isEmpty { statuses = [.active] }
        let userID = query["user_id"].flatMap { $0.isEmpty ? nil : $0 }
        let organizationID = query["organization_id"].flatMap { $0.isEmpty ? nil : $0 }
        guard userID != nil || organizationID != nil else {
            throw APIError.badRequest(
                .missingUserIDOrOrganizationID, "At least one of user_id or organization_id must be provided."
            )
        }
        let page = try context.read { connection in
            if let organizationID { _ = try context.organizations.require(id: organizationID, in: connection) }
            if let userID { _ = try context.users.require(id: userID, in: connection) }
            return try context.memberships.list(
                userID: userID, organizationID: organizationID, statuses: statuses, pagination: pagination,
                in: connection
            )
        }
        return ListResponse.make(page)
    }

    /// `POST /user_management/organization_memberships` `{user_id, organization_id, role_slug? | role_slugs?}` → 201
    /// active (default role `member` or the environment's default); reactivates an inactive one.
    @Sendable static func create(_ context: RequestContext) throws -> HTTPResponse {
        var body = try context.body()
        let userID = body.requiredString("user_id")
        let organizationID = body.requiredString("organization_id")
        let roleSlugs = self.roleSlugs(from: &body)
        try body.validate()
        let membership = try context.write { connection in
            try context.memberships.create(
                userID: userID, organizationID: organizationID, roleSlugs: roleSlugs, in: connection
            )
        }
        return .json(membership, status: .created)
    }

    /// `GET /user_management/organization_memberships/{id}`.
    @Sendable static func get(_ context: RequestContext) throws -> HTTPResponse {
        let id = context.parameter("id")
        return .json(try context.read { connection in try context.memberships.require(id: id, in: connection) })
    }

    /// `PUT /user_management/organization_memberships/{id}` `{role_slug? | role_slugs?}`: replaces the roles.
    @Sendable static func update(_ context: RequestContext) throws -> HTTPResponse {
        let id = context.parameter("id")
        var body = try context.body()
        let roleSlugs = self.roleSlugs(from: &body)
        try body.validate()
        let membership = try context.write { connection in
            try context.memberships.update(id: id, roleSlugs: roleSlugs, in: connection)
        }
        return .json(membership)
    }

    /// `DELETE /user_management/organization_memberships/{id}` → 204 without a body (catalog-A §1.5).
    @Sendable static func delete(_ context: RequestContext) throws -> HTTPResponse {
        let id = context.parameter("id")
        try context.write { connection in try context.memberships.delete(id: id, in: connection) }
        return .noContent
    }

    /// `PUT /user_management/organization_memberships/{id}/deactivate`.
    @Sendable static func deactivate(_ context: RequestContext) throws -> HTTPResponse {
        let id = context.parameter("id")
        return .json(try context.write { connection in try context.memberships.deactivate(id: id, in: connection) })
    }

    /// `PUT /user_management/organization_memberships/{id}/reactivate`.
    @Sendable static func reactivate(_ context: RequestContext) throws -> HTTPResponse {
        let id = context.parameter("id")
        return .json(try context.write { connection in try context.memberships.reactivate(id: id, in: connection) })
    }

    /// `role_slug` or `role_slugs` (mutually exclusive, spec `x-mutually-exclusive-body-groups`); nil when neither.
    static func roleSlugs(from body: inout BodyReader) -> [String]? {
        let single = body.optionalString("role_slug")
        let multiple = body.optionalStringArray("role_slugs")
        if single.value != nil, multiple != nil {
            body.fail(.invalid("role_slugs", "role_slug and role_slugs are mutually exclusive."))
            return nil
        }
        if let slug = single.value {
            if slug.trimmingWhitespace().isEmpty { body.fail(.required("role_slug")) }
            return [slug]
        }
        if let slugs = multiple {
            if slugs.isEmpty { body.fail(.invalid("role_slugs", "role_slugs must name at least one role.")) }
            return slugs
        }
        return nil
    }

    // MARK: Seed

    /// Creates the seed's `organization_memberships: [{user_email, organization_name, role_slug? | role_slugs?,
    /// status?}]`; `status` may be `active` (default) or `inactive`. A reference to a missing user or organization
    /// stops the start naming the entry.
    @Sendable static func applySeed(
        _ seed: Seed, environmentID: String, services: Services, connection: Connection
    )
        throws
    {
        let repository = OrganizationMembershipRepository(environmentID: environmentID, services: services)
        let section = "organization_memberships"
        for (index, object) in seed.section(section).enumerated() {
            do {
                var body = BodyReader(object: object)
                let email = body.requiredString("user_email")
                let organizationName = body.requiredString("organization_name")
                let roleSlugs = self.roleSlugs(from: &body)
                let status = body.optionalString("status").value.map(OrganizationMembership.Status.init(rawValue:))
                if let status, status != .active, status != .inactive {
                    body.fail(.invalid("status", "status must be active or inactive."))
                }
                try body.validate()
                let (userID, organizationID) = try SeedReferences.resolve(
                    email: email, organizationName: organizationName, environmentID: environmentID,
                    services: services, in: connection
                )
                let membership = try repository.create(
                    userID: userID, organizationID: organizationID, roleSlugs: roleSlugs, in: connection
                )
                if status == .inactive { _ = try repository.deactivate(id: membership.id, in: connection) }
            } catch let error as APIError {
                throw EnvironmentRepository.seedError(section, index, error)
            }
        }
    }
}
