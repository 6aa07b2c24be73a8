// workos-emulator — id prefixes of WorkOS objects (catalog-A §1.9, catalog-B §1.4).
// Licensed MIT.

/// The prefix of a WorkOS object id; ids are `<prefix>_<ULID>`.
public struct IDPrefix: RawRepresentable, Hashable, Sendable {
    /// The prefix without the trailing underscore.
    public let rawValue: String

    /// Wraps a prefix.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// `env_`: an emulator environment (WorkOS does not expose environment ids through the API).
    public static let environment = IDPrefix(rawValue: "env")
    /// `org_`: an organization.
    public static let organization = IDPrefix(rawValue: "org")
    /// `org_domain_`: an organization domain.
    public static let organizationDomain = IDPrefix(rawValue: "org_domain")
    /// `event_`: an event (the spec's prefix; WorkOS's own emulator uses `evt_`).
    public static let event = IDPrefix(rawValue: "event")
    /// `client_`: a client id.
    public static let client = IDPrefix(rawValue: "client")
    /// `req_`: a generated request id.
    public static let request = IDPrefix(rawValue: "req")
}
