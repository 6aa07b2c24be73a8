// workos-emulator — Magic Auth (https://workos.com/docs/reference/authkit/magic-auth; catalog-A §6.7, §6.13).
// Licensed MIT.

import HTTP1
import JSONCodec

/// Creating and reading Magic Auth codes, plus the legacy `send` path of Node ≤ v7. Authenticating with a code is
/// `POST /user_management/authenticate`.
enum MagicAuths {
    /// The routes of this area.
    static func register(on routes: inout RouteTable) {
        routes.add(.post, "/user_management/magic_auth", self.create)
        routes.add(.get, "/user_management/magic_auth/:id", self.get)
        routes.add(.post, "/user_management/magic_auth/send", self.sendLegacy)
    }

    /// `POST /user_management/magic_auth` `{email, invitation_token?, ip_address?, user_agent?, …}` → 201 MagicAuth
    /// with its `code`; the code goes to the outbox and `magic_auth.created` is emitted.
    @Sendable static func create(_ context: RequestContext) throws -> HTTPResponse {
        let request = try self.request(from: context)
        let magicAuth = try context.write { connection in try context.magicAuths.create(request, in: connection) }
        return .json(magicAuth, status: .created)
    }

    /// `GET /user_management/magic_auth/{id}` → the MagicAuth, with its `code`.
    @Sendable static func get(_ context: RequestContext) throws -> HTTPResponse {
        let id = context.parameter("id")
        let magicAuth = try context.read { connection in try context.magicAuths.fetchOne(id: id, in: connection) }
        guard let magicAuth else { throw APIError.notFound("Magic Auth", id: id) }
        return .json(magicAuth)
    }

    /// Legacy `POST /user_management/magic_auth/send` `{email}` (Node ≤ v7 `sendMagicAuthCode`, catalog-A §6.13):
    /// the same as creating a code, answered 200 (the SDK ignores the body).
    @Sendable static func sendLegacy(_ context: RequestContext) throws -> HTTPResponse {
        let request = try self.request(from: context)
        let magicAuth = try context.write { connection in try context.magicAuths.create(request, in: connection) }
        return .json(magicAuth)
    }

    /// The validated body: `email` is required (422) and must be an address (422 naming the field).
    private static func request(from context: RequestContext) throws -> MagicAuthRepository.Request {
        var body = try context.body()
        let text = body.requiredString("email")
        let invitationToken = body.optionalString("invitation_token").value
        let ipAddress = body.optionalString("ip_address").value
        let userAgent = body.optionalString("user_agent").value
        // `radar_auth_attempt_id` and `signals_id` feed Radar, which the emulator does not model.
        _ = body.optionalString("radar_auth_attempt_id")
        _ = body.optionalString("signals_id")
        var email = ""
        if !text.isEmpty {
            if let normalized = EmailAddress.normalized(text) {
                email = normalized
            } else {
                body.fail(.invalid("email", "'\(text)' is not a valid email address."))
            }
        }
        try body.validate()
        var request = MagicAuthRepository.Request(email: email)
        request.invitationToken = invitationToken
        request.ipAddress = ipAddress
        request.userAgent = userAgent
        return request
    }
}
