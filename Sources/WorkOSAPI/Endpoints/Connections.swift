// workos-emulator — SSO connections (https://workos.com/docs/reference/sso/connection; catalog-B §2.5–2.7) and the
// control calls that create them (emulator.md "Control API").
// Licensed MIT.

import HTTP1
import JSONCodec
import SQLite

/// `/connections`: list, get, delete; `/_emulator/connections`: create, change state.
enum Connections {
    /// The routes of this area.
    static func register(on routes: inout RouteTable) {
        routes.add(.get, "/connections", self.list)
        routes.add(.get, "/connections/:id", self.get)
        routes.add(.delete, "/connections/:id", self.delete)
        routes.add(.post, "/_emulator/connections", self.create)
        routes.add(.put, "/_emulator/connections/:id", self.update)
    }

    /// `GET /connections`: pagination, `connection_type` (either spelling of GitHub), `domain`, `organization_id`,
    /// `search` (name contains, case-insensitive).
    @Sendable static func list(_ context: RequestContext) throws -> HTTPResponse {
        let query = context.request.query
        let pagination = try Pagination(query: query)
        var filter = ConnectionRepository.Filter()
        if let text = query["connection_type"], !text.isEmpty {
            guard let type = SSOConnection.ConnectionType(parsing: text) else {
                throw APIError.validation([.invalid("connection_type", "connection_type '\(text)' is not supported.")])
            }
            filter.connectionType = type
        }
        filter.domain = query["domain"].flatMap { $0.isEmpty ? nil : $0 }
        filter.organizationID = query["organization_id"].flatMap { $0.isEmpty ? nil : $0 }
        filter.search = query["search"]
        let page = try context.read { connection in
            try context.connections.list(filter, pagination: pagination, in: connection)
        }
        return ListResponse.make(page)
    }

    /// `GET /connections/{id}`.
    @Sendable static func get(_ context: RequestContext) throws -> HTTPResponse {
        let id = context.parameter("id")
        return .json(try context.read { connection in try context.connections.require(id: id, in: connection) })
    }

    /// `DELETE /connections/{id}` → 204; emits `connection.deleted`.
    @Sendable static func delete(_ context: RequestContext) throws -> HTTPResponse {
        let id = context.parameter("id")
        try context.write { connection in try context.connections.delete(id: id, in: connection) }
        return .noContent
    }

    /// `POST /_emulator/connections` `{organization_id, connection_type, name, domains, state?, profiles: [{email,
    /// first_name, last_name, idp_id, groups, role, custom_attributes, raw_attributes}]}` → 201 with the connection;
    /// emits `connection.activated` (when active, the default).
    @Sendable static func create(_ context: RequestContext) throws -> HTTPResponse {
        var body = try context.body()
        let organizationID = body.optionalString("organization_id").value
        let parsed = try self.creation(from: &body, organizationID: organizationID)
        let created = try context.write { connection in
            var creation = parsed
            if creation.name.isEmpty {
                creation.name = try self.defaultName(
                    for: creation,
                    context.environment.id,
                    context.services,
                    connection
                )
            }
            return try context.connections.create(creation, in: connection)
        }
        return .json(created, status: .created)
    }

    /// `PUT /_emulator/connections/{id}` `{state}`: `active` emits `connection.activated`, leaving it
    /// `connection.deactivated`.
    @Sendable static func update(_ context: RequestContext) throws -> HTTPResponse {
        let id = context.parameter("id")
        var body = try context.body()
        let state = self.state(from: &body) ?? nil
        if state == nil, body.errors.isEmpty { body.fail(.required("state")) }
        try body.validate()
        guard let state else { throw APIError.internalError }
        let updated = try context.write { connection in
            try context.connections.setState(id: id, to: state, in: connection)
        }
        return .json(updated)
    }

    // MARK: Parsing shared with the seed

    /// Creates the seed's `connections`: control-API bodies that name their organization by `organization_name`
    /// (or `organization_id`).
    @Sendable static func applySeed(
        _ seed: Seed,
        environmentID: String,
        services: Services,
        connection: Connection
    )
        throws
    {
        let repository = ConnectionRepository(environmentID: environmentID, services: services)
        let section = "connections"
        for (index, object) in seed.section(section).enumerated() {
            do {
                var body = BodyReader(object: object)
                var organizationID = body.optionalString("organization_id").value
                if let name = body.optionalString("organization_name").value {
                    organizationID = try SeedReferences.organizationID(
                        name: name,
                        environmentID: environmentID,
                        in: connection
                    )
                }
                var creation = try self.creation(from: &body, organizationID: organizationID)
                if creation.name.isEmpty {
                    creation.name = try self.defaultName(for: creation, environmentID, services, connection)
                }
                _ = try repository.create(creation, in: connection)
            } catch let error as APIError {
                throw EnvironmentRepository.seedError(section, index, error)
            }
        }
    }

    /// Validates a create body (control API and seed entries); `name` is left empty when absent.
    static func creation(
        from body: inout BodyReader,
        organizationID: String?
    ) throws(APIError)
        -> ConnectionRepository.Creation
    {
        let typeText = body.requiredString("connection_type")
        var type = SSOConnection.ConnectionType(rawValue: typeText)
        if !typeText.isEmpty {
            if let parsed = SSOConnection.ConnectionType(parsing: typeText) {
                type = parsed
            } else {
                body.fail(.invalid("connection_type", "connection_type '\(typeText)' is not a WorkOS connection type."))
            }
        }
        let name = body.optionalString("name", maxLength: 255).value?.trimmingWhitespace() ?? ""
        var creation = ConnectionRepository.Creation(organizationID: organizationID, connectionType: type, name: name)
        for (index, text) in (body.optionalStringArray("domains") ?? []).enumerated() {
            guard let domain = DomainName.normalized(text) else {
                body.fail(.invalid("domains[\(index)]", "'\(text)' is not a valid domain."))
                continue
            }
            creation.domains.append(domain)
        }
        if let state = self.state(from: &body) { creation.state = state ?? .active }
        var emails = Set<String>()
        for (index, entry) in (body.optionalObjectArray("profiles") ?? []).enumerated() {
            var item = BodyReader(object: entry)
            let declaration = self.declaration(from: &item)
            for error in item.errors {
                body.fail(
                    FieldError(field: "profiles[\(index)].\(error.field)", code: error.code, message: error.message)
                )
            }
            guard let declaration else { continue }
            guard emails.insert(declaration.email).inserted else {
                body.fail(.invalid("profiles[\(index)].email", "Two profiles use the email '\(declaration.email)'."))
                continue
            }
            creation.profiles.append(declaration)
        }
        try body.validate()
        return creation
    }

    /// `state`: absent → nil; one of `draft`, `active`, `validating`, `inactive` → that state; anything else
    /// records an error and answers `.some(nil)`.
    private static func state(from body: inout BodyReader) -> SSOConnection.State?? {
        guard let text = body.optionalString("state").value else { return nil }
        let state = SSOConnection.State(rawValue: text)
        guard SSOConnection.State.settable.contains(state) else {
            body.fail(.invalid("state", "state must be one of draft, active, validating, inactive."))
            return .some(nil)
        }
        return state
    }

    /// One `profiles[]` entry; nil when it has errors (recorded in `body`).
    static func declaration(from body: inout BodyReader) -> ProfileRepository.Declaration? {
        let emailText = body.requiredString("email")
        let email = EmailAddress.normalized(emailText)
        if !emailText.isEmpty, email == nil { body.fail(.invalid("email", "'\(emailText)' is not a valid email.")) }
        var declaration = ProfileRepository.Declaration(email: email ?? "")
        declaration.firstName = body.optionalString("first_name", maxLength: 255).value
        declaration.lastName = body.optionalString("last_name", maxLength: 255).value
        declaration.idpID = body.optionalString("idp_id", maxLength: 255).value
        declaration.groups = body.optionalStringArray("groups") ?? []
        switch body.field("role") {
        case .value(.string(let slug)) where !slug.isEmpty: declaration.roleSlug = slug
        case .value(.object(let object)):
            if let slug = object["slug"]?.stringValue, !slug.isEmpty {
                declaration.roleSlug = slug
            } else {
                body.fail(.invalid("role", "role must be a slug or {\"slug\": …}."))
            }
        case .absent, .null: break
        case .value: body.fail(.invalid("role", "role must be a slug or {\"slug\": …}."))
        }
        for key in ["custom_attributes", "raw_attributes"] {
            switch body.field(key) {
            case .absent, .null: break
            case .value(let value) where value.objectValue != nil:
                if key == "custom_attributes" {
                    declaration.customAttributes = value
                } else {
                    declaration.rawAttributes = value
                }
            case .value: body.fail(.type(key, expected: "an object"))
            }
        }
        guard email != nil, body.errors.isEmpty else { return nil }
        return declaration
    }

    /// A name when none is given: the organization's, else the provider's (`Google OAuth`).
    static func defaultName(
        for creation: ConnectionRepository.Creation,
        _ environmentID: String,
        _ services: Services,
        _ connection: Connection
    ) throws -> String {
        if let organizationID = creation.organizationID,
            let organization = try OrganizationRepository(environmentID: environmentID, services: services)
                .fetchOne(id: organizationID, in: connection)
        {
            return organization.name
        }
        return self.providerName(creation.connectionType)
    }

    /// `Google OAuth` for `GoogleOAuth`.
    static func providerName(_ type: SSOConnection.ConnectionType) -> String {
        type.isOAuth ? type.displayName + " OAuth" : type.rawValue
    }
}

extension RequestContext {
    /// The SSO connections repository of this environment.
    var connections: ConnectionRepository {
        ConnectionRepository(environmentID: self.environment.id, services: self.services)
    }
}
