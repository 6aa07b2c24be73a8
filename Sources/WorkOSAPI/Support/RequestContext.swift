// workos-emulator — what an authenticated handler receives.
// Licensed MIT.

import HTTP1
import SQLite

/// An authenticated request: the request, the environment its API key belongs to, and the services.
public struct RequestContext: Sendable {
    /// The HTTP request (with route parameters filled in).
    public let request: HTTPRequest
    /// The caller's environment.
    public let environment: Environment
    /// Shared services.
    public let services: Services

    /// A context.
    public init(request: HTTPRequest, environment: Environment, services: Services) {
        self.request = request
        self.environment = environment
        self.services = services
    }

    /// A path parameter of the route template (`:id`); the router guarantees it exists.
    public func parameter(_ name: String) -> String {
        self.request.parameters[name] ?? ""
    }

    /// The request body as a reader (empty body = `{}`).
    public func body() throws(APIError) -> BodyReader {
        try BodyReader(self.request)
    }

    /// Runs `body` in a write transaction.
    public func write<T>(_ body: (Connection) throws -> sending T) throws -> sending T {
        try self.services.database.write(body)
    }

    /// Runs `body` with the connection, without a transaction.
    public func read<T>(_ body: (Connection) throws -> sending T) throws -> sending T {
        try self.services.database.read(body)
    }

    /// The organizations repository of this environment.
    public var organizations: OrganizationRepository {
        OrganizationRepository(environmentID: self.environment.id, services: self.services)
    }

    /// The organization domains repository of this environment.
    public var organizationDomains: OrganizationDomainRepository {
        OrganizationDomainRepository(environmentID: self.environment.id, services: self.services)
    }

    /// The webhook endpoints of this environment.
    public var webhookEndpoints: WebhookEndpointRepository {
        WebhookEndpointRepository(environmentID: self.environment.id, services: self.services)
    }

    /// The webhook deliveries of this environment.
    public var webhookDeliveries: WebhookDeliveryRepository {
        WebhookDeliveryRepository(environmentID: self.environment.id, services: self.services)
    }

    /// The event log of this environment.
    public var events: EventLog {
        EventLog(environmentID: self.environment.id, services: self.services)
    }
}
