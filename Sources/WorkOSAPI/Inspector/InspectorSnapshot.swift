// workos-emulator — what the inspector page shows: one environment's state at one instant.
// Licensed MIT.

/// Everything one render of `GET /_emulator/inspector` displays, read in one transaction so the counts and the rows
/// agree. Deliberately holds no API key: the page must never show one.
struct InspectorSnapshot: Sendable {
    /// The sections of the page; the raw value is the anchor and the prefix of the section's cursor parameter.
    enum SectionName: String, CaseIterable, Sendable {
        case environments, emails, events, organizations, users, connections, sessions
    }

    /// One page of a section: the rows shown, how many there are in all, and the cursor of the next page.
    struct Section<Item: Sendable>: Sendable {
        /// The rows of this page, newest first.
        var items: [Item]
        /// All rows of the section, not only this page.
        var total: Int
        /// The id to continue after, when older rows follow.
        var after: String?
    }

    /// Every environment (name, id, client id only).
    var environments: Section<Environment>
    /// The environment shown.
    var environment: Environment
    /// Its outbox, as `GET /_emulator/emails` lists it.
    var emails: Section<OutboxEmail>
    /// Its latest events.
    var events: Section<Event>
    /// Its organizations.
    var organizations: Section<Organization>
    /// Its users.
    var users: Section<User>
    /// Its SSO connections.
    var connections: Section<SSOConnection>
    /// Its active sessions (not revoked, not expired).
    var sessions: Section<Session>
    /// The e-mail of each session's user, by user id.
    var sessionUserEmails: [String: String]
}
