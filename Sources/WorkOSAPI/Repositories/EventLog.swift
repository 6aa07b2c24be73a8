// workos-emulator — the `events` table: written in the same transaction as every mutation, read by GET /events.
// Licensed MIT.

import JSONCodec
import SQLite

/// Records and lists events of one environment.
public struct EventLog: Sendable {
    /// The environment whose events these are.
    public let environmentID: String
    /// Id and time source.
    public let services: Services

    /// An event log scoped to one environment.
    public init(environmentID: String, services: Services) {
        self.environmentID = environmentID
        self.services = services
    }

    /// Writes one event row, and one webhook delivery row for each enabled endpoint subscribed to it. Call it inside
    /// the `Database.write` of the mutation it describes, so the event and its deliveries exist exactly when the
    /// change does (catalog-A §2: "the same payloads are delivered to webhooks").
    public func record(
        _ name: EventName,
        data: JSON,
        organizationID: String?,
        context: JSON? = nil,
        in connection: Connection
    ) throws {
        let id = self.services.ids.make(.event)
        try connection.execute(
            """
            INSERT INTO events (id, environment_id, event, organization_id, data, context, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(id), .text(self.environmentID), .text(name.rawValue),
                SQLValue(organizationID), .text(data.serializedString), SQLValue(context?.serializedString),
                .text(self.services.clock.now().iso8601),
            ]
        )
        try WebhookDeliveryRepository(environmentID: self.environmentID, services: self.services)
            .enqueue(eventID: id, event: name.rawValue, in: connection)
    }

    /// Filters of `GET /events`.
    public struct Filter: Sendable {
        /// Event types to include (empty: all).
        public var events: [String] = []
        /// Only events related to this organization.
        public var organizationID: String?
        /// Only events created at or after this instant.
        public var rangeStart: Timestamp?
        /// Only events created at or before this instant.
        public var rangeEnd: Timestamp?

        /// An empty filter.
        public init() {}
    }

    /// One page of events matching the filter.
    public func list(_ filter: Filter, pagination: Pagination, in connection: Connection) throws -> Page<Event> {
        var clauses = ["environment_id = ?"]
        var arguments: [SQLValue] = [.text(self.environmentID)]
        if !filter.events.isEmpty {
            clauses.append("event IN (\(SQLPlaceholders.list(filter.events.count)))")
            arguments += filter.events.map { .text($0) }
        }
        if let organizationID = filter.organizationID {
            clauses.append("organization_id = ?")
            arguments.append(.text(organizationID))
        }
        if let start = filter.rangeStart {
            clauses.append("created_at >= ?")
            arguments.append(.text(start.iso8601))
        }
        if let end = filter.rangeEnd {
            clauses.append("created_at <= ?")
            arguments.append(.text(end.iso8601))
        }
        return try connection.fetchPage(from: "events", where: clauses, arguments, pagination: pagination)
            .map(Event.init(row:))
    }
}
