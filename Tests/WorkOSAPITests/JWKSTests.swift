// workos-emulator — GET /sso/jwks/{client_id} and the access tokens it verifies, over real sockets.
// Licensed MIT.

import EmulatorTesting
import Foundation
import JSONCodec
import Testing
import TokenSigning

@testable import WorkOSAPI

@Suite struct JWKSTests {
    @Test func jwks_IsPublic_AndEveryKeyCarriesWhatPythonRequires() throws {
        let server = try TestServer()
        defer { server.stop() }
        let response = try server.client().request("GET", "/sso/jwks/\(TestServer.clientID)", key: nil)
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "application/json")
        let keys = response.json["keys"].array
        #expect(keys.count == 1)
        let key = try #require(keys.first)
        #expect(key.keys == ["alg", "e", "kid", "kty", "n", "use", "x5c", "x5t#S256"])
        #expect(key["alg"].string == "RS256")
        #expect(key["kty"].string == "RSA")
        #expect(key["use"].string == "sig")
        #expect(key["e"].string == "AQAB")
        #expect(key["kid"].string?.hasPrefix("key_") == true)
        #expect(key["n"].string.flatMap(Base64URL.decode)?.count == 256)
        let der = try #require(key["x5c"][0].string.flatMap { Data(base64Encoded: $0) })
        #expect(key["x5t#S256"].string?.count == 43)
        #expect(der.count > 500)
    }

    @Test func jwks_IsTheSameKeyOnEveryFetch() throws {
        let server = try TestServer()
        defer { server.stop() }
        let first = try SessionFixtures.jwks(server.client())
        let second = try SessionFixtures.jwks(server.client())
        #expect(first == second)
    }

    @Test func jwks_UnknownClientID_Answers404InTheWorkOSShape() throws {
        let server = try TestServer()
        defer { server.stop() }
        let response = try server.client().request("GET", "/sso/jwks/client_unknown", key: nil)
        #expect(response.status == 404)
        #expect(response.json["message"].string == "Client not found: 'client_unknown'.")
        #expect(response.json["code"].string == "entity_not_found")
    }

    @Test func jwks_IsPerEnvironment() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let created = try client.request("POST", "/_emulator/environments", json: #"{"name":"other"}"#)
        let clientID = try #require(created.json["client_id"].string)
        let mine = try SessionFixtures.jwks(client)
        let theirs = try SessionFixtures.jwks(client, clientID: clientID)
        #expect(mine["keys"]?[0]?["kid"] != theirs["keys"]?[0]?["kid"])
    }

    @Test func signingKey_SurvivesARestartOnAFileDatabase_AndAReset() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jwks-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("emulator.sqlite").path
        let first = try TestServer(databasePath: path)
        let before = try SessionFixtures.jwks(first.client())
        let userID = try SessionFixtures.userID(first.client(), email: "restart@example.com")
        let token = try #require(try SessionFixtures.signIn(first, userID: userID)["access_token"]?.stringValue)
        first.stop()

        let second = try TestServer(databasePath: path)
        defer { second.stop() }
        #expect(try SessionFixtures.jwks(second.client()) == before)
        #expect(try SessionFixtures.verify(second.client(), token)["sub"]?.stringValue == userID)
        let reset = try second.client().request("POST", "/_emulator/reset")
        #expect(reset.status == 200)
        #expect(try SessionFixtures.jwks(second.client()) == before)
    }

    @Test func seed_MayPinTheSigningKey() throws {
        let pinned = try SigningKey.generate(commonName: "pinned", now: Date())
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("seed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let seedPath = directory.appendingPathComponent("seed.json").path
        let seed: JSON = [
            "environment": ["api_key": .string(TestServer.apiKey), "signing_key_pem": .string(pinned.pkcs8PEM)]
        ]
        try Data(seed.serialized()).write(to: URL(fileURLWithPath: seedPath))
        let server = try TestServer { $0.seedPath = seedPath }
        defer { server.stop() }
        let jwks = try SessionFixtures.jwks(server.client())
        #expect(jwks["keys"]?.arrayValue?.count == 1)
        #expect(jwks["keys"]?[0]?["kid"]?.stringValue == pinned.kid)
        #expect(jwks["keys"]?[0]?["n"] == pinned.jwk["n"])
    }

    @Test func seed_WithABadSigningKey_FailsNamingTheField() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("seed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let seedPath = directory.appendingPathComponent("seed.json").path
        try Data(#"{"environment":{"signing_key_pem":"not a key"}}"#.utf8).write(to: URL(fileURLWithPath: seedPath))
        let error = #expect(throws: (any Error).self) {
            _ = try TestServer { $0.seedPath = seedPath }
        }
        #expect(String(describing: error).contains("environment.signing_key_pem"))
    }

    // MARK: Access tokens

    @Test func accessToken_VerifiesAgainstTheServedJWKS_WithTheDocumentedClaims() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let userID = try SessionFixtures.userID(client, email: "claims@example.com")
        let body = try SessionFixtures.signIn(server, userID: userID)
        let token = try SessionFixtures.accessToken(body)
        let header = try JWT.decode(token).header
        #expect(header["alg"] == "RS256")
        #expect(header["typ"] == "JWT")
        #expect(header["kid"] == (try SessionFixtures.jwks(client))["keys"]?[0]?["kid"])
        let claims = try SessionFixtures.verify(client, token)
        #expect(claims.keys == ["iss", "sub", "sid", "entitlements", "feature_flags", "jti", "iat", "exp"])
        #expect(claims["iss"] == "https://api.workos.com")
        #expect(claims["sub"]?.stringValue == userID)
        #expect(claims["sid"]?.stringValue?.hasPrefix("session_") == true)
        #expect(claims["entitlements"] == .array([]))
        #expect(claims["feature_flags"] == .array([]))
        let jti = try #require(claims["jti"]?.stringValue)
        #expect(jti.count == 26 && !jti.contains("_"))
        let iat = try #require(claims["iat"]?.intValue)
        #expect(claims["exp"]?.intValue == iat + 300)
        #expect(abs(Double(iat) - Date().timeIntervalSince1970) < 60)
    }

    @Test func organizationToken_CarriesTheMembershipRolesAndTheirPermissions() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        for slug in ["tokens-test:read", "tokens-test:write", "tokens-test:bill"] {
            let created = try client.request(
                "POST", "/authorization/permissions", json: #"{"slug":"\#(slug)","name":"\#(slug)"}"#
            )
            try #require(created.status == 201, "\(created.text)")
        }
        for role in ["tokens-reader", "tokens-biller"] {
            let created = try client.request(
                "POST", "/authorization/roles", json: #"{"slug":"\#(role)","name":"\#(role)"}"#
            )
            try #require(created.status == 201, "\(created.text)")
        }
        for (role, permission) in [
            ("tokens-reader", "tokens-test:read"), ("tokens-reader", "tokens-test:write"),
            ("tokens-biller", "tokens-test:read"), ("tokens-biller", "tokens-test:bill"),
        ] {
            let added = try client.request(
                "POST", "/authorization/roles/\(role)/permissions", json: #"{"slug":"\#(permission)"}"#
            )
            try #require(added.status < 300, "\(added.text)")
        }
        let userID = try SessionFixtures.userID(client, email: "member@example.com")
        let organizationID = try SessionFixtures.organizationID(client, name: "Claims Org")
        try SessionFixtures.membership(
            client, userID: userID, organizationID: organizationID, roles: ["tokens-reader", "tokens-biller"]
        )
        let body = try SessionFixtures.signIn(server, userID: userID, organizationID: organizationID)
        #expect(body["organization_id"]?.stringValue == organizationID)
        let claims = try SessionFixtures.claims(client, body)
        #expect(
            claims.keys == [
                "iss", "sub", "sid", "org_id", "role", "roles", "permissions", "entitlements", "feature_flags", "jti",
                "iat",
                "exp",
            ])
        #expect(claims["org_id"]?.stringValue == organizationID)
        let roles = try #require(claims["roles"]?.arrayValue?.compactMap { $0.stringValue })
        #expect(Set(roles) == ["tokens-reader", "tokens-biller"])
        #expect(roles.count == 2)
        #expect(claims["role"]?.stringValue == roles.first)
        let permissions = try #require(claims["permissions"]?.arrayValue?.compactMap { $0.stringValue })
        #expect(permissions.sorted() == ["tokens-test:bill", "tokens-test:read", "tokens-test:write"])
    }

    @Test func organizationToken_WithoutAnActiveMembership_HasOrgIDButNoRoleClaims() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let userID = try SessionFixtures.userID(client, email: "outsider@example.com")
        let organizationID = try SessionFixtures.organizationID(client, name: "Elsewhere")
        let body = try SessionFixtures.signIn(server, userID: userID, organizationID: organizationID)
        let claims = try SessionFixtures.claims(client, body)
        #expect(claims["org_id"]?.stringValue == organizationID)
        #expect(claims["role"] == nil && claims["roles"] == nil && claims["permissions"] == nil)
    }

    @Test func impersonatedToken_CarriesAct_AndTheResponseTheImpersonator() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let userID = try SessionFixtures.userID(client, email: "target@example.com")
        let body = try SessionFixtures.signIn(
            server, userID: userID, method: .impersonation, impersonator: ("admin@foocorp.com", "Support ticket")
        )
        #expect(body["authentication_method"] == "Impersonation")
        #expect(body["impersonator"] == ["email": "admin@foocorp.com", "reason": "Support ticket"])
        let claims = try SessionFixtures.claims(client, body)
        #expect(claims["act"] == ["sub": "admin@foocorp.com"])
    }
}
