// workos-emulator — the Permission wire object (spec `AuthorizationPermission`; catalog-A §2.1 `permission.*`).
// Licensed MIT.

import JSONCodec
import SQLite

/// A permission, `perm_…`, referenced by its slug from roles.
public struct Permission: Sendable, Equatable, JSONRepresentable {
    /// `perm_…`.
    public var id: String
    /// Unique key, e.g. `posts:read`.
    public var slug: String
    /// Display name.
    public var name: String
    /// Optional description.
    public var description: String?
    /// Managed by WorkOS; cannot be deleted.
    public var isSystem: Bool
    /// The resource type it is scoped to (`organization` unless given).
    public var resourceTypeSlug: String
    /// Creation time.
    public var createdAt: Timestamp
    /// Last change.
    public var updatedAt: Timestamp

    /// Decodes a row of `permissions`.
    public init(row: Row) {
        self.id = row["id"]
        self.slug = row["slug"]
        self.name = row["name"]
        self.description = row["description"]
        self.isSystem = row["system"]
        self.resourceTypeSlug = row["resource_type_slug"]
        self.createdAt = Timestamp(iso8601: row["created_at"]) ?? Timestamp(milliseconds: 0)
        self.updatedAt = Timestamp(iso8601: row["updated_at"]) ?? Timestamp(milliseconds: 0)
    }

    /// The wire form, also the `permission.*` event payload: every required key, `description` null when unset.
    public var json: JSON {
        [
            "object": "permission",
            "id": .string(self.id),
            "slug": .string(self.slug),
            "name": .string(self.name),
            "description": self.description.json,
            "system": .bool(self.isSystem),
            "resource_type_slug": .string(self.resourceTypeSlug),
            "created_at": .string(self.createdAt.iso8601),
            "updated_at": .string(self.updatedAt.iso8601),
        ]
    }
}
