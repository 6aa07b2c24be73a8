// workos-emulator — SQL for the webhook deliveries of one environment: queued with their event, listed by
// GET /_emulator/webhook_deliveries (emulator.md "Control API").
// Licensed MIT.

import SQLite

/// Queues and lists the deliveries of one environment. The worker's side of the queue is `WebhookDeliveryQueue`.
public struct WebhookDeliveryRepository: Sendable {
    /// The environment this repository is scoped to.
    public let environmentID: String
    /// Id and time source, and the worker's doorbell.
    public let services: Services

    /// A repository scoped to one environment.
    public init(environmentID: String, services: Services) {
        self.environmentID = environmentID
        self.services = services
    }

    /// Queues one delivery of the event for every enabled endpoint subscribed to it (an empty `events` list
    /// subscribes to all), due now; rings the worker's doorbell when it queued any. Runs inside the event's own
    /// transaction (`EventLog.record`), so a rolled-back mutation queues nothing and a committed one loses nothing.
    func enqueue(eventID: String, event: String, in connection: Connection) throws {
        // json_each: https://sqlite.org/json1.html#jeach. Statements are cached, so an environment without endpoints
        // pays one indexed lookup per event.
        let endpoints = try connection.fetchAll(
            """
            SELECT id, endpoint_url FROM webhook_endpoints
            WHERE environment_id = ? AND status = 'enabled'
                AND (events = '[]' OR EXISTS (SELECT 1 FROM json_each(webhook_endpoints.events) WHERE value = ?))
            ORDER BY id
            """,
            [.text(self.environmentID), .text(event)]
        )
        guard !endpoints.isEmpty else { return }
        let now = self.services.clock.now()
        for endpoint in endpoints {
            try connection.execute(
                """
                INSERT INTO webhook_deliveries (id, environment_id, endpoint_id, url, event_id, event, status, attempts,
                    next_attempt_at, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?)
                """,
                [
                    .text(self.services.ids.make(.webhookDelivery)), .text(self.environmentID),
                    .text(endpoint["id"]), .text(endpoint["endpoint_url"]), .text(eventID), .text(event),
                    .integer(now.milliseconds), .text(now.iso8601), .text(now.iso8601),
                ]
            )
        }
        self.services.webhookDoorbell.ring()
    }

    /// Filters of `GET /_emulator/webhook_deliveries`.
    public struct Filter: Sendable {
        /// Only deliveries to this endpoint.
        public var endpointID: String?
        /// Only deliveries of this event type.
        public var event: String?

        /// No filter.
        public init() {}
    }

    /// One page of deliveries, newest first by default.
    public func list(_ filter: Filter, pagination: Pagination, in connection: Connection) throws
        -> Page<WebhookDelivery>
    {
        var clauses = ["environment_id = ?"]
        var arguments: [SQLValue] = [.text(self.environmentID)]
        if let endpointID = filter.endpointID {
            clauses.append("endpoint_id = ?")
            arguments.append(.text(endpointID))
        }
        if let event = filter.event {
            clauses.append("event = ?")
            arguments.append(.text(event))
        }
        return try connection.fetchPage(from: "webhook_deliveries", where: clauses, arguments, pagination: pagination)
            .map(WebhookDelivery.init(row:))
    }

    /// Ends the pending deliveries of an endpoint that is being deleted: they are kept as a record, `failed`.
    func failPending(endpointID: String, reason: String, in connection: Connection) throws {
        let now = self.services.clock.now().iso8601
        try connection.execute(
            """
            UPDATE webhook_deliveries SET status = 'failed', last_error = ?, next_attempt_at = NULL, updated_at = ?
            WHERE environment_id = ? AND endpoint_id = ? AND status = 'pending'
            """,
            [.text(reason), .text(now), .text(self.environmentID), .text(endpointID)]
        )
    }
}
