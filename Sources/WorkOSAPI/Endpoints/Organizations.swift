// workos-emulator — Organizations (https://workos.com/docs/reference/organization; catalog-A §3).
// Licensed MIT.

import HTTP1
import JSONCodec
import SQLite

/// `/organizations`: list, create, get, get by external id, update, delete.
enum Organizations {
    /// The routes of this area.
    static func register(on routes: inout RouteTable) {
        routes.add(.get, "/organizations", self.list)
        routes.add(.post, "/organizations", self.create)
        routes.add(.get, "/organizations/:id", self.get)
        routes.add(.get, "/organizations/external_id/:external_id", self.getByExternalID)
        routes.add(.put, "/organizations/:id", self.update)
        routes.add(.delete, "/organizations/:id", self.delete)
    }

    /// Longest `external_id` WorkOS accepts.
    static let maximumExternalIDLength = 128

    /// Longest organization `name`. The reference and the SDKs name no limit; 255 characters is the limit of every
    /// other name the API documents (user names, connection names) and keeps a name from growing to the whole 1 MiB
    /// body (issue 7's review found a 900,000-character name stored and returned).
    static let maximumNameLength = 255

    /// `GET /organizations`: pagination, `domains` (any array encoding), `search` (name contains, case-insensitive).
    @Sendable static func list(_ context: RequestContext) throws -> HTTPResponse {
        let pagination = try Pagination(query: context.request.query)
        let domains = context.request.query.array("domains")
        let search = context.request.query["search"]
        let page = try context.read { connection in
            try context.organizations.list(domains: domains, search: search, pagination: pagination, in: connection)
        }
        return ListResponse.make(page)
    }

    /// `POST /organizations` → 201.
    @Sendable static func create(_ context: RequestContext) throws -> HTTPResponse {
        var body = try context.body()
        let creation = try self.creation(from: &body)
        let organization = try context.write { connection in
            try context.organizations.create(creation, in: connection)
        }
        return .json(organization, status: .created)
    }

    /// `GET /organizations/{id}`.
    @Sendable static func get(_ context: RequestContext) throws -> HTTPResponse {
        let id = context.parameter("id")
        let organization = try context.read { connection in try context.organizations.require(id: id, in: connection) }
        return .json(organization)
    }

    /// `GET /organizations/external_id/{external_id}`.
    @Sendable static func getByExternalID(_ context: RequestContext) throws -> HTTPResponse {
        let externalID = context.parameter("external_id")
        let organization = try context.read { connection in
            try context.organizations.fetchOne(externalID: externalID, in: connection)
        }
        guard let organization else { throw APIError.notFound("Organization", id: externalID) }
        return .json(organization)
    }

    /// `PUT /organizations/{id}`: absent fields stay, explicit `null` clears `metadata`, `external_id`,
    /// `stripe_customer_id`; `domain_data` (or deprecated `domains`) replaces the set of domains.
    @Sendable static func update(_ context: RequestContext) throws -> HTTPResponse {
        let id = context.parameter("id")
        var body = try context.body()
        var changes = OrganizationRepository.Changes()
        switch body.optionalString("name", maxLength: self.maximumNameLength) {
        case .null: body.fail(.invalid("name", "name cannot be null."))
        case .value(let name) where name.trimmingWhitespace().isEmpty: body.fail(.required("name"))
        case .value(let name): changes.name = name
        case .absent: break
        }
        changes.domains = self.domains(from: &body)
        changes.externalID = self.externalID(from: &body)
        changes.stripeCustomerID = body.optionalString("stripe_customer_id", maxLength: 255)
        changes.allowProfilesOutsideOrganization = body.optionalBool("allow_profiles_outside_organization")
        try body.validate()
        changes.metadata = try self.metadata(from: body)
        let organization = try context.write { connection in
            try context.organizations.update(id: id, changes, in: connection)
        }
        return .json(organization)
    }

    /// `DELETE /organizations/{id}` → 204 with no body (catalog-A §1.5).
    @Sendable static func delete(_ context: RequestContext) throws -> HTTPResponse {
        let id = context.parameter("id")
        try context.write { connection in try context.organizations.delete(id: id, in: connection) }
        return .noContent
    }

    // MARK: Parsing shared with the seed

    /// Creates the seed's `organizations`, each exactly a `POST /organizations` body.
    @Sendable static func applySeed(_ seed: Seed, environmentID: String, services: Services, connection: Connection)
        throws
    {
        let repository = OrganizationRepository(environmentID: environmentID, services: services)
        for (index, object) in seed.section("organizations").enumerated() {
            do {
                var body = BodyReader(object: object)
                _ = try repository.create(try self.creation(from: &body), in: connection)
            } catch let error as APIError {
                throw EnvironmentRepository.seedError("organizations", index, error)
            }
        }
    }

    /// Validates a create body (`POST /organizations` and seed entries).
    static func creation(from body: inout BodyReader) throws(APIError) -> OrganizationRepository.Creation {
        var creation = OrganizationRepository.Creation(
            name: body.requiredString("name", maxLength: self.maximumNameLength)
        )
        creation.domains = self.domains(from: &body) ?? []
        creation.externalID = self.externalID(from: &body).value
        creation.stripeCustomerID = body.optionalString("stripe_customer_id", maxLength: 255).value
        creation.allowProfilesOutsideOrganization = body.optionalBool("allow_profiles_outside_organization") ?? false
        try body.validate()
        creation.metadata = try self.metadata(from: body).value ?? []
        return creation
    }

    /// `domain_data: [{domain, state}]`, or the deprecated `domains: [string]` (each verified, as the legacy
    /// parameter behaved). Nil when neither is given.
    private static func domains(from body: inout BodyReader) -> [OrganizationRepository.DomainData]? {
        if let entries = body.optionalObjectArray("domain_data") {
            var domains: [OrganizationRepository.DomainData] = []
            for (index, entry) in entries.enumerated() {
                var item = BodyReader(object: entry)
                let name = item.requiredString("domain")
                let state = item.requiredString("state")
                for error in item.errors {
                    body.fail(
                        FieldError(
                            field: "domain_data[\(index)].\(error.field)", code: error.code, message: error.message
                        )
                    )
                }
                guard !name.isEmpty, !state.isEmpty else { continue }
                guard let domain = DomainName.normalized(name) else {
                    body.fail(.invalid("domain_data[\(index)].domain", "'\(name)' is not a valid domain."))
                    continue
                }
                let parsed = OrganizationDomain.State(rawValue: state)
                guard OrganizationDomain.State.settable.contains(parsed) else {
                    body.fail(.invalid("domain_data[\(index)].state", "state must be one of pending, verified."))
                    continue
                }
                domains.append(.init(domain: domain, state: parsed))
            }
            return domains
        }
        guard let names = body.optionalStringArray("domains") else { return nil }
        var domains: [OrganizationRepository.DomainData] = []
        for (index, name) in names.enumerated() {
            guard let domain = DomainName.normalized(name) else {
                body.fail(.invalid("domains[\(index)]", "'\(name)' is not a valid domain."))
                continue
            }
            domains.append(.init(domain: domain, state: .verified))
        }
        return domains
    }

    /// `external_id`: a string of at most 128 ASCII characters, or `null`.
    private static func externalID(from body: inout BodyReader) -> Patch<String> {
        let value = body.optionalString("external_id", maxLength: self.maximumExternalIDLength)
        if let text = value.value, !text.unicodeScalars.allSatisfy(\.isASCII) {
            body.fail(.invalid("external_id", "external_id must contain only ASCII characters."))
        }
        return value
    }

    /// `metadata`: an object of strings within WorkOS's limits (400 `invalid_metadata`), or `null` to clear.
    private static func metadata(from body: BodyReader) throws(APIError) -> Patch<[(key: String, value: String)]> {
        switch body.field("metadata") {
        case .absent: return .absent
        case .null: return .null
        case .value(let value): return .value(try Metadata.validate(value))
        }
    }
}
