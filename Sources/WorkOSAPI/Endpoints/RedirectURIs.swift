// workos-emulator — redirect URIs (https://workos.com/docs/reference/authkit/redirect-uri; spec
// RedirectUrisController_*; Python SDK workos 10.6.0 `user_management.list_redirect_uris`, `create_redirect_uri`,
// `delete_redirect_uris`).
// Licensed MIT.

import HTTP1

/// `/user_management/redirect_uris`: the environment's allow-list of `GET /user_management/authorize` and
/// `GET /sso/authorize` (besides `http://localhost:*` and `http://127.0.0.1:*`, always allowed, emulator.md). The
/// same rows as the seed's `environment.redirect_uris` and `POST /_emulator/redirect_uris`, so a change here is
/// honoured by the next authorize request. No event: the catalog names none for redirect URIs.
enum RedirectURIs {
    /// The routes of this area.
    static func register(on routes: inout RouteTable) {
        routes.add(.get, "/user_management/redirect_uris", self.list)
        routes.add(.post, "/user_management/redirect_uris", self.create)
        routes.add(.delete, "/user_management/redirect_uris/:id", self.delete)
    }

    /// `GET /user_management/redirect_uris`: the list envelope and pagination (spec RedirectUrisController_list).
    @Sendable static func list(_ context: RequestContext) throws -> HTTPResponse {
        let pagination = try Pagination(query: context.request.query)
        let page = try context.read { connection in
            try context.redirectURIs.list(pagination: pagination, in: connection)
        }
        return ListResponse.make(page)
    }

    /// `POST /user_management/redirect_uris` `{uri}` → 201 RedirectUri. A missing, relative, fragment-bearing or
    /// badly wildcarded URI is 422 `invalid_request_parameters` (`RedirectURIRule`); one already registered is the
    /// spec's 422 "Redirect URI '…' already exists.". The environment's first URI becomes its `default`.
    @Sendable static func create(_ context: RequestContext) throws -> HTTPResponse {
        var body = try context.body()
        let uri = body.requiredString("uri")
        if !uri.isEmpty, let problem = RedirectURIRule.problem(uri) { body.fail(.invalid("uri", problem)) }
        try body.validate()
        let redirectURI = try context.write { connection in try context.redirectURIs.create(uri, in: connection) }
        return .json(redirectURI, status: .created)
    }

    /// `DELETE /user_management/redirect_uris/{id}` → 204; 404 for an id unknown in the caller's environment, 409
    /// for the default redirect URI (spec: "Cannot delete the default redirect URI.").
    @Sendable static func delete(_ context: RequestContext) throws -> HTTPResponse {
        let id = context.parameter("id")
        try context.write { connection in try context.redirectURIs.delete(id: id, in: connection) }
        return .noContent
    }
}
