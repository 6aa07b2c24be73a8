// workos-emulator — the reads behind GET /_emulator/inspector: one page and one count per section.
// Licensed MIT.

import SQLite

/// Reads an `InspectorSnapshot` through the areas' own repositories (so the page shows exactly what the API would),
/// plus the counts and the environment-wide session list no API call needs. Read-only.
struct InspectorRepository: Sendable {
    /// Id and time source.
    let services: Services

    /// The environment with `id`, or the default environment when `id` is nil; nil when there is no such one.
    func environment(id: String?, in connection: Connection) throws -> Environment? {
        let environments = EnvironmentRepository(services: self.services)
        guard let id else { return try environments.fetchDefault(in: connection) }
        return try environments.fetchOne(id: id, in: connection)
    }

    /// One page (of `limit` rows, after each section's cursor in `after`) of every section of `environment`.
    func snapshot(
        of environment: Environment,
        limit: Int,
        after: [InspectorSnapshot.SectionName: String],
        in connection: Connection
    ) throws -> InspectorSnapshot {
        func pagination(_ section: InspectorSnapshot.SectionName) -> Pagination {
            Pagination(limit: limit, after: after[section], order: .desc)
        }
        let id = environment.id
        let scope: [SQLValue] = [.text(id)]
        let now = self.services.clock.now()

        let environments = try connection.fetchPage(
            from: "environments",
            where: [],
            [],
            pagination: pagination(.environments)
        )
        .map(Environment.init(row:))
        let emails = try OutboxRepository(environmentID: id, services: self.services)
            .list(to: nil, pagination: pagination(.emails), in: connection)
        let events = try EventLog(environmentID: id, services: self.services)
            .list(EventLog.Filter(), pagination: pagination(.events), in: connection)
        let organizations = try OrganizationRepository(environmentID: id, services: self.services)
            .list(domains: [], search: nil, pagination: pagination(.organizations), in: connection)
        let users = try UserRepository(environmentID: id, services: self.services)
            .list(organizationID: nil, email: nil, pagination: pagination(.users), in: connection)
        let connections = try ConnectionRepository(environmentID: id, services: self.services)
            .list(ConnectionRepository.Filter(), pagination: pagination(.connections), in: connection)
        // Active as `SessionRepository.listActive` defines it, across all users of the environment.
        let activeFilter = ["environment_id = ?", "status = ?", "expires_at > ?"]
        let activeArguments: [SQLValue] = [.text(id), .text(Session.Status.active.rawValue), .text(now.iso8601)]
        let sessions = try connection.fetchPage(
            from: "sessions",
            where: activeFilter,
            activeArguments,
            pagination: pagination(.sessions)
        ).map { Session(row: $0, now: now) }

        var sessionUserEmails: [String: String] = [:]
        let userIDs = Array(Set(sessions.items.map(\.userID)))
        if !userIDs.isEmpty {
            for row in try connection.fetchAll(
                """
                SELECT id, email FROM users
                WHERE environment_id = ? AND id IN (\(SQLPlaceholders.list(userIDs.count)))
                """,
                scope + userIDs.map { .text($0) }
            ) {
                sessionUserEmails[row["id"]] = row["email"]
            }
        }

        // Each count is its own literal statement: table names are never interpolated into SQL.
        func count(_ sql: String, _ arguments: [SQLValue]) throws -> Int {
            try connection.fetchScalar(sql, arguments, as: Int.self) ?? 0
        }
        return InspectorSnapshot(
            environments: .init(
                items: environments.items,
                total: try count("SELECT COUNT(*) FROM environments", []),
                after: environments.after
            ),
            environment: environment,
            emails: .init(
                items: emails.items,
                total: try count("SELECT COUNT(*) FROM outbox_emails WHERE environment_id = ?", scope),
                after: emails.after
            ),
            events: .init(
                items: events.items,
                total: try count("SELECT COUNT(*) FROM events WHERE environment_id = ?", scope),
                after: events.after
            ),
            organizations: .init(
                items: organizations.items,
                total: try count("SELECT COUNT(*) FROM organizations WHERE environment_id = ?", scope),
                after: organizations.after
            ),
            users: .init(
                items: users.items,
                total: try count("SELECT COUNT(*) FROM users WHERE environment_id = ?", scope),
                after: users.after
            ),
            connections: .init(
                items: connections.items,
                total: try count("SELECT COUNT(*) FROM connections WHERE environment_id = ?", scope),
                after: connections.after
            ),
            sessions: .init(
                items: sessions.items,
                total: try count(
                    "SELECT COUNT(*) FROM sessions WHERE environment_id = ? AND status = ? AND expires_at > ?",
                    activeArguments
                ),
                after: sessions.after
            ),
            sessionUserEmails: sessionUserEmails
        )
    }
}
