// workos-emulator — event type names (catalog-A §2.1–2.2).
// Licensed MIT.

/// The type of an event, e.g. `organization.created`.
public struct EventName: RawRepresentable, Hashable, Sendable {
    /// The wire value.
    public let rawValue: String
    /// Wraps a wire value.
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let organizationCreated = EventName(rawValue: "organization.created")
    public static let organizationUpdated = EventName(rawValue: "organization.updated")
    public static let organizationDeleted = EventName(rawValue: "organization.deleted")
    public static let organizationDomainCreated = EventName(rawValue: "organization_domain.created")
    public static let organizationDomainUpdated = EventName(rawValue: "organization_domain.updated")
    public static let organizationDomainDeleted = EventName(rawValue: "organization_domain.deleted")
    public static let organizationDomainVerified = EventName(rawValue: "organization_domain.verified")
    public static let organizationDomainVerificationFailed = EventName(
        rawValue: "organization_domain.verification_failed"
    )
}
