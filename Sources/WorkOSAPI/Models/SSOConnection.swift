// workos-emulator — the Connection wire object of SSO (catalog-B §2.5–2.7). Named `SSOConnection` because
// `Connection` is the SQLite connection every repository takes.
// Licensed MIT.

import JSONCodec
import SQLite

/// An SSO connection, `conn_…`, with its domains embedded.
public struct SSOConnection: Sendable, Equatable, JSONRepresentable {
    /// The `connection_type` (catalog-B §2.6): an open set of wire values.
    public struct ConnectionType: RawRepresentable, Hashable, Sendable {
        /// The wire value.
        public let rawValue: String
        /// Wraps a wire value.
        public init(rawValue: String) { self.rawValue = rawValue }

        public static let googleOAuth = ConnectionType(rawValue: "GoogleOAuth")
        public static let gitHubOAuth = ConnectionType(rawValue: "GitHubOAuth")
        public static let microsoftOAuth = ConnectionType(rawValue: "MicrosoftOAuth")
        public static let oktaSAML = ConnectionType(rawValue: "OktaSAML")
        public static let genericSAML = ConnectionType(rawValue: "GenericSAML")

        /// The 53 values of the spec's Connection/Profile `connection_type` enum.
        public static let all: [ConnectionType] = [
            "Pending", "Auth0Migration", "MagicLink", "TestIdp",
            "ADFSSAML", "Auth0SAML", "AzureSAML", "CasSAML", "ClassLinkSAML", "CloudflareSAML", "CyberArkSAML",
            "DuoSAML", "GenericSAML", "GoogleSAML", "JumpCloudSAML", "KeycloakSAML", "LastPassSAML", "MiniOrangeSAML",
            "NetIqSAML", "OktaSAML", "OneLoginSAML", "OracleSAML", "PingFederateSAML", "PingOneSAML", "RipplingSAML",
            "SalesforceSAML", "ShibbolethGenericSAML", "ShibbolethSAML", "SimpleSamlPhpSAML", "VMwareSAML",
            "AdpOidc", "CleverOIDC", "EntraIdOIDC", "GenericOIDC", "GoogleOIDC", "LoginGovOidc", "OktaOIDC",
            "AppleOAuth", "BitbucketOAuth", "DiscordOAuth", "GitHubOAuth", "GitLabOAuth", "GoogleOAuth", "GrokOAuth",
            "IntuitOAuth", "LinkedInOAuth", "MicrosoftOAuth", "SalesforceOAuth", "SlackOAuth",
            "VercelMarketplaceOAuth", "VercelOAuth", "XOAuth", "XeroOAuth",
        ].map(ConnectionType.init(rawValue:))

        /// A value of the enum, accepting the `GithubOAuth` spelling of the connections filter (catalog-B §2.6),
        /// or nil.
        public init?(parsing text: String) {
            let spelled = text == "GithubOAuth" ? "GitHubOAuth" : text
            guard Self.all.contains(ConnectionType(rawValue: spelled)) else { return nil }
            self.rawValue = spelled
        }

        /// True for the OAuth providers (their sign-ins return `oauth_tokens`).
        public var isOAuth: Bool { self.rawValue.hasSuffix("OAuth") }

        /// The provider's name for people: `Google` for `GoogleOAuth`, `Okta` for `OktaSAML`.
        public var displayName: String {
            for suffix in ["OAuth", "SAML", "OIDC", "Oidc"] where self.rawValue.hasSuffix(suffix) {
                let name = String(self.rawValue.dropLast(suffix.count))
                return name.isEmpty ? self.rawValue : name
            }
            return self.rawValue
        }
    }

    /// Connection states (spec `Connection.state`).
    public struct State: RawRepresentable, Hashable, Sendable {
        /// The wire value.
        public let rawValue: String
        /// Wraps a wire value.
        public init(rawValue: String) { self.rawValue = rawValue }

        public static let draft = State(rawValue: "draft")
        public static let active = State(rawValue: "active")
        public static let validating = State(rawValue: "validating")
        public static let inactive = State(rawValue: "inactive")
        /// The state a `connection.deleted` event reports.
        public static let deleting = State(rawValue: "deleting")
        /// The states a connection can be put in through the control API.
        public static let settable: [State] = [.draft, .active, .validating, .inactive]
    }

    /// One of its domains: `{"object":"connection_domain","id":"org_domain_…","domain":…}`.
    public struct Domain: Sendable, Equatable {
        /// `org_domain_…`.
        public var id: String
        /// Lower-case domain.
        public var domain: String

        /// The wire form.
        public var json: JSON {
            ["object": "connection_domain", "id": .string(self.id), "domain": .string(self.domain)]
        }
    }

    /// `conn_…`.
    public var id: String
    /// The owning organization (nil for an environment's OAuth connection).
    public var organizationID: String?
    public var connectionType: ConnectionType
    public var name: String
    public var state: State
    /// The key `connection.*` events carry.
    public var externalKey: String
    public var domains: [Domain]
    public var createdAt: Timestamp
    public var updatedAt: Timestamp

    /// True when it can sign users in.
    public var isActive: Bool { self.state == .active }

    /// Decodes a row of `connections`; the domains are loaded separately.
    public init(row: Row, domains: [Domain]) {
        self.id = row["id"]
        self.organizationID = row["organization_id"]
        self.connectionType = ConnectionType(rawValue: row["connection_type"])
        self.name = row["name"]
        self.state = State(rawValue: row["state"])
        self.externalKey = row["external_key"]
        self.domains = domains
        self.createdAt = Timestamp(iso8601: row["created_at"]) ?? Timestamp(milliseconds: 0)
        self.updatedAt = Timestamp(iso8601: row["updated_at"]) ?? Timestamp(milliseconds: 0)
    }

    /// The deprecated `status`, still required by the spec: `linked` when active, else `unlinked`.
    public var status: String { self.isActive ? "linked" : "unlinked" }

    /// The REST form (every key present, `organization_id` null rather than missing).
    public var json: JSON {
        [
            "object": "connection",
            "id": .string(self.id),
            "organization_id": self.organizationID.json,
            "connection_type": .string(self.connectionType.rawValue),
            "name": .string(self.name),
            "state": .string(self.state.rawValue),
            "status": .string(self.status),
            "domains": .array(self.domains.map(\.json)),
            "created_at": .string(self.createdAt.iso8601),
            "updated_at": .string(self.updatedAt.iso8601),
        ]
    }

    /// The payload of `connection.activated` / `.deactivated`: the REST form plus `external_key`.
    public var eventJSON: JSON {
        guard case .object(var object) = self.json else { return self.json }
        object["external_key"] = .string(self.externalKey)
        return .object(object)
    }

    /// The payload of `connection.deleted`: no domains, state `deleting` (catalog-B §2.7).
    public var deletedEventJSON: JSON {
        [
            "object": "connection",
            "id": .string(self.id),
            "state": .string(State.deleting.rawValue),
            "name": .string(self.name),
            "connection_type": .string(self.connectionType.rawValue),
            "organization_id": self.organizationID.json,
            "created_at": .string(self.createdAt.iso8601),
            "updated_at": .string(self.updatedAt.iso8601),
        ]
    }
}
