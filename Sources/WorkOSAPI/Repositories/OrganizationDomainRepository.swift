// workos-emulator — SQL for organization domains (catalog-A §4).
// Licensed MIT.

import JSONCodec
import SQLite

/// Reads and writes organization domains of one environment; every write records its event.
public struct OrganizationDomainRepository: Sendable {
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

    /// The domain with this id, or nil.
    public func fetchOne(id: String, in connection: Connection) throws -> OrganizationDomain? {
        try connection.fetchOne(
            "SELECT * FROM organization_domains WHERE environment_id = ? AND id = ?",
            [.text(self.environmentID), .text(id)]
        ).map(OrganizationDomain.init(row:))
    }

    /// The domain with this id, or a 404.
    public func require(id: String, in connection: Connection) throws -> OrganizationDomain {
        guard let domain = try self.fetchOne(id: id, in: connection) else {
            throw APIError.notFound("Organization Domain", id: id)
        }
        return domain
    }

    /// `POST /organization_domains`: a new `pending` domain verified by DNS, with its TXT record name and value.
    /// 404 for an unknown organization, 409 `domain_already_exists` when the organization has it already.
    public func create(organizationID: String, domain: String, in connection: Connection) throws -> OrganizationDomain {
        guard
            try connection.fetchOne(
                "SELECT 1 FROM organizations WHERE environment_id = ? AND id = ?",
                [.text(self.environmentID), .text(organizationID)]
            ) != nil
        else { throw APIError.notFound("Organization", id: organizationID) }
        if try connection.fetchOne(
            "SELECT 1 FROM organization_domains WHERE environment_id = ? AND organization_id = ? AND domain = ?",
            [.text(self.environmentID), .text(organizationID), .text(domain)]
        ) != nil {
            throw APIError.conflict(.domainAlreadyExists, "Domain already exists for this organization.")
        }
        return try self.insert(
            organizationID: organizationID,
            data: .init(domain: domain, state: .pending),
            emitEvent: true,
            in: connection
        )
    }

    /// Inserts a domain. A `verified` one is verified manually (strategy `manual`, no token, as Node's fixtures
    /// show); a `pending` one gets a DNS token and prefix. A domain another organization has verified cannot be
    /// verified again: 409 as in Node's fixture.
    func insert(
        organizationID: String,
        data: OrganizationRepository.DomainData,
        emitEvent: Bool,
        in connection: Connection
    ) throws -> OrganizationDomain {
        if data.state == .verified {
            try self.checkNotVerifiedElsewhere(data.domain, organizationID: organizationID, in: connection)
        }
        let id = self.services.ids.make(.organizationDomain)
        let now = self.services.clock.now().iso8601
        let isManual = data.state == .verified
        try connection.execute(
            """
            INSERT INTO organization_domains (id, environment_id, organization_id, domain, state,
                verification_strategy, verification_token, verification_prefix, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(id), .text(self.environmentID), .text(organizationID), .text(data.domain),
                .text(data.state.rawValue), .text(isManual ? "manual" : "dns"),
                isManual ? .null : .text(RandomToken.alphanumeric(25)),
                isManual ? .null : .text("workos-domain-verification-" + RandomToken.lowercaseAlphanumeric(6)),
                .text(now), .text(now),
            ]
        )
        let domain = try self.require(id: id, in: connection)
        if emitEvent {
            try self.events.record(
                .organizationDomainCreated, data: domain.json, organizationID: organizationID, in: connection
            )
        }
        return domain
    }

    /// Changes a domain's state through `domain_data` on an organization update; emits `organization_domain.updated`
    /// (`.verified` when it becomes verified).
    func setState(_ domain: OrganizationDomain, to state: OrganizationDomain.State, in connection: Connection) throws {
        if state == .verified {
            try self.checkNotVerifiedElsewhere(domain.domain, organizationID: domain.organizationID, in: connection)
        }
        try connection.execute(
            """
            UPDATE organization_domains SET state = ?, verification_strategy = ?, updated_at = ?
            WHERE environment_id = ? AND id = ?
            """,
            [
                .text(state.rawValue), .text(state == .verified ? "manual" : domain.verificationStrategy),
                .text(self.services.clock.now().iso8601), .text(self.environmentID), .text(domain.id),
            ]
        )
        let updated = try self.require(id: domain.id, in: connection)
        try self.events.record(
            state == .verified ? .organizationDomainVerified : .organizationDomainUpdated,
            data: updated.json, organizationID: domain.organizationID, in: connection
        )
    }

    /// `POST /organization_domains/{id}/verify`. The emulator has no DNS to look at, so verification succeeds at
    /// once (`organization_domain.verified`), unless another organization of the environment has verified the domain:
    /// then the state becomes `failed` and `organization_domain.verification_failed` is emitted with reason
    /// `domain_verified_by_other_organization` (catalog-A §2.2). A verified domain is a 400 `domain_already_verified`.
    public func verify(id: String, in connection: Connection) throws -> OrganizationDomain {
        let domain = try self.require(id: id, in: connection)
        if domain.state == .verified || domain.state == .legacyVerified {
            throw APIError.badRequest(.domainAlreadyVerified, "Domain is already verified.")
        }
        let takenElsewhere = try self.isVerifiedElsewhere(
            domain.domain, organizationID: domain.organizationID, in: connection
        )
        let state: OrganizationDomain.State = takenElsewhere ? .failed : .verified
        try connection.execute(
            "UPDATE organization_domains SET state = ?, updated_at = ? WHERE environment_id = ? AND id = ?",
            [.text(state.rawValue), .text(self.services.clock.now().iso8601), .text(self.environmentID), .text(id)]
        )
        let updated = try self.require(id: id, in: connection)
        if takenElsewhere {
            try self.events.record(
                .organizationDomainVerificationFailed,
                data: ["reason": "domain_verified_by_other_organization", "organization_domain": updated.json],
                organizationID: domain.organizationID, in: connection
            )
        } else {
            try self.events.record(
                .organizationDomainVerified, data: updated.json, organizationID: domain.organizationID,
                in: connection
            )
        }
        return updated
    }

    /// Deletes a domain; emits `organization_domain.deleted`.
    public func delete(id: String, in connection: Connection) throws {
        let domain = try self.require(id: id, in: connection)
        try connection.execute(
            "DELETE FROM organization_domains WHERE environment_id = ? AND id = ?",
            [.text(self.environmentID), .text(id)]
        )
        try self.events.record(
            .organizationDomainDeleted, data: domain.json, organizationID: domain.organizationID, in: connection
        )
    }

    private func checkNotVerifiedElsewhere(_ domain: String, organizationID: String, in connection: Connection) throws {
        if try self.isVerifiedElsewhere(domain, organizationID: organizationID, in: connection) {
            throw APIError.conflict("An Organization with the domain \(domain) already exists.")
        }
    }

    /// True when another organization of the environment has verified `domain`.
    private func isVerifiedElsewhere(
        _ domain: String, organizationID: String, in connection: Connection
    ) throws -> Bool {
        try connection.fetchOne(
            """
            SELECT 1 FROM organization_domains
            WHERE environment_id = ? AND domain = ? AND organization_id <> ? \
            AND state IN ('verified', 'legacy_verified')
            """,
            [.text(self.environmentID), .text(domain), .text(organizationID)]
        ) != nil
    }
}
