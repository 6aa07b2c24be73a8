// workos-emulator — SQL for organizations and the domains embedded in them (catalog-A §3).
// Licensed MIT.

import JSONCodec
import SQLite

/// Reads and writes the organizations of one environment; every write records its event in the same transaction.
public struct OrganizationRepository: Sendable {
    /// A domain as given in `domain_data`.
    public struct DomainData: Sendable, Equatable {
        /// Lower-cased domain name.
        public var domain: String
        /// `pending` or `verified`.
        public var state: OrganizationDomain.State
        /// A domain entry.
        public init(domain: String, state: OrganizationDomain.State) {
            self.domain = domain
            self.state = state
        }
    }

    /// The fields of a new organization, already validated.
    public struct Creation: Sendable {
        public var name: String
        public var domains: [DomainData] = []
        public var metadata: [(key: String, value: String)] = []
        public var externalID: String?
        public var stripeCustomerID: String?
        public var allowProfilesOutsideOrganization = false
        /// A new organization named `name`.
        public init(name: String) { self.name = name }
    }

    /// The fields an update changes; absent ones stay as they are.
    public struct Changes: Sendable {
        public var name: String?
        public var domains: [DomainData]?
        public var metadata: Patch<[(key: String, value: String)]> = .absent
        public var externalID: Patch<String> = .absent
        public var stripeCustomerID: Patch<String> = .absent
        public var allowProfilesOutsideOrganization: Bool?
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
    private var domainRepository: OrganizationDomainRepository {
        OrganizationDomainRepository(environmentID: self.environmentID, services: self.services)
    }

    // MARK: Reading

    /// The organization with this id, or nil.
    public func fetchOne(id: String, in connection: Connection) throws -> Organization? {
        try connection.fetchOne(
            "SELECT * FROM organizations WHERE environment_id = ? AND id = ?",
            [.text(self.environmentID), .text(id)]
        ).map { try self.assemble([$0], in: connection)[0] }
    }

    /// The organization with this external id, or nil.
    public func fetchOne(externalID: String, in connection: Connection) throws -> Organization? {
        try connection.fetchOne(
            "SELECT * FROM organizations WHERE environment_id = ? AND external_id = ?",
            [.text(self.environmentID), .text(externalID)]
        ).map { try self.assemble([$0], in: connection)[0] }
    }

    /// The organization with this id, or a 404.
    public func require(id: String, in connection: Connection) throws -> Organization {
        guard let organization = try self.fetchOne(id: id, in: connection) else {
            throw APIError.notFound("Organization", id: id)
        }
        return organization
    }

    /// One page of organizations, optionally only those with one of `domains` or whose name contains `search`.
    public func list(
        domains: [String],
        search: String?,
        pagination: Pagination,
        in connection: Connection
    ) throws -> Page<Organization> {
        var clauses = ["environment_id = ?"]
        var arguments: [SQLValue] = [.text(self.environmentID)]
        if !domains.isEmpty {
            clauses.append(
                """
                id IN (SELECT organization_id FROM organization_domains
                    WHERE environment_id = ? AND domain IN (\(SQLPlaceholders.list(domains.count))))
                """
            )
            arguments.append(.text(self.environmentID))
            arguments += domains.map { .text($0.lowercased()) }
        }
        if let search, !search.isEmpty {
            // Case-insensitive substring match on the name; LIKE wildcards in the search text are escaped.
            clauses.append("name LIKE ? ESCAPE '\\'")
            let escaped = search.replacingAll("\\", with: "\\\\").replacingAll("%", with: "\\%")
                .replacingAll("_", with: "\\_")
            arguments.append(.text("%\(escaped)%"))
        }
        let page = try connection.fetchPage(from: "organizations", where: clauses, arguments, pagination: pagination)
        let organizations = try self.assemble(page.items, in: connection)
        return Page(items: organizations, before: page.before, after: page.after)
    }

    /// Organizations from their rows, with their domains loaded in one query.
    private func assemble(_ rows: [Row], in connection: Connection) throws -> [Organization] {
        guard !rows.isEmpty else { return [] }
        let ids: [String] = rows.map { $0["id"] }
        var domainsByOrganization: [String: [OrganizationDomain]] = [:]
        for row in try connection.fetchAll(
            """
            SELECT * FROM organization_domains
            WHERE environment_id = ? AND organization_id IN (\(SQLPlaceholders.list(ids.count))) ORDER BY id
            """,
            [.text(self.environmentID)] + ids.map { .text($0) }
        ) {
            let domain = OrganizationDomain(row: row)
            domainsByOrganization[domain.organizationID, default: []].append(domain)
        }
        return rows.map { row in Organization(row: row, domains: domainsByOrganization[row["id"]] ?? []) }
    }

    // MARK: Writing

    /// Inserts an organization and its domains; emits `organization.created`
    /// (and `organization_domain.created` for each domain).
    public func create(_ creation: Creation, in connection: Connection) throws -> Organization {
        try self.checkUnique(
            externalID: creation.externalID, stripeCustomerID: creation.stripeCustomerID, excluding: nil,
            in: connection
        )
        let id = self.services.ids.make(.organization)
        let now = self.services.clock.now().iso8601
        try connection.execute(
            """
            INSERT INTO organizations (id, environment_id, name, external_id, stripe_customer_id, metadata,
                allow_profiles_outside_organization, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(id), .text(self.environmentID), .text(creation.name), SQLValue(creation.externalID),
                SQLValue(creation.stripeCustomerID), .text(Metadata.encode(creation.metadata)),
                SQLValue(creation.allowProfilesOutsideOrganization), .text(now), .text(now),
            ]
        )
        for data in Self.deduplicated(creation.domains) {
            _ = try self.domainRepository.insert(organizationID: id, data: data, emitEvent: true, in: connection)
        }
        let organization = try self.require(id: id, in: connection)
        try self.events.record(.organizationCreated, data: organization.json, organizationID: id, in: connection)
        return organization
    }

    /// Applies changes; emits `organization.updated` with `context.previous_attributes` when anything changed.
    public func update(id: String, _ changes: Changes, in connection: Connection) throws -> Organization {
        let before = try self.require(id: id, in: connection)
        try self.checkUnique(
            externalID: changes.externalID.value, stripeCustomerID: changes.stripeCustomerID.value, excluding: id,
            in: connection
        )
        var sets: [String] = []
        var values: [SQLValue] = []
        if let name = changes.name {
            sets.append("name = ?")
            values.append(.text(name))
        }
        if changes.metadata.isPresent {
            sets.append("metadata = ?")
            values.append(.text(Metadata.encode(changes.metadata.value ?? [])))
        }
        if changes.externalID.isPresent {
            sets.append("external_id = ?")
            values.append(SQLValue(changes.externalID.value))
        }
        if changes.stripeCustomerID.isPresent {
            sets.append("stripe_customer_id = ?")
            values.append(SQLValue(changes.stripeCustomerID.value))
        }
        if let flag = changes.allowProfilesOutsideOrganization {
            sets.append("allow_profiles_outside_organization = ?")
            values.append(SQLValue(flag))
        }
        if !sets.isEmpty {
            try connection.execute(
                "UPDATE organizations SET \(sets.joined(separator: ", ")) WHERE environment_id = ? AND id = ?",
                values + [.text(self.environmentID), .text(id)]
            )
        }
        if let domains = changes.domains {
            try self.replaceDomains(of: before, with: Self.deduplicated(domains), in: connection)
        }
        var after = try self.require(id: id, in: connection)
        let previous = Self.previousAttributes(before: before.json, after: after.json)
        guard !previous.isEmpty else { return after }
        let now = self.services.clock.now().iso8601
        try connection.execute(
            "UPDATE organizations SET updated_at = ? WHERE environment_id = ? AND id = ?",
            [.text(now), .text(self.environmentID), .text(id)]
        )
        after = try self.require(id: id, in: connection)
        try self.events.record(
            .organizationUpdated, data: after.json, organizationID: id,
            context: ["previous_attributes": .object(previous)], in: connection
        )
        return after
    }

    /// Deletes an organization and (by cascade) its domains; emits `organization.deleted`.
    public func delete(id: String, in connection: Connection) throws {
        let organization = try self.require(id: id, in: connection)
        try OrganizationDeletion.cascade(
            organizationID: id, environmentID: self.environmentID, services: self.services, in: connection
        )
        try connection.execute(
            "DELETE FROM organizations WHERE environment_id = ? AND id = ?",
            [.text(self.environmentID), .text(id)]
        )
        try self.events.record(.organizationDeleted, data: organization.json, organizationID: id, in: connection)
    }

    /// Makes the organization's domains exactly `domains`: keeps matching ones (updating their state), deletes
    /// the rest and adds the new ones, each with its `organization_domain.*` event.
    private func replaceDomains(of organization: Organization, with domains: [DomainData], in connection: Connection)
        throws
    {
        let wanted = Dictionary(domains.map { ($0.domain, $0) }, uniquingKeysWith: { first, _ in first })
        for existing in organization.domains where wanted[existing.domain] == nil {
            try self.domainRepository.delete(id: existing.id, in: connection)
        }
        for data in domains {
            if let existing = organization.domains.first(where: { $0.domain == data.domain }) {
                if existing.state != data.state {
                    try self.domainRepository.setState(existing, to: data.state, in: connection)
                }
            } else {
                _ = try self.domainRepository.insert(
                    organizationID: organization.id, data: data, emitEvent: true, in: connection
                )
            }
        }
    }

    /// 400 `external_id_already_used` / `stripe_customer_id_already_used` when another organization has the value.
    private func checkUnique(
        externalID: String?,
        stripeCustomerID: String?,
        excluding id: String?,
        in connection: Connection
    ) throws {
        if let externalID,
            let other: String = try connection.fetchScalar(
                "SELECT id FROM organizations WHERE environment_id = ? AND external_id = ?",
                [.text(self.environmentID), .text(externalID)]
            ), other != id
        {
            throw APIError.badRequest(
                .externalIDAlreadyUsed, "An organization with external_id '\(externalID)' already exists."
            )
        }
        if let stripeCustomerID,
            let other: String = try connection.fetchScalar(
                "SELECT id FROM organizations WHERE environment_id = ? AND stripe_customer_id = ?",
                [.text(self.environmentID), .text(stripeCustomerID)]
            ), other != id
        {
            throw APIError.badRequest(
                .stripeCustomerIDAlreadyUsed,
                "An organization with stripe_customer_id '\(stripeCustomerID)' already exists."
            )
        }
    }

    /// `domain_data` with repeated domains folded into their first entry.
    private static func deduplicated(_ domains: [DomainData]) -> [DomainData] {
        var seen = Set<String>()
        return domains.filter { seen.insert($0.domain).inserted }
    }

    /// The old values of the top-level keys that changed (ignoring `updated_at`), for `previous_attributes`.
    static func previousAttributes(before: JSON, after: JSON) -> JSONObject {
        guard case .object(let old) = before, case .object(let new) = after else { return JSONObject() }
        var changed = JSONObject()
        for (key, value) in old where key != "updated_at" && new[key] != value {
            changed[key] = value
        }
        return changed
    }
}

extension String {
    /// Every occurrence of `target` replaced (Foundation-free).
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        return self.split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
