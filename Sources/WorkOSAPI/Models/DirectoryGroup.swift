// workos-emulator — the Directory Group wire object
// (https://workos.com/docs/reference/directory-sync/directory-group; catalog-B §3.3).
// Licensed MIT.

import JSONCodec
import SQLite

/// A group a directory provisioned, `directory_group_…`.
public struct DirectoryGroup: Sendable, Equatable, JSONRepresentable {
    /// `directory_group_…`.
    public var id: String
    /// The directory it came from.
    public var directoryID: String
    /// The directory's organization.
    public var organizationID: String
    /// The group's id at the provider.
    public var idpID: String
    /// Display name.
    public var name: String
    /// The provider's payload (an object).
    public var rawAttributes: JSON
    /// Creation time.
    public var createdAt: Timestamp
    /// Last change.
    public var updatedAt: Timestamp

    /// Decodes a row of `directory_groups`.
    public init(row: Row) {
        self.id = row["id"]
        self.directoryID = row["directory_id"]
        self.organizationID = row["organization_id"]
        self.idpID = row["idp_id"]
        self.name = row["name"]
        self.rawAttributes = JSON.object(parsing: row["raw_attributes"])
        self.createdAt = Timestamp(iso8601: row["created_at"]) ?? Timestamp(milliseconds: 0)
        self.updatedAt = Timestamp(iso8601: row["updated_at"]) ?? Timestamp(milliseconds: 0)
    }

    /// The wire form, also the data of `dsync.group.*` events: every key the spec requires, `organization_id` always
    /// a string (catalog-B §7 item 8).
    public var json: JSON {
        [
            "object": "directory_group",
            "id": .string(self.id),
            "idp_id": .string(self.idpID),
            "directory_id": .string(self.directoryID),
            "organization_id": .string(self.organizationID),
            "name": .string(self.name),
            "raw_attributes": self.rawAttributes,
            "created_at": .string(self.createdAt.iso8601),
            "updated_at": .string(self.updatedAt.iso8601),
        ]
    }
}
