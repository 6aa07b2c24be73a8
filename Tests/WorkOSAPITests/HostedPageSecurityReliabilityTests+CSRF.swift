// workos-emulator — CSRF on the hosted pages' forms: the unguessable token in the page's URL is the form's CSRF
// protection (emulator.md "Hosted sign-in pages"), so a form posted without it, with another page's, or with a used,
// expired or revoked one must act on nothing.
// Licensed MIT.

import EmulatorTesting
import Foundation
import Testing

extension HostedPageSecurityReliabilityTests {
    /// The tables a form could write to; a refused post must leave every one unchanged.
    static let formTables = [
        "authorization_codes", "users", "magic_auths", "sessions", "pending_authentications", "sso_profiles",
        "connections", "directories", "organization_domains", "device_authorizations", "events",
    ]

    /// The row counts of `formTables` plus every `used_at`/`completed_at`/`status` column, as one comparable value.
    static func formState(_ server: TestServer) throws -> [String] {
        let snapshot = try server.snapshot()
        var state: [String] = []
        for table in Self.formTables {
            state.append("\(table)=\(snapshot.count(table))")
        }
        for row in snapshot.tables["authorization_requests"] ?? [] {
            state.append("request \(row.values.map { $0.textValue ?? "-" }.joined(separator: "|"))")
        }
        for row in snapshot.tables["portal_links"] ?? [] {
            state.append("link \(row.values.map { $0.textValue ?? "-" }.joined(separator: "|"))")
        }
        return state
    }

    @Test func signInForms_PostedWithoutTheirPageToken_OrWithAnotherUsedOrExpiredOne_ActOnNothing() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try SSOFixtures.organizationID(client)
        let connectionID = try SSOFixtures.createConnection(client, organizationID: organizationID)
        // Not at example.com: that domain now signs in through the connection (SSO capture).
        _ = try F.createUser(client, email: "carol@other.test", password: "carol-password")
        // An expired page of each family first (every request created so far is moved into the past).
        let expiredAuthKit = try F.pagePath(client)
        let expiredSSO = try SSOFixtures.pagePath(client, "connection=\(connectionID)&state=s")
        try server.execute("UPDATE authorization_requests SET expires_at = '2000-01-01T00:00:00.000Z'")
        let usedSSO = try SSOFixtures.pagePath(client, "connection=\(connectionID)&state=s")
        #expect(try F.submit(client, usedSSO, [("email", "jane@foocorp.com")]).status == 302)
        let portal = try client.request(
            "POST", "/portal/generate_link", json: F.json(["organization": organizationID, "intent": "sso"])
        )
        let portalToken = try #require(portal.json["link"].string?.split(separator: "/").last.map(String.init))
        let usedAuthKit = try #require(try Self.usedPath(server, client, prefix: "/_emulator/authkit/"))
        let liveAuthKit = try F.pagePath(client)
        let liveSSO = try SSOFixtures.pagePath(client, "connection=\(connectionID)&state=s")
        let authKitToken = String(liveAuthKit.split(separator: "/").last ?? "")
        let ssoToken = String(liveSSO.split(separator: "/").last ?? "")

        let authKitTargets: [(String, String, Int)] = [
            ("no token", "/_emulator/authkit/", 404),
            ("unknown token", "/_emulator/authkit/" + String(repeating: "A", count: 32), 404),
            ("the SSO page's token", "/_emulator/authkit/" + ssoToken, 404),
            ("an Admin Portal token", "/_emulator/authkit/" + portalToken, 404),
            ("a used page", usedAuthKit, 410),
            ("an expired page", expiredAuthKit, 410),
        ]
        let authKitForms: [[(String, String)]] = [
            [("email", "alice@example.com"), ("password", "alice-password")],
            [("action", "choose"), ("email", "alice@example.com")],
            [("action", "sign-up"), ("email", "csrf-new@example.com"), ("password", "correct-horse")],
            [("action", "magic"), ("email", "csrf-magic@example.com")],
        ]
        let ssoTargets: [(String, String, Int)] = [
            ("no token", "/_emulator/sso/", 404),
            ("unknown token", "/_emulator/sso/" + String(repeating: "A", count: 32), 404),
            ("the AuthKit page's token", "/_emulator/sso/" + authKitToken, 404),
            ("an Admin Portal token", "/_emulator/sso/" + portalToken, 404),
            ("a used page", usedSSO, 410),
            ("an expired page", expiredSSO, 410),
        ]
        let ssoForms: [[(String, String)]] = [
            [("email", "jane@foocorp.com")],
            [("email", "csrf-jit@foocorp.com"), ("first_name", "Just"), ("last_name", "InTime")],
        ]
        var refused = 0
        let before = try Self.formState(server)
        for (targets, forms) in [(authKitTargets, authKitForms), (ssoTargets, ssoForms)] {
            for (name, path, status) in targets {
                for form in forms {
                    let response = try F.submit(client, path, form)
                    #expect(response.status == status, "\(path) (\(name)) \(form): \(response.status)")
                    #expect(response.header("Location") == nil, "\(name) \(form)")
                    refused += 1
                }
            }
        }
        #expect(try Self.formState(server) == before)
        #expect(refused == 36)

        // Another page's token acts on that page only: the code goes to its own redirect URI and state, and the
        // first page stays usable.
        let first = try F.pagePath(client, "provider=authkit&state=first")
        let second = try F.pagePath(client, "provider=authkit&state=second")
        let done = try F.submit(client, second, [("email", "carol@other.test"), ("password", "carol-password")])
        #expect(try F.query(of: done)["state"] == "second")
        #expect(try client.request("GET", first, key: nil).status == 200)
        #expect(try client.request("GET", second, key: nil).status == 410)
        #expect(try client.request("GET", liveAuthKit, key: nil).status == 200)
        #expect(try client.request("GET", liveSSO, key: nil).status == 200)
    }

    /// The path of a page that already issued its code.
    static func usedPath(_ server: TestServer, _ client: TestClient, prefix: String) throws -> String? {
        let path = try F.pagePath(client)
        let response = try F.submit(client, path, [("email", "carol@other.test"), ("password", "carol-password")])
        return response.status == 302 && response.header("Location")?.contains("code=") == true ? path : nil
    }

    @Test func adminPortalForms_PostedWithoutTheirLinkToken_OrWithAnotherUsedExpiredOrRevokedOne_ActOnNothing() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try SSOFixtures.organizationID(client)
        func link(_ intent: String, external: String? = nil) throws -> String {
            var fields = ["organization": organizationID, "intent": intent]
            if let external { fields["external_user_id"] = external }
            let generated = try client.request("POST", "/portal/generate_link", json: F.json(fields))
            let text = try #require(generated.json["link"].string)
            return try #require(URLComponents(string: text)?.path)
        }
        let expired = try link("sso")
        try server.execute("UPDATE portal_links SET expires_at = '2000-01-01T00:00:00.000Z'")
        let used = try link("audit_logs")
        #expect(try F.submit(client, used, []).status == 200)
        let revoked = try link("sso", external: "admin-1")
        #expect(
            try client.request(
                "POST", "/portal/revoke_link", json: F.json(["organization": organizationID, "external_user_id": "admin-1"])
            ).status == 204
        )
        let authKitToken = String(try F.pagePath(client).split(separator: "/").last ?? "")
        let targets: [(String, String, Int)] = [
            ("no token", "/portal/", 404),
            ("unknown token", "/portal/" + String(repeating: "A", count: 32), 404),
            ("an AuthKit page token", "/portal/" + authKitToken, 404),
            ("a used link", used, 410),
            ("an expired link", expired, 410),
            ("a revoked link", revoked, 410),
        ]
        let forms: [[(String, String)]] = [
            [("intent", "sso"), ("connection_type", "OktaSAML"), ("name", "CSRF connection")],
            [("intent", "dsync"), ("name", "CSRF directory")],
            [("intent", "domain_verification"), ("domain", "csrf.example")],
        ]
        let before = try Self.formState(server)
        var refused = 0
        for (name, path, status) in targets {
            for form in forms {
                let response = try F.submit(client, path, form)
                #expect(response.status == status, "\(path) (\(name)) \(form): \(response.status)")
                #expect(response.header("Location") == nil)
                refused += 1
            }
        }
        #expect(try Self.formState(server) == before)
        #expect(refused == 18)
    }

    @Test func deviceApproval_WithoutAUsableUserCode_ApprovesNothing() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        func userCode() throws -> String {
            let device = try client.request(
                "POST", "/user_management/authorize/device", json: F.json(["client_id": TestServer.clientID]), key: nil
            )
            return try #require(device.json["user_code"].string)
        }
        let expired = try userCode()
        try server.execute("UPDATE device_authorizations SET expires_at = '2000-01-01T00:00:00.000Z'")
        let approved = try userCode()
        let approval = [("action", "approve"), ("email", "alice@example.com")]
        #expect(try F.submit(client, "/_emulator/device", [("user_code", approved)] + approval).status == 200)
        let denied = try userCode()
        #expect(try F.submit(client, "/_emulator/device", [("user_code", denied), ("action", "deny")]).status == 200)
        let cases: [(String, [(String, String)], Int)] = [
            ("no user code", approval, 200),
            ("unknown user code", [("user_code", "BCDF-GHJK")] + approval, 400),
            ("malformed user code", [("user_code", "<script>")] + approval, 400),
            ("approved already", [("user_code", approved)] + approval, 400),
            ("denied already", [("user_code", denied)] + approval, 400),
            ("expired", [("user_code", expired)] + approval, 400),
            ("deny an approved one", [("user_code", approved), ("action", "deny")], 400),
        ]
        let before = try server.snapshot()
        for (name, form, status) in cases {
            let response = try F.submit(client, "/_emulator/device", form)
            #expect(response.status == status, "\(name): \(response.status)")
            #expect(!response.text.contains("Device approved"), "\(name)")
        }
        #expect(try server.snapshot() == before)
        #expect(cases.count == 7)
    }
}
