// workos-emulator — Users (https://workos.com/docs/reference/authkit/user; catalog-A §6.1, §6.2).
// Licensed MIT.

import HTTP1
import JSONCodec
import SQLite

/// `/user_management/users`: list, create, get, get by external id, update, delete, identities.
enum Users {
    /// The routes of this area.
    static func register(on routes: inout RouteTable) {
        routes.add(.get, "/user_management/users", self.list)
        routes.add(.post, "/user_management/users", self.create)
        routes.add(.get, "/user_management/users/:id", self.get)
        routes.add(.get, "/user_management/users/external_id/:external_id", self.getByExternalID)
        routes.add(.put, "/user_management/users/:id", self.update)
        routes.add(.delete, "/user_management/users/:id", self.delete)
        routes.add(.get, "/user_management/users/:id/identities", self.identities)
    }

    /// Longest `external_id` WorkOS accepts.
    static let maximumExternalIDLength = 128

    /// `GET /user_management/users`: pagination, `organization_id` (or the deprecated `organization`) keeps users
    /// with an active membership there, `email` keeps the user with that address (case-insensitive).
    @Sendable static func list(_ context: RequestContext) throws -> HTTPResponse {
        let pagination = try Pagination(query: context.request.query)
        let query = context.request.query
        let organizationID = [query["organization_id"], query["organization"]].compactMap { $0 }.first { !$0.isEmpty }
        let email = query["email"].flatMap { $0.isEmpty ? nil : $0 }
        let page = try context.read { connection in
            try context.users.list(organizationID: organizationID, email: email, pagination: pagination, in: connection)
        }
        return ListResponse.make(page)
    }

    /// `POST /user_management/users` → 201.
    @Sendable static func create(_ context: RequestContext) throws -> HTTPResponse {
        var body = try context.body()
        let (creation, password) = try self.creation(from: &body)
        var complete = creation
        // Hash before taking the store lock: hashing is deliberately slow.
        complete.passwordHash = try password.map { input throws(APIError) in try UserPassword.storedHash(for: input) }
        let user = try context.write { connection in try context.users.create(complete, in: connection) }
        return .json(user, status: .created)
    }

    /// `GET /user_management/users/{id}`.
    @Sendable static func get(_ context: RequestContext) throws -> HTTPResponse {
        let id = context.parameter("id")
        let user = try context.read { connection in try context.users.require(id: id, in: connection) }
        return .json(user)
    }

    /// `GET /user_management/users/external_id/{external_id}`.
    @Sendable static func getByExternalID(_ context: RequestContext) throws -> HTTPResponse {
        let externalID = context.parameter("external_id")
        let user = try context.read { connection in try context.users.fetchOne(externalID: externalID, in: connection) }
        guard let user else { throw APIError.notFound("User", id: externalID) }
        return .json(user)
    }

    /// `PUT /user_management/users/{id}`: absent fields stay; explicit `null` clears `first_name`, `last_name`, `name`,
    /// `metadata`, `external_id` and `locale`; a new `email` must be valid (400 `invalid_email`) and free
    /// (400 `email_not_available`) and makes the user unverified unless `email_verified` is sent too; a password
    /// (plaintext or imported hash) replaces the old one and emits `user.updated`.
    @Sendable static func update(_ context: RequestContext) throws -> HTTPResponse {
        let id = context.parameter("id")
        var body = try context.body()
        var changes = UserRepository.Changes()
        switch body.optionalString("email") {
        case .null: body.fail(.invalid("email", "email cannot be null."))
        case .value(let text):
            guard let email = EmailAddress.normalized(text) else {
                throw APIError.badRequest(.invalidEmail, "'\(text)' is not a valid email address.")
            }
            changes.email = email
        case .absent: break
        }
        changes.firstName = body.optionalString("first_name", maxLength: 255)
        changes.lastName = body.optionalString("last_name", maxLength: 255)
        changes.name = body.optionalString("name", maxLength: 255)
        changes.emailVerified = body.optionalBool("email_verified")
        changes.externalID = self.externalID(from: &body)
        changes.locale = body.optionalString("locale")
        if let locale = changes.locale.value, !self.isLocale(locale) {
            throw APIError.badRequest(.invalidLocale, "'\(locale)' is not a valid locale.")
        }
        let password = try UserPassword.input(from: &body)
        try body.validate()
        changes.metadata = try self.metadata(from: body)
        changes.passwordHash = try password.map { input throws(APIError) in try UserPassword.storedHash(for: input) }
        let user = try context.write { connection in try context.users.update(id: id, changes, in: connection) }
        return .json(user)
    }

    /// `DELETE /user_management/users/{id}` → 204 with no body (catalog-A §1.5); its memberships go with it.
    @Sendable static func delete(_ context: RequestContext) throws -> HTTPResponse {
        let id = context.parameter("id")
        try context.write { connection in try context.users.delete(id: id, in: connection) }
        return .noContent
    }

    /// `GET /user_management/users/{id}/identities` → a bare JSON array, not a list envelope (catalog-A §6.2).
    @Sendable static func identities(_ context: RequestContext) throws -> HTTPResponse {
        let id = context.parameter("id")
        let identities = try context.read { connection in
            _ = try context.users.require(id: id, in: connection)
            return try context.users.identities(userID: id, in: connection)
        }
        return .json(.array(identities.map(\.json)))
    }

    // MARK: Parsing shared with the seed

    /// Creates the seed's `users`, each exactly a `POST /user_management/users` body.
    @Sendable static func applySeed(_ seed: Seed, environmentID: String, services: Services, connection: Connection)
        throws
    {
        let repository = UserRepository(environmentID: environmentID, services: services)
        for (index, object) in seed.section("users").enumerated() {
            do {
                var body = BodyReader(object: object)
                var (creation, password) = try self.creation(from: &body)
                creation.passwordHash = try password.map { input throws(APIError) in
                    try UserPassword.storedHash(for: input)
                }
                _ = try repository.create(creation, in: connection)
            } catch let error as APIError {
                throw EnvironmentRepository.seedError("users", index, error)
            }
        }
    }

    /// Validates a create body (`POST /user_management/users` and seed entries). A missing e-mail is a 422 naming
    /// the field; a malformed one is 400 `user_creation_error` with an `invalid_email` detail.
    static func creation(from body: inout BodyReader) throws(APIError) -> (UserRepository.Creation, PasswordInput?) {
        let text = body.requiredString("email")
        var creation = UserRepository.Creation(email: "")
        creation.firstName = body.optionalString("first_name", maxLength: 255).value
        creation.lastName = body.optionalString("last_name", maxLength: 255).value
        creation.name = body.optionalString("name", maxLength: 255).value
        creation.emailVerified = body.optionalBool("email_verified") ?? false
        creation.externalID = self.externalID(from: &body).value
        // `ip_address`, `user_agent` and `signals_id` feed Radar, which the emulator does not model.
        _ = body.optionalString("ip_address")
        _ = body.optionalString("user_agent")
        _ = body.optionalString("signals_id")
        try body.validate()
        guard let email = EmailAddress.normalized(text) else {
            throw .badRequest(
                .userCreationError, "Could not create user.",
                errors: [
                    .init(code: APIErrorCode.invalidEmail.rawValue, message: "'\(text)' is not a valid email address.")
                ]
            )
        }
        creation.email = email
        let password = try UserPassword.input(from: &body)
        try body.validate()
        creation.metadata = try self.metadata(from: body).value ?? []
        return (creation, password)
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

    /// A BCP 47 language tag in the shape WorkOS's locales have: a 2–3 letter language, then subtags of 2–8 letters
    /// or digits (`en`, `en-US`, `pt-BR`, `zh-Hant-TW`, `es-419`).
    static func isLocale(_ text: String) -> Bool {
        let subtags = text.split(separator: "-", omittingEmptySubsequences: false)
        guard let language = subtags.first, (2...3).contains(language.count),
            language.unicodeScalars.allSatisfy({ $0.isASCII && $0.properties.isAlphabetic })
        else { return false }
        return subtags.dropFirst().allSatisfy { subtag in
            (2...8).contains(subtag.count)
                && subtag.unicodeScalars.allSatisfy {
                    $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))
                }
        }
    }
}
