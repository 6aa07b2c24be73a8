// workos-emulator — the OrganizationDomain wire object (catalog-A §4).
// Licensed MIT.

import JSONCodec
import SQLite

/// A domain of an organization, `org_domain_…`; also embedded in `Organization.domains`.
public struct OrganizationDomain: Sendable, Equatable, JSONRepresentable {
    /// Verification states WorkOS reports.
    public struct State: RawRepresentable, Hashable, Sendable {
        /// The wire value.
        public let rawValue: String
        /// Wraps a wire value.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// Awaiting DNS verification.
        public static let pending = State(rawValue: "pending")
        /// Ownership verified.
        public static let verified = State(rawValue: "verified")
        /// Verification failed (e.g. verified by another organization).
        public static let failed = State(rawValue: "failed")
        /// Not verified.
        public static let unverified = State(rawValue: "unverified")
        /// Verified before domain verification existed.
        public static let legacyVerified = State(rawValue: "legacy_verified")
        /// The states a client may set through `domain_data` (spec `OrganizationDomainData.state`).
        public static let settable: [State] = [.pending, .verified]
    }

    /// `org_domain_…`.
    public var id: String
    /// The owning organization.
    public var organizationID: String
    /// The domain, lower-case.
    public var domain: String
    /// Verification state.
    public var state: State
    /// `dns` for domains awaiting a TXT record, `manual` for domains set verified through the API.
    public var verificationStrategy: String
    /// The TXT record value to publish (null once verified manually).
    public var verificationToken: String?
    /// The TXT record name to publish.
    public var verificationPrefix: String?
    /// Creation time.
    public var createdAt: Timestamp
    /// Last change.
    public var updatedAt: Timestamp

    /// Decodes a row of `organization_domains`.
    public init(row: Row) {
        self.id = row["id"]
        self.organizationID = row["organization_id"]
        self.domain = row["domain"]
        self.state = State(rawValue: row["state"])
        self.verificationStrategy = row["verification_strategy"]
        self.verificationToken = row["verification_token"]
        self.verificationPrefix = row["verification_prefix"]
        self.createdAt = Timestamp(iso8601: row["created_at"]) ?? Timestamp(milliseconds: 0)
        self.updatedAt = Timestamp(iso8601: row["updated_at"]) ?? Timestamp(milliseconds: 0)
    }

    /// The wire form.
    public var json: JSON {
        [
            "object": "organization_domain",
            "id": .string(self.id),
            "organization_id": .string(self.organizationID),
            "domain": .string(self.domain),
            "state": .string(self.state.rawValue),
            "verification_strategy": .string(self.verificationStrategy),
            "verification_token": self.verificationToken.json,
            "verification_prefix": self.verificationPrefix.json,
            "created_at": .string(self.createdAt.iso8601),
            "updated_at": .string(self.updatedAt.iso8601),
        ]
    }
}
