// workos-emulator — redirect URIs, CORS origins, the JWT template and the Radar challenge stubs of User Management,
// over real sockets.
// Licensed MIT.

import EmulatorTesting
import Foundation
import JSONCodec
import Testing

@testable import WorkOSAPI

@Suite struct UserManagementSettingsTests {
    private typealias F = AuthKitFixtures

    /// The REST list of redirect URIs (default environment unless `key` says otherwise).
    private static func redirectURIs(_ client: TestClient, key: String = TestServer.apiKey) throws -> [TestJSON] {
        let response = try client.request("GET", "/user_management/redirect_uris?limit=100&order=asc", key: key)
        try #require(response.status == 200, "list: \(response.status) \(response.text)")
        return response.json["data"].array
    }

    /// A second environment: its API key and client id.
    private static func otherEnvironment(_ client: TestClient) throws -> (key: String, clientID: String) {
        let created = try client.request("POST", "/_emulator/environments", json: #"{"name":"other"}"#)
        try #require(created.status == 201)
        return (try #require(created.json["api_key"].string), try #require(created.json["client_id"].string))
    }

    /// Signs alice in with the password grant; answers the access token's verified claims.
    private static func aliceClaims(_ client: TestClient) throws -> JSONObject {
        let response = try F.authenticate(
            client, F.grant("password", ["email": "alice@example.com", "password": "alice-password"])
        )
        try #require(response.status == 200, "authenticate: \(response.status) \(response.text)")
        return try SessionFixtures.verify(client, try #require(response.json["access_token"].string))
    }

    // MARK: Redirect URIs

    @Test func listRedirectURIs_ShowsTheSeededOnes_AsObjectsWithTheFirstAsDefault() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let response = try client.request("GET", "/user_management/redirect_uris")
        #expect(response.status == 200)
        #expect(response.json["object"].string == "list")
        #expect(response.json["list_metadata"].keys == ["after", "before"])
        let data = try Self.redirectURIs(client)
        #expect(data.map { $0["uri"].string } == ["http://localhost:3000/callback", "http://127.0.0.1:3000/callback"])
        #expect(data.map { $0["default"].bool } == [true, false])
        for item in data {
            #expect(item.keys == ["created_at", "default", "id", "object", "updated_at", "uri"])
            #expect(item["object"].string == "redirect_uri")
            #expect(item["id"].string?.hasPrefix("redir_") == true)
            #expect(item["id"].string?.count == "redir_".count + 26)
            #expect(item["created_at"].string?.hasSuffix("Z") == true)
        }
    }

    @Test func createRedirectURI_IsAcceptedByAuthorizeAtOnce_AndDeletingItWithdrawsIt() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let uri = "https://app.example.com/callback"
        #expect(try F.authorize(client, "provider=authkit", redirectURI: uri).status == 400)

        let created = try client.request("POST", "/user_management/redirect_uris", json: #"{"uri":"\#(uri)"}"#)
        #expect(created.status == 201)
        #expect(created.json["object"].string == "redirect_uri")
        #expect(created.json["uri"].string == uri)
        #expect(created.json["default"].bool == false)
        let id = try #require(created.json["id"].string)
        #expect(try Self.redirectURIs(client).compactMap { $0["id"].string }.contains(id))
        #expect(try F.authorize(client, "provider=authkit", redirectURI: uri).status == 302)
        #expect(try SSOFixtures.authorize(client, "provider=GoogleOAuth", redirectURI: uri).status == 302)

        let deleted = try client.request("DELETE", "/user_management/redirect_uris/\(id)")
        #expect(deleted.status == 204)
        #expect(deleted.body.isEmpty)
        #expect(try F.authorize(client, "provider=authkit", redirectURI: uri).status == 400)
        #expect(try SSOFixtures.authorize(client, "provider=GoogleOAuth", redirectURI: uri).status == 400)
        let again = try client.request("DELETE", "/user_management/redirect_uris/\(id)")
        #expect(again.status == 404)
        #expect(again.json["code"].string == "entity_not_found")
        #expect(again.json["message"].string == "Redirect URI not found: '\(id)'.")
    }

    @Test func redirectURIs_TheControlAPIAndTheRESTAPIShareOneList() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let added = try client.request("POST", "/_emulator/redirect_uris", json: #"{"uri":"myapp://callback"}"#)
        #expect(added.status == 201)
        let listed = try Self.redirectURIs(client).compactMap { $0["uri"].string }
        #expect(listed.last == "myapp://callback")
        let duplicate = try client.request(
            "POST", "/user_management/redirect_uris", json: #"{"uri":"myapp://callback"}"#
        )
        #expect(duplicate.status == 422)
        #expect(duplicate.json["message"].string == "Redirect URI 'myapp://callback' already exists.")
        #expect(try Self.redirectURIs(client).count == listed.count)
    }

    @Test func createRedirectURI_BadInput_Answers422AndWritesNothing() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let before = try Self.redirectURIs(client).count
        let bodies = [
            #"{}"#, #"{"uri":""}"#, #"{"uri":42}"#, #"{"uri":"/callback"}"#, #"{"uri":"example.com/cb"}"#,
            #"{"uri":"https://app.example.com/cb#section"}"#, #"{"uri":"javascript:alert(1)"}"#,
            #"{"uri":"https://app.example.com/a b"}"#, #"{"uri":"https://a.*.example.com/cb"}"#,
            #"{"uri":"https://*.com/cb"}"#, #"{"uri":"https://*.example.com/*"}"#, #"{"uri":"https:///cb"}"#,
        ]
        for body in bodies {
            let response = try client.request("POST", "/user_management/redirect_uris", json: body)
            #expect(response.status == 422, "\(body)")
            #expect(response.json["code"].string == "invalid_request_parameters", "\(body)")
            #expect(response.json["errors"][0]["field"].string == "uri", "\(body)")
        }
        let notJSON = try client.request("POST", "/user_management/redirect_uris", json: "{")
        #expect(notJSON.status == 400)
        #expect(try Self.redirectURIs(client).count == before)
    }

    @Test func deleteRedirectURI_TheDefault_Answers409AndKeepsIt() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let first = try #require(try Self.redirectURIs(client).first)
        #expect(first["default"].bool == true)
        let id = try #require(first["id"].string)
        let response = try client.request("DELETE", "/user_management/redirect_uris/\(id)")
        #expect(response.status == 409)
        #expect(response.json["message"].string == "Cannot delete the default redirect URI.")
        #expect(try Self.redirectURIs(client).first?["id"].string == id)
    }

    @Test func redirectURIs_OfAnotherEnvironment_AreInvisibleAndCannotBeDeleted() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let other = try Self.otherEnvironment(client)
        let created = try client.request(
            "POST", "/user_management/redirect_uris", json: #"{"uri":"https://other.example.com/cb"}"#, key: other.key
        )
        #expect(created.status == 201)
        let id = try #require(created.json["id"].string)
        #expect(!(try Self.redirectURIs(client).contains { $0["id"].string == id }))
        #expect(try client.request("DELETE", "/user_management/redirect_uris/\(id)").status == 404)
        #expect(try F.authorize(client, "provider=authkit", redirectURI: "https://other.example.com/cb").status == 400)
        let theirs = try F.authorize(
            client, "provider=authkit", clientID: other.clientID, redirectURI: "https://other.example.com/cb"
        )
        #expect(theirs.status == 302)
    }

    @Test func wildcardRedirectURI_MatchesExactlyOneLeadingHostLabel() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let created = try client.request(
            "POST", "/user_management/redirect_uris", json: #"{"uri":"https://*.preview.example.com/callback"}"#
        )
        #expect(created.status == 201)
        for uri in ["https://pr-42.preview.example.com/callback", "https://a.preview.example.com/callback"] {
            #expect(try F.authorize(client, "provider=authkit", redirectURI: uri).status == 302, "\(uri)")
        }
        for uri in [
            "https://a.b.preview.example.com/callback", "https://preview.example.com/callback",
            "http://a.preview.example.com/callback", "https://a.preview.example.com/callback/extra",
            "https://evil.com@a.preview.example.com/callback", "https://a.preview.example.com.evil.com/callback",
        ] {
            #expect(try F.authorize(client, "provider=authkit", redirectURI: uri).status == 400, "\(uri)")
        }
    }

    @Test func reset_KeepsRedirectURIsCORSOriginsAndTheJWTTemplate() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        #expect(
            try client.request(
                "POST", "/user_management/redirect_uris", json: #"{"uri":"https://kept.example.com/cb"}"#
            ).status == 201
        )
        #expect(
            try client.request("POST", "/user_management/cors_origins", json: #"{"origin":"https://kept.example.com"}"#)
                .status == 201
        )
        let template = F.json(["content": #"{"urn:kept": true}"#])
        #expect(try client.request("PUT", "/user_management/jwt_template", json: template).status == 200)
        #expect(try client.request("POST", "/_emulator/reset").status == 200)
        #expect(try Self.redirectURIs(client).contains { $0["uri"].string == "https://kept.example.com/cb" })
        #expect(try client.request("GET", "/user_management/cors_origins").json["data"].array.count == 1)
        #expect(try client.request("GET", "/user_management/jwt_template").status == 200)
    }

    // MARK: CORS origins

    @Test func createCORSOrigin_StoresItNormalized_ListsIt_AndRefusesADuplicateWith409() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let created = try client.request(
            "POST", "/user_management/cors_origins", json: #"{"origin":"HTTPS://App.Example.com:8443/"}"#
        )
        #expect(created.status == 201)
        #expect(created.json.keys == ["created_at", "id", "object", "origin", "updated_at"])
        #expect(created.json["object"].string == "cors_origin")
        #expect(created.json["id"].string?.hasPrefix("cors_origin_") == true)
        #expect(created.json["origin"].string == "https://app.example.com:8443")
        let list = try client.request("GET", "/user_management/cors_origins")
        #expect(list.status == 200)
        #expect(list.json["data"].array.map { $0["id"].string } == [created.json["id"].string])
        let duplicate = try client.request(
            "POST", "/user_management/cors_origins", json: #"{"origin":"https://app.example.com:8443"}"#
        )
        #expect(duplicate.status == 409)
        #expect(duplicate.json["code"].string == "duplicate_cors_origin")
        #expect(duplicate.json["message"].string == "CORS origin already exists.")
        let other = try Self.otherEnvironment(client)
        let theirs = try client.request("GET", "/user_management/cors_origins", key: other.key)
        #expect(theirs.json["data"].array.isEmpty)
    }

    @Test func createCORSOrigin_BadInput_Answers422AndWritesNothing() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let bodies = [
            #"{}"#, #"{"origin":""}"#, #"{"origin":["https://a.example.com"]}"#, #"{"origin":"a.example.com"}"#,
            #"{"origin":"https://a.example.com/path"}"#, #"{"origin":"ftp://a.example.com"}"#,
            #"{"origin":"https://*.example.com"}"#, #"{"origin":"https://a.example.com:99999"}"#,
            #"{"origin":"https://a.example.com?x=1"}"#, #"{"origin":"https://user@a.example.com"}"#,
        ]
        for body in bodies {
            let response = try client.request("POST", "/user_management/cors_origins", json: body)
            #expect(response.status == 422, "\(body)")
            #expect(response.json["errors"][0]["field"].string == "origin", "\(body)")
        }
        #expect(try client.request("GET", "/user_management/cors_origins").json["data"].array.isEmpty)
    }

    @Test func preflight_OfAuthenticate_AnswersCORSHeadersForAnAllowedOriginOnly() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let request: [(String, String)] = [
            ("Access-Control-Request-Method", "POST"), ("Access-Control-Request-Headers", "content-type"),
        ]
        let before = try client.request(
            "OPTIONS", "/user_management/authenticate", key: nil,
            headers: [("Origin", "https://spa.example.com")] + request
        )
        #expect(before.status == 204)
        #expect(before.header("Access-Control-Allow-Origin") == nil)

        #expect(
            try client.request("POST", "/user_management/cors_origins", json: #"{"origin":"https://spa.example.com"}"#)
                .status == 201
        )
        let allowed = try client.request(
            "OPTIONS", "/user_management/authenticate", key: nil,
            headers: [("Origin", "https://spa.example.com")] + request
        )
        #expect(allowed.status == 204)
        #expect(allowed.header("Access-Control-Allow-Origin") == "https://spa.example.com")
        #expect(allowed.header("Access-Control-Allow-Methods") == "POST, OPTIONS")
        #expect(allowed.header("Access-Control-Allow-Headers") == "content-type")
        #expect(allowed.header("Access-Control-Max-Age") == "600")
        let stranger = try client.request(
            "OPTIONS", "/user_management/authenticate", key: nil,
            headers: [("Origin", "https://evil.example.com")] + request
        )
        #expect(stranger.header("Access-Control-Allow-Origin") == nil)
        #expect(stranger.header("Access-Control-Allow-Methods") == nil)
    }

    @Test func authenticate_FromAnAllowedOrigin_CarriesAllowOrigin_OnSuccessAndError_ButNotForOthers() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let origin = [("Origin", "https://spa.example.com")]
        let body = F.grant("password", ["email": "alice@example.com", "password": "alice-password"])
        let before = try client.request("POST", "/user_management/authenticate", json: body, key: nil, headers: origin)
        #expect(before.status == 200)
        #expect(before.header("Access-Control-Allow-Origin") == nil)

        #expect(
            try client.request("POST", "/user_management/cors_origins", json: #"{"origin":"https://spa.example.com"}"#)
                .status == 201
        )
        let success = try client.request("POST", "/user_management/authenticate", json: body, key: nil, headers: origin)
        #expect(success.status == 200)
        #expect(success.header("Access-Control-Allow-Origin") == "https://spa.example.com")
        #expect(success.header("Vary") == "Origin")
        let wrong = F.grant("password", ["email": "alice@example.com", "password": "wrong"])
        let failure = try client.request(
            "POST", "/user_management/authenticate", json: wrong, key: nil, headers: origin
        )
        #expect(failure.status == 400)
        #expect(failure.header("Access-Control-Allow-Origin") == "https://spa.example.com")
        let stranger = try client.request(
            "POST", "/user_management/authenticate", json: body, key: nil,
            headers: [("Origin", "https://evil.example.com")]
        )
        #expect(stranger.status == 200)
        #expect(stranger.header("Access-Control-Allow-Origin") == nil)
    }

    @Test func jwks_FromAnOriginOfItsOwnEnvironment_CarriesAllowOrigin_NotFromAnotherEnvironmentsOrigin() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let other = try Self.otherEnvironment(client)
        #expect(
            try client.request(
                "POST", "/user_management/cors_origins", json: #"{"origin":"http://localhost:5173"}"#, key: other.key
            ).status == 201
        )
        let origin = [("Origin", "http://localhost:5173")]
        let mine = try client.request("GET", "/sso/jwks/\(TestServer.clientID)", key: nil, headers: origin)
        #expect(mine.status == 200)
        #expect(mine.header("Access-Control-Allow-Origin") == nil)
        let theirs = try client.request("GET", "/sso/jwks/\(other.clientID)", key: nil, headers: origin)
        #expect(theirs.status == 200)
        #expect(theirs.header("Access-Control-Allow-Origin") == "http://localhost:5173")
        let preflight = try client.request(
            "OPTIONS", "/sso/jwks/\(other.clientID)", key: nil,
            headers: origin + [("Access-Control-Request-Method", "GET")]
        )
        #expect(preflight.status == 204)
        #expect(preflight.header("Access-Control-Allow-Methods") == "GET, OPTIONS")
    }

    // MARK: JWT template

    @Test func getJWTTemplate_BeforeAnyIsSet_Answers404() throws {
        let server = try TestServer()
        defer { server.stop() }
        let response = try server.client().request("GET", "/user_management/jwt_template")
        #expect(response.status == 404)
        #expect(response.json["code"].string == "entity_not_found")
    }

    @Test func putJWTTemplate_ThenNewAccessTokensCarryItsClaims_AndVerifyWithTheJWKS() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let content = """
            {"urn:app:email": {{ user.email }}, "urn:app:name": "{{ user.first_name }} {{ user.last_name }}",
             "urn:app:nickname": {{ user.metadata.nickname || user.first_name }},
             "urn:app:tier": "{{ organization.metadata.tier || 'bronze' }}", "urn:app:org": {{ organization.name }},
             "urn:app:domain": "{{ organization.domains.0.domain }}",
             "urn:app:language": "{{ user.metadata.language || "en" }}",
             "urn:app:attributes": {{ organization_membership.custom_attributes }}, "aud": "my-api"}
            """
        let put = try client.request("PUT", "/user_management/jwt_template", json: F.json(["content": content]))
        #expect(put.status == 200)
        #expect(put.json.keys == ["content", "created_at", "object", "updated_at"])
        #expect(put.json["object"].string == "jwt_template")
        #expect(put.json["content"].string == content)
        let get = try client.request("GET", "/user_management/jwt_template")
        #expect(get.status == 200)
        #expect(get.json["content"].string == content)

        let claims = try Self.aliceClaims(client)
        #expect(claims["urn:app:email"] == "alice@example.com")
        #expect(claims["urn:app:name"] == "Alice Example")
        #expect(claims["urn:app:nickname"] == "Alice")
        #expect(claims["urn:app:tier"] == "demo")
        #expect(claims["urn:app:org"] == "Example Corp")
        #expect(claims["urn:app:domain"] == "example.com")
        #expect(claims["urn:app:language"] == "en")
        #expect(claims["urn:app:attributes"] == .object([:]))
        #expect(claims["aud"] == "my-api")
        #expect(claims["sub"]?.stringValue?.hasPrefix("user_") == true)
        #expect(claims["role"] == "admin")
    }

    @Test func jwtTemplate_WithoutAnOrganization_RendersItsVariablesAsNullOrFallbacks() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let content = #"{"org": {{ organization.name }}, "tier": "{{ organization.metadata.tier || 'none' }}"}"#
        let put = try client.request("PUT", "/user_management/jwt_template", json: F.json(["content": content]))
        #expect(put.status == 200)
        let userID = try SessionFixtures.userID(client, email: "solo@example.com")
        let response = try SessionFixtures.signIn(server, userID: userID)
        let claims = try SessionFixtures.verify(client, try #require(response["access_token"]?.stringValue))
        #expect(claims["org"] == .null)
        #expect(claims["tier"] == "none")
        #expect(claims["org_id"] == nil)
    }

    @Test func putJWTTemplate_Twice_ReplacesTheContentAndKeepsCreatedAt() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let first = try client.request("PUT", "/user_management/jwt_template", json: F.json(["content": #"{"a": 1}"#]))
        let second = try client.request("PUT", "/user_management/jwt_template", json: F.json(["content": #"{"b": 2}"#]))
        #expect(second.status == 200)
        #expect(second.json["content"].string == #"{"b": 2}"#)
        #expect(second.json["created_at"].string == first.json["created_at"].string)
        let claims = try Self.aliceClaims(client)
        #expect(claims["b"] == .int(2))
        #expect(claims["a"] == nil)
    }

    @Test func putJWTTemplate_ThatOverridesAReservedClaim_Answers422AndSavesNothing() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        for claim in ["sub", "iss", "sid", "exp", "iat", "jti", "org_id", "role", "roles", "permissions"] {
            let content = #"{"\#(claim)": "forged", "urn:ok": 1}"#
            let response = try client.request(
                "PUT", "/user_management/jwt_template", json: F.json(["content": content])
            )
            #expect(response.status == 422, "\(claim)")
            #expect(response.json["code"].string == "invalid_request_parameters", "\(claim)")
            #expect(response.json["errors"][0]["field"].string == "content", "\(claim)")
            #expect(response.json["errors"][0]["code"].string == "reserved_claim", "\(claim)")
        }
        #expect(try client.request("GET", "/user_management/jwt_template").status == 404)
        #expect(try Self.aliceClaims(client)["urn:ok"] == nil)
    }

    @Test func putJWTTemplate_InvalidContent_Answers422WithTheReason() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let cases: [(String, String)] = [
            (#"not json"#, "invalid_json"),
            (#"["a"]"#, "invalid_json"),
            (#"{"a": "{{ user.email }}""#, "invalid_json"),
            (#"{"a": {{ secrets.key }}}"#, "unknown_variable"),
            (#"{"a": {{ user.password }}}"#, "unknown_variable"),
            (#"{"a": {{ user.email }"#, "invalid_syntax"),
            (#"{"a": {{ }}}"#, "invalid_syntax"),
            (#"{"a": {{ user.email | upcase }}}"#, "invalid_syntax"),
            (#"{"a": "{% if user %}x{% endif %}"}"#, "invalid_syntax"),
            (#"{"a": "{{ user.metadata }}"}"#, "invalid_interpolation"),
            (#"{"a": "\#(String(repeating: "x", count: ClaimTemplate.maximumLength))"}"#, "too_long"),
        ]
        for (content, code) in cases {
            let response = try client.request(
                "PUT", "/user_management/jwt_template", json: F.json(["content": content])
            )
            #expect(response.status == 422, "\(content)")
            #expect(response.json["errors"][0]["code"].string == code, "\(content): \(response.text)")
        }
        for body in [#"{}"#, #"{"content": {"a": 1}}"#, #"{"content": ""}"#] {
            let response = try client.request("PUT", "/user_management/jwt_template", json: body)
            #expect(response.status == 422, "\(body)")
            #expect(response.json["errors"][0]["field"].string == "content", "\(body)")
        }
        #expect(try client.request("GET", "/user_management/jwt_template").status == 404)
    }

    @Test func jwtTemplate_IsPerEnvironment() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let other = try Self.otherEnvironment(client)
        let put = try client.request(
            "PUT", "/user_management/jwt_template", json: F.json(["content": #"{"urn:other": true}"#]), key: other.key
        )
        #expect(put.status == 200)
        #expect(try client.request("GET", "/user_management/jwt_template").status == 404)
        #expect(try Self.aliceClaims(client)["urn:other"] == nil)
    }

    // MARK: Radar

    @Test func radarChallenges_Answer501NotEmulated_WithTheReason() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let body = #"{"user_id":"user_x","pending_authentication_token":"t","phone_number":"+15555550123"}"#
        for (method, path) in [
            ("POST", "/user_management/radar_challenges"),
            ("GET", "/user_management/radar_challenges/radar_challenge_x"),
        ] {
            let response = try client.request(method, path, json: method == "POST" ? body : nil)
            #expect(response.status == 501, "\(path)")
            #expect(response.json["code"].string == "not_emulated", "\(path)")
            #expect(response.json["message"].string?.contains("no Radar risk engine") == true, "\(path)")
        }
        let coverage = try client.request("GET", "/_emulator/coverage").json["data"].array
        func state(_ method: String, _ path: String) -> String? {
            coverage.first { $0["method"].string == method && $0["path"].string == path }?["state"].string
        }
        #expect(state("POST", "/user_management/radar_challenges") == "not_emulated")
        #expect(state("PUT", "/user_management/jwt_template") == "emulated")
        #expect(state("DELETE", "/user_management/redirect_uris/:id") == "emulated")
        #expect(state("POST", "/user_management/cors_origins") == "emulated")
    }

    @Test func settingsRoutes_NeedAnAPIKey() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        for (method, path) in [
            ("GET", "/user_management/redirect_uris"), ("POST", "/user_management/redirect_uris"),
            ("DELETE", "/user_management/redirect_uris/redir_x"), ("GET", "/user_management/cors_origins"),
            ("POST", "/user_management/cors_origins"), ("GET", "/user_management/jwt_template"),
            ("PUT", "/user_management/jwt_template"),
        ] {
            #expect(try client.request(method, path, key: nil).status == 401, "\(method) \(path)")
        }
    }
}
