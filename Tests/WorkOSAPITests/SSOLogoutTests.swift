// workos-emulator — SSO logout over real sockets: POST /sso/logout/authorize and GET /sso/logout.
// Licensed MIT.

import EmulatorTesting
import Foundation
import JSONCodec
import Testing
import TokenSigning
@testable import WorkOSAPI

@Suite struct SSOLogoutTests {
    typealias F = AuthKitFixtures
    typealias S = SSOFixtures

    /// Signs jane@foocorp.com in through a new connection; answers the profile id.
    private func profileID(_ client: TestClient) throws -> String {
        let connectionID = try S.createConnection(client, organizationID: try S.organizationID(client))
        let code = try S.code(client, email: "jane@foocorp.com", query: "connection=\(connectionID)")
        let token = try S.token(client, S.grant(code))
        return try #require(token.json["profile"]["id"].string)
    }

    private func authorize(_ client: TestClient, _ json: String, key: String = TestServer.apiKey) throws
        -> TestResponse
    {
        try client.request("POST", "/sso/logout/authorize", json: json, key: key)
    }

    /// Path and query of an absolute URL.
    private func pathAndQuery(_ url: String) throws -> String {
        let components = try #require(URLComponents(string: url))
        return components.path + (components.query.map { "?" + $0 } ?? "")
    }

    @Test func logoutAuthorize_AnswersAShortLivedSignedTokenAndItsURL_WhichSignsOutToTheSignedOutPage() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let profileID = try self.profileID(client)
        let response = try self.authorize(client, #"{"profile_id":"\#(profileID)"}"#)
        #expect(response.status == 200)
        #expect(response.json.keys == ["logout_token", "logout_url"])
        let token = try #require(response.json["logout_token"].string)
        #expect(response.json["logout_url"].string == "http://127.0.0.1:\(server.port)/sso/logout?token=\(token)")

        let jwks = try client.request("GET", "/sso/jwks/\(TestServer.clientID)", key: nil)
        let claims = try JWT.verify(token, jwks: try JSON.parse(jwks.text), now: Date())
        #expect(claims["profile_id"]?.stringValue == profileID)
        #expect(claims["aud"]?.stringValue == TestServer.clientID)
        #expect((claims["exp"]?.intValue ?? 0) - (claims["iat"]?.intValue ?? 0) == 300)

        let logout = try client.request("GET", try self.pathAndQuery(response.json["logout_url"].string ?? ""), key: nil)
        #expect(logout.status == 302)
        #expect(logout.header("Location") == "/_emulator/signed_out")
        #expect(try client.request("GET", "/_emulator/signed_out", key: nil).status == 200)
        // Not single use: the reference only calls the token short-lived.
        #expect(try client.request("GET", "/sso/logout?token=\(token)", key: nil).status == 302)
    }

    @Test func logoutAuthorize_RefusesAMissingUnknownOrForeignProfile_AndNoKey() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let profileID = try self.profileID(client)
        let missing = try self.authorize(client, "{}")
        #expect(missing.status == 422)
        #expect(missing.json["errors"][0]["field"].string == "profile_id")
        #expect(try self.authorize(client, #"{"profile_id":42}"#).status == 422)
        let unknown = try self.authorize(client, #"{"profile_id":"prof_01UNKNOWN"}"#)
        #expect(unknown.status == 404)
        #expect(unknown.json["message"].string == "Profile not found: 'prof_01UNKNOWN'.")

        let other = try client.request("POST", "/_emulator/environments", json: #"{"name":"other"}"#).json
        let otherKey = try #require(other["api_key"].string)
        let foreign = try self.authorize(client, #"{"profile_id":"\#(profileID)"}"#, key: otherKey)
        #expect(foreign.status == 404)
        #expect(foreign.json["message"].string == "Profile not found: '\(profileID)'.")
        let anonymous = try client.request("POST", "/sso/logout/authorize", json: #"{"profile_id":"\#(profileID)"}"#,
                                           key: nil)
        #expect(anonymous.status == 401)
    }

    @Test func logout_RefusesMissingForgedExpiredAndForeignTokens_WithAnErrorPageAndNoRedirect() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let profileID = try self.profileID(client)
        let token = try #require(self.authorize(client, #"{"profile_id":"\#(profileID)"}"#).json["logout_token"].string)
        let services = server.application.services
        let environment = try SessionFixtures.environment(server)
        let key = try #require(try SigningKeyRepository.ensureKeys(of: environment, services: services).last)
        let now = Int(Date().timeIntervalSince1970)
        func forged(_ claims: JSONObject, with signingKey: SigningKey) throws -> String {
            try JWT.sign(claims: claims, with: signingKey)
        }
        let expired = try forged(
            ["aud": .string(TestServer.clientID), "profile_id": .string(profileID), "iat": .int(now - 600),
             "exp": .int(now - 300)], with: key
        )
        let stranger = try SigningKey.generate(commonName: "stranger", now: Date())
        let foreignKey = try forged(
            ["aud": .string(TestServer.clientID), "profile_id": .string(profileID), "exp": .int(now + 300)],
            with: stranger
        )
        var parts = token.split(separator: ".").map(String.init)
        parts[1] = Base64URL.encode(Array(#"{"aud":"client_emulator","profile_id":"prof_other","exp":9999999999}"#.utf8))
        let tampered = parts.joined(separator: ".")
        for bad in ["", "not-a-jwt", tampered, expired, foreignKey] {
            let response = try client.request("GET", "/sso/logout?token=\(bad)", key: nil)
            #expect(response.status == 400, "\(bad)")
            #expect(response.header("Location") == nil)
            #expect(response.header("Content-Type")?.hasPrefix("text/html") == true)
        }
        #expect(try client.request("GET", "/sso/logout", key: nil).status == 400)
    }

    @Test func logout_OfAProfileWhoseConnectionWasDeleted_Answers404() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let profileID = try self.profileID(client)
        let token = try #require(self.authorize(client, #"{"profile_id":"\#(profileID)"}"#).json["logout_token"].string)
        let connections = try client.request("GET", "/connections?limit=100").json["data"].array
        for connection in connections where connection["name"].string == "Foo Corp Okta" {
            #expect(try client.request("DELETE", "/connections/\(connection["id"].string ?? "")").status == 204)
        }
        let response = try client.request("GET", "/sso/logout?token=\(token)", key: nil)
        #expect(response.status == 404)
        #expect(response.json["message"].string == "Profile not found: '\(profileID)'.")
    }
}
