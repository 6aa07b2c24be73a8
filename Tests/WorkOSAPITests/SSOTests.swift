// workos-emulator — the standalone SSO flow over real sockets: GET /sso/authorize (error page, every error redirect,
// SDK encodings), the simulated identity provider page (profiles, just-in-time users, failure branches, single use),
// POST /sso/token, GET /sso/profile, and SSO through AuthKit (codes, users, sso_required).
// Licensed MIT.

import EmulatorTesting
import Foundation
import Testing

@Suite struct SSOTests {
    typealias F = AuthKitFixtures
    typealias S = SSOFixtures

    // MARK: GET /sso/authorize

    @Test func authorize_BadClientOrRedirectURI_AnswersAnErrorPage_AndRedirectsNowhere() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try S.organizationID(client)
        let connectionID = try S.createConnection(client, organizationID: organizationID)
        let query = "connection=\(connectionID)&state=s"
        let cases = [
            try client.request(
                "GET",
                "/sso/authorize?response_type=code&redirect_uri=http://localhost:3000/cb&\(query)",
                key: nil
            ),
            try S.authorize(client, query, clientID: "client_unknown"),
            try client.request("GET", "/sso/authorize?response_type=code&client_id=client_emulator&\(query)", key: nil),
            try S.authorize(client, query, redirectURI: "https://evil.example/callback"),
            try S.authorize(client, query, redirectURI: "not a uri"),
        ]
        for response in cases {
            #expect(response.status == 400)
            #expect(response.header("Location") == nil)
            #expect(response.header("Content-Type")?.hasPrefix("text/html") == true)
        }
        // A registered redirect URI is allowed.
        let added = try client.request(
            "POST",
            "/_emulator/redirect_uris",
            json: #"{"uri":"https://app.example/callback"}"#
        )
        #expect(added.status == 201)
        #expect(try S.authorize(client, query, redirectURI: "https://app.example/callback").status == 302)
    }

    @Test func authorize_EveryDocumentedError_RedirectsWithStateEchoed() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let example = try S.organizationID(client)
        let active = try S.createConnection(client, organizationID: example)
        let lonely = try S.createOrganization(client, name: "No SSO")
        let twice = try S.createOrganization(client, name: "Twice")
        _ = try S.createConnection(client, organizationID: twice, domain: "twice-a.test")
        _ = try S.createConnection(client, organizationID: twice, domain: "twice-b.test")
        let dormant = try S.createOrganization(client, name: "Dormant")
        let inactive = try S.createConnection(
            client,
            organizationID: dormant,
            domain: "dormant.test",
            state: "inactive"
        )
        // Two Microsoft OAuth connections make the provider ambiguous.
        #expect(try S.create(client, #"{"connection_type":"MicrosoftOAuth"}"#).status == 201)
        #expect(try S.create(client, #"{"connection_type":"MicrosoftOAuth"}"#).status == 201)
        #expect(try S.create(client, #"{"connection_type":"SlackOAuth","state":"inactive"}"#).status == 201)

        let cases: [(String, String)] = [
            ("connection=\(active)", "unsupported_response_type"),  // response_type=token below
            ("", "invalid_connection_selector"),
            ("connection=\(active)&organization=\(example)", "invalid_connection_selector"),
            ("provider=GoogleOAuth&connection=\(active)", "invalid_connection_selector"),
            ("provider=NotAProvider", "invalid_connection_selector"),
            ("provider=OktaSAML", "invalid_connection_selector"),
            ("domain=foocorp.com", "domain_connection_selector_not_allowed"),
            ("connection=conn_01UNKNOWN", "connection_invalid"),
            ("connection=\(inactive)", "connection_unlinked"),
            ("organization=org_01UNKNOWN", "organization_invalid"),
            ("organization=\(lonely)", "organization_invalid"),
            ("organization=\(twice)", "ambiguous_connection_selector"),
            ("organization=\(dormant)", "connection_unlinked"),
            ("provider=MicrosoftOAuth", "connection_strategy_invalid"),
            ("provider=SlackOAuth", "connection_unlinked"),
            (
                "connection=\(active)&code_challenge_method=plain&code_challenge=\(String(repeating: "a", count: 43))",
                "invalid_request"
            ),
            ("connection=\(active)&code_challenge=short&code_challenge_method=S256", "invalid_request"),
            ("connection=\(active)&code_challenge_method=S256", "invalid_request"),
            ("connection=\(active)&prompt=bogus", "invalid_request"),
        ]
        for (index, (query, expected)) in cases.enumerated() {
            let state = "state \(index) &+="
            var path = "/sso/authorize?client_id=client_emulator&redirect_uri=\(F.escape(F.redirectURI))"
            path += "&state=\(F.escape(state))&response_type=" + (index == 0 ? "token" : "code")
            if !query.isEmpty { path += "&" + query }
            let response = try client.request("GET", path, key: nil)
            #expect(response.status == 302, "\(query): \(response.status) \(response.text)")
            let items = try F.query(of: response)
            #expect(items["error"] == expected, "\(query): \(items)")
            #expect(items["error_description"]?.isEmpty == false)
            #expect(items["state"] == state, "\(query)")
            #expect(response.header("Location")?.hasPrefix(F.redirectURI + "?") == true)
        }
        let missing = try client.request(
            "GET",
            "/sso/authorize?client_id=client_emulator&redirect_uri=\(F.escape(F.redirectURI))&connection=x",
            key: nil
        )
        #expect(try F.query(of: missing)["error"] == "invalid_request")
        #expect(try F.query(of: missing)["state"] == nil)
        // The documented example of organization_invalid.
        #expect(
            try F.query(of: try S.authorize(client, "organization=\(lonely)"))["error_description"]
                == "No connection associated with organization"
        )
    }

    @Test func authorize_ByConnectionOrganizationOrProvider_RedirectsToItsIdentityProviderPage() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try S.organizationID(client)
        let connectionID = try S.createConnection(client, organizationID: organizationID)

        let byConnection = try S.authorize(client, "connection=\(connectionID)&state=xyz&login_hint=hint%40foocorp.com")
        #expect(byConnection.status == 302)
        let location = try #require(byConnection.header("Location"))
        #expect(location.hasPrefix("http://127.0.0.1:\(server.port)/_emulator/sso/"))
        let page = try client.request("GET", try #require(URLComponents(string: location)).path, key: nil)
        #expect(page.status == 200)
        #expect(page.header("Content-Type") == "text/html; charset=utf-8")
        #expect(page.header("Cache-Control") == "no-store")
        #expect(page.text.contains("Foo Corp Okta") && page.text.contains("OktaSAML"))
        #expect(page.text.contains("Jane Doe") && page.text.contains("jane@foocorp.com"))
        #expect(page.text.contains(#"value="hint@foocorp.com""#))  // login_hint pre-fills the e-mail
        #expect(page.text.contains(#"value="deny""#) && page.text.contains(#"value="error""#))

        #expect(try S.pagePath(client, "organization=\(organizationID)").hasPrefix("/_emulator/sso/"))
        // A provider with no connection yet gets one, reused afterwards.
        let microsoft = try S.pagePath(client, "provider=MicrosoftOAuth&prompt=login&nonce=n-1&domain_hint=foo.com")
        let consent = try client.request("GET", microsoft, key: nil).text
        #expect(consent.contains("Sign in with Microsoft"))
        #expect(consent.contains("asked you to sign in again"))
        _ = try S.pagePath(client, "provider=MicrosoftOAuth")
        let listed = try client.request("GET", "/connections?connection_type=MicrosoftOAuth").json["data"].array
        #expect(listed.count == 1)
        #expect(listed[0]["name"].string == "Microsoft OAuth")
        #expect(listed[0]["organization_id"].isNull)
        // The AuthKit page and the identity provider page do not answer each other's tokens.
        #expect(
            try client.request("GET", microsoft.replacingOccurrences(of: "/sso/", with: "/authkit/"), key: nil)
                .status == 404
        )
        let authkit = try F.pagePath(client)
        #expect(
            try client.request("GET", authkit.replacingOccurrences(of: "/authkit/", with: "/sso/"), key: nil)
                .status == 404
        )
        #expect(try client.request("GET", "/_emulator/sso/not-a-token", key: nil).status == 404)
    }

    @Test func authorize_AcceptsEverySDKEncodingOfProviderScopesAndQueryParams() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let encodings = [
            // Node: repeated keys, bracketed map, sorted keys, `+` for spaces.
            "provider=GoogleOAuth&provider_query_params%5Bhd%5D=example.com&provider_query_params%5Bx%5D=a+b"
                + "&provider_scopes=calendar&provider_scopes=drive",
            // Python get_authorization_url: comma-joined scopes, dict repr.
            "provider=GoogleOAuth&provider_scopes=calendar%2Cdrive"
                + "&provider_query_params=%7B%27hd%27%3A+%27example.com%27%2C+%27x%27%3A+%27a+b%27%7D",
            // Python get_authorization_url_with_pkce: list repr; JSON map.
            "provider=GoogleOAuth&provider_scopes=%5B%27calendar%27%2C+%27drive%27%5D"
                + "&provider_query_params=%7B%22hd%22%3A%22example.com%22%2C%22x%22%3A%22a+b%22%7D",
            // JSON list.
            "provider=GoogleOAuth&provider_scopes=%5B%22calendar%22%2C%22drive%22%5D"
                + "&provider_query_params%5Bhd%5D=example.com&provider_query_params%5Bx%5D=a%20b",
        ]
        for query in encodings {
            let path = try S.pagePath(client, query + "&state=enc")
            let page = try client.request("GET", path, key: nil).text
            #expect(page.contains("asks for: calendar, drive."), "\(query)")
            #expect(page.contains("Extra parameters: hd=example.com, x=a b."), "\(query)")
            let response = try F.submit(client, path, [("email", "alice@example.com")])
            let code = try #require(try F.query(of: response)["code"])
            let token = try S.token(client, S.grant(code)).json
            #expect(token["oauth_tokens"]["scopes"].array.compactMap(\.string) == ["calendar", "drive"], "\(query)")
        }
    }

    // MARK: The identity provider page

    @Test func page_KnownProfile_IssuesACode_WithStateEchoed_AndIsUsedUpOnce() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let connectionID = try S.createConnection(client, organizationID: try S.organizationID(client))
        let path = try S.pagePath(client, "connection=\(connectionID)&state=a%20b%26c")
        let response = try F.submit(client, path, [("email", "JANE@foocorp.com")])
        #expect(response.status == 302)
        let items = try F.query(of: response)
        #expect(items["state"] == "a b&c")
        #expect(items["code"]?.count == 32)
        #expect(response.header("Location")?.hasPrefix(F.redirectURI + "?code=") == true)
        // Used up: the page and a second submission answer 410, and no second code exists.
        #expect(try client.request("GET", path, key: nil).status == 410)
        let again = try F.submit(client, path, [("email", "jane@foocorp.com")])
        #expect(again.status == 410)
        #expect(again.header("Location") == nil)
        // The explicit action works the same.
        let second = try S.pagePath(client, "connection=\(connectionID)")
        let chosen = try F.submit(client, second, [("action", "sign-in"), ("email", "jane@foocorp.com")])
        #expect(try F.query(of: chosen)["code"] != nil)
        #expect(try F.query(of: chosen)["state"] == nil)
    }

    @Test func page_UnknownEmail_JoinsJustInTimeOnlyAtTheConnectionsDomains() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let connectionID = try S.createConnection(client, organizationID: try S.organizationID(client))
        let path = try S.pagePath(client, "connection=\(connectionID)&state=s")
        let before = try server.snapshot()
        for email in ["someone@elsewhere.test", "not-an-email", ""] {
            let refused = try F.submit(client, path, [("email", email)])
            #expect(refused.status == 400, "\(email)")
            #expect(refused.header("Location") == nil)
            #expect(refused.header("Content-Type")?.hasPrefix("text/html") == true)
        }
        #expect(try F.submit(client, path, [("email", "someone@elsewhere.test")]).text.contains("foocorp.com"))
        #expect(try server.snapshot() == before)

        let joined = try F.submit(client, path, [("email", "mary.ann.smith@foocorp.com")])
        #expect(joined.status == 302)
        let code = try #require(try F.query(of: joined)["code"])
        let profile = try S.token(client, S.grant(code)).json["profile"]
        #expect(profile["email"].string == "mary.ann.smith@foocorp.com")
        #expect(profile["first_name"].string == "Mary")
        #expect(profile["last_name"].string == "Ann Smith")
        #expect(profile["name"].string == "Mary Ann Smith")
        #expect(profile["groups"].array.isEmpty)
        #expect(profile["role"].isNull)
        #expect(profile["raw_attributes"].isObject && profile["custom_attributes"].isObject)
        // The new profile is listed from now on, with the same id on the next sign-in.
        let next = try S.pagePath(client, "connection=\(connectionID)")
        #expect(try client.request("GET", next, key: nil).text.contains("mary.ann.smith@foocorp.com"))
        let named = try F.submit(
            client,
            next,
            [("email", "mary.ann.smith@foocorp.com"), ("first_name", "Ignored")]
        )
        let again = try S.token(client, S.grant(try #require(try F.query(of: named)["code"]))).json["profile"]
        #expect(again["id"].string == profile["id"].string)
        #expect(again["first_name"].string == "Mary")
        // Names typed on the page name a new profile.
        let typed = try F.submit(
            client,
            try S.pagePath(client, "connection=\(connectionID)"),
            [("email", "x@foocorp.com"), ("first_name", "Xavier"), ("last_name", "Ng")]
        )
        let xavier = try S.token(client, S.grant(try #require(try F.query(of: typed)["code"]))).json["profile"]
        #expect(xavier["name"].string == "Xavier Ng")
    }

    @Test func page_FailureButtons_RedirectWithTheirErrors_AndIssueNoCode() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let connectionID = try S.createConnection(client, organizationID: try S.organizationID(client))
        let before = try server.snapshot()
        for (action, error) in [("deny", "access_denied"), ("error", "server_error")] {
            let path = try S.pagePath(client, "connection=\(connectionID)&state=st-\(action)")
            let response = try F.submit(client, path, [("action", action), ("email", "jane@foocorp.com")])
            #expect(response.status == 302)
            let items = try F.query(of: response)
            #expect(items["error"] == error)
            #expect(items["error_description"]?.isEmpty == false)
            #expect(items["state"] == "st-\(action)")
            #expect(items["code"] == nil)
        }
        let path = try S.pagePath(client, "connection=\(connectionID)")
        #expect(try F.submit(client, path, [("action", "oauth-error")]).status == 400)  // not an OAuth provider
        #expect(try F.submit(client, path, [("action", "bogus")]).status == 400)
        let google = try S.pagePath(client, "provider=GoogleOAuth&state=g")
        let failed = try F.submit(client, google, [("action", "oauth-error")])
        #expect(try F.query(of: failed)["error"] == "oauth_failed")
        #expect(try F.query(of: failed)["state"] == "g")
        let codes = try server.application.services.database.read { connection in
            try connection.fetchAll("SELECT code_hash FROM authorization_codes").count
        }
        #expect(codes == before.count("authorization_codes"))
    }

    @Test func page_OfADeletedOrDeactivatedConnection_AnswersGone() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try S.organizationID(client)
        let deleted = try S.createConnection(client, organizationID: organizationID)
        let path = try S.pagePath(client, "connection=\(deleted)")
        #expect(try client.request("DELETE", "/connections/\(deleted)").status == 204)
        #expect(try client.request("GET", path, key: nil).status == 410)
        #expect(try F.submit(client, path, [("email", "jane@foocorp.com")]).status == 410)

        let paused = try S.createConnection(client, organizationID: organizationID, domain: "paused.test")
        let pausedPath = try S.pagePath(client, "connection=\(paused)")
        _ = try client.request("PUT", "/_emulator/connections/\(paused)", json: #"{"state":"inactive"}"#)
        #expect(try F.submit(client, pausedPath, [("email", "jane@paused.test")]).status == 410)
    }

    @Test func page_EscapesEveryValue() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let response = try S.create(
            client,
            #"""
            {"organization_id":"\#(try S.organizationID(client))","connection_type":"GenericSAML",
             "name":"<script>alert(1)</script>","domains":["foocorp.com"],
             "profiles":[{"email":"o'hara@foocorp.com","first_name":"<b>Bold</b>"}]}
            """#
        )
        let id = try #require(response.json["id"].string)
        let page = try client.request("GET", try S.pagePath(client, "connection=\(id)"), key: nil).text
        #expect(!page.contains("<script>alert(1)</script>") && !page.contains("<b>Bold</b>"))
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && page.contains("o&#39;hara@foocorp.com"))
    }

    // MARK: POST /sso/token and GET /sso/profile

    @Test func token_JSONFormAndQuery_AnswerTheProfileAndAnAccessToken() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try S.organizationID(client)
        let connectionID = try S.createConnection(client, organizationID: organizationID)
        let query = "connection=\(connectionID)"

        let json = try S.token(client, S.grant(try S.code(client, email: "jane@foocorp.com", query: query)))
        #expect(json.status == 200)
        #expect(json.header("Content-Type") == "application/json")
        let body = json.json
        #expect(body.keys == ["access_token", "expires_in", "profile", "token_type"])
        #expect(body["token_type"].string == "Bearer")
        #expect(body["expires_in"].int == 600)
        let profile = body["profile"]
        #expect(
            profile.keys
                == [
                    "connection_id", "connection_type", "custom_attributes", "email", "first_name", "groups", "id",
                    "idp_id", "last_name", "name", "object", "organization_id", "raw_attributes", "role", "roles",
                ]
        )
        #expect(profile["object"].string == "profile")
        #expect(profile["id"].string?.hasPrefix("prof_") == true)
        #expect(profile["organization_id"].string == organizationID)
        #expect(profile["connection_id"].string == connectionID)
        #expect(profile["connection_type"].string == "OktaSAML")
        #expect(profile["idp_id"].string == "okta-jane")
        #expect(profile["email"].string == "jane@foocorp.com")
        #expect(profile["name"].string == "Jane Doe")
        #expect(profile["role"]["slug"].string == "admin")
        #expect(profile["roles"][0]["slug"].string == "admin")
        #expect(profile["groups"].array.compactMap(\.string) == ["Engineering", "Admins"])
        #expect(profile["custom_attributes"]["department"].string == "R&D")
        #expect(profile["raw_attributes"]["uid"].string == "okta-jane")

        // Node sends a form body; fields may also come in the query.
        let formCode = try S.code(client, email: "jane@foocorp.com", query: query)
        let form = try client.send(
            method: "POST",
            path: "/sso/token",
            headers: [("Content-Type", "application/x-www-form-urlencoded;charset=utf-8")],
            body: Array(
                F.form([
                    ("client_id", TestServer.clientID), ("client_secret", TestServer.apiKey),
                    ("grant_type", "authorization_code"), ("code", formCode),
                ]).utf8
            )
        )
        #expect(form.status == 200, "\(form.text)")
        #expect(form.json["profile"]["id"].string == profile["id"].string)
        let queryCode = try S.code(client, email: "jane@foocorp.com", query: query)
        let inQuery = try client.request(
            "POST",
            "/sso/token?grant_type=authorization_code&client_id=\(TestServer.clientID)&client_secret="
                + "\(TestServer.apiKey)&code=\(queryCode)",
            key: nil
        )
        #expect(inQuery.status == 200, "\(inQuery.text)")
        // The API key as Bearer header works as the secret too (what the SDKs add).
        let bearerCode = try S.code(client, email: "jane@foocorp.com", query: query)
        let bearer = try client.request(
            "POST",
            "/sso/token",
            json: F.json(S.grant(bearerCode, secret: false)),
            key: TestServer.apiKey
        )
        #expect(bearer.status == 200)

        // GET /sso/profile with the access token, not the API key.
        let accessToken = try #require(body["access_token"].string)
        let again = try client.request("GET", "/sso/profile", key: accessToken)
        #expect(again.status == 200)
        #expect(again.json["id"].string == profile["id"].string)
        #expect(again.json.keys == profile.keys)
        for key: String? in [nil, TestServer.apiKey, "not-a-token"] {
            let refused = try client.request("GET", "/sso/profile", key: key)
            #expect(refused.status == 401)
            #expect(refused.json["error"].string == "Unauthorized")
        }
        try server.execute("UPDATE sso_access_tokens SET expires_at = '2000-01-01T00:00:00.000Z'")
        #expect(try client.request("GET", "/sso/profile", key: accessToken).status == 401)
    }

    @Test func token_Errors_UseTheOAuthForm() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        // Not Example Corp's: alice@example.com must keep signing in on the AuthKit page below.
        let connectionID = try S.createConnection(client, organizationID: try S.createOrganization(client, name: "Foo"))
        let query = "connection=\(connectionID)"
        func code() throws -> String { try S.code(client, email: "jane@foocorp.com", query: query) }
        func expectError(_ response: TestResponse, _ error: String, _ note: String) {
            #expect(response.status == 400, "\(note): \(response.text)")
            #expect(response.json["error"].string == error, "\(note): \(response.text)")
            #expect(response.json["error_description"].string?.isEmpty == false, "\(note)")
        }
        let used = try code()
        #expect(try S.token(client, S.grant(used)).status == 200)
        expectError(try S.token(client, S.grant(used)), "invalid_grant", "reused")
        expectError(try S.token(client, S.grant("not-a-code")), "invalid_grant", "unknown")

        var wrongGrant = S.grant(try code())
        wrongGrant["grant_type"] = "urn:ietf:params:oauth:grant-type:token-exchange"
        expectError(try S.token(client, wrongGrant), "unsupported_grant_type", "token exchange")
        var noGrant = S.grant(try code())
        noGrant["grant_type"] = nil
        expectError(try S.token(client, noGrant), "invalid_request", "no grant_type")
        var noCode = S.grant("")
        noCode["code"] = nil
        expectError(try S.token(client, noCode), "invalid_request", "no code")
        var unknownClient = S.grant(try code())
        unknownClient["client_id"] = "client_unknown"
        expectError(try S.token(client, unknownClient), "invalid_client", "unknown client")
        var wrongSecret = S.grant(try code())
        wrongSecret["client_secret"] = "sk_test_wrong"
        expectError(try S.token(client, wrongSecret), "invalid_client", "wrong secret")
        expectError(try S.token(client, S.grant(try code(), secret: false)), "invalid_client", "no secret, no PKCE")
        let redirect = try code()
        var otherRedirect = S.grant(redirect)
        otherRedirect["redirect_uri"] = "http://localhost:1/other"
        expectError(try S.token(client, otherRedirect), "invalid_grant", "redirect_uri mismatch")

        // Another environment's client cannot redeem it, and its key is not this client's secret.
        let other = try client.request("POST", "/_emulator/environments", json: #"{"name":"other"}"#).json
        let foreign = try code()
        expectError(
            try S.token(
                client,
                [
                    "grant_type": "authorization_code", "client_id": try #require(other["client_id"].string),
                    "client_secret": try #require(other["api_key"].string), "code": foreign,
                ]
            ),
            "invalid_grant",
            "foreign client"
        )
        var foreignKey = S.grant(foreign)
        let otherKey: String = try #require(other["api_key"].string)
        foreignKey["client_secret"] = otherKey
        expectError(try S.token(client, foreignKey), "invalid_client", "foreign key")
        #expect(try S.token(client, S.grant(foreign)).status == 200)

        let expiring = try code()
        try server.execute(
            "UPDATE authorization_codes SET expires_at = '2000-01-01T00:00:00.000Z' WHERE used_at IS NULL"
        )
        expectError(try S.token(client, S.grant(expiring)), "invalid_grant", "expired")

        // Codes are bound to their API: AuthKit's are not SSO's, and the other way round.
        let authkit = try F.code(client, email: "alice@example.com")
        expectError(try S.token(client, S.grant(authkit)), "invalid_grant", "AuthKit code")
        let sso = try code()
        let atAuthKit = try F.authenticate(client, F.grant("authorization_code", ["code": sso]))
        #expect(atAuthKit.status == 400)
        #expect(atAuthKit.json["error"].string == "invalid_grant")
        #expect(try S.token(client, S.grant(authkit)).status == 400)  // still unused, still refused
    }

    @Test func token_WithPKCE_NeedsTheVerifier_AndNoSecret() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let connectionID = try S.createConnection(client, organizationID: try S.organizationID(client))
        let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"  // RFC 7636 Appendix B
        let query =
            "connection=\(connectionID)&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
            + "&code_challenge_method=S256"
        var pkce = S.grant(try S.code(client, email: "jane@foocorp.com", query: query), secret: false)
        pkce["code_verifier"] = verifier
        #expect(try S.token(client, pkce).status == 200)

        var wrong = S.grant(try S.code(client, email: "jane@foocorp.com", query: query), secret: false)
        wrong["code_verifier"] = String(repeating: "x", count: 43)
        #expect(try S.token(client, wrong).json["error"].string == "invalid_grant")
        let missing = try S.token(client, S.grant(try S.code(client, email: "jane@foocorp.com", query: query)))
        #expect(missing.json["error"].string == "invalid_grant")
        var unexpected = S.grant(try S.code(client, email: "jane@foocorp.com", query: "connection=\(connectionID)"))
        unexpected["code_verifier"] = verifier
        #expect(try S.token(client, unexpected).json["code"].string == "code_challenge_not_found")
    }

    @Test func oauthProvider_TokenCarriesOAuthTokens_AndAProfileWithoutOrganization() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let path = try S.pagePath(client, "provider=GoogleOAuth&state=g")
        let page = try client.request("GET", path, key: nil).text
        #expect(page.contains("Sign in with Google") && page.contains("Continue with Google as"))
        // Any Google account may consent (an unknown one joins the connection).
        let response = try F.submit(client, path, [("email", "new.user@gmail.test")])
        let code = try #require(try F.query(of: response)["code"])
        let body = try S.token(client, S.grant(code)).json
        #expect(body["oauth_tokens"]["provider"].string == "GoogleOAuth")
        #expect(body["oauth_tokens"]["access_token"].string?.isEmpty == false)
        #expect(body["oauth_tokens"]["refresh_token"].string?.isEmpty == false)
        #expect(body["oauth_tokens"]["expires_at"].int ?? 0 > Int(Date().timeIntervalSince1970))
        #expect(body["oauth_tokens"]["scopes"].array.compactMap(\.string) == ["openid", "profile", "email"])
        #expect(body["profile"]["connection_type"].string == "GoogleOAuth")
        #expect(body["profile"]["organization_id"].isNull)
        #expect(body["profile"]["first_name"].string == "New")
        // A SAML connection's token has no oauth_tokens.
        let connectionID = try S.createConnection(client, organizationID: try S.organizationID(client))
        let saml = try S.token(
            client,
            S.grant(
                try S.code(
                    client,
                    email: "jane@foocorp.com",
                    query: "connection=\(connectionID)"
                )
            )
        ).json
        #expect(!saml["oauth_tokens"].exists)
    }

    // MARK: SSO through AuthKit

    @Test func authkit_WithConnectionID_SignsInThroughTheIdentityProvider_CreatingTheUserAndMembership() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let acme = try S.createOrganization(client, name: "Acme SSO")
        let connectionID = try S.createConnection(client, organizationID: acme, domain: "acme-sso.test")
        let authorize = try F.authorize(client, "connection_id=\(connectionID)&state=ak")
        #expect(authorize.status == 302)
        let location = try #require(authorize.header("Location"))
        #expect(location.contains("/_emulator/sso/"))
        let path = try #require(URLComponents(string: location)).path
        let response = try F.submit(client, path, [("email", "jane@acme-sso.test")])
        let items = try F.query(of: response)
        #expect(items["state"] == "ak")
        let code = try #require(items["code"])
        // An AuthKit code is not redeemable at /sso/token.
        #expect(try S.token(client, S.grant(code)).json["error"].string == "invalid_grant")
        let secondPath = try F.pagePath(client, "connection_id=\(connectionID)")
        let secondCode = try #require(
            try F.query(of: try F.submit(client, secondPath, [("email", "jane@acme-sso.test")]))["code"]
        )
        let signedIn = try F.authenticate(client, F.grant("authorization_code", ["code": secondCode]))
        #expect(signedIn.status == 200, "\(signedIn.text)")
        let body = signedIn.json
        #expect(body["user"]["email"].string == "jane@acme-sso.test")
        #expect(body["user"]["first_name"].string == "Jane")
        #expect(body["user"]["email_verified"].bool == true)
        #expect(body["organization_id"].string == acme)
        #expect(body["authentication_method"].string == "SSO")
        let userID = try #require(body["user"]["id"].string)
        let memberships = try client.request(
            "GET",
            "/user_management/organization_memberships?user_id=\(userID)"
        ).json["data"].array
        #expect(memberships.count == 1)
        #expect(memberships.first?["organization_id"].string == acme)
        // The profile's role is applied when the organization knows it.
        #expect(memberships.first?["role"]["slug"].string == "admin")
        let event = try #require(try F.events(client, "authentication.sso_succeeded").first)
        #expect(event["data"]["type"].string == "sso")
        #expect(event["data"]["user_id"].string == userID)
        #expect(event["data"]["email"].string == "jane@acme-sso.test")
        #expect(event["data"]["sso"]["connection_id"].string == connectionID)
        #expect(event["data"]["sso"]["organization_id"].string == acme)
        #expect(try F.events(client, "session.created").count == 1)

        // The first code, redeemed now, links the same user (no second user, no second membership).
        let linked = try F.authenticate(client, F.grant("authorization_code", ["code": code]))
        #expect(linked.json["user"]["id"].string == userID)
        let all = try client.request("GET", "/user_management/organization_memberships?user_id=\(userID)").json
        #expect(all["data"].array.count == 1)
    }

    @Test func authkit_WithAnOrganizationThatHasAConnection_GoesToItsIdentityProvider_AndLinksExistingUsers() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let acme = try S.createOrganization(client, name: "Acme Linked")
        let bobID = try F.userID(client, email: "bob@example.com")
        #expect(try client.request("GET", "/user_management/users/\(bobID)").json["email_verified"].bool == false)
        _ = try S.createConnection(client, organizationID: acme, domain: "example.com")
        let path = try F.pagePath(client, "organization_id=\(acme)&state=o")
        #expect(path.hasPrefix("/_emulator/sso/"))
        let response = try F.submit(client, path, [("email", "bob@example.com")])  // just in time: example.com
        let code = try #require(try F.query(of: response)["code"])
        let signedIn = try F.authenticate(client, F.grant("authorization_code", ["code": code])).json
        #expect(signedIn["user"]["id"].string == bobID)
        #expect(signedIn["user"]["email_verified"].bool == true)
        #expect(signedIn["organization_id"].string == acme)
        // Unknown and inactive connections are invalid_connection at /user_management/authorize.
        let unknown = try F.authorize(client, "connection_id=conn_01UNKNOWN&state=u")
        #expect(try F.query(of: unknown)["error"] == "invalid_connection")
        let dormant = try S.createConnection(client, organizationID: acme, domain: "dormant.test", state: "inactive")
        #expect(try F.query(of: try F.authorize(client, "connection_id=\(dormant)"))["error"] == "invalid_connection")
    }

    @Test func authkitPage_AnEmailOfAnSSODomain_GoesToTheConnectionsIdentityProvider() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let acme = try S.createOrganization(client, name: "Captured", domains: ["captured.test"])
        let connectionID = try S.createConnection(client, organizationID: acme, domain: "captured.test")
        let amyID = try F.createUser(client, email: "amy@captured.test")
        for fields in [
            [("email", "amy@captured.test"), ("password", "correct-horse")],
            [("action", "choose"), ("email", "amy@captured.test")],
            [("action", "magic"), ("email", "amy@captured.test")],
        ] {
            let path = try F.pagePath(client, "provider=authkit&state=cap")
            let moved = try F.submit(client, path, fields)
            #expect(moved.status == 302, "\(fields): \(moved.text)")
            let location = try #require(moved.header("Location"))
            let token = path.replacingOccurrences(of: "/_emulator/authkit/", with: "")
            #expect(location == "http://127.0.0.1:\(server.port)/_emulator/sso/\(token)")
            let idp = try #require(URLComponents(string: location)).path
            #expect(try client.request("GET", idp, key: nil).text.contains(#"value="amy@captured.test""#))
            #expect(try client.request("GET", path, key: nil).status == 404)  // no longer an AuthKit page
            let back = try F.query(of: try F.submit(client, idp, [("email", "amy@captured.test")]))
            #expect(back["state"] == "cap")
            let code = try #require(back["code"])
            let body = try F.authenticate(client, F.grant("authorization_code", ["code": code])).json
            #expect(body["user"]["id"].string == amyID)
            #expect(body["authentication_method"].string == "SSO")
            #expect(body["organization_id"].string == acme)
        }
        #expect(try F.events(client, "authentication.sso_succeeded").count == 3)
        #expect(
            try F.events(client, "authentication.sso_succeeded").first?["data"]["sso"]["connection_id"].string
                == connectionID
        )
        #expect(try F.events(client, "magic_auth.created").isEmpty)  // captured before any code was sent
        // Other domains keep the AuthKit page.
        let path = try F.pagePath(client, "provider=authkit")
        let signedIn = try F.submit(client, path, [("email", "alice@example.com"), ("password", "alice-password")])
        #expect(try F.query(of: signedIn)["code"] != nil)
    }

    @Test func password_ForADomainWithAnActiveConnection_IsSSORequired() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let password = F.grant("password", ["email": "alice@example.com", "password": "alice-password"])
        #expect(try F.authenticate(client, password).status == 200)

        // Example Corp verified example.com: an active connection there makes its users sign in through SSO.
        let connectionID = try S.createConnection(
            client,
            organizationID: try S.organizationID(client),
            domain: "foocorp.com"
        )
        let refused = try F.authenticate(client, password)
        #expect(refused.status == 403)
        let body = refused.json
        #expect(body["error"].string == "sso_required")
        #expect(body["error_description"].string?.isEmpty == false)
        #expect(body["email"].string == "alice@example.com")
        #expect(body["connection_ids"].array.compactMap(\.string) == [connectionID])
        let failed = try #require(try F.events(client, "authentication.password_failed").first)
        #expect(failed["data"]["error"]["code"].string == "sso_required")
        // The connection's own domains count too, whatever the password.
        _ = try F.createUser(client, email: "dev@foocorp.com")
        let byDomain = try F.authenticate(
            client,
            F.grant("password", ["email": "dev@foocorp.com", "password": "wrong-password"])
        )
        #expect(byDomain.json["error"].string == "sso_required")
        // An inactive connection requires nothing.
        _ = try client.request("PUT", "/_emulator/connections/\(connectionID)", json: #"{"state":"inactive"}"#)
        #expect(try F.authenticate(client, password).status == 200)
    }
}
