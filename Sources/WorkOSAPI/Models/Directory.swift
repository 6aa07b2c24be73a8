// workos-emulator — the Directory wire object (https://workos.com/docs/reference/directory-sync/directory;
// catalog-B §3.1) and its `dsync.activated` / `dsync.deleted` payloads (catalog-B §3.4).
// Licensed MIT.

import JSONCodec
import SQLite

/// A directory, `directory_…`: where an organization's users and groups come from (SCIM or an HRIS).
public struct Directory: Sendable, Equatable, JSONRepresentable {
    /// The states the REST API reports (the SDKs map them: Node reads `linked` as `active`).
    public struct State: RawRepresentable, Hashable, Sendable {
        /// The wire value.
        public let rawValue: String
        /// Wraps a wire value.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// Connected and syncing.
        public static let linked = State(rawValue: "linked")
        /// Being checked.
        public static let validating = State(rawValue: "validating")
        /// The provider refused the credentials.
        public static let invalidCredentials = State(rawValue: "invalid_credentials")
        /// Not connected.
        public static let unlinked = State(rawValue: "unlinked")
        /// Being deleted.
        public static let deleting = State(rawValue: "deleting")

        /// The same state as directory events spell it (`active`/`inactive` for `linked`/`unlinked`; catalog-B §3.4).
        public var eventValue: String {
            switch self {
            case .linked: return "active"
            case .unlinked: return "inactive"
            default: return self.rawValue
            }
        }
    }

    /// Every directory `type` of the spec's `Directory.type` enum.
    public static let types: [String] = [
        "azure scim v2.0", "bamboohr", "breathe hr", "cezanne hr", "cyberark scim v2.0", "fourth hr",
        "generic scim v2.0", "gsuite directory", "hibob", "sailpoint scim v2.0", "jump cloud scim v2.0",
        "okta scim v2.0", "onelogin scim v2.0", "people hr", "personio", "pingfederate scim v2.0",
        "rippling scim v2.0", "s3", "sftp", "sftp workday", "workday",
    ]

    /// `directory_…`.
    public var id: String
    /// The owning organization.
    public var organizationID: String
    /// WorkOS's own key for the directory (the SCIM endpoint's path segment).
    public var externalKey: String
    /// Display name.
    public var name: String
    /// The provider, one of `Directory.types`.
    public var type: String
    /// Connection state.
    public var state: State
    /// The directory's domain, if it has one.
    public var domain: String?
    /// Active and inactive users and the groups synced (`metadata`); zero until users and groups exist.
    public var activeUsers = 0
    /// Inactive users synced.
    public var inactiveUsers = 0
    /// Groups synced.
    public var groups = 0
    /// Creation time.
    public var createdAt: Timestamp
    /// Last change.
    public var updatedAt: Timestamp
    /// The last `POST /directories/{id}/sync` (internal: the five-minute cooldown).
    public var syncRequestedAt: Timestamp?

    /// Decodes a row of `directories`.
    public init(row: Row) {
        self.id = row["id"]
        self.organizationID = row["organization_id"]
        self.externalKey = row["external_key"]
        self.name = row["name"]
        self.type = row["type"]
        self.state = State(rawValue: row["state"])
        self.domain = row["domain"]
        self.createdAt = Timestamp(iso8601: row["created_at"]) ?? Timestamp(milliseconds: 0)
        self.updatedAt = Timestamp(iso8601: row["updated_at"]) ?? Timestamp(milliseconds: 0)
        self.syncRequestedAt = (row["sync_requested_at"] as String?).flatMap(Timestamp.init(iso8601:))
    }

    /// The wire form: every spec-required key, `domain` as `null` when there is none.
    public var json: JSON {
        [
            "object": "directory",
            "id": .string(self.id),
            "organization_id": .string(self.organizationID),
            "external_key": .string(self.externalKey),
            "type": .string(self.type),
            "state": .string(self.state.rawValue),
            "name": .string(self.name),
            "domain": self.domain.json,
            "metadata": [
                "users": ["active": .int(self.activeUsers), "inactive": .int(self.inactiveUsers)],
                "groups": .int(self.groups),
            ],
            "created_at": .string(self.createdAt.iso8601),
            "updated_at": .string(self.updatedAt.iso8601),
        ]
    }

    /// The payload of `dsync.activated`: the event's state spelling and the organization's domains
    /// (`{object: "organization_domain", id, domain}` each), no `metadata`.
    public func activatedEventData(organizationDomains: [OrganizationDomain]) -> JSON {
        [
            "object": "directory",
            "id": .string(self.id),
            "organization_id": .string(self.organizationID),
            "type": .string(self.type),
            "state": .string(self.state.eventValue),
            "name": .string(self.name),
            "external_key": .string(self.externalKey),
            "domains": .array(
                organizationDomains.map {
                    ["object": "organization_domain", "id": .string($0.id), "domain": .string($0.domain)]
                }
            ),
            "created_at": .string(self.createdAt.iso8601),
            "updated_at": .string(self.updatedAt.iso8601),
        ]
    }

    /// The payload of `dsync.deleted`: the `dsync.activated` shape without `domains` and `external_key` (catalog-B
    /// §3.4), with the event's state `deleting`, the state a directory is in while WorkOS tears it down (as
    /// `connection.deleted` reports its connection).
    public var deletedEventData: JSON {
        [
            "object": "directory",
            "id": .string(self.id),
            "organization_id": .string(self.organizationID),
            "type": .string(self.type),
            "state": .string(State.deleting.eventValue),
            "name": .string(self.name),
            "created_at": .string(self.createdAt.iso8601),
            "updated_at": .string(self.updatedAt.iso8601),
        ]
    }

    /// Whether `POST /directories/{id}/sync` applies: Google Workspace directories that are linked or validating
    /// (the Python SDK 10.6.0 `create_directory_sync` docstring).
    public var isManuallySyncable: Bool {
        self.type == "gsuite directory" && (self.state == .linked || self.state == .validating)
    }
}
