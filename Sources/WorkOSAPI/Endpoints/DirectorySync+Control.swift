// workos-emulator — the Directory Sync control calls: what a SCIM or HRIS provider would push to WorkOS
// (emulator.md "Control API"), with the `dsync.*` events WorkOS would emit (catalog-B §3.4).
// Licensed MIT.

import HTTP1
import JSONCodec
import SQLite

extension DirectorySync {
    /// Longest name, username, job title or idp id accepted (the limit of every other name of the API).
    static let maximumTextLength = 255

    /// Directory type of a directory created without one (as the Admin Portal's `dsync` page preselects it).
    static let defaultDirectoryType = "generic scim v2.0"

    /// `POST /_emulator/directories` `{organization_id, name?, type?, domain?}` → 201 with the WorkOS `directory`
    /// (state `linked`); emits `dsync.activated`. `name` defaults to the organization's, `type` to
    /// `generic scim v2.0`.
    @Sendable static func createDirectory(_ context: RequestContext) throws -> HTTPResponse {
        var body = try context.body()
        let organizationID = body.requiredString("organization_id")
        let parsed = try self.directoryCreation(from: &body, organizationID: organizationID)
        let created = try context.write { connection in
            try self.create(parsed, context.environment.id, context.services, connection)
        }
        return .json(created, status: .created)
    }

    /// `POST /_emulator/directories/{id}/users` `{emails: [{primary, type, value}], first_name, last_name, username,
    /// state, job_title, custom_attributes, raw_attributes, groups: [group ids], idp_id?}` → 201 with the
    /// `directory_user`; emits `dsync.user.created`, then `dsync.group.user_added` per group.
    @Sendable static func createUser(_ context: RequestContext) throws -> HTTPResponse {
        let directoryID = context.parameter("id")
        var body = try context.body()
        let creation = try self.userCreation(from: &body)
        let created = try context.write { connection in
            try context.directoryUsers.create(creation, directoryID: directoryID, in: connection)
        }
        return .json(created, status: .created)
    }

    /// `PUT /_emulator/directory_users/{id}`: the same fields, each optional (absent: unchanged; null: cleared);
    /// `groups` is the complete new set. Emits `dsync.user.updated` (with `previous_attributes`) when an attribute
    /// changed and `dsync.group.user_removed` / `user_added` per group left or joined.
    @Sendable static func updateUser(_ context: RequestContext) throws -> HTTPResponse {
        let id = context.parameter("id")
        var body = try context.body()
        let changes = self.userChanges(from: &body)
        try body.validate()
        let updated = try context.write { connection in
            try context.directoryUsers.update(id: id, changes, in: connection)
        }
        return .json(updated)
    }

    /// `DELETE /_emulator/directory_users/{id}` → 204; emits `dsync.user.deleted`.
    @Sendable static func deleteUser(_ context: RequestContext) throws -> HTTPResponse {
        let id = context.parameter("id")
        try context.write { connection in try context.directoryUsers.delete(id: id, in: connection) }
        return .noContent
    }

    /// `POST /_emulator/directories/{id}/groups` `{name, raw_attributes?, idp_id?}` → 201 with the
    /// `directory_group`; emits `dsync.group.created`.
    @Sendable static func createGroup(_ context: RequestContext) throws -> HTTPResponse {
        let directoryID = context.parameter("id")
        var body = try context.body()
        let creation = try self.groupCreation(from: &body)
        let created = try context.write { connection in
            try context.directoryGroups.create(creation, directoryID: directoryID, in: connection)
        }
        return .json(created, status: .created)
    }

    /// `PUT /_emulator/directory_groups/{id}` `{name?, raw_attributes?}`; emits `dsync.group.updated` (with
    /// `previous_attributes`) when something changed.
    @Sendable static func updateGroup(_ context: RequestContext) throws -> HTTPResponse {
        let id = context.parameter("id")
        var body = try context.body()
        var changes = DirectoryGroupRepository.Changes()
        if body.field("name").isPresent {
            let name = body.requiredString("name", maxLength: self.maximumTextLength)
            changes.name = name.trimmingWhitespace()
        }
        changes.rawAttributes = self.attributes("raw_attributes", from: &body)
        try body.validate()
        let updated = try context.write { connection in
            try context.directoryGroups.update(id: id, changes, in: connection)
        }
        return .json(updated)
    }

    /// `DELETE /_emulator/directory_groups/{id}` → 204; emits `dsync.group.deleted`.
    @Sendable static func deleteGroup(_ context: RequestContext) throws -> HTTPResponse {
        let id = context.parameter("id")
        try context.write { connection in try context.directoryGroups.delete(id: id, in: connection) }
        return .noContent
    }

    // MARK: Parsing shared with the seed

    /// Validates a directory body (control API and seed entries); `name` is left empty when absent.
    static func directoryCreation(
        from body: inout BodyReader,
        organizationID: String
    ) throws(APIError)
        -> DirectoryRepository.Creation
    {
        let name = body.optionalString("name", maxLength: self.maximumTextLength).value?.trimmingWhitespace() ?? ""
        let type = body.optionalString("type").value ?? self.defaultDirectoryType
        if !Directory.types.contains(type) {
            body.fail(.invalid("type", "type '\(type)' is not a WorkOS directory type."))
        }
        var creation = DirectoryRepository.Creation(organizationID: organizationID, name: name, type: type)
        if let text = body.optionalString("domain").value {
            if let domain = DomainName.normalized(text) {
                creation.domain = domain
            } else {
                body.fail(.invalid("domain", "'\(text)' is not a valid domain."))
            }
        }
        try body.validate()
        return creation
    }

    /// Creates a directory, named after its organization when the body gave no name.
    static func create(
        _ parsed: DirectoryRepository.Creation,
        _ environmentID: String,
        _ services: Services,
        _ connection: Connection
    ) throws -> Directory {
        var creation = parsed
        if creation.name.isEmpty {
            creation.name = try OrganizationRepository(environmentID: environmentID, services: services)
                .require(id: creation.organizationID, in: connection).name
        }
        return try DirectoryRepository(environmentID: environmentID, services: services).create(
            creation,
            in: connection
        )
    }

    /// Validates a user create body: the update fields with the defaults of a new user (active, no e-mails, empty
    /// attributes) and an optional `idp_id`.
    static func userCreation(from body: inout BodyReader) throws(APIError) -> DirectoryUserRepository.Creation {
        let changes = self.userChanges(from: &body)
        var creation = DirectoryUserRepository.Creation()
        creation.idpID = body.optionalString("idp_id", maxLength: self.maximumTextLength).value
        if creation.idpID?.trimmingWhitespace().isEmpty == true { body.fail(.required("idp_id")) }
        try body.validate()
        creation.emails = changes.emails ?? []
        creation.firstName = changes.firstName.value
        creation.lastName = changes.lastName.value
        creation.username = changes.username.value
        creation.jobTitle = changes.jobTitle.value
        creation.state = changes.state ?? .active
        creation.customAttributes = changes.customAttributes ?? creation.customAttributes
        creation.rawAttributes = changes.rawAttributes ?? creation.rawAttributes
        creation.groupIDs = changes.groupIDs ?? []
        return creation
    }

    /// Reads the user fields of a create or update body, recording errors in `body`.
    static func userChanges(from body: inout BodyReader) -> DirectoryUserRepository.Changes {
        var changes = DirectoryUserRepository.Changes()
        switch body.field("emails") {
        case .absent: break
        case .null: changes.emails = []
        case .value:
            changes.emails = self.emails(from: &body)
        }
        changes.firstName = body.optionalString("first_name", maxLength: self.maximumTextLength)
        changes.lastName = body.optionalString("last_name", maxLength: self.maximumTextLength)
        changes.username = body.optionalString("username", maxLength: self.maximumTextLength)
        changes.jobTitle = body.optionalString("job_title", maxLength: self.maximumTextLength)
        switch body.optionalString("state") {
        case .absent: break
        case .null: body.fail(.invalid("state", "state must be one of active, suspended, inactive."))
        case .value(let text):
            let state = DirectoryUser.State(rawValue: text)
            if DirectoryUser.State.all.contains(state) {
                changes.state = state
            } else {
                body.fail(.invalid("state", "state must be one of active, suspended, inactive."))
            }
        }
        changes.customAttributes = self.attributes("custom_attributes", from: &body)
        changes.rawAttributes = self.attributes("raw_attributes", from: &body)
        if body.field("groups").isPresent { changes.groupIDs = body.optionalStringArray("groups") ?? [] }
        return changes
    }

    /// `emails`: objects `{primary?, type?, value?}`, each `value` an e-mail address (kept as given), at most one
    /// primary.
    private static func emails(from body: inout BodyReader) -> [DirectoryUser.Email] {
        var emails: [DirectoryUser.Email] = []
        for (index, object) in (body.optionalObjectArray("emails") ?? []).enumerated() {
            var item = BodyReader(object: object)
            let primary = item.optionalBool("primary") ?? false
            let type = item.optionalString("type", maxLength: self.maximumTextLength).value
            // An entry is an address: without `value` it says nothing (the bad-input matrix sent `[{}]` and got a
            // user with an empty e-mail entry). The REST object keeps `value` optional, as the SDK models do.
            let value = item.requiredString("value").trimmingWhitespace()
            if !value.isEmpty, EmailAddress.normalized(value) == nil {
                item.fail(.invalid("value", "'\(value)' is not a valid email."))
            }
            for error in item.errors {
                body.fail(
                    FieldError(field: "emails[\(index)].\(error.field)", code: error.code, message: error.message)
                )
            }
            emails.append(DirectoryUser.Email(primary: primary, type: type, value: value))
        }
        if emails.filter(\.primary).count > 1 {
            body.fail(.invalid("emails", "At most one email can be primary."))
        }
        return emails
    }

    /// Validates a group create body.
    static func groupCreation(from body: inout BodyReader) throws(APIError) -> DirectoryGroupRepository.Creation {
        let name = body.requiredString("name", maxLength: self.maximumTextLength)
        var creation = DirectoryGroupRepository.Creation(name: name.trimmingWhitespace())
        creation.idpID = body.optionalString("idp_id", maxLength: self.maximumTextLength).value
        if creation.idpID?.trimmingWhitespace().isEmpty == true { body.fail(.required("idp_id")) }
        if let rawAttributes = self.attributes("raw_attributes", from: &body) { creation.rawAttributes = rawAttributes }
        try body.validate()
        return creation
    }

    /// An attributes object: absent → nil, null → `{}`, an object → it, anything else records `invalid_type`.
    static func attributes(_ key: String, from body: inout BodyReader) -> JSON? {
        switch body.field(key) {
        case .absent: return nil
        case .null: return .object(JSONObject())
        case .value(let value) where value.objectValue != nil: return value
        case .value:
            body.fail(.type(key, expected: "an object"))
            return nil
        }
    }
}
