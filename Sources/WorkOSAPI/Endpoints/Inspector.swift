// workos-emulator — GET /_emulator/inspector: a read-only HTML view of an environment for a developer debugging an
// app against the emulator (issue 7: "served only on loopback unless a flag opens it with a token").
// Licensed MIT.

import HTTP1

/// The inspector page. No API key: loopback clients are served; other clients need `--inspector-token` (see
/// `InspectorAccess`) and otherwise get the 404 of a path that does not exist.
enum Inspector {
    /// The routes of this area. Every other method answers 405 to those who may see the page and the plain 404
    /// to those who may not, so a method probe does not reveal the page either.
    static func register(on routes: inout RouteTable, access: InspectorAccess) {
        routes.addPublic(.get, InspectorPageRenderer.path) { request, services in
            try self.show(request, services: services, access: access)
        }
        for method in [HTTPMethod.post, .put, .patch, .delete, .options] {
            routes.addPublic(method, InspectorPageRenderer.path) { request, _ in
                if access.decide(request, path: InspectorPageRenderer.path) == .hide {
                    throw APIError.pathNotFound(request.path)
                }
                throw APIError.methodNotAllowed(request.method, path: request.path, allowed: [.get, .head])
            }
        }
    }

    /// Rows per section when the request names no `limit`.
    static let defaultLimit = 25

    /// `GET /_emulator/inspector?environment=env_…&limit=…&<section>_after=…`.
    static func show(_ request: HTTPRequest, services: Services, access: InspectorAccess) throws -> HTTPResponse {
        switch access.decide(request, path: InspectorPageRenderer.path) {
        case .serve:
            break
        case .hide:
            throw APIError.pathNotFound(request.path)
        case .deny:
            return try self.unauthorized(request)
        case .redirect(let location, let cookie):
            var response = HTTPResponse.redirect(to: location, status: .seeOther)
            response.headers.add(name: "Set-Cookie", value: cookie)
            for (name, value) in InspectorPageRenderer.securityHeaders {
                response.headers.add(name: name, value: value)
            }
            return response
        }

        let query = request.query
        var limit = self.defaultLimit
        if let text = query["limit"], !text.isEmpty {
            guard let value = Int(text), (1...Pagination.maximumLimit).contains(value) else {
                return InspectorPageRenderer.errorPage(
                    status: .badRequest,
                    title: "Bad limit",
                    message: "limit must be an integer between 1 and \(Pagination.maximumLimit)."
                )
            }
            limit = value
        }
        var after: [InspectorSnapshot.SectionName: String] = [:]
        for section in InspectorSnapshot.SectionName.allCases {
            if let cursor = query["\(section.rawValue)_after"], !cursor.isEmpty {
                after[section] = cursor
            }
        }
        let requestedID = query["environment"].flatMap { $0.isEmpty ? nil : $0 }
        let repository = InspectorRepository(services: services)
        // One read transaction: the counts and the rows describe the same instant.
        let snapshot = try services.database.read { connection -> InspectorSnapshot? in
            guard let environment = try repository.environment(id: requestedID, in: connection) else { return nil }
            return try repository.snapshot(of: environment, limit: limit, after: after, in: connection)
        }
        guard let snapshot else {
            return InspectorPageRenderer.errorPage(
                status: .notFound,
                title: "No such environment",
                message: "There is no environment '\(requestedID ?? "")'."
            )
        }
        let view = InspectorPageRenderer.View(
            environmentID: snapshot.environment.id,
            limit: limit,
            isLimitExplicit: query["limit"] != nil
        )
        return InspectorPageRenderer.page(snapshot, view: view)
    }

    /// 401 without detail: an HTML page for a browser, the API's JSON 401 for anything else.
    private static func unauthorized(_ request: HTTPRequest) throws -> HTTPResponse {
        guard request.headers["Accept"]?.contains("text/html") == true else { throw APIError.unauthorized }
        var response = InspectorPageRenderer.errorPage(
            status: .unauthorized,
            title: "Unauthorized",
            message: "Unauthorized."
        )
        // RFC 9110 §11.6.1: a 401 names the scheme it accepts.
        response.headers.add(name: "WWW-Authenticate", value: "Bearer")
        return response
    }
}
