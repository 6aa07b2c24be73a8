// workos-emulator — the route table every Endpoints file registers on: authentication and idempotency per route.
// Licensed MIT.

import HTTP1

/// A handler of an authenticated WorkOS route.
public typealias APIHandler = @Sendable (RequestContext) throws -> HTTPResponse

/// Builds the HTTP router: each route says whether it needs an API key; POST routes honour `Idempotency-Key`.
public struct RouteTable {
    /// The router being built.
    public private(set) var router = Router()
    /// Shared services.
    public let services: Services
    /// Replays of POST responses by `Idempotency-Key`.
    let idempotency: IdempotencyStore
    /// `METHOD template` of every route a real handler serves (for `/_emulator/coverage`).
    public private(set) var emulated: Set<String> = []

    /// An empty table.
    public init(services: Services) {
        self.services = services
        self.idempotency = IdempotencyStore(services: services)
    }

    /// A route that needs `Authorization: Bearer <api key>` (catalog-A §1.2).
    public mutating func add(_ method: HTTPMethod, _ template: String, _ handler: @escaping APIHandler) {
        let services = self.services
        let idempotency = self.idempotency
        self.emulated.insert(Self.key(method, template))
        self.router.add(method, template) { request in
            guard let environment = Authentication.environment(of: request, keys: services.keys) else {
                throw APIError.unauthorized
            }
            let context = RequestContext(request: request, environment: environment, services: services)
            if method == .post, let key = request.headers["Idempotency-Key"], !key.isEmpty {
                return try idempotency.perform(key: key, context: context) { try handler(context) }
            }
            return try handler(context)
        }
    }

    /// A route without authentication (`/health`, the hosted pages, JWKS).
    public mutating func addPublic(
        _ method: HTTPMethod,
        _ template: String,
        _ handler: @escaping @Sendable (HTTPRequest, Services) throws -> HTTPResponse
    ) {
        let services = self.services
        self.emulated.insert(Self.key(method, template))
        self.router.add(method, template) { request in try handler(request, services) }
    }

    /// Answers 501 `not_emulated` for every catalog operation (and emulator control call) no handler serves yet.
    public mutating func addNotEmulated(_ operations: [(method: String, path: String)]) {
        for operation in operations {
            let method = HTTPMethod(rawValue: operation.method)
            guard !self.router.contains(method, operation.path) else { continue }
            let template = operation.path
            if let reason = OperationCatalog.notEmulatedReasons[Self.key(method, template)] {
                self.router.add(method, template) { _ in
                    throw APIError.notEmulated(method.rawValue, template, reason: reason)
                }
            } else {
                self.router.add(method, template) { _ in throw APIError.notEmulated(method, template) }
            }
        }
    }

    /// True when a real handler serves this method and template.
    public func isEmulated(_ method: String, _ template: String) -> Bool {
        self.emulated.contains(method + " " + template)
    }

    private static func key(_ method: HTTPMethod, _ template: String) -> String {
        method.rawValue + " " + template
    }
}
