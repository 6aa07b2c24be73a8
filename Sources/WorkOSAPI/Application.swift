// workos-emulator — wiring: database, migrations, seed, keys, routes, HTTP server.
// Licensed MIT.

import Foundation
import HTTP1
import JSONCodec
import SQLite

/// A configured emulator: its store and its HTTP server.
public final class Application: Sendable {
    /// The HTTP server.
    public let server: HTTPServer
    /// Shared services.
    public let services: Services
    /// The settings it was built with.
    public let configuration: Configuration
    /// Sends queued webhook deliveries in the background, from `start()` to `stop()`.
    let webhookWorker: WebhookDeliveryWorker

    private init(
        server: HTTPServer,
        services: Services,
        configuration: Configuration,
        webhookWorker: WebhookDeliveryWorker
    ) {
        self.server = server
        self.services = services
        self.configuration = configuration
        self.webhookWorker = webhookWorker
    }

    /// Opens the database, applies migrations, seeds a new database, applies the command line's key and client id,
    /// and builds the router and server. Nothing listens until `start()`.
    public static func build(configuration: Configuration, clock: any EmulatorClock = SystemClock()) throws
        -> Application
    {
        if let token = configuration.inspectorToken, let problem = InspectorAccess.problem(withToken: token) {
            throw ConfigurationError(description: "the inspector token \(problem)")
        }
        let database = try Database(path: configuration.databasePath)
        do {
            return try self.build(configuration: configuration, database: database, clock: clock)
        } catch {
            database.close()
            throw error
        }
    }

    private static func build(configuration: Configuration, database: Database, clock: any EmulatorClock) throws
        -> Application
    {
        try Store.migrate(database)
        let services = Services(
            database: database, ids: IDGenerator(clock: clock), clock: clock, keys: KeyRing(),
            log: configuration.log
        )
        let seed = try configuration.seedPath.map { path throws(Seed.Error) in try Seed(contentsOf: path) }
            ?? Seed.bundled()
        try database.write { connection in
            let environments = EnvironmentRepository(services: services)
            if let existing = try environments.fetchDefault(in: connection) {
                try environments.adopt(
                    apiKey: configuration.apiKey, clientID: configuration.clientID, for: existing, in: connection
                )
            } else {
                _ = try environments.create(
                    seed: seed, apiKey: configuration.apiKey ?? seed.apiKey,
                    clientID: configuration.clientID ?? seed.clientID, isDefault: true, in: connection
                )
            }
        }
        try services.keys.load(from: database)

        let inspector = InspectorAccess(
            token: configuration.inspectorToken,
            treatsEveryPeerAsRemote: configuration.inspectorTreatsEveryPeerAsRemote
        )
        let router = Routes.make(services: services, inspector: inspector)
        var http = HTTPServer.Configuration()
        http.host = configuration.host
        http.port = configuration.port
        http.maxBodyBytes = configuration.maxBodyBytes
        http.maxConnections = configuration.maxConnections
        http.log = configuration.log
        let ids = services.ids
        http.protocolErrorResponse = { status, message in
            var response = HTTPResponse.json(
                ["code": .string(Self.protocolErrorCode(status)), "message": .string(message)], status: status
            )
            RequestID.apply(to: &response, for: nil, ids: ids)
            return response
        }
        let server = HTTPServer(configuration: http, responder: self.responder(router: router, services: services))
        let webhookClient = HTTPClient(
            configuration: .init(
                connectTimeout: configuration.webhookTimeout, responseTimeout: configuration.webhookTimeout
            )
        )
        let webhookWorker = WebhookDeliveryWorker(
            services: services, client: webhookClient, policy: configuration.webhookRetryPolicy,
            threadCount: configuration.webhookConcurrency
        )
        return Application(
            server: server, services: services, configuration: configuration, webhookWorker: webhookWorker
        )
    }

    /// Binds and starts serving, and starts the webhook delivery worker (which resumes pending deliveries);
    /// returns the bound port.
    public func start() throws -> Int {
        let port = try self.server.start()
        self.webhookWorker.start()
        return port
    }

    /// Waits until the server stops, then stops the delivery worker and closes the database.
    public func run() async throws {
        try await self.server.run()
        self.webhookWorker.stop()
        self.services.database.close()
    }

    /// Stops gracefully: the delivery worker first (deliveries in flight stay pending for the next start), so it
    /// is gone before `run()` closes the database; then in-flight requests finish and connections close.
    public func stop() {
        self.webhookWorker.stop()
        self.server.stop()
    }

    /// Turns a request into a response: route, run, render errors, stamp `X-Request-ID`. Never throws.
    static func responder(router: Router, services: Services) -> @Sendable (HTTPRequest) -> HTTPResponse {
        { request in
            var response: HTTPResponse
            do {
                switch router.match(request.method, rawPath: self.rawPath(of: request)) {
                case .found(let handler, let parameters):
                    var routed = request
                    routed.parameters = parameters
                    response = try handler(routed)
                case .methodNotAllowed(let allowed):
                    throw APIError.methodNotAllowed(request.method, path: request.path, allowed: allowed)
                case .notFound:
                    throw APIError.pathNotFound(request.path)
                }
            } catch {
                response = ErrorRendering.response(for: error, request: request, log: services.log)
            }
            RequestID.apply(to: &response, for: request, ids: services.ids)
            return response
        }
    }

    /// The undecoded path of the request target (origin-form; for absolute-form the decoded path is used).
    private static func rawPath(of request: HTTPRequest) -> String {
        guard request.target.hasPrefix("/") else { return request.path }
        if let mark = request.target.firstIndex(of: "?") { return String(request.target[..<mark]) }
        return request.target
    }

    private static func protocolErrorCode(_ status: HTTPStatus) -> String {
        switch status.code {
        case 405: return APIErrorCode.methodNotAllowed.rawValue
        case 408: return "request_timeout"
        case 413: return "payload_too_large"
        case 431: return "request_header_fields_too_large"
        case 501: return "not_implemented"
        case 503: return "service_unavailable"
        case 505: return "http_version_not_supported"
        default: return "bad_request"
        }
    }

    /// A folder bundled as a resource (`migrations`, `seed`), next to the binary.
    static func resourceDirectory(_ name: String) throws -> URL {
        guard let url = Bundle.module.url(forResource: name, withExtension: nil) else {
            throw Seed.Error(description: "the bundled '\(name)' folder is missing from the resources")
        }
        return url
    }
}
