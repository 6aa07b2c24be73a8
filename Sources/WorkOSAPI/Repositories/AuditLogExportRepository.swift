// workos-emulator — SQL for audit log exports and their downloads (catalog-B §4).
// Licensed MIT.

import JSONCodec
import SQLite
import TokenSigning

/// Creates exports, makes them ready with their CSV, issues their short-lived download URLs, and serves downloads.
///
/// No `/events` entries: "audit-log operations emit **no** `/events` entries" (catalog-B §4).
public struct AuditLogExportRepository: Sendable {
    /// "The URL will expire after 10 minutes" (spec Get Export; catalog-B §4).
    public static let urlLifetimeSeconds: Int64 = 10 * 60
    /// Characters of a download token (`[A-Za-z0-9]`, about 238 bits).
    static let tokenLength = 40

    /// What an export selects, already validated. A nil list is no filter; values within a list are alternatives
    /// (OR) and the lists together narrow the selection (AND).
    public struct Filters: Sendable {
        public var organizationID: String
        /// Inclusive bounds on `occurred_at`.
        public var rangeStart: Timestamp
        public var rangeEnd: Timestamp
        public var actions: [String]?
        /// `actor_names` plus the deprecated `actors` ("Deprecated. Use `actor_names` instead", spec).
        public var actorNames: [String]?
        public var actorIDs: [String]?
        /// Target types.
        public var targets: [String]?

        /// Filters for one organization and range.
        public init(organizationID: String, rangeStart: Timestamp, rangeEnd: Timestamp) {
            self.organizationID = organizationID
            self.rangeStart = rangeStart
            self.rangeEnd = rangeEnd
        }
    }

    /// What a download request found.
    public enum Download: Sendable {
        /// The export's CSV.
        case file(exportID: String, csv: String)
        /// No export with this id has this token (never issued, or replaced by a later fetch).
        case notFound
        /// The token was right but its 10 minutes are over.
        case expired
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

    /// Stores a `pending` export; it becomes `ready` on its first fetch (see `fetchIssuingURL`).
    public func create(_ filters: Filters, in connection: Connection) throws -> AuditLogExport {
        let id = self.services.ids.make(.auditLogExport)
        let now = self.services.clock.now().iso8601
        try connection.execute(
            """
            INSERT INTO audit_log_exports (id, environment_id, organization_id, state, range_start, range_end, actions,
                actor_names, actor_ids, targets, created_at, updated_at)
            VALUES (?, ?, ?, 'pending', ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(id), .text(self.environmentID), .text(filters.organizationID),
                .text(filters.rangeStart.iso8601), .text(filters.rangeEnd.iso8601), Self.encode(filters.actions),
                Self.encode(filters.actorNames), Self.encode(filters.actorIDs), Self.encode(filters.targets),
                .text(now), .text(now),
            ]
        )
        return try self.require(id: id, in: connection)
    }

    /// The export with this id in this environment, or 404 "Audit Log Export not found: '…'." (spec example).
    public func require(id: String, in connection: Connection) throws -> AuditLogExport {
        guard let row = try self.fetchRow(id: id, in: connection) else {
            throw APIError.notFound("Audit Log Export", id: id)
        }
        return AuditLogExport(row: row)
    }

    /// `GET /audit_logs/exports/{id}`: a pending export becomes `ready` now, its CSV written from the events that
    /// match at this moment; then a fresh download token replaces the previous one and works for 10 minutes
    /// ("refetching the export will regenerate the URL", spec). `baseURL` is the emulator as the client reached it.
    public func fetchIssuingURL(id: String, baseURL: String, in connection: Connection) throws -> AuditLogExport {
        guard let row = try self.fetchRow(id: id, in: connection) else {
            throw APIError.notFound("Audit Log Export", id: id)
        }
        let now = self.services.clock.now()
        if AuditLogExport(row: row).state == .pending {
            let csv = AuditLogCSV.render(try self.matchingEvents(Self.filters(of: row), in: connection))
            try connection.execute(
                """
                UPDATE audit_log_exports SET state = 'ready', content = ?, updated_at = ?
                WHERE environment_id = ? AND id = ?
                """,
                [.text(csv), .text(now.iso8601), .text(self.environmentID), .text(id)]
            )
        }
        let token = RandomToken.alphanumeric(Self.tokenLength)
        try connection.execute(
            """
            UPDATE audit_log_exports SET url_token_digest = ?, url_expires_at = ?
            WHERE environment_id = ? AND id = ?
            """,
            [
                .text(TokenDigest.sha256Hex(token)), .text(now.adding(seconds: Self.urlLifetimeSeconds).iso8601),
                .text(self.environmentID), .text(id),
            ]
        )
        var export = try self.require(id: id, in: connection)
        export.url = baseURL + "/_emulator/audit_log_exports/" + URLQuery.escape(id) + "/download?token=" + token
        return export
    }

    /// The CSV behind a download URL. Not scoped to an environment: the URL is the credential, as a pre-signed
    /// storage URL is. Only the token's SHA-256 is stored, so the lookup never compares the token itself.
    public static func download(exportID: String, token: String, services: Services, in connection: Connection)
        throws -> Download
    {
        guard !token.isEmpty,
            let row = try connection.fetchOne(
                """
                SELECT content, url_expires_at FROM audit_log_exports
                WHERE id = ? AND url_token_digest = ? AND state = 'ready'
                """,
                [.text(exportID), .text(TokenDigest.sha256Hex(token))]
            )
        else { return .notFound }
        let expiresAt: String = row["url_expires_at"]
        guard let expiry = Timestamp(iso8601: expiresAt), services.clock.now() < expiry else { return .expired }
        return .file(exportID: exportID, csv: row["content"] ?? "")
    }

    // MARK: Selecting events

    /// The filter every export query shares, on `audit_log_events AS e`; each list is bound twice (`? IS NULL`
    /// turns it off) and read with `json_each` (https://sqlite.org/json1.html#jeach), so no SQL is built at run
    /// time. The indexes of 0014_audit_logs.sql serve the organization + range and each list.
    private static let matchingFilter = """
        e.environment_id = ? AND e.organization_id = ? AND e.occurred_at >= ? AND e.occurred_at <= ?
            AND (? IS NULL OR e.action IN (SELECT value FROM json_each(?)))
            AND (? IS NULL OR e.actor_name IN (SELECT value FROM json_each(?)))
            AND (? IS NULL OR e.actor_id IN (SELECT value FROM json_each(?)))
            AND (? IS NULL OR EXISTS (SELECT 1 FROM audit_log_event_targets AS t
                WHERE t.event_id = e.id AND t.type IN (SELECT value FROM json_each(?))))
        """

    /// The events an export selects, oldest first, with their targets.
    func matchingEvents(_ filters: Filters, in connection: Connection) throws -> [AuditLogEvent] {
        var arguments: [SQLValue] = [
            .text(self.environmentID), .text(filters.organizationID), .text(filters.rangeStart.iso8601),
            .text(filters.rangeEnd.iso8601),
        ]
        for list in [filters.actions, filters.actorNames, filters.actorIDs, filters.targets] {
            let encoded = Self.encode(list)
            arguments += [encoded, encoded]
        }
        let rows = try connection.fetchAll(
            "SELECT e.* FROM audit_log_events AS e WHERE " + Self.matchingFilter + " ORDER BY e.occurred_at, e.id",
            arguments
        )
        var targets: [String: [Row]] = [:]
        for row in try connection.fetchAll(
            "SELECT t.* FROM audit_log_event_targets AS t JOIN audit_log_events AS e ON e.id = t.event_id WHERE "
                + Self.matchingFilter + " ORDER BY t.event_id, t.position",
            arguments
        ) {
            targets[row["event_id"], default: []].append(row)
        }
        return rows.map { row in AuditLogEvent(row: row, targets: targets[row["id"]] ?? []) }
    }

    private func fetchRow(id: String, in connection: Connection) throws -> Row? {
        try connection.fetchOne(
            "SELECT * FROM audit_log_exports WHERE environment_id = ? AND id = ?",
            [.text(self.environmentID), .text(id)]
        )
    }

    /// The filters stored with an export.
    private static func filters(of row: Row) -> Filters {
        var filters = Filters(
            organizationID: row["organization_id"],
            rangeStart: Timestamp(iso8601: row["range_start"]) ?? Timestamp(milliseconds: 0),
            rangeEnd: Timestamp(iso8601: row["range_end"]) ?? Timestamp(milliseconds: 0)
        )
        filters.actions = Self.decode(row["actions"])
        filters.actorNames = Self.decode(row["actor_names"])
        filters.actorIDs = Self.decode(row["actor_ids"])
        filters.targets = Self.decode(row["targets"])
        return filters
    }

    /// A list as a JSON array, or NULL for no filter.
    private static func encode(_ list: [String]?) -> SQLValue {
        guard let list else { return .null }
        return .text(JSON.array(list.map { .string($0) }).serializedString)
    }

    private static func decode(_ text: String?) -> [String]? {
        guard let text, let items = (try? JSON.parse(text))?.arrayValue else { return nil }
        return items.compactMap(\.stringValue)
    }
}
