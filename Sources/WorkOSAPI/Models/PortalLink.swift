// workos-emulator — one Admin Portal link and the page it opens
// (https://workos.com/docs/reference/admin-portal/portal-link; catalog-A §7).
// Licensed MIT.

import JSONCodec
import SQLite

/// What `POST /portal/generate_link` asked for. The link is `<origin>/portal/<token>`; the token is the page's
/// credential and CSRF protection, and only its SHA-256 is stored.
public struct PortalLink: Sendable, Equatable {
    /// What the admin came to do: the spec's `GenerateLinkDto.intent` enum, all seven values.
    public enum Intent: String, CaseIterable, Sendable {
        /// Create an SSO connection.
        case sso
        /// Create a Directory Sync directory.
        case dsync
        /// View the organization's audit log events.
        case auditLogs = "audit_logs"
        /// Create an audit log stream.
        case logStreams = "log_streams"
        /// Add and verify a domain.
        case domainVerification = "domain_verification"
        /// Renew a connection's SAML certificates.
        case certificateRenewal = "certificate_renewal"
        /// Configure Bring Your Own Key encryption.
        case bringYourOwnKey = "bring_your_own_key"

        /// The page's title.
        public var title: String {
            switch self {
            case .sso: return "Set up Single Sign-On"
            case .dsync: return "Set up Directory Sync"
            case .auditLogs: return "Audit Logs"
            case .logStreams: return "Log Streams"
            case .domainVerification: return "Verify a domain"
            case .certificateRenewal: return "Renew SAML certificates"
            case .bringYourOwnKey: return "Bring Your Own Key"
            }
        }
    }

    /// How long an unopened link works: "It expires five minutes after issuance" (WorkOS reference, Portal link).
    public static let lifetimeSeconds: Int64 = 5 * 60
    /// How long the portal session opened by a link lasts (WorkOS documents none; long enough for a person).
    public static let sessionLifetimeSeconds: Int64 = 30 * 60
    /// Most `it_contact_emails` the spec allows.
    public static let maximumITContacts = 20
    /// The path of the pages; the token follows.
    public static let pagePathPrefix = "/portal/"

    /// Whether the link can still be used, and if not, why.
    public enum Status: Sendable, Equatable {
        /// The page works.
        case usable
        /// Unopened for five minutes, or its session ended.
        case expired
        /// Its page already did what the intent says.
        case used
        /// `POST /portal/revoke_link` revoked it.
        case revoked
    }

    /// `portal_link_…` (internal).
    public var id: String
    /// The environment of the API key that generated it.
    public var environmentID: String
    /// The one organization the page configures.
    public var organizationID: String
    /// What the admin came to do; nil lets the admin pick on the page.
    public var intent: Intent?
    /// Where the page's "back" link goes.
    public var returnURL: String?
    /// Where the page redirects once done (otherwise it shows its own done page).
    public var successURL: String?
    /// The organization's IT contacts the link was generated for.
    public var itContactEmails: [String]
    /// The app's id of the admin, for `POST /portal/revoke_link`.
    public var externalUserID: String?
    /// When an unopened link stops working.
    public var expiresAt: Timestamp
    /// When the link was first opened.
    public var openedAt: Timestamp?
    /// When the session started by opening the link ends.
    public var sessionExpiresAt: Timestamp?
    /// When its page finished.
    public var completedAt: Timestamp?
    /// When it was revoked.
    public var revokedAt: Timestamp?
    /// Issuance time.
    public var createdAt: Timestamp

    /// Decodes a row of `portal_links`.
    public init(row: Row) {
        func timestamp(_ column: String) -> Timestamp? {
            (row[column] as String?).flatMap { Timestamp(iso8601: $0) }
        }
        self.id = row["id"]
        self.environmentID = row["environment_id"]
        self.organizationID = row["organization_id"]
        self.intent = (row["intent"] as String?).flatMap(Intent.init(rawValue:))
        self.returnURL = row["return_url"]
        self.successURL = row["success_url"]
        self.itContactEmails =
            (try? JSON.parse(row["it_contact_emails"] as String))?.arrayValue?.compactMap(\.stringValue) ?? []
        self.externalUserID = row["external_user_id"]
        self.expiresAt = timestamp("expires_at") ?? Timestamp(milliseconds: 0)
        self.openedAt = timestamp("opened_at")
        self.sessionExpiresAt = timestamp("session_expires_at")
        self.completedAt = timestamp("completed_at")
        self.revokedAt = timestamp("revoked_at")
        self.createdAt = timestamp("created_at") ?? Timestamp(milliseconds: 0)
    }

    /// The link's status at `now`: revoked and used win over expired.
    public func status(at now: Timestamp) -> Status {
        if self.revokedAt != nil { return .revoked }
        if self.completedAt != nil { return .used }
        if let sessionExpiresAt = self.sessionExpiresAt { return now < sessionExpiresAt ? .usable : .expired }
        return now < self.expiresAt ? .usable : .expired
    }
}
