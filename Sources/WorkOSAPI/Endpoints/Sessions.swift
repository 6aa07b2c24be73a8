// workos-emulator — Sessions (https://workos.com/docs/reference/authkit/session; catalog-A §6.5).
// Licensed MIT.

import Foundation
import HTTP1
import JSONCodec
import SQLite

/// A user's sessions, revocation and the logout redirect.
enum Sessions {
    /// The routes of this area.
    static func register(on routes: inout RouteTable) {
        routes.add(.get, "/user_management/users/:id/sessions", self.list)
        routes.add(.post, "/user_management/sessions/revoke", self.revoke)
        routes.addPublic(.get, "/user_management/sessions/logout", self.logout)
        routes.addPublic(.get, Self.signedOutPath, self.signedOut)
    }

    /// The emulator's own "signed out" page, where a logout without `return_to` lands.
    static let signedOutPath = "/_emulator/signed_out"

    /// `GET /user_management/users/{id}/sessions`: the user's active sessions (not revoked, not expired), paginated;
    /// 404 for an unknown user.
    @Sendable static func list(_ context: RequestContext) throws -> HTTPResponse {
        let pagination = try Pagination(query: context.request.query)
        let id = context.parameter("id")
        let page = try context.read { connection in
            _ = try context.users.require(id: id, in: connection)
            return try context.sessions.listActive(userID: id, pagination: pagination, in: connection)
        }
        return ListResponse.make(page)
    }

    /// `POST /user_management/sessions/revoke` `{session_id}` → 200 with an empty body and no content type (Node's
    /// `post()` would fail to parse an empty JSON body; catalog-A §1.5); emits `session.revoked`. 400 `{message}` for
    /// an unknown session; revoking an ended session again changes nothing.
    @Sendable static func revoke(_ context: RequestContext) throws -> HTTPResponse {
        var body = try context.body()
        let id = body.requiredString("session_id")
        try body.validate()
        try context.write { connection in
            guard let session = try context.sessions.fetchOne(id: id, in: connection) else {
                throw APIError.badRequest("Session not found: '\(id)'.")
            }
            try context.sessions.revoke(session, in: connection)
        }
        return HTTPResponse(status: .ok)
    }

    /// `GET /user_management/sessions/logout?session_id=…&return_to=…` (no API key): ends the session
    /// (`session.revoked`), then 302 to `return_to`, or to the emulator's signed-out page when there is none.
    /// `return_to` must be on localhost / 127.0.0.1 or match one of the environment's redirect URIs (exactly, or by
    /// origin); otherwise, and for an unknown `session_id`, 422 `{message}` and nothing ends.
    @Sendable static func logout(_ request: HTTPRequest, _ services: Services) throws -> HTTPResponse {
        let id = request.query["session_id"] ?? ""
        guard !id.isEmpty else { throw APIError.validation([.required("session_id")]) }
        let returnTo = request.query["return_to"].flatMap { $0.isEmpty ? nil : $0 }
        try services.database.write { connection in
            guard let row = try connection.fetchOne("SELECT environment_id FROM sessions WHERE id = ?", [.text(id)])
            else {
                throw APIError(status: .unprocessableEntity, body: ["message": .string("Session not found: '\(id)'.")])
            }
            let environmentID: String = row["environment_id"]
            if let returnTo {
                let allowed = try EnvironmentRepository(services: services).redirectURIs(
                    of: environmentID, in: connection
                )
                guard self.isAllowedReturnTo(returnTo, redirectURIs: allowed) else {
                    throw APIError(
                        status: .unprocessableEntity,
                        body: ["message": .string("return_to '\(returnTo)' is not an allowed redirect URI.")]
                    )
                }
            }
            let sessions = SessionRepository(environmentID: environmentID, services: services)
            guard let session = try sessions.fetchOne(id: id, in: connection) else { throw APIError.internalError }
            try sessions.revoke(session, in: connection)
        }
        return .redirect(to: returnTo ?? Self.signedOutPath)
    }

    /// `GET /_emulator/signed_out`: a small page saying the user is signed out (in the hosted pages' frame, so with
    /// their security headers).
    @Sendable static func signedOut(_ request: HTTPRequest, _ services: Services) throws -> HTTPResponse {
        HostedPageRenderer.page(
            title: "You are signed out",
            body: HostedPageRenderer.paragraph("Your session has ended. You can close this page.")
        )
    }

    /// True for an absolute http(s) URL on localhost, 127.0.0.1 or [::1] (always allowed, emulator.md), or one equal
    /// to a registered redirect URI or of the same origin (scheme, host, port) as one.
    static func isAllowedReturnTo(_ text: String, redirectURIs: [String]) -> Bool {
        guard let url = Origin(text) else { return false }
        if ["localhost", "127.0.0.1", "::1", "[::1]"].contains(url.host) { return true }
        return redirectURIs.contains { $0 == text || Origin($0) == url }
    }

    /// Scheme, lower-cased host and effective port of an absolute http(s) URL.
    private struct Origin: Equatable {
        var scheme: String
        var host: String
        var port: Int

        init?(_ text: String) {
            // Only URIs a browser reads the same way (see `URLQuery.isWellFormedURI`): no open redirect.
            guard URLQuery.isWellFormedURI(text), let components = URLComponents(string: text),
                let scheme = components.scheme?.lowercased(),
                scheme == "http" || scheme == "https", let host = components.host?.lowercased(), !host.isEmpty
            else { return nil }
            self.scheme = scheme
            self.host = host
            self.port = components.port ?? (scheme == "https" ? 443 : 80)
        }
    }
}

extension RequestContext {
    /// The sessions of this environment.
    var sessions: SessionRepository {
        SessionRepository(environmentID: self.environment.id, services: self.services)
    }
}
