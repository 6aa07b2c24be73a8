// workos-emulator — SQL for users and their identities (catalog-A §6.1, §6.2).
// Licensed MIT.

import JSONCodec
import SQLite

/// Reads and writes the users of one environment; every write records its event in the same transaction.
/// Passwords arrive already hashed (`UserPassword.storedHash`), so that slow hashing never runs under the store lock
/// and no plaintext reaches this type.
public struct UserRepository: Sendable {
    /// The fields of a new user, already validated.
    public struct Creation: Sendable {
        /// Trimmed and lower-cased.
        public var email: String
        public var firstName: String?
        public var lastName: String?
        public var name: String?
        public var emailVerified = false
        public var metadata: [(key: String, value: String)] = []
        public var externalID: String?
        /// The `PasswordHasher` output, or nil for a user without a password.
        public var passwordHash: String?
        /// A new user with this (normalized) e-mail.
        public init(email: String) { self.email = email }
    }

    /// The fields an update changes; absent ones stay as they are, `null` clears.
    public struct Changes: Sendable {
        /// A new (normalized) e-mail.
        public var email: String?
        public var firstName: Patch<String> = .absent
        public var lastName: Patch<String> = .absent
        public var name: Patch<String> = .absent
        public var emailVerified: Bool?
        public var metadata: Patch<[(key: String, value: String)]> = .absent
        public var externalID: Patch<String> = .absent
        public var locale: Patch<String> = .absent
        /// A new `PasswordHasher` output.
        public var passwordHash: String?
        /// No changes.
        public init() {}
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

    // MARK: Reading

    /// The user with this id, or nil.
    public func fetchOne(id: String, in connection: Connection) throws -> User? {
        try connection.fetchOne(
            "SELECT * FROM users WHERE environment_id = ? AND id = ?", [.text(self.environmentID), .text(id)]
        ).map(User.init(row:))
    }

    /// The user with this e-mail (compared lower-cased), or nil.
    public func fetchOne(email: String, in connection: Connection) throws -> User? {
        try connection.fetchOne(
            "SELECT * FROM users WHERE environment_id = ? AND email = ?",
            [.text(self.environmentID), .text(email.trimmingWhitespace().lowercased())]
        ).map(User.init(row:))
    }

    /// The user with this external id, or nil.
    public func fetchOne(externalID: String, in connection: Connection) throws -> User? {
        try connection.fetchOne(
            "SELECT * FROM users WHERE environment_id = ? AND external_id = ?",
            [.text(self.environmentID), .text(externalID)]
        ).map(User.init(row:))
    }

    /// The user with this id, or a 404.
    public func require(id: String, in connection: Connection) throws -> User {
        guard let user = try self.fetchOne(id: id, in: connection) else { throw APIError.notFound("User", id: id) }
        return user
    }

    /// The stored password hash of a user (for password sign-in), or nil when it has none.
    public func passwordHash(userID: String, in connection: Connection) throws -> String? {
        try connection.fetchScalar(
            "SELECT password_hash FROM users WHERE environment_id = ? AND id = ?",
            [.text(self.environmentID), .text(userID)]
        )
    }

    /// One page of users: only those with an **active** membership in `organizationID` when given, only the one with
    /// `email` (case-insensitive exact match) when given.
    public func list(
        organizationID: String?,
        email: String?,
        pagination: Pagination,
        in connection: Connection
    ) throws -> Page<User> {
        var clauses = ["environment_id = ?"]
        var arguments: [SQLValue] = [.text(self.environmentID)]
        if let organizationID {
            clauses.append(
                """
                id IN (SELECT user_id FROM organization_memberships
                    WHERE environment_id = ? AND organization_id = ? AND status = 'active')
                """
            )
            arguments += [.text(self.environmentID), .text(organizationID)]
        }
        if let email {
            clauses.append("email = ?")
            arguments.append(.text(email.trimmingWhitespace().lowercased()))
        }
        return try connection.fetchPage(from: "users", where: clauses, arguments, pagination: pagination)
            .map(User.init(row:))
    }

    /// The OAuth identities linked to a user, oldest first.
    public func identities(userID: String, in connection: Connection) throws -> [UserIdentity] {
        try connection.fetchAll(
            "SELECT * FROM user_identities WHERE environment_id = ? AND user_id = ? ORDER BY id",
            [.text(self.environmentID), .text(userID)]
        ).map(UserIdentity.init(row:))
    }

    // MARK: Writing

    /// Inserts a user; emits `user.created`. A taken e-mail is 400 `user_creation_error`, a taken external id
    /// 400 `external_id_already_used`.
    public func create(_ creation: Creation, in connection: Connection) throws -> User {
        if try self.fetchOne(email: creation.email, in: connection) != nil {
            throw APIError.badRequest(
                .userCreationError, "Could not create user.",
                errors: [.init(code: APIErrorCode.emailNotAvailable.rawValue, message: "This email is not available.")]
            )
        }
        try self.checkUnique(externalID: creation.externalID, excluding: nil, in: connection)
        let id = self.services.ids.make(.user)
        let now = self.services.clock.now().iso8601
        try connection.execute(
            """
            INSERT INTO users (id, environment_id, email, first_name, last_name, name, email_verified, external_id,
                metadata, password_hash, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(id), .text(self.environmentID), .text(creation.email), SQLValue(creation.firstName),
                SQLValue(creation.lastName), SQLValue(creation.name), SQLValue(creation.emailVerified),
                SQLValue(creation.externalID), .text(Metadata.encode(creation.metadata)),
                SQLValue(creation.passwordHash), .text(now), .text(now),
            ]
        )
        let user = try self.require(id: id, in: connection)
        try self.events.record(.userCreated, data: user.json, organizationID: nil, in: connection)
        return user
    }

    /// Applies changes; emits `user.updated` (with `context.previous_attributes`) when anything visible changed or a
    /// password was set. A new e-mail must be free (400 `email_not_available`) and is unverified unless the same
    /// request sets `email_verified`.
    public func update(id: String, _ changes: Changes, in connection: Connection) throws -> User {
        let before = try self.require(id: id, in: connection)
        var sets: [String] = []
        var values: [SQLValue] = []
        func set(_ column: String, _ value: SQLValue) {
            sets.append("\(column) = ?")
            values.append(value)
        }
        if let email = changes.email, email != before.email {
            if let other = try self.fetchOne(email: email, in: connection), other.id != id {
                throw APIError.badRequest(.emailNotAvailable, "The email address '\(email)' is not available.")
            }
            set("email", .text(email))
            if changes.emailVerified == nil { set("email_verified", SQLValue(false)) }
        }
        try self.checkUnique(externalID: changes.externalID.value, excluding: id, in: connection)
        if changes.firstName.isPresent { set("first_name", SQLValue(changes.firstName.value)) }
        if changes.lastName.isPresent { set("last_name", SQLValue(changes.lastName.value)) }
        if changes.name.isPresent { set("name", SQLValue(changes.name.value)) }
        if let verified = changes.emailVerified { set("email_verified", SQLValue(verified)) }
        if changes.metadata.isPresent { set("metadata", .text(Metadata.encode(changes.metadata.value ?? []))) }
        if changes.externalID.isPresent { set("external_id", SQLValue(changes.externalID.value)) }
        if changes.locale.isPresent { set("locale", SQLValue(changes.locale.value)) }
        if let hash = changes.passwordHash { set("password_hash", .text(hash)) }
        if !sets.isEmpty {
            try connection.execute(
                "UPDATE users SET \(sets.joined(separator: ", ")) WHERE environment_id = ? AND id = ?",
                values + [.text(self.environmentID), .text(id)]
            )
        }
        return try self.finishUpdate(before: before, passwordChanged: changes.passwordHash != nil, in: connection)
    }

    /// Marks the user's e-mail verified; emits `user.updated` only when it was not verified yet.
    public func markEmailVerified(id: String, in connection: Connection) throws -> User {
        let before = try self.require(id: id, in: connection)
        guard !before.emailVerified else { return before }
        try connection.execute(
            "UPDATE users SET email_verified = 1 WHERE environment_id = ? AND id = ?",
            [.text(self.environmentID), .text(id)]
        )
        return try self.finishUpdate(before: before, passwordChanged: false, in: connection)
    }

    /// Replaces the user's e-mail with a confirmed one (verified, since the user proved they own it); emits
    /// `user.updated`. 409 `email_not_available` when another user took it meanwhile.
    public func confirmEmailChange(id: String, to email: String, in connection: Connection) throws -> User {
        let before = try self.require(id: id, in: connection)
        if let other = try self.fetchOne(email: email, in: connection), other.id != id {
            throw APIError.conflict(.emailNotAvailable, "The email address '\(email)' is not available.")
        }
        try connection.execute(
            "UPDATE users SET email = ?, email_verified = 1 WHERE environment_id = ? AND id = ?",
            [.text(email), .text(self.environmentID), .text(id)]
        )
        return try self.finishUpdate(before: before, passwordChanged: false, in: connection)
    }

    /// Sets a new password (a `PasswordHasher` output) from a password reset and marks the e-mail verified; emits
    /// `user.updated` only when `email_verified` flips (catalog-A §2.2).
    public func resetPassword(id: String, passwordHash: String, in connection: Connection) throws -> User {
        let before = try self.require(id: id, in: connection)
        try connection.execute(
            "UPDATE users SET password_hash = ?, email_verified = 1 WHERE environment_id = ? AND id = ?",
            [.text(passwordHash), .text(self.environmentID), .text(id)]
        )
        return try self.finishUpdate(before: before, passwordChanged: false, in: connection)
    }

    /// Stamps `last_sign_in_at` with now after a successful sign-in; emits `user.updated` (catalog-A §2.2).
    public func stampSignIn(id: String, in connection: Connection) throws -> User {
        let before = try self.require(id: id, in: connection)
        try connection.execute(
            "UPDATE users SET last_sign_in_at = ? WHERE environment_id = ? AND id = ?",
            [.text(self.services.clock.now().iso8601), .text(self.environmentID), .text(id)]
        )
        return try self.finishUpdate(before: before, passwordChanged: false, in: connection)
    }

    /// Deletes a user after `UserDeletion.cascade` removed what depends on it; emits `user.deleted`.
    public func delete(id: String, in connection: Connection) throws {
        let user = try self.require(id: id, in: connection)
        try UserDeletion.cascade(
            userID: id, environmentID: self.environmentID, services: self.services, in: connection
        )
        try connection.execute(
            "DELETE FROM users WHERE environment_id = ? AND id = ?", [.text(self.environmentID), .text(id)]
        )
        try self.events.record(.userDeleted, data: user.json, organizationID: nil, in: connection)
    }

    /// Links an OAuth identity to a user (OAuth sign-ins call this); an identity already linked is left as it is.
    public func linkIdentity(
        userID: String,
        idpID: String,
        provider: String,
        in connection: Connection
    ) throws {
        try connection.execute(
            """
            INSERT OR IGNORE INTO user_identities (id, environment_id, user_id, idp_id, type, provider, created_at)
            VALUES (?, ?, ?, ?, 'OAuth', ?, ?)
            """,
            [
                .text(self.services.ids.make(.userIdentity)), .text(self.environmentID), .text(userID),
                .text(idpID), .text(provider), .text(self.services.clock.now().iso8601),
            ]
        )
    }

    /// Bumps `updated_at` and records `user.updated` when the rendered user changed (or a password was set).
    private func finishUpdate(before: User, passwordChanged: Bool, in connection: Connection) throws -> User {
        var after = try self.require(id: before.id, in: connection)
        let previous = OrganizationRepository.previousAttributes(before: before.json, after: after.json)
        guard !previous.isEmpty || passwordChanged else { return after }
        try connection.execute(
            "UPDATE users SET updated_at = ? WHERE environment_id = ? AND id = ?",
            [.text(self.services.clock.now().iso8601), .text(self.environmentID), .text(before.id)]
        )
        after = try self.require(id: before.id, in: connection)
        let context: JSON? = previous.isEmpty ? nil : ["previous_attributes": .object(previous)]
        try self.events.record(.userUpdated, data: after.json, organizationID: nil, context: context, in: connection)
        return after
    }

    /// 400 `external_id_already_used` when another user has the value.
    private func checkUnique(externalID: String?, excluding id: String?, in connection: Connection) throws {
        guard let externalID, let other = try self.fetchOne(externalID: externalID, in: connection), other.id != id
        else { return }
        throw APIError.badRequest(.externalIDAlreadyUsed, "A user with external_id '\(externalID)' already exists.")
    }
}
