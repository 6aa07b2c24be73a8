// workos-emulator — the User wire object (catalog-A §6.1; spec `UserlandUser`).
// Licensed MIT.

import JSONCodec
import SQLite

/// A user, `user_…`. The same object is the payload of `user.created`, `user.updated` and `user.deleted`; it never
/// carries the password or its hash.
public struct User: Sendable, Equatable, JSONRepresentable {
    /// `user_…`.
    public var id: String
    /// Trimmed, lower-cased, unique per environment.
    public var email: String
    /// Given name.
    public var firstName: String?
    /// Family name.
    public var lastName: String?
    /// The full name as set; nil means "derive it from the first and last names".
    public var storedName: String?
    /// Avatar URL (set by OAuth sign-ins; null for users created through the API).
    public var profilePictureURL: String?
    /// Whether the e-mail address is verified.
    public var emailVerified: Bool
    /// The app's own id for the user, unique per environment.
    public var externalID: String?
    /// String key/value pairs (≤ 50 keys).
    public var metadata: [(key: String, value: String)]
    /// Preferred locale, e.g. `en-US`.
    public var locale: String?
    /// True when the user has a password (the hash itself never leaves the repository).
    public var hasPassword: Bool
    /// Last successful authentication.
    public var lastSignInAt: Timestamp?
    /// Creation time.
    public var createdAt: Timestamp
    /// Last change.
    public var updatedAt: Timestamp

    /// Decodes a row of `users` (the `password_hash` column is read only as "present or not").
    public init(row: Row) {
        self.id = row["id"]
        self.email = row["email"]
        self.firstName = row["first_name"]
        self.lastName = row["last_name"]
        self.storedName = row["name"]
        self.profilePictureURL = row["profile_picture_url"]
        self.emailVerified = row["email_verified"]
        self.externalID = row["external_id"]
        self.metadata = Metadata.decode(row["metadata"])
        self.locale = row["locale"]
        self.hasPassword = !(row["password_hash"] as SQLValue).isNull
        self.lastSignInAt = (row["last_sign_in_at"] as String?).flatMap { Timestamp(iso8601: $0) }
        self.createdAt = Timestamp(iso8601: row["created_at"]) ?? Timestamp(milliseconds: 0)
        self.updatedAt = Timestamp(iso8601: row["updated_at"]) ?? Timestamp(milliseconds: 0)
    }

    /// `name` as sent: the stored full name, else the first and last names joined by a space, else null.
    public var name: String? {
        if let storedName = self.storedName { return storedName }
        let parts = [self.firstName, self.lastName].compactMap { $0 }.filter { !$0.isEmpty }
        return parts.isEmpty ? nil : parts.joined(separator: " ")
    }

    /// Compares field by field (metadata in order).
    public static func == (lhs: User, rhs: User) -> Bool {
        lhs.id == rhs.id && lhs.email == rhs.email && lhs.firstName == rhs.firstName && lhs.lastName == rhs.lastName
            && lhs.storedName == rhs.storedName && lhs.profilePictureURL == rhs.profilePictureURL
            && lhs.emailVerified == rhs.emailVerified && lhs.externalID == rhs.externalID
            && lhs.metadata.elementsEqual(rhs.metadata, by: { $0.key == $1.key && $0.value == $1.value })
            && lhs.locale == rhs.locale && lhs.hasPassword == rhs.hasPassword && lhs.lastSignInAt == rhs.lastSignInAt
            && lhs.createdAt == rhs.createdAt && lhs.updatedAt == rhs.updatedAt
    }

    /// The wire form: every spec-required key present, `null` rather than omitted (catalog-A §1.11); `name`,
    /// `metadata` and `locale` always included too.
    public var json: JSON {
        [
            "object": "user",
            "id": .string(self.id),
            "email": .string(self.email),
            "first_name": self.firstName.json,
            "last_name": self.lastName.json,
            "name": self.name.json,
            "profile_picture_url": self.profilePictureURL.json,
            "email_verified": .bool(self.emailVerified),
            "external_id": self.externalID.json,
            "metadata": Metadata.json(self.metadata),
            "locale": self.locale.json,
            "last_sign_in_at": (self.lastSignInAt?.iso8601).json,
            "created_at": .string(self.createdAt.iso8601),
            "updated_at": .string(self.updatedAt.iso8601),
        ]
    }
}
