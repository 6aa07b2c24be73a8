// workos-emulator — Admin Portal links over real sockets: generate_link and revoke_link with every documented error,
// and the page each intent opens (the scripted protocol, single use, expiry, revocation, escaping).
// Licensed MIT.

import EmulatorTesting
import Foundation
import SQLite
import Testing

@Suite struct AdminPortalTests {
    static let intents = [
        "sso", "dsync", "audit_logs", "log_streams", "domain_verification", "certificate_renewal", "bring_your_own_key",
    ]
    static let successURL = "https://app.example.com/portal/done"

    // MARK: Fixtures

    /// A JSON body from a dictionary (so that hostile strings are encoded correctly).
    private static func json(_ object: [String: Any]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    /// A new organization (any name, optionally with verified domains); answers its id.
    private static func organizationID(
        _ client: TestClient, name: String = "Portal Corp", domains: [String] = []
    )
        throws -> String
    {
        var body: [String: Any] = ["name": name]
        if !domains.isEmpty { body["domain_data"] = domains.map { ["domain": $0, "state": "verified"] } }
        let response = try client.request("POST", "/organizations", json: try self.json(body))
        try #require(response.status == 201, "create organization: \(response.status) \(response.text)")
        return try #require(response.json["id"].string)
    }

    /// `POST /portal/generate_link` with `body`.
    private static func generate(
        _ client: TestClient, _ body: [String: Any], headers: [(String, String)] = []
    )
        throws -> TestResponse
    {
        try client.request("POST", "/portal/generate_link", json: try self.json(body), headers: headers)
    }

    /// The path of a new link of `organizationID` with `intent` (and `extra` body fields).
    private static func linkPath(
        _ client: TestClient, organizationID: String, intent: String?, extra: [String: Any] = [:]
    ) throws -> String {
        var body = extra
        body["organization"] = organizationID
        if let intent { body["intent"] = intent }
        let response = try self.generate(client, body)
        try #require(response.status == 201, "generate_link: \(response.status) \(response.text)")
        let link = try #require(response.json["link"].string)
        return try #require(URLComponents(string: link)).path
    }

    /// POSTs a form to a page (no API key).
    private static func submit(
        _ client: TestClient, _ path: String, _ fields: [(String, String)] = []
    ) throws
        -> TestResponse
    {
        try client.send(
            method: "POST", path: path, headers: [("Content-Type", "application/x-www-form-urlencoded")],
            body: Array(AuthKitFixtures.form(fields).utf8)
        )
    }

    /// GETs a page (no API key).
    private static func page(_ client: TestClient, _ path: String) throws -> TestResponse {
        try client.request("GET", path, key: nil)
    }

    /// The events of the given types, oldest first (only `organizationID`'s when given).
    private static func events(
        _ client: TestClient, _ names: String, organizationID: String? = nil
    ) throws
        -> [TestJSON]
    {
        let filter = organizationID.map { "&organization_id=\($0)" } ?? ""
        return try client.request("GET", "/events?limit=100&order=asc&events=\(names)\(filter)").json["data"].array
    }

    // MARK: POST /portal/generate_link

    @Test func generateLink_Answers201_WithAnUnguessableLinkOnTheHostTheClientUsed() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try Self.organizationID(client)
        let direct = try Self.generate(client, ["organization": organizationID, "intent": "sso"])
        #expect(direct.status == 201)
        #expect(direct.header("Content-Type") == "application/json")
        #expect(direct.json.keys == ["link"])
        let link = try #require(direct.json["link"].string)
        #expect(link.hasPrefix("http://127.0.0.1:\(server.port)/portal/"))
        let token = String(link.dropFirst("http://127.0.0.1:\(server.port)/portal/".count))
        #expect(token.count >= 32)
        #expect(token.allSatisfy { $0.isLetter || $0.isNumber })

        // Behind a compose service name or a TLS proxy, the link uses what the client reached.
        let proxied = try Self.generate(
            client, ["organization": organizationID],
            headers: [("Host", "workos:8484"), ("X-Forwarded-Proto", "https")]
        )
        #expect(proxied.json["link"].string?.hasPrefix("https://workos:8484/portal/") == true)
        #expect(proxied.json["link"].string != link)
        // Only the digest of the token is stored.
        let rows = try server.snapshot().tables["portal_links"] ?? []
        #expect(rows.count == 2)
        #expect(!rows.contains { row in row.values.contains { $0.textValue?.contains(token) == true } })
    }

    @Test func generateLink_EveryIntentOfTheSpec_OpensItsPage() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try Self.organizationID(client)
        let titles = [
            "sso": "Set up Single Sign-On", "dsync": "Set up Directory Sync", "audit_logs": "Audit Logs",
            "log_streams": "Log Streams", "domain_verification": "Verify a domain",
            "certificate_renewal": "Renew SAML certificates", "bring_your_own_key": "Bring Your Own Key",
        ]
        for intent in Self.intents {
            let path = try Self.linkPath(client, organizationID: organizationID, intent: intent)
            let page = try Self.page(client, path)
            #expect(page.status == 200, "\(intent)")
            #expect(page.header("Content-Type") == "text/html; charset=utf-8")
            #expect(page.header("Cache-Control") == "no-store")
            #expect(page.text.contains("<h1>\(titles[intent] ?? "?")</h1>"), "\(intent)")
            #expect(page.text.contains("WorkOS emulator · Admin Portal"))
            #expect(page.text.contains("Organization: Portal Corp"))
            #expect(page.text.contains("<form method=\"post\" action=\"\(path)\">"), "\(intent)")
        }
    }

    @Test func generateLink_RefusesBadInput_AndWritesNothing() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try Self.organizationID(client)
        let before = try server.snapshot()

        let unknown = try Self.generate(client, ["organization": "org_01NOPE", "intent": "sso"])
        #expect(unknown.status == 404)
        #expect(unknown.json["message"].string == "Organization not found: 'org_01NOPE'.")

        let missing = try Self.generate(client, ["intent": "sso"])
        #expect(missing.status == 422)
        #expect(missing.json["errors"][0]["field"].string == "organization")

        let badIntent = try Self.generate(client, ["organization": organizationID, "intent": "sso_setup"])
        #expect(badIntent.status == 422)
        #expect(badIntent.json["errors"][0]["field"].string == "intent")
        #expect(badIntent.json["errors"][0]["message"].string?.contains("bring_your_own_key") == true)

        for (key, value) in [
            ("intent", 7 as Any), ("return_url", "javascript:alert(1)"), ("success_url", "/relative/path"),
            ("success_url", "ftp://files.example.com/"), ("it_contact_emails", "it@example.com"),
            ("it_contact_emails", ["not-an-email"]), ("external_user_id", ["x"]),
        ] {
            let response = try Self.generate(client, ["organization": organizationID, key: value])
            #expect(response.status == 422, "\(key)=\(value)")
            #expect(response.json["errors"][0]["field"].string?.hasPrefix(key) == true, "\(key)=\(value)")
        }
        let tooMany = (0...20).map { "it\($0)@example.com" }
        let many = try Self.generate(client, ["organization": organizationID, "it_contact_emails": tooMany])
        #expect(many.status == 422)

        let unauthenticated = try client.request(
            "POST", "/portal/generate_link", json: #"{"organization":"\#(organizationID)"}"#, key: nil
        )
        #expect(unauthenticated.status == 401)
        #expect(try server.snapshot() == before)
    }

    @Test func generateLink_IsScopedToTheEnvironment() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try Self.organizationID(client)
        let other = try client.request("POST", "/_emulator/environments", json: #"{"name":"other"}"#)
        let otherKey = try #require(other.json["api_key"].string)
        let response = try client.request(
            "POST", "/portal/generate_link", json: #"{"organization":"\#(organizationID)"}"#, key: otherKey
        )
        #expect(response.status == 404)
    }

    // MARK: The page: lifetime

    @Test func page_UnknownLink_Is404_AndExpiredLinksAre410() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try Self.organizationID(client)
        let unknown = try Self.page(client, "/portal/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
        #expect(unknown.status == 404)
        #expect(unknown.text.contains("role=\"alert\""))
        #expect(try Self.submit(client, "/portal/nope", [("type", "okta scim v2.0")]).status == 404)

        // Unopened for five minutes: expired.
        let path = try Self.linkPath(client, organizationID: organizationID, intent: "dsync")
        try server.execute("UPDATE portal_links SET expires_at = '2000-01-01T00:00:00.000Z'")
        let expired = try Self.page(client, path)
        #expect(expired.status == 410)
        #expect(expired.text.contains("expired"))
        #expect(try Self.submit(client, path).status == 410)
        #expect(try server.snapshot().count("directories") == 0)
    }

    @Test func page_OpenedLink_OutlivesFiveMinutes_UntilItsSessionEnds() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try Self.organizationID(client)
        let path = try Self.linkPath(client, organizationID: organizationID, intent: "dsync")
        #expect(try Self.page(client, path).status == 200)
        try server.execute("UPDATE portal_links SET expires_at = '2000-01-01T00:00:00.000Z'")
        #expect(try Self.page(client, path).status == 200)
        try server.execute("UPDATE portal_links SET session_expires_at = '2000-01-01T00:00:00.000Z'")
        #expect(try Self.page(client, path).status == 410)
        #expect(try Self.submit(client, path).status == 410)
    }

    @Test func page_IsUsedUpOnceItsIntentIsDone() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try Self.organizationID(client)
        let path = try Self.linkPath(
            client, organizationID: organizationID, intent: "dsync", extra: ["success_url": Self.successURL]
        )
        let done = try Self.submit(client, path, [("type", "okta scim v2.0")])
        #expect(done.status == 302)
        #expect(done.header("Location") == Self.successURL)
        let reopened = try Self.page(client, path)
        #expect(reopened.status == 410)
        #expect(reopened.text.contains("already used"))
        let again = try Self.submit(client, path, [("type", "okta scim v2.0")])
        #expect(again.status == 410)
        #expect(again.header("Location") == nil)
        #expect(try server.snapshot().count("directories") == 1)
    }

    // MARK: The page: intents

    @Test func sso_CreatesAnActiveConnectionWithTheOrganizationsDomains_AndEmitsConnectionActivated() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try Self.organizationID(client, name: "SSO Corp", domains: ["sso.example.com"])
        let path = try Self.linkPath(
            client, organizationID: organizationID, intent: "sso", extra: ["success_url": Self.successURL]
        )
        let seeded = try server.snapshot().count("connections")
        let page = try Self.page(client, path).text
        #expect(page.contains("This organization has no SSO connection yet."))
        #expect(page.contains("<option value=\"GenericSAML\" selected>"))
        #expect(page.contains("<option value=\"EntraIdOIDC\">"))
        #expect(!page.contains("GoogleOAuth"))
        #expect(page.contains("Domains: sso.example.com"))

        for type in ["GoogleOAuth", "Pending", "NotAType"] {
            let refused = try Self.submit(client, path, [("connection_type", type)])
            #expect(refused.status == 400, "\(type)")
            #expect(refused.text.contains("Choose a SAML or OpenID Connect connection type."))
        }
        #expect(try server.snapshot().count("connections") == seeded)

        let done = try Self.submit(client, path, [("connection_type", "OktaSAML"), ("name", "Okta SSO")])
        #expect(done.status == 302)
        #expect(done.header("Location") == Self.successURL)
        let events = try Self.events(client, "connection.activated", organizationID: organizationID)
        #expect(events.count == 1)
        let data = try #require(events.first)["data"]
        #expect(data["object"].string == "connection")
        #expect(data["id"].string?.hasPrefix("conn_") == true)
        #expect(data["organization_id"].string == organizationID)
        #expect(data["connection_type"].string == "OktaSAML")
        #expect(data["name"].string == "Okta SSO")
        #expect(data["state"].string == "active")
        #expect(data["domains"][0]["domain"].string == "sso.example.com")
        #expect(try server.snapshot().count("connections") == seeded + 1)
        let listed = try client.request("GET", "/connections?organization_id=\(organizationID)").json["data"].array
        #expect(listed.map { $0["id"].string } == [data["id"].string])
        #expect(listed.first?["state"].string == "active")

        // The next link lists it.
        let next = try Self.linkPath(client, organizationID: organizationID, intent: "sso")
        #expect(try Self.page(client, next).text.contains("<li>Okta SSO · OktaSAML · active</li>"))
    }

    @Test func dsync_CreatesALinkedDirectory_AndEmitsDsyncActivated() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try Self.organizationID(client, name: "Dir Corp", domains: ["dir.example.com"])
        let path = try Self.linkPath(
            client, organizationID: organizationID, intent: "dsync", extra: ["success_url": Self.successURL]
        )
        let page = try Self.page(client, path).text
        #expect(page.contains("This organization has no directory yet."))
        #expect(page.contains("<option value=\"generic scim v2.0\" selected>"))
        #expect(page.contains("<option value=\"workday\">"))

        let bad = try Self.submit(client, path, [("type", "ldap")])
        #expect(bad.status == 400)
        #expect(bad.text.contains("Choose a directory type."))
        let badDomain = try Self.submit(client, path, [("domain", "not a domain")])
        #expect(badDomain.status == 400)
        #expect(try server.snapshot().count("directories") == 0)

        let done = try Self.submit(
            client, path, [("type", "okta scim v2.0"), ("name", "Okta directory"), ("domain", "Dir.Example.com")]
        )
        #expect(done.status == 302)
        let events = try Self.events(client, "dsync.activated")
        #expect(events.count == 1)
        let data = try #require(events.first)["data"]
        #expect(data["object"].string == "directory")
        #expect(data["id"].string?.hasPrefix("directory_") == true)
        #expect(data["organization_id"].string == organizationID)
        #expect(data["type"].string == "okta scim v2.0")
        #expect(data["name"].string == "Okta directory")
        #expect(data["state"].string == "active")
        #expect(data["external_key"].string?.isEmpty == false)
        #expect(data["domains"][0]["object"].string == "organization_domain")
        #expect(data["domains"][0]["domain"].string == "dir.example.com")
        #expect(data["created_at"].string?.hasSuffix("Z") == true)
        let rows = try #require(try server.snapshot().tables["directories"])
        #expect(rows.count == 1)
        #expect(rows.first?["state"] as SQLValue? == .text("linked"))
        #expect(rows.first?["domain"] as SQLValue? == .text("dir.example.com"))
    }

    @Test func dsync_Defaults_NameToTheOrganizationsAndTypeToGenericSCIM_AndAcceptsJSON() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try Self.organizationID(client, name: "Default Corp")
        let path = try Self.linkPath(client, organizationID: organizationID, intent: "dsync")
        let done = try client.request("POST", path, json: "{}", key: nil)
        #expect(done.status == 200)
        #expect(done.text.contains("Set up Directory Sync: done"))
        #expect(done.text.contains("Created the generic scim v2.0 directory Default Corp"))
        let data = try #require(try Self.events(client, "dsync.activated").first)["data"]
        #expect(data["name"].string == "Default Corp")
        #expect(data["type"].string == "generic scim v2.0")
    }

    @Test func domainVerification_AddsAndVerifiesADomain_WithItsEvents() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try Self.organizationID(client)
        let path = try Self.linkPath(
            client, organizationID: organizationID, intent: "domain_verification",
            extra: ["success_url": Self.successURL]
        )
        #expect(try Self.page(client, path).text.contains("This organization has no domain yet."))
        #expect(try Self.submit(client, path).status == 400)
        #expect(try Self.submit(client, path, [("domain", "-bad-")]).status == 400)
        let done = try Self.submit(client, path, [("domain", "New.Example.com")])
        #expect(done.status == 302)
        #expect(done.header("Location") == Self.successURL)
        let events = try Self.events(
            client, "organization_domain.created,organization_domain.verified", organizationID: organizationID
        )
        #expect(events.map { $0["event"].string } == ["organization_domain.created", "organization_domain.verified"])
        #expect(events.last?["data"]["domain"].string == "new.example.com")
        #expect(events.last?["data"]["state"].string == "verified")
        let organization = try client.request("GET", "/organizations/\(organizationID)").json
        #expect(organization["domains"][0]["domain"].string == "new.example.com")
        #expect(organization["domains"][0]["state"].string == "verified")
    }

    @Test func domainVerification_VerifiesAPendingDomainOfTheOrganization() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try Self.organizationID(client)
        let otherID = try Self.organizationID(client, name: "Other Corp")
        let pending = try client.request(
            "POST", "/organization_domains",
            json: #"{"domain":"pending.example.com","organization_id":"\#(organizationID)"}"#
        )
        let domainID = try #require(pending.json["id"].string)
        let foreign = try client.request(
            "POST", "/organization_domains", json: #"{"domain":"foreign.example.com","organization_id":"\#(otherID)"}"#
        )
        let foreignID = try #require(foreign.json["id"].string)
        let path = try Self.linkPath(client, organizationID: organizationID, intent: "domain_verification")
        let page = try Self.page(client, path).text
        #expect(page.contains("<input type=\"hidden\" name=\"domain_id\" value=\"\(domainID)\">"))
        #expect(page.contains("pending · Verify"))

        let refused = try Self.submit(client, path, [("domain_id", foreignID)])
        #expect(refused.status == 400)
        #expect(try client.request("GET", "/organization_domains/\(foreignID)").json["state"].string == "pending")

        let done = try Self.submit(client, path, [("domain_id", domainID)])
        #expect(done.status == 200)
        #expect(done.text.contains("Verified pending.example.com."))
        #expect(try client.request("GET", "/organization_domains/\(domainID)").json["state"].string == "verified")
    }

    @Test func domainVerification_ADomainAnotherOrganizationVerified_Is409AndWritesNothing() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        _ = try Self.organizationID(client, name: "Owner", domains: ["taken.example.com"])
        let organizationID = try Self.organizationID(client)
        let path = try Self.linkPath(client, organizationID: organizationID, intent: "domain_verification")
        let before = try server.snapshot()
        let response = try Self.submit(client, path, [("domain", "taken.example.com")])
        #expect(response.status == 409)
        #expect(response.text.contains("Another organization has already verified taken.example.com."))
        #expect(try server.snapshot() == before)
        // The link is still usable.
        #expect(try Self.submit(client, path, [("domain", "free.example.com")]).status == 200)
    }

    @Test func auditLogsAndOtherIntents_SayThereIsNothingToConfigure_AndFinish() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try Self.organizationID(client)
        let expected = [
            "audit_logs": "no audit log events", "log_streams": "Log streams are not emulated",
            "certificate_renewal": "nothing to configure in the emulator",
            "bring_your_own_key": "nothing to configure in the emulator",
        ]
        for (intent, text) in expected {
            let path = try Self.linkPath(
                client, organizationID: organizationID, intent: intent,
                extra: ["return_url": "https://app.example.com/settings"]
            )
            let page = try Self.page(client, path)
            #expect(page.text.contains(text), "\(intent)")
            #expect(page.text.contains("<a href=\"https://app.example.com/settings\">Back to the application</a>"))
            #expect(page.text.contains("<button type=\"submit\">Done</button>"))
            let done = try Self.submit(client, path)
            #expect(done.status == 200, "\(intent)")
            #expect(done.text.contains("You can close this page."))
            #expect(done.text.contains("https://app.example.com/settings"))
            #expect(try Self.page(client, path).status == 410)
        }
    }

    @Test func linkWithoutIntent_ShowsTheMenu_AndThePostedIntentPicksTheAction() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try Self.organizationID(client)
        let path = try Self.linkPath(client, organizationID: organizationID, intent: nil)
        let menu = try Self.page(client, path).text
        for intent in Self.intents {
            #expect(menu.contains("href=\"\(path)?intent=\(intent)\""), "\(intent)")
        }
        let dsyncPage = try Self.page(client, path + "?intent=dsync").text
        #expect(dsyncPage.contains("<input type=\"hidden\" name=\"intent\" value=\"dsync\">"))
        #expect(try Self.submit(client, path).status == 400)
        #expect(try Self.submit(client, path, [("intent", "nope")]).status == 400)
        let done = try Self.submit(client, path, [("intent", "dsync"), ("type", "hibob")])
        #expect(done.status == 200)
        #expect(try Self.events(client, "dsync.activated").first?["data"]["type"].string == "hibob")
    }

    @Test func linkWithAnIntent_RefusesAnotherPostedIntent() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try Self.organizationID(client)
        let path = try Self.linkPath(client, organizationID: organizationID, intent: "audit_logs")
        let before = try server.snapshot()
        let response = try Self.submit(client, path, [("intent", "dsync")])
        #expect(response.status == 400)
        #expect(response.text.contains("This link is for Audit Logs."))
        #expect(try server.snapshot() == before)
    }

    @Test func page_EscapesEveryValue_ScriptsInNamesNeverRun() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let hostile = "<script>alert(1)</script>\"'&"
        let organizationID = try Self.organizationID(client, name: hostile)
        let first = try Self.linkPath(client, organizationID: organizationID, intent: "dsync")
        #expect(try Self.submit(client, first, [("name", "<img src=x onerror=alert(2)>")]).status == 200)
        for intent in Self.intents + [nil] {
            let path = try Self.linkPath(
                client, organizationID: organizationID, intent: intent,
                extra: [
                    "return_url": "https://app.example.com/back?a='x'&b=%22%3E%3Cscript%3E",
                    "it_contact_emails": ["o'brien@example.com"],
                ]
            )
            let page = try Self.page(client, path).text
            #expect(!page.contains("<script"), "\(intent ?? "none")")
            #expect(!page.contains("<img"), "\(intent ?? "none")")
            #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;"), "\(intent ?? "none")")
            #expect(page.contains("href=\"https://app.example.com/back?a=&#39;x&#39;&amp;b=%22%3E%3Cscript%3E\""))
            #expect(page.contains("o&#39;brien@example.com"))
        }
        let listing = try Self.page(client, try Self.linkPath(client, organizationID: organizationID, intent: "dsync"))
        #expect(listing.text.contains("&lt;img src=x onerror=alert(2)&gt; · generic scim v2.0 · linked"))
        // A re-rendered page escapes what was submitted too.
        let path = try Self.linkPath(client, organizationID: organizationID, intent: "domain_verification")
        let error = try Self.submit(client, path, [("domain", "<script>x</script>.com")])
        #expect(error.status == 400)
        #expect(!error.text.contains("<script"))
    }

    // MARK: POST /portal/revoke_link

    @Test func revokeLink_EndsEveryLinkOfThatAdmin_OnlyInThatOrganization() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try Self.organizationID(client)
        let otherID = try Self.organizationID(client, name: "Other")
        let opened = try Self.linkPath(
            client, organizationID: organizationID, intent: "dsync", extra: ["external_user_id": "admin-1"]
        )
        #expect(try Self.page(client, opened).status == 200)
        let unopened = try Self.linkPath(
            client, organizationID: organizationID, intent: "sso", extra: ["external_user_id": "admin-1"]
        )
        let someoneElse = try Self.linkPath(
            client, organizationID: organizationID, intent: "sso", extra: ["external_user_id": "admin-2"]
        )
        let otherOrganization = try Self.linkPath(
            client, organizationID: otherID, intent: "sso", extra: ["external_user_id": "admin-1"]
        )
        let response = try client.request(
            "POST", "/portal/revoke_link",
            json: #"{"organization":"\#(organizationID)","external_user_id":"admin-1"}"#
        )
        #expect(response.status == 204)
        #expect(response.body.isEmpty)
        for path in [opened, unopened] {
            let page = try Self.page(client, path)
            #expect(page.status == 410)
            #expect(page.text.contains("revoked"))
            #expect(try Self.submit(client, path).status == 410)
        }
        #expect(try Self.page(client, someoneElse).status == 200)
        #expect(try Self.page(client, otherOrganization).status == 200)
        #expect(try server.snapshot().count("directories") == 0)
    }

    @Test func revokeLink_RefusesMissingFieldsAndUnknownOrganizations() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try Self.organizationID(client)
        let missing = try client.request("POST", "/portal/revoke_link", json: #"{"organization":"\#(organizationID)"}"#)
        #expect(missing.status == 422)
        #expect(missing.json["errors"][0]["field"].string == "external_user_id")
        let unknown = try client.request(
            "POST", "/portal/revoke_link", json: #"{"organization":"org_01NOPE","external_user_id":"a"}"#
        )
        #expect(unknown.status == 404)
        // Nothing to revoke is not an error.
        let none = try client.request(
            "POST", "/portal/revoke_link", json: #"{"organization":"\#(organizationID)","external_user_id":"a"}"#
        )
        #expect(none.status == 204)
    }
}
