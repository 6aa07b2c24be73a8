// workos-emulator — CORS for the endpoints browsers call directly: the AuthKit token endpoint (public PKCE clients,
// catalog-A §6.3) and the key set (catalog-A §6.6), allowed per environment by /user_management/cors_origins
// (spec CorsOriginsController_*: "CORS origins allow browser-based applications to make requests to the WorkOS
// API"). Fetch Standard §3.2 (https://fetch.spec.whatwg.org/#http-cors-protocol).
// Licensed MIT.

import HTTP1
import SQLite

/// Adds `Access-Control-Allow-Origin` for allowed origins only and answers preflight `OPTIONS` requests.
enum CORSPolicy {
    /// A public handler, as `RouteTable.addPublic` takes it.
    typealias Handler = @Sendable (HTTPRequest, Services) throws -> HTTPResponse
    /// Finds the client id a request is for (nil when it carries none, as a preflight of a POST body).
    typealias ClientIDLookup = @Sendable (HTTPRequest) -> String?

    /// How long a browser may cache a preflight answer (Fetch §3.2.3 `Access-Control-Max-Age`), in seconds.
    static let maxAge = "600"

    /// `text` as a browser writes an `Origin` (RFC 6454 §6.2): `scheme://host[:port]`, scheme and host lower-case,
    /// http or https only; nil when it is not one (a path, query, fragment, user info or wildcard). A single
    /// trailing "/" is dropped.
    static func normalizedOrigin(_ text: String) -> String? {
        var text = text
        if text.hasSuffix("/") { text.removeLast() }
        guard URLQuery.isWellFormedURI(text), !text.contains("*"), let marker = text.range(of: "://") else {
            return nil
        }
        let scheme = text[..<marker.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { return nil }
        let authority = text[marker.upperBound...]
        guard !authority.isEmpty, !authority.contains(where: { "/?#@".contains($0) }) else { return nil }
        var host = Substring(authority)
        var port: Substring?
        if let bracket = authority.lastIndex(of: "]") {
            // An IPv6 literal (RFC 3986 §3.2.2): the port follows the bracket.
            let after = authority[authority.index(after: bracket)...]
            if after.hasPrefix(":") { port = after.dropFirst() } else if !after.isEmpty { return nil }
            host = authority[...bracket]
        } else if let colon = authority.lastIndex(of: ":") {
            port = authority[authority.index(after: colon)...]
            host = authority[..<colon]
        }
        guard !host.isEmpty else { return nil }
        if let port {
            guard !port.isEmpty, port.allSatisfy(\.isNumber), let number = Int(port), (1...65535).contains(number)
            else { return nil }
        }
        return scheme + "://" + host.lowercased() + (port.map { ":" + $0 } ?? "")
    }

    /// `handler` with `Access-Control-Allow-Origin` and `Vary: Origin` added when the request's `Origin` is allowed
    /// by the environment of its client id, on success and on error alike (a browser hides a response without it).
    static func allowing(_ handler: @escaping Handler, clientID: @escaping ClientIDLookup) -> Handler {
        { request, services in
            let origin = try? self.allowedOrigin(of: request, clientID: clientID(request), services: services)
            do {
                var response = try handler(request, services)
                if let origin = origin ?? nil {
                    response.headers.add(name: "Access-Control-Allow-Origin", value: origin)
                    response.headers.add(name: "Vary", value: "Origin")
                }
                return response
            } catch var error as APIError {
                if let origin = origin ?? nil {
                    error.headers.append(("Access-Control-Allow-Origin", origin))
                    error.headers.append(("Vary", "Origin"))
                }
                throw error
            }
        }
    }

    /// The preflight answer (Fetch §3.2.3): 204, and for an allowed origin `Access-Control-Allow-Origin`,
    /// `-Allow-Methods`, `-Allow-Headers` (the requested ones) and `-Max-Age`; an origin not allowed gets none of them,
    /// so the browser refuses the real request.
    static func preflight(methods: [HTTPMethod], clientID: @escaping ClientIDLookup) -> Handler {
        { request, services in
            var response = HTTPResponse.noContent
            response.headers.add(name: "Vary", value: "Origin")
            guard let origin = try self.allowedOrigin(of: request, clientID: clientID(request), services: services)
            else { return response }
            response.headers.add(name: "Access-Control-Allow-Origin", value: origin)
            response.headers.add(
                name: "Access-Control-Allow-Methods",
                value: (methods + [.options]).map(\.rawValue).joined(separator: ", ")
            )
            if let requested = request.headers["Access-Control-Request-Headers"], !requested.isEmpty {
                response.headers.add(name: "Access-Control-Allow-Headers", value: requested)
            }
            response.headers.add(name: "Access-Control-Max-Age", value: self.maxAge)
            return response
        }
    }

    /// The request's `Origin` as sent, when allowed: by the client id's environment, or by any environment when the
    /// request names no client id (a preflight carries no body).
    private static func allowedOrigin(of request: HTTPRequest, clientID: String?, services: Services) throws
        -> String?
    {
        guard let sent = request.headers["Origin"], let origin = self.normalizedOrigin(sent) else { return nil }
        let isAllowed = try services.database.read { connection -> Bool in
            guard let clientID else { return try CORSOriginRepository.isAllowedAnywhere(origin, in: connection) }
            guard
                let environment = try EnvironmentRepository(services: services)
                    .fetchOne(clientID: clientID, in: connection)
            else { return false }
            return try CORSOriginRepository(environmentID: environment.id, services: services)
                .contains(origin, in: connection)
        }
        return isAllowed ? sent : nil
    }
}
