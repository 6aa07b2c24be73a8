// workos-emulator — the Organization wire object (catalog-A §3).
// Licensed MIT.

import JSONCodec
import SQLite

/// An organization, `org_…`, with its domains embedded.
public struct Organization: Sendable, Equatable, JSONRepresentable {
    /// `org_…`.
    public var id: String
    /// Display name.
    public var name: String
    /// The app's own id for it, unique per environment.
    public var externalID: String?
    /// Stripe customer id, unique per environment.
    public var stripeCustomerID: String?
    /// String key/value pairs (≤ 50 keys).
    public var metadata: [(key: String, value: String)]
    /// Deprecated flag still accepted by the API.
    public var allowProfilesOutsideOrganization: Bool
    /// Its domains, oldest first.
    public var domains: [OrganizationDomain]
    /// Creation time.
    public var createdAt: Timestamp
    /// Last change.
    public var updatedAt: Timestamp

    /// Decodes a row of `organizations`; the domains are loaded separately.
    public init(row: Row, domains: [OrganizationDomain]) {
        self.id = row["id"]
        self.name = row["name"]
        self.externalID = row["external_id"]
        self.stripeCustomerID = row["stripe_customer_id"]
        self.metadata = Metadata.decode(row["metadata"])
        self.allowProfilesOutsideOrganization = row["allow_profiles_outside_organization"]
        self.domains = domains
        self.createdAt = Timestamp(iso8601: row["created_at"]) ?? Timestamp(milliseconds: 0)
        self.updatedAt = Timestamp(iso8601: row["updated_at"]) ?? Timestamp(milliseconds: 0)
    }

    /// Compares field by field (metadata in order).
    public static func == (lhs: Organization, rhs: Organization) -> Bool {
        lhs.id == rhs.id && lhs.name == rhs.name && lhs.externalID == rhs.externalID
            && lhs.stripeCustomerID == rhs.stripeCustomerID
            && lhs.metadata.elementsEqual(rhs.metadata, by: { $0.key == $1.key && $0.value == $1.value })
            && lhs.allowProfilesOutsideOrganization == rhs.allowProfilesOutsideOrganization
            && lhs.domains == rhs.domains && lhs.createdAt == rhs.createdAt && lhs.updatedAt == rhs.updatedAt
    }

    /// The wire form: every spec-required key present, `null` rather than omitted (catalog-A §1.11).
    public var json: JSON {
        [
            "object": "organization",
            "id": .string(self.id),
            "name": .string(self.name),
            "allow_profiles_outside_organization": .bool(self.allowProfilesOutsideOrganization),
            "domains": .array(self.domains.map(\.json)),
            "metadata": Metadata.json(self.metadata),
            "external_id": self.externalID.json,
            "stripe_customer_id": self.stripeCustomerID.json,
            "created_at": .string(self.createdAt.iso8601),
            "updated_at": .string(self.updatedAt.iso8601),
        ]
    }
}
