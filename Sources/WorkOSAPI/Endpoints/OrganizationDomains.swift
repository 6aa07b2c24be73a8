// workos-emulator — Organization Domains (https://workos.com/docs/reference/domain-verification; catalog-A §4).
// Licensed MIT.

import HTTP1

/// `/organization_domains`: create, get, verify, delete.
enum OrganizationDomains {
    /// The routes of this area.
    static func register(on routes: inout RouteTable) {
        routes.add(.post, "/organization_domains", self.create)
        routes.add(.get, "/organization_domains/:id", self.get)
        routes.add(.post, "/organization_domains/:id/verify", self.verify)
        routes.add(.delete, "/organization_domains/:id", self.delete)
    }

    /// `POST /organization_domains` `{domain, organization_id}` → 201, `pending`, DNS token and prefix.
    @Sendable static func create(_ context: RequestContext) throws -> HTTPResponse {
        var body = try context.body()
        let name = body.requiredString("domain")
        let organizationID = body.requiredString("organization_id")
        if !name.isEmpty, DomainName.normalized(name) == nil {
            body.fail(.invalid("domain", "'\(name)' is not a valid domain."))
        }
        try body.validate()
        let domain = DomainName.normalized(name) ?? name
        let created = try context.write { connection in
            try context.organizationDomains.create(organizationID: organizationID, domain: domain, in: connection)
        }
        return .json(created, status: .created)
    }

    /// `GET /organization_domains/{id}`.
    @Sendable static func get(_ context: RequestContext) throws -> HTTPResponse {
        let id = context.parameter("id")
        return .json(try context.read { connection in try context.organizationDomains.require(id: id, in: connection) })
    }

    /// `POST /organization_domains/{id}/verify` → 201 (the spec's status for this call).
    @Sendable static func verify(_ context: RequestContext) throws -> HTTPResponse {
        let id = context.parameter("id")
        let domain = try context.write { connection in try context.organizationDomains.verify(id: id, in: connection) }
        return .json(domain, status: .created)
    }

    /// `DELETE /organization_domains/{id}` → 204.
    @Sendable static func delete(_ context: RequestContext) throws -> HTTPResponse {
        let id = context.parameter("id")
        try context.write { connection in try context.organizationDomains.delete(id: id, in: connection) }
        return .noContent
    }
}
