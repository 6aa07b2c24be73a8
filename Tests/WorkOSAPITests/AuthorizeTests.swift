// workos-emulator — GET /user_management/authorize: validation, error pages and error redirects, the hosted page.
// Licensed MIT.

import EmulatorTesting
import Foundation
import Testing

@Suite struct AuthorizeTests {
    @Test func authorize_WithValidParameters_RedirectsToAnUnguessableHostedPage() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let response = try AuthKitFixtures.authorize(client, "provider=authkit&state=abc")
        #expect(response.status == 302)
        let location = try #require(response.header("Location"))
        #expect(location.hasPrefix("http://127.0.0.1:\(server.port)/_emulator/authkit/"))
        let token = String(location.split(separator: "/").last ?? "")
        #expect(token.count == 32)
        let other = try #require(try AuthKitFixtures.authorize(client, "provider=authkit&state=abc").header("Location"))
        #expect(other != location)
        let page = try client.request("GET", try #require(URLComponents(string: location)).path, key: nil)
        #expect(page.status == 200)
        #expect(page.header("Content-Type") == "text/html; charset=utf-8")
        #expect(page.text.contains("alice@example.com"))
        #expect(!page.text.contains("<script"))
    }

    @Test func authorize_UnknownOrMissingClientID_AnswersAnHTMLErrorPage() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        for clientID in ["client_unknown", ""] {
            let response = try AuthKitFixtures.authorize(client, "provider=authkit", clientID: clientID)
            #expect(response.status == 400, "\(clientID)")
            #expect(response.header("Location") == nil)
            #expect(response.header("Content-Type")?.hasPrefix("text/html") == true)
            #expect(response.text.contains("Invalid client"))
        }
    }

    @Test func authorize_RedirectURI_LocalhostAnyPortAndRegisteredOnesAreAllowed_OthersGetAnErrorPage() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        for uri in ["http://localhost:9999/cb", "http://127.0.0.1:1/x?y=1", "http://localhost/cb"] {
            #expect(try AuthKitFixtures.authorize(client, "provider=authkit", redirectURI: uri).status == 302, "\(uri)")
        }
        for uri in ["https://evil.example.com/cb", "not a uri", "http://localhost.evil.com/cb"] {
            let response = try AuthKitFixtures.authorize(client, "provider=authkit", redirectURI: uri)
            #expect(response.status == 400, "\(uri)")
            #expect(response.header("Location") == nil, "\(uri)")
        }
        let missing = try client.request(
            "GET",
            "/user_management/authorize?response_type=code&client_id=client_emulator&provider=authkit",
            key: nil
        )
        #expect(missing.status == 400)
        let added = try client.request(
            "POST",
            "/_emulator/redirect_uris",
            json: #"{"uri":"https://app.example.com/callback"}"#
        )
        #expect(added.status == 201)
        let registered = try AuthKitFixtures.authorize(
            client,
            "provider=authkit",
            redirectURI: "https://app.example.com/callback"
        )
        #expect(registered.status == 302)
    }

    @Test func authorize_BadParameters_RedirectWithErrorDescriptionAndState() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let challenge = String(repeating: "a", count: 43)
        let cases: [(String, String)] = [
            ("state=s1", "invalid_request"),
            ("state=s1&provider=authkit&organization_id=org_x", "invalid_request"),
            ("state=s1&provider=FacebookOAuth", "invalid_request"),
            ("state=s1&provider=authkit&code_challenge=\(challenge)&code_challenge_method=plain", "invalid_request"),
            ("state=s1&provider=authkit&code_challenge=\(challenge)", "invalid_request"),
            ("state=s1&provider=authkit&code_challenge=short&code_challenge_method=S256", "invalid_request"),
            ("state=s1&provider=authkit&code_challenge_method=S256", "invalid_request"),
            ("state=s1&provider=authkit&screen_hint=register", "invalid_request"),
            ("state=s1&provider=GoogleOAuth&screen_hint=sign-up", "invalid_request"),
            ("state=s1&provider=authkit&max_age=-1", "invalid_request"),
            ("state=s1&provider=authkit&prompt=bogus", "invalid_request"),
            ("state=s1&organization_id=org_01UNKNOWN", "organization_not_found"),
            ("state=s1&connection_id=conn_01UNKNOWN", "invalid_connection"),
            ("state=s1&provider=authkit&invitation_token=nope", "invitation_invalid"),
        ]
        for (query, error) in cases {
            let response = try AuthKitFixtures.authorize(client, query)
            #expect(response.status == 302, "\(query)")
            let items = try AuthKitFixtures.query(of: response)
            #expect(response.header("Location")?.hasPrefix(AuthKitFixtures.redirectURI + "?") == true, "\(query)")
            #expect(items["error"] == error, "\(query): \(items)")
            #expect(items["error_description"]?.isEmpty == false, "\(query)")
            #expect(items["state"] == "s1", "\(query)")
        }
        let token = try client.request(
            "GET",
            "/user_management/authorize?response_type=token&client_id=client_emulator&state=s2&provider=authkit"
                + "&redirect_uri=\(AuthKitFixtures.escape(AuthKitFixtures.redirectURI))",
            key: nil
        )
        #expect(try AuthKitFixtures.query(of: token)["error"] == "unsupported_response_type")
        #expect(try AuthKitFixtures.query(of: token)["state"] == "s2")
        // response_type missing entirely.
        let response = try client.request(
            "GET",
            "/user_management/authorize?client_id=client_emulator&provider=authkit"
                + "&redirect_uri=\(AuthKitFixtures.escape(AuthKitFixtures.redirectURI))",
            key: nil
        )
        #expect(try AuthKitFixtures.query(of: response)["error"] == "invalid_request")
        #expect(try AuthKitFixtures.query(of: response)["state"] == nil)
    }

    @Test func authorize_AcceptsEveryOptionalParameterInTheSDKEncodings() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        let queries = [
            "provider=authkit&screen_hint=sign-up&login_hint=a%40b.com&domain_hint=example.com&prompt=login&max_age=0"
                + "&code_challenge=\(challenge)&code_challenge_method=S256&claim_nonce=n",
            "provider=GoogleOAuth&provider_scopes=openid&provider_scopes=email"
                + "&provider_query_params%5Bhd%5D=example.com&provider_query_params%5Baccess_type%5D=offline",
            "provider=GitHubOAuth&provider_scopes=read%3Auser%2Cuser%3Aemail"
                + "&provider_query_params=%7B%27hd%27%3A+%27example.com%27%7D",
        ]
        for query in queries {
            let response = try AuthKitFixtures.authorize(client, query)
            #expect(response.status == 302, "\(query)")
            #expect(response.header("Location")?.contains("/_emulator/authkit/") == true, "\(query)")
        }
        let page = try client.request(
            "GET",
            try AuthKitFixtures.pagePath(client, "provider=GoogleOAuth&provider_scopes=openid,calendar"),
            key: nil
        )
        #expect(page.text.contains("openid, calendar"))
    }

    @Test func authorize_ForAnOrganization_ListsOnlyItsMembers() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        _ = try AuthKitFixtures.createUser(client, email: "outsider@example.org")
        let organizations = try client.request("GET", "/organizations?limit=1").json
        let organizationID = try #require(organizations["data"][0]["id"].string)
        let path = try AuthKitFixtures.pagePath(client, "organization_id=\(organizationID)")
        let page = try client.request("GET", path, key: nil)
        #expect(page.text.contains("alice@example.com"))
        #expect(!page.text.contains("outsider@example.org"))
        let refused = try AuthKitFixtures.submit(client, path, [("email", "outsider@example.org")])
        #expect(refused.status == 403)
        #expect(refused.header("Location") == nil)
        let accepted = try AuthKitFixtures.submit(client, path, [("email", "alice@example.com")])
        #expect(accepted.status == 302)
        let code = try #require(try AuthKitFixtures.query(of: accepted)["code"])
        let session = try AuthKitFixtures.authenticate(
            client,
            AuthKitFixtures.grant("authorization_code", ["code": code])
        )
        #expect(session.json["organization_id"].string == organizationID)
    }
}
