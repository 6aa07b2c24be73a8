// workos-emulator — the OrganizationMembership wire object (catalog-A §6.10) and its `organization_membership.*`
// event payload (§2.1).
// Licensed MIT.

import JSONCodec
import SQLite

/// A user's membership in an organization, `om_…`, with the user embedded.
public struct OrganizationMembership: Sendable, Equatable, JSONRepresentable {
    /// `status`: `active`, `inactive` or `pending`.
    public struct Status: RawRepresentable, Hashable, Sendable {
        /// The wire value.
        public let rawValue: String
        /// Wraps a wire value.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// A member.
        public static let active = Status(rawValue: "active")
        /// A deactivated member: kept with its roles, but not a member for sign-in.
        public static let inactive = Status(rawValue: "inactive")
        /// Invited and not yet accepted.
        public static let pending = Status(rawValue: "pending")
        /// Every status, in the spec's order.
        public static let all: [Status] = [.active, .inactive, .pending]
    }

    /// `om_…`.
    public var id: String
    /// The organization.
    public var organizationID: String
    /// The organization's name (`organization_name`).
    public var organizationName: String
    /// The member.
    public var user: User
    /// Membership state.
    public var status: Status
    /// True when a directory sync connection manages it (never for memberships made through the API).
    public var isDirectoryManaged: Bool
    /// IdP-sourced attributes (`{}` unless a directory or SSO profile supplies them).
    public var customAttributes: JSON
    /// The slugs of its roles in priority order; the first is the primary `role`.
    public var roleSlugs: [String]
    /// Creation time.
    public var createdAt: Timestamp
    /// Last change.
    public var updatedAt: Timestamp

    /// Decodes a row of `organization_memberships`; user, organization name and roles are loaded separately.
    public init(row: Row, user: User, organizationName: String, roleSlugs: [String]) {
        self.id = row["id"]
        self.organizationID = row["organization_id"]
        self.organizationName = organizationName
        self.user = user
        self.status = Status(rawValue: row["status"])
        self.isDirectoryManaged = row["directory_managed"]
        self.customAttributes = (try? JSON.parse(row["custom_attributes"] as String)) ?? .object(JSONObject())
        self.roleSlugs = roleSlugs
        self.createdAt = Timestamp(iso8601: row["created_at"]) ?? Timestamp(milliseconds: 0)
        self.updatedAt = Timestamp(iso8601: row["updated_at"]) ?? Timestamp(milliseconds: 0)
    }

    /// The REST form: Python 10 requires `role`, `roles`, `status`, `directory_managed` and the full `user` on every
    /// membership response (catalog-A §6.10, §9.2).
    public var json: JSON {
        guard case .object(var object) = self.eventJSON else { return self.eventJSON }
        object["organization_name"] = .string(self.organizationName)
        object["user"] = self.user.json
        return .object(object)
    }

    /// The `organization_membership.*` payload: no `user` or `organization_name`, `custom_attributes` required
    /// (catalog-A §2.1).
    public var eventJSON: JSON {
        let slugs = self.roleSlugs.isEmpty ? [Role.memberSlug] : self.roleSlugs
        return [
            "object": "organization_membership",
            "id": .string(self.id),
            "user_id": .string(self.user.id),
            "organization_id": .string(self.organizationID),
            "status": .string(self.status.rawValue),
            "directory_managed": .bool(self.isDirectoryManaged),
            "custom_attributes": self.customAttributes,
            "role": ["slug": .string(slugs[0])],
            "roles": .array(slugs.map { ["slug": .string($0)] }),
            "created_at": .string(self.createdAt.iso8601),
            "updated_at": .string(self.updatedAt.iso8601),
        ]
    }
}
