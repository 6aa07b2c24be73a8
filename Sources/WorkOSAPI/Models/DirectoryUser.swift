// workos-emulator — the Directory User wire object (https://workos.com/docs/reference/directory-sync/directory-user;
// catalog-B §3.2) and its event payloads (catalog-B §3.4).
// Licensed MIT.

import JSONCodec
import SQLite

/// A user a directory provisioned, `directory_user_…`, with the groups it belongs to.
public struct DirectoryUser: Sendable, Equatable, JSONRepresentable {
    /// User states (catalog-B §3.2: `active`, `suspended`, `inactive`; WorkOS folded `suspended` into `inactive` in
    /// December 2023, but the spec and the SDKs still accept it).
    public struct State: RawRepresentable, Hashable, Sendable {
        /// The wire value.
        public let rawValue: String
        /// Wraps a wire value.
        public init(rawValue: String) { self.rawValue = rawValue }

        public static let active = State(rawValue: "active")
        public static let suspended = State(rawValue: "suspended")
        public static let inactive = State(rawValue: "inactive")
        /// Every state the control API accepts.
        public static let all: [State] = [.active, .suspended, .inactive]
    }

    /// One `emails[]` entry: `{primary, type, value}` (deprecated, but Node ≤ v7 reads it; catalog-B §3.2).
    public struct Email: Sendable, Equatable {
        /// True for the primary address.
        public var primary: Bool
        /// `work`, `home`, … as the provider says; may be null.
        public var type: String?
        /// The address; may be null.
        public var value: String?

        /// An entry.
        public init(primary: Bool, type: String?, value: String?) {
            self.primary = primary
            self.type = type
            self.value = value
        }

        /// The wire form (every key present).
        public var json: JSON {
            ["primary": .bool(self.primary), "type": self.type.json, "value": self.value.json]
        }

        /// Decodes a stored entry.
        init(json: JSON) {
            self.primary = json["primary"]?.boolValue ?? false
            self.type = json["type"]?.stringValue
            self.value = json["value"]?.stringValue
        }
    }

    /// `directory_user_…`.
    public var id: String
    /// The directory it came from.
    public var directoryID: String
    /// The directory's organization.
    public var organizationID: String
    /// The user's id at the provider.
    public var idpID: String
    /// The primary e-mail's value (the first e-mail's when none is primary), or nil.
    public var email: String?
    public var firstName: String?
    public var lastName: String?
    /// Deprecated, still sent.
    public var username: String?
    /// Deprecated, still sent.
    public var jobTitle: String?
    public var state: State
    /// Every e-mail the provider lists.
    public var emails: [Email]
    /// The mapped attributes (an object).
    public var customAttributes: JSON
    /// The provider's payload (an object).
    public var rawAttributes: JSON
    /// The groups it belongs to, oldest first (loaded separately).
    public var groups: [DirectoryGroup]
    /// Creation time.
    public var createdAt: Timestamp
    /// Last change.
    public var updatedAt: Timestamp

    /// Decodes a row of `directory_users`; the groups are loaded separately.
    public init(row: Row, groups: [DirectoryGroup]) {
        self.id = row["id"]
        self.directoryID = row["directory_id"]
        self.organizationID = row["organization_id"]
        self.idpID = row["idp_id"]
        self.email = row["email"]
        self.firstName = row["first_name"]
        self.lastName = row["last_name"]
        self.username = row["username"]
        self.jobTitle = row["job_title"]
        self.state = State(rawValue: row["state"])
        self.emails = ((try? JSON.parse(row["emails"] as String))?.arrayValue ?? []).map(Email.init(json:))
        self.customAttributes = JSON.object(parsing: row["custom_attributes"])
        self.rawAttributes = JSON.object(parsing: row["raw_attributes"])
        self.groups = groups
        self.createdAt = Timestamp(iso8601: row["created_at"]) ?? Timestamp(milliseconds: 0)
        self.updatedAt = Timestamp(iso8601: row["updated_at"]) ?? Timestamp(milliseconds: 0)
    }

    /// The address `email` reports for these `emails`: the primary one's, else the first one's, else nil.
    public static func primaryAddress(of emails: [Email]) -> String? {
        (emails.first { $0.primary && $0.value != nil } ?? emails.first { $0.value != nil })?.value
    }

    /// "First Last", or whichever is known, or nil.
    public var name: String? {
        let parts = [self.firstName, self.lastName].compactMap { $0 }.filter { !$0.isEmpty }
        return parts.isEmpty ? nil : parts.joined(separator: " ")
    }

    /// The REST form (`DirectoryUserWithGroups`): every key present, null rather than missing, `groups` always an
    /// array (Node ≥ v8 maps over it) and `emails` always an array (Node ≤ v7 reads it; catalog-B §3.2,
    /// §7 item 8).
    public var json: JSON {
        guard case .object(var object) = self.eventJSON else { return self.eventJSON }
        object["groups"] = .array(self.groups.map(\.json))
        return .object(object)
    }

    /// The data of `dsync.user.*` and the `user` of `dsync.group.user_*` events: the REST form without `groups`
    /// (catalog-B §3.4).
    public var eventJSON: JSON {
        [
            "object": "directory_user",
            "id": .string(self.id),
            "directory_id": .string(self.directoryID),
            "organization_id": .string(self.organizationID),
            "idp_id": .string(self.idpID),
            "email": self.email.json,
            "first_name": self.firstName.json,
            "last_name": self.lastName.json,
            "name": self.name.json,
            "emails": .array(self.emails.map(\.json)),
            "username": self.username.json,
            "job_title": self.jobTitle.json,
            "state": .string(self.state.rawValue),
            "custom_attributes": self.customAttributes,
            "raw_attributes": self.rawAttributes,
            "created_at": .string(self.createdAt.iso8601),
            "updated_at": .string(self.updatedAt.iso8601),
        ]
    }
}
