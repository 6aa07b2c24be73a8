// workos-emulator — the Role wire object (catalog-A §5.1–5.3) and its `role.*` / `organization_role.*` payloads.
// Licensed MIT.

import JSONCodec
import SQLite

/// A role, `role_…`: an environment role (no organization) or an organization's custom role.
public struct Role: Sendable, Equatable, JSONRepresentable {
    /// `type`: which kind of role it is (strictly validated by Python SDK 5.x).
    public struct Kind: RawRepresentable, Hashable, Sendable {
        /// The wire value.
        public let rawValue: String
        /// Wraps a wire value.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// A role of the whole environment.
        public static let environmentRole = Kind(rawValue: "EnvironmentRole")
        /// A custom role of one organization.
        public static let organizationRole = Kind(rawValue: "OrganizationRole")
    }

    /// The resource type of a role or permission created without one.
    public static let defaultResourceTypeSlug = "organization"
    /// The slug of the role memberships get when the environment names no default (catalog-A §5.3).
    public static let memberSlug = "member"

    /// `role_…`.
    public var id: String
    /// The owning organization; nil for an environment role.
    public var organizationID: String?
    /// Unique slug (per environment for environment roles, per organization for custom ones).
    public var slug: String
    /// Display name.
    public var name: String
    /// Optional description.
    public var description: String?
    /// The resource type it is scoped to (`organization` unless given).
    public var resourceTypeSlug: String
    /// Position in priority order (lower first).
    public var priority: Int
    /// True for the role new memberships get when none is named.
    public var isDefault: Bool
    /// The slugs of its permissions, in the order they were given.
    public var permissions: [String]
    /// Creation time.
    public var createdAt: Timestamp
    /// Last change.
    public var updatedAt: Timestamp

    /// Decodes a row of `roles`; the permissions are loaded separately.
    public init(row: Row, permissions: [String]) {
        self.id = row["id"]
        self.organizationID = row["organization_id"]
        self.slug = row["slug"]
        self.name = row["name"]
        self.description = row["description"]
        self.resourceTypeSlug = row["resource_type_slug"]
        self.priority = row["priority"]
        self.isDefault = row["is_default"]
        self.permissions = permissions
        self.createdAt = Timestamp(iso8601: row["created_at"]) ?? Timestamp(milliseconds: 0)
        self.updatedAt = Timestamp(iso8601: row["updated_at"]) ?? Timestamp(milliseconds: 0)
    }

    /// `EnvironmentRole` or `OrganizationRole`.
    public var kind: Kind { self.organizationID == nil ? .environmentRole : .organizationRole }

    /// The wire form: every key the spec requires (`description` null when unset).
    public var json: JSON {
        [
            "object": "role",
            "id": .string(self.id),
            "slug": .string(self.slug),
            "name": .string(self.name),
            "description": self.description.json,
            "type": .string(self.kind.rawValue),
            "resource_type_slug": .string(self.resourceTypeSlug),
            "permissions": .array(self.permissions.map { .string($0) }),
            "created_at": .string(self.createdAt.iso8601),
            "updated_at": .string(self.updatedAt.iso8601),
        ]
    }

    /// The event payload: `role.*` carries a slim role, `organization_role.*` the organization role without `id`
    /// (spec `EventSchema` variants, catalog-A §2.1).
    public var eventJSON: JSON {
        guard let organizationID = self.organizationID else {
            return [
                "object": "role",
                "slug": .string(self.slug),
                "resource_type_slug": .string(self.resourceTypeSlug),
                "permissions": .array(self.permissions.map { .string($0) }),
                "created_at": .string(self.createdAt.iso8601),
                "updated_at": .string(self.updatedAt.iso8601),
            ]
        }
        return [
            "object": "organization_role",
            "organization_id": .string(organizationID),
            "slug": .string(self.slug),
            "name": .string(self.name),
            "description": self.description.json,
            "resource_type_slug": .string(self.resourceTypeSlug),
            "permissions": .array(self.permissions.map { .string($0) }),
            "created_at": .string(self.createdAt.iso8601),
            "updated_at": .string(self.updatedAt.iso8601),
        ]
    }
}
