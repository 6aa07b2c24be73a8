// workos-emulator — SSO logout: POST /sso/logout/authorize and GET /sso/logout
// (https://workos.com/docs/reference/sso/logout; catalog-B §2, "Newer endpoints").
// Licensed MIT.

import Foundation
import HTTP1
import JSONCodec
import TokenSigning

/// The identity-provider sign-out flow. The application's server asks for a short-lived logout token for a profile
/// (`POST /sso/logout/authorize`), then sends the browser to `GET /sso/logout?token=…`, which signs the user out of
/// the (simulated) identity provider and lands on the emulator's signed-out page.
///
/// The token is an RS256 JWT signed with the environment's current signing key, like WorkOS's own (the reference's
/// example token is a JWT whose payload names `profile_id` and `exp`): `aud` names the client id, so the public
/// logout endpoint can find the environment and check the signature against its keys without any stored state.
enum SSOLogout {
    /// The routes of this part of the SSO area.
    static func register(on routes: inout RouteTable) {
        routes.add(.post, "/sso/logout/authorize", self.authorize)
        routes.addPublic(.get, "/sso/logout", self.logout)
    }

    /// How long a logout token works. The reference calls it "short-lived" without a figure; five minutes is what
    /// WorkOS gives the other short-lived browser hand-off it documents (Admin Portal links, catalog-A §7).
    static let lifetime: Int64 = 300

    /// `POST /sso/logout/authorize {profile_id}` → 200 `{logout_url, logout_token}`; 422 without `profile_id`, 404
    /// for a profile the environment does not have.
    @Sendable static func authorize(_ context: RequestContext) throws -> HTTPResponse {
        var body = try context.body()
        let profileID = body.requiredString("profile_id")
        try body.validate()
        let profile = try context.read { connection in
            try ProfileRepository(environmentID: context.environment.id, services: context.services)
                .fetchOne(id: profileID, in: connection)
        }
        guard let profile else { throw APIError.notFound("Profile", id: profileID) }
        let key = try SigningKeyRepository.ensureKeys(of: context.environment, services: context.services).last
        guard let key else { throw APIError.internalError }
        let now = context.services.clock.now().unixSeconds
        let claims: JSONObject = [
            "iss": .string(AccessToken.issuer),
            "aud": .string(context.environment.clientID),
            "sub": .string(profile.id),
            "profile_id": .string(profile.id),
            "jti": .string(context.services.ids.makeULID()),
            "iat": .int(Int(now)),
            "exp": .int(Int(now + self.lifetime)),
        ]
        let token = try JWT.sign(claims: claims, with: key)
        return .json([
            "logout_url": .string(context.request.origin + "/sso/logout?token=" + token),
            "logout_token": .string(token),
        ])
    }

    /// `GET /sso/logout?token=…` (no API key: the browser follows it): 302 to the signed-out page once the token
    /// verifies; an HTML 400 page for a missing, forged or expired token; 404 when its profile is gone.
    @Sendable static func logout(_ request: HTTPRequest, _ services: Services) throws -> HTTPResponse {
        let token = request.query["token"] ?? ""
        guard !token.isEmpty else { return self.refused("The logout request has no token.") }
        guard let parts = try? JWT.decode(token), let clientID = parts.claims["aud"]?.stringValue else {
            return self.refused("The logout token is not valid.")
        }
        let environment = try services.database.read { connection in
            try EnvironmentRepository(services: services).fetchOne(clientID: clientID, in: connection)
        }
        guard let environment else { return self.refused("The logout token is not valid.") }
        let keys = try SigningKeyRepository.ensureKeys(of: environment, services: services)
        let now = services.clock.now().date
        let claims: JSONObject
        do {
            claims = try JWT.verify(token, jwks: ["keys": .array(keys.map(\.jwk))], now: now)
        } catch {
            return self.refused("The logout token is not valid or has expired.")
        }
        let profileID = claims["profile_id"]?.stringValue ?? ""
        let profile = try services.database.read { connection in
            try ProfileRepository(environmentID: environment.id, services: services)
                .fetchOne(id: profileID, in: connection)
        }
        guard profile != nil else { throw APIError.notFound("Profile", id: profileID) }
        return .redirect(to: Sessions.signedOutPath)
    }

    private static func refused(_ message: String) -> HTTPResponse {
        HostedPageRenderer.errorPage(status: .badRequest, title: "Invalid logout request", message: message)
    }
}
