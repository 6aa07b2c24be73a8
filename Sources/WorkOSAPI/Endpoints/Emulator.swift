// workos-emulator — the emulator's own control API under /_emulator and /health (emulator.md "Control API").
// Licensed MIT.

import HTTP1
import JSONCodec

/// `/health`, `/_emulator/environments`, `/_emulator/reset`, `/_emulator/redirect_uris`, `/_emulator/coverage`.
enum Emulator {
    /// The routes of this area (coverage is registered by `Routes` once every other route is known).
    static func register(on routes: inout RouteTable) {
        routes.addPublic(.get, "/health", self.health)
        routes.add(.post, "/_emulator/environments", self.createEnvironment)
        routes.add(.post, "/_emulator/reset", self.reset)
        routes.add(.post, "/_emulator/redirect_uris", self.addRedirectURI)
    }

    /// `GET /health` → `{"status":"ok"}`, no authentication.
    @Sendable static func health(_ request: HTTPRequest, _ services: Services) throws -> HTTPResponse {
        .json(["status": "ok"])
    }

    /// `POST /_emulator/environments` `{name?}` → 201: a fresh environment from the caller's seed with its own new
    /// API key and client id, so parallel test workers never collide.
    @Sendable static func createEnvironment(_ context: RequestContext) throws -> HTTPResponse {
        var body = try context.body()
        let name = body.optionalString("name", maxLength: 200)
        try body.validate()
        let apiKey = "sk_test_" + RandomToken.alphanumeric(32)
        let clientID = context.services.ids.make(.client)
        let (environment, uris) = try context.write { connection in
            let repository = EnvironmentRepository(services: context.services)
            guard
                let text: String = try connection.fetchScalar(
                    "SELECT seed FROM environments WHERE id = ?", [.text(context.environment.id)]
                )
            else { throw APIError.internalError }
            var seed = try Seed(json: try JSON.parse(text))
            if let name = name.value { seed.name = name }
            let environment = try repository.create(
                seed: seed, apiKey: apiKey, clientID: clientID, isDefault: false, in: connection
            )
            return (environment, try repository.redirectURIs(of: environment.id, in: connection))
        }
        context.services.keys.add(apiKey, for: environment)
        var json = self.json(environment, redirectURIs: uris)
        json["api_key"] = .string(apiKey)
        return .json(.object(json), status: .created)
    }

    /// `POST /_emulator/reset`: the caller's environment goes back to its seeded state (keys and client id kept).
    @Sendable static func reset(_ context: RequestContext) throws -> HTTPResponse {
        let uris = try context.write { connection in
            let repository = EnvironmentRepository(services: context.services)
            try repository.reset(context.environment, in: connection)
            return try repository.redirectURIs(of: context.environment.id, in: connection)
        }
        return .json(.object(self.json(context.environment, redirectURIs: uris)))
    }

    /// `POST /_emulator/redirect_uris` `{"uri": "https://app.example.com/callback"}` → 201: allows a redirect URI
    /// besides `http://localhost:*` and `http://127.0.0.1:*`.
    @Sendable static func addRedirectURI(_ context: RequestContext) throws -> HTTPResponse {
        var body = try context.body()
        let uri = body.requiredString("uri", maxLength: 2048)
        if !uri.isEmpty, !(uri.hasPrefix("http://") || uri.hasPrefix("https://") || uri.contains(":/")) {
            body.fail(.invalid("uri", "uri must be an absolute URI."))
        } else if !uri.isEmpty {
            // Authorize redirects to it: only URI characters, and no scheme that runs script (RFC 6749 §10.15).
            let scheme = uri.prefix { $0 != ":" }.lowercased()
            if !URLQuery.isWellFormedURI(uri) || URLQuery.scriptSchemes.contains(scheme) {
                body.fail(.invalid("uri", "uri must be an absolute URI with no script scheme."))
            }
        }
        try body.validate()
        let uris = try context.write { connection in
            // The same rows as /user_management/redirect_uris; registering one twice is not an error here.
            try context.redirectURIs.add(uri, in: connection)
            return try context.redirectURIs.fetchAllURIs(in: connection)
        }
        return .json(["object": "redirect_uri", "uri": .string(uri), "redirect_uris": uris.json], status: .created)
    }

    /// `GET /_emulator/coverage`: every WorkOS operation with its state, `emulated` or `not_emulated`.
    static func coverageHandler(_ entries: [JSON]) -> APIHandler {
        let emulatedCount = entries.filter { $0["state"] == "emulated" }.count
        let body: JSON = [
            "object": "list",
            "data": .array(entries),
            "summary": ["total": .int(entries.count), "emulated": .int(emulatedCount)],
        ]
        return { _ in .json(body) }
    }

    private static func json(_ environment: Environment, redirectURIs: [String]) -> JSONObject {
        [
            "object": "environment",
            "id": .string(environment.id),
            "name": .string(environment.name),
            "client_id": .string(environment.clientID),
            "redirect_uris": redirectURIs.json,
            "created_at": .string(environment.createdAt.iso8601),
        ]
    }
}
