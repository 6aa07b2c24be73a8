// workos-emulator — SQL for webhook endpoints (https://workos.com/docs/reference/webhooks; spec
// WebhookEndpointsController_*), shared by the REST API and POST /_emulator/webhook_endpoints.
// Licensed MIT.

import JSONCodec
import SQLite

/// Reads and writes the webhook endpoints of one environment.
///
/// No mutation here records an event: neither the spec's webhook operations nor the event catalog (catalog-A §2,
/// the SDK's event list) name a `webhook_endpoint.*` event.
public struct WebhookEndpointRepository: Sendable {
    /// The environment this repository is scoped to.
    public let environmentID: String
    /// Id and time source.
    public let services: Services

    /// A repository scoped to one environment.
    public init(environmentID: String, services: Services) {
        self.environmentID = environmentID
        self.services = services
    }

    /// The endpoint with this id in this environment, or nil (another environment's ids included).
    public func fetchOne(id: String, in connection: Connection) throws -> WebhookEndpoint? {
        try connection.fetchOne(
            "SELECT * FROM webhook_endpoints WHERE environment_id = ? AND id = ?",
            [.text(self.environmentID), .text(id)]
        ).map(WebhookEndpoint.init(row:))
    }

    /// The endpoint with this id, or a 404 `entity_not_found` (the spec's 404 for update and delete).
    public func require(id: String, in connection: Connection) throws -> WebhookEndpoint {
        guard let endpoint = try self.fetchOne(id: id, in: connection) else {
            throw APIError.notFound("Webhook Endpoint", id: id)
        }
        return endpoint
    }

    /// One page of endpoints.
    public func list(pagination: Pagination, in connection: Connection) throws -> Page<WebhookEndpoint> {
        try connection.fetchPage(
            from: "webhook_endpoints", where: ["environment_id = ?"], [.text(self.environmentID)],
            pagination: pagination
        ).map(WebhookEndpoint.init(row:))
    }

    /// Creates an enabled endpoint; 409 `duplicate_endpoint` when the environment has one with this URL.
    public func create(url: String, events: [String], secret: String, in connection: Connection) throws
        -> WebhookEndpoint
    {
        try self.checkURLIsFree(url, except: nil, in: connection)
        let id = self.services.ids.make(.webhookEndpoint)
        let now = self.services.clock.now().iso8601
        try connection.execute(
            """
            INSERT INTO webhook_endpoints (id, environment_id, endpoint_url, secret, status, events, created_at,
                updated_at)
            VALUES (?, ?, ?, ?, 'enabled', ?, ?, ?)
            """,
            [
                .text(id), .text(self.environmentID), .text(url), .text(secret),
                .text(JSON.array(events.map(JSON.string)).serializedString), .text(now), .text(now),
            ]
        )
        return try self.require(id: id, in: connection)
    }

    /// The fields `PATCH /webhook_endpoints/{id}` may change; nil leaves one alone.
    public struct Change: Sendable {
        /// A new URL.
        public var url: String?
        /// New subscriptions.
        public var events: [String]?
        /// Enable or disable.
        public var status: WebhookEndpoint.Status?

        /// No change.
        public init() {}
    }

    /// Applies `change`; 404 for an unknown endpoint, 409 `duplicate_endpoint` for a URL another endpoint has.
    public func update(id: String, _ change: Change, in connection: Connection) throws -> WebhookEndpoint {
        var endpoint = try self.require(id: id, in: connection)
        if let url = change.url, url != endpoint.endpointURL {
            try self.checkURLIsFree(url, except: id, in: connection)
            endpoint.endpointURL = url
        }
        if let events = change.events { endpoint.events = events }
        if let status = change.status { endpoint.status = status }
        try connection.execute(
            """
            UPDATE webhook_endpoints SET endpoint_url = ?, events = ?, status = ?, updated_at = ?
            WHERE environment_id = ? AND id = ?
            """,
            [
                .text(endpoint.endpointURL), .text(JSON.array(endpoint.events.map(JSON.string)).serializedString),
                .text(endpoint.status.rawValue), .text(self.services.clock.now().iso8601),
                .text(self.environmentID), .text(id),
            ]
        )
        return try self.require(id: id, in: connection)
    }

    /// Deletes the endpoint; its pending deliveries are marked failed and kept as a record. 404 when unknown.
    public func delete(id: String, in connection: Connection) throws {
        _ = try self.require(id: id, in: connection)
        try connection.execute(
            "DELETE FROM webhook_endpoints WHERE environment_id = ? AND id = ?", [.text(self.environmentID), .text(id)]
        )
        try WebhookDeliveryRepository(environmentID: self.environmentID, services: self.services)
            .failPending(endpointID: id, reason: WebhookDeliveryQueue.endpointDeletedReason, in: connection)
    }

    private func checkURLIsFree(_ url: String, except id: String?, in connection: Connection) throws {
        let existing: String? = try connection.fetchScalar(
            "SELECT id FROM webhook_endpoints WHERE environment_id = ? AND endpoint_url = ?",
            [.text(self.environmentID), .text(url)]
        )
        if let existing, existing != id {
            throw APIError.conflict(.duplicateEndpoint, "A webhook endpoint with the URL '\(url)' already exists.")
        }
    }
}
