// workos-emulator — CORS origins (spec CorsOriginsController_*; Python SDK workos 10.6.0
// `user_management.list_cors_origins`, `create_cors_origin`).
// Licensed MIT.

import HTTP1

/// `/user_management/cors_origins`: origins whose browsers may call `POST /user_management/authenticate` and
/// `GET /sso/jwks/{client_id}` directly (`CORSPolicy`). The spec has no delete. No event: the catalog names none.
enum CORSOrigins {
    /// The routes of this area.
    static func register(on routes: inout RouteTable) {
        routes.add(.get, "/user_management/cors_origins", self.list)
        routes.add(.post, "/user_management/cors_origins", self.create)
    }

    /// `GET /user_management/cors_origins`: the list envelope and pagination (spec CorsOriginsController_list).
    @Sendable static func list(_ context: RequestContext) throws -> HTTPResponse {
        let pagination = try Pagination(query: context.request.query)
        let page = try context.read { connection in try context.corsOrigins.list(pagination: pagination, in: connection)
        }
        return ListResponse.make(page)
    }

    /// `POST /user_management/cors_origins` `{origin}` → 201 CorsOrigin. The origin must be `scheme://host[:port]`
    /// with http or https (what a browser sends as `Origin`, RFC 6454 §6.2), else 422 `invalid_request_parameters`;
    /// it is stored with scheme and host lower-case. One the environment has is 409 `duplicate_cors_origin`.
    @Sendable static func create(_ context: RequestContext) throws -> HTTPResponse {
        var body = try context.body()
        let text = body.requiredString("origin", maxLength: RedirectURIRule.maximumLength)
        let origin = CORSPolicy.normalizedOrigin(text)
        if !text.isEmpty, origin == nil {
            body.fail(
                .invalid("origin", "origin must be an http or https origin, scheme://host[:port], with no path.")
            )
        }
        try body.validate()
        guard let origin else { throw APIError.validation([.required("origin")]) }
        let created = try context.write { connection in try context.corsOrigins.create(origin, in: connection) }
        return .json(created, status: .created)
    }
}
