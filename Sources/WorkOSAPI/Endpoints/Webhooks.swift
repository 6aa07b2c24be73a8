// workos-emulator — Webhooks (https://workos.com/docs/reference/webhooks; spec WebhookEndpointsController_*; Python
// SDK workos 10.6.0 `client.webhooks`) and the control calls that script and inspect deliveries (emulator.md
// "Control API").
// Licensed MIT.

import HTTP1
import JSONCodec

/// `/webhook_endpoints`: list, create, update, delete; `/_emulator/webhook_endpoints`: create with a chosen secret;
/// `/_emulator/webhook_deliveries`: what was delivered. Both create calls make the same endpoints.
enum Webhooks {
    /// The routes of this area.
    static func register(on routes: inout RouteTable) {
        routes.add(.get, "/webhook_endpoints", self.list)
        routes.add(.post, "/webhook_endpoints", self.create)
        routes.add(.patch, "/webhook_endpoints/:id", self.update)
        routes.add(.delete, "/webhook_endpoints/:id", self.delete)
        routes.add(.post, "/_emulator/webhook_endpoints", self.createControl)
        routes.add(.get, "/_emulator/webhook_deliveries", self.listDeliveries)
    }

    /// `GET /webhook_endpoints`: the standard list envelope and pagination (spec `WebhookEndpointList`).
    @Sendable static func list(_ context: RequestContext) throws -> HTTPResponse {
        let pagination = try Pagination(query: context.request.query)
        let page = try context.read { connection in
            try context.webhookEndpoints.list(pagination: pagination, in: connection)
        }
        return ListResponse.make(page)
    }

    /// `POST /webhook_endpoints` `{endpoint_url, events}` → 201 with the endpoint and its generated `secret`.
    /// Missing or mistyped fields and unknown event types are 422 `invalid_request_parameters` (`unknown_event_type`
    /// per event); a bad URL is 422 `invalid_url`; a URL the environment already has is 409 `duplicate_endpoint`.
    @Sendable static func create(_ context: RequestContext) throws -> HTTPResponse {
        var body = try context.body()
        let url = body.requiredString("endpoint_url")
        let events = self.subscribableEvents(from: &body, isRequired: true) ?? []
        try body.validate()
        if let problem = WebhookURL.problem(url) { throw APIError.invalidURL(problem) }
        let secret = self.makeSecret()
        let endpoint = try context.write { connection in
            try context.webhookEndpoints.create(url: url, events: events, secret: secret, in: connection)
        }
        return .json(endpoint, status: .created)
    }

    /// `PATCH /webhook_endpoints/{id}` `{endpoint_url?, status?, events?}` → 200 with the endpoint; 404 for an id
    /// unknown in the caller's environment. Validation as for create; `status` is `enabled` or `disabled`.
    @Sendable static func update(_ context: RequestContext) throws -> HTTPResponse {
        let id = context.parameter("id")
        var body = try context.body()
        var change = WebhookEndpointRepository.Change()
        if case .value(let url) = body.optionalString("endpoint_url") {
            if url.trimmingWhitespace().isEmpty { body.fail(.required("endpoint_url")) } else { change.url = url }
        }
        if case .value(let text) = body.optionalString("status") {
            if let status = WebhookEndpoint.Status(rawValue: text) {
                change.status = status
            } else {
                body.fail(.invalid("status", "status must be 'enabled' or 'disabled'."))
            }
        }
        change.events = self.subscribableEvents(from: &body, isRequired: false)
        try body.validate()
        if let url = change.url, let problem = WebhookURL.problem(url) { throw APIError.invalidURL(problem) }
        let endpoint = try context.write { connection in
            try context.webhookEndpoints.update(id: id, change, in: connection)
        }
        return .json(endpoint)
    }

    /// `DELETE /webhook_endpoints/{id}` → 204; 404 for an id unknown in the caller's environment. Its pending
    /// deliveries are marked failed.
    @Sendable static func delete(_ context: RequestContext) throws -> HTTPResponse {
        let id = context.parameter("id")
        try context.write { connection in try context.webhookEndpoints.delete(id: id, in: connection) }
        return .noContent
    }

    /// `POST /_emulator/webhook_endpoints` `{url, secret?, events?}` → 201 with the endpoint. `secret` is the signing
    /// key to use (generated when absent); `events` absent or empty subscribes to every event, and any event name is
    /// accepted (the emulator emits some that WorkOS does not offer for subscription).
    @Sendable static func createControl(_ context: RequestContext) throws -> HTTPResponse {
        var body = try context.body()
        let url = body.requiredString("url")
        var secret = self.makeSecret()
        if case .value(let given) = body.optionalString("secret", maxLength: 1024) {
            if given.isEmpty { body.fail(.invalid("secret", "secret must not be empty.")) } else { secret = given }
        }
        let events = body.optionalStringArray("events") ?? []
        for (index, name) in events.enumerated() where name.trimmingWhitespace().isEmpty {
            body.fail(.invalid("events[\(index)]", "events[\(index)] must be an event name."))
        }
        if !url.isEmpty, let problem = WebhookURL.problem(url) { body.fail(.invalid("url", problem)) }
        try body.validate()
        let unique = events.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let endpoint = try context.write { connection in
            try context.webhookEndpoints.create(url: url, events: unique, secret: secret, in: connection)
        }
        return .json(endpoint, status: .created)
    }

    /// `GET /_emulator/webhook_deliveries?endpoint_id=&event=&limit=&before=&after=&order=`: the caller's
    /// environment only, newest first, in the list envelope.
    @Sendable static func listDeliveries(_ context: RequestContext) throws -> HTTPResponse {
        let query = context.request.query
        let pagination = try Pagination(query: query)
        var filter = WebhookDeliveryRepository.Filter()
        filter.endpointID = query["endpoint_id"].flatMap { $0.isEmpty ? nil : $0 }
        filter.event = query["event"].flatMap { $0.isEmpty ? nil : $0 }
        let page = try context.read { connection in
            try context.webhookDeliveries.list(filter, pagination: pagination, in: connection)
        }
        return ListResponse.make(page)
    }

    // MARK: Parsing

    /// `events` of the REST calls: a non-empty array of the event types WorkOS offers (`EventName.subscribable`),
    /// duplicates dropped. nil when absent and not required.
    private static func subscribableEvents(from body: inout BodyReader, isRequired: Bool) -> [String]? {
        guard let events = body.optionalStringArray("events") else {
            if isRequired, !body.errors.contains(where: { $0.field == "events" }) { body.fail(.required("events")) }
            return nil
        }
        // The spec sets no minimum, but an endpoint subscribed to nothing would receive nothing; the emulator
        // refuses it rather than store an empty list (which its control API uses for "every event").
        if events.isEmpty {
            body.fail(.invalid("events", "events must list at least one event type."))
        }
        var unique: [String] = []
        for (index, name) in events.enumerated() {
            guard EventName.subscribable.contains(name) else {
                body.fail(.unknownEventType("events[\(index)]", name))
                continue
            }
            if !unique.contains(name) { unique.append(name) }
        }
        return unique
    }

    /// A new signing secret: `whsec_` and 25 letters and digits, the shape of the spec's example.
    private static func makeSecret() -> String {
        "whsec_" + RandomToken.alphanumeric(25)
    }
}
