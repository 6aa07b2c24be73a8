// workos-emulator — GET /_emulator/inspector over real sockets: the loopback rule, the token, what the page shows.
// Licensed MIT.

import EmulatorTesting
import Foundation
import SQLite
import Testing

@testable import WorkOSAPI

@Suite struct InspectorTests {
    static let path = "/_emulator/inspector"
    static let token = "inspector-token-0123456789abcdef"

    /// A server whose every client counts as remote (`Configuration.inspectorTreatsEveryPeerAsRemote`, the test-only
    /// hook), optionally started with `--inspector-token`.
    static func remoteServer(token: String? = nil) throws -> TestServer {
        try TestServer { configuration in
            configuration.inspectorTreatsEveryPeerAsRemote = true
            configuration.inspectorToken = token
        }
    }

    static func page(
        _ client: TestClient,
        _ path: String = Self.path,
        headers: [(String, String)] = []
    )
        throws -> TestResponse
    {
        try client.request("GET", path, key: nil, headers: headers)
    }

    // MARK: Access

    @Test func inspector_OnLoopback_IsServedAsHTMLWithTheSecurityHeaders() throws {
        let server = try TestServer()
        defer { server.stop() }
        let response = try Self.page(server.client())
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "text/html; charset=utf-8")
        #expect(response.header("Cache-Control") == "no-store")
        #expect(response.header("X-Frame-Options") == "DENY")
        #expect(response.header("Content-Security-Policy") == "default-src 'none'; style-src 'unsafe-inline'")
        #expect(response.header("Referrer-Policy") == "no-referrer")
        #expect(response.text.contains("<h1>Default</h1>"))
        #expect(!response.text.contains("<script"))
    }

    @Test func inspector_FromARemotePeerWithoutTheFlag_Answers404ExactlyLikeAnUnknownPath() throws {
        let server = try Self.remoteServer()
        defer { server.stop() }
        let client = server.client()
        let hidden = try Self.page(client, Self.path + "?token=" + Self.token)
        let unknown = try Self.page(client, "/_emulator/inspectorx")
        #expect(hidden.status == 404 && unknown.status == 404)
        #expect(hidden.header("Content-Type") == unknown.header("Content-Type"))
        #expect(hidden.json["code"].string == unknown.json["code"].string)
        #expect(hidden.json["message"].string == "The requested path '\(Self.path)' could not be found.")
        // A method probe does not reveal it either (405 would list GET).
        for method in ["POST", "PUT", "DELETE", "OPTIONS"] {
            let probe = try client.request(method, Self.path, key: nil)
            #expect(probe.status == 404, "\(method)")
            #expect(probe.header("Allow") == nil)
        }
    }

    @Test func inspector_FromLoopbackThroughAForwardingProxy_IsTreatedAsRemote() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        for header in ["Forwarded", "X-Forwarded-For", "X-Real-IP"] {
            let response = try Self.page(client, headers: [(header, "203.0.113.9")])
            #expect(response.status == 404, "\(header)")
        }
        #expect(try client.request("POST", Self.path, key: nil).status == 405)
    }

    @Test func inspector_WithTheFlag_RemoteWithoutTheTokenOrWithAWrongOne_Answers401WithoutDetail() throws {
        let server = try Self.remoteServer(token: Self.token)
        defer { server.stop() }
        let client = server.client()
        let wrong = Self.token + "x"
        let attempts: [(String, [(String, String)])] = [
            (Self.path, []),
            (Self.path, [("Authorization", "Bearer \(wrong)")]),
            (Self.path, [("Authorization", "Bearer \(Self.token.dropLast())")]),
            (Self.path, [("Authorization", "Basic \(Self.token)")]),
            (Self.path, [("Cookie", "workos_emulator_inspector=\(wrong)")]),
            (Self.path, [("Cookie", "other=\(Self.token)")]),
            (Self.path + "?token=\(wrong)", []),
            (Self.path + "?token=", []),
            // A wrong query token is refused even with a right cookie: the query is what was presented last.
            (Self.path + "?token=\(wrong)", [("Cookie", "workos_emulator_inspector=\(Self.token)")]),
        ]
        for (path, headers) in attempts {
            let response = try Self.page(client, path, headers: headers)
            #expect(response.status == 401, "\(path) \(headers)")
            #expect(response.json["code"].string == "unauthorized")
            #expect(response.header("Set-Cookie") == nil)
            #expect(!response.text.contains(Self.token))
        }
        let browser = try Self.page(client, headers: [("Accept", "text/html,application/xhtml+xml")])
        #expect(browser.status == 401)
        #expect(browser.header("Content-Type") == "text/html; charset=utf-8")
        #expect(browser.header("Cache-Control") == "no-store")
        #expect(browser.text.contains("Unauthorized") && !browser.text.contains("token"))
    }

    @Test func inspector_WithTheFlag_AQueryTokenRedirectsToTheURLWithoutIt_AndTheCookieThenWorks() throws {
        let server = try Self.remoteServer(token: Self.token)
        defer { server.stop() }
        let client = server.client()
        let environmentID = try SessionFixtures.environment(server).id
        let redirect = try Self.page(client, Self.path + "?environment=\(environmentID)&token=\(Self.token)&limit=5")
        #expect(redirect.status == 303)
        #expect(redirect.header("Location") == Self.path + "?environment=\(environmentID)&limit=5")
        #expect(
            redirect.header("Set-Cookie")
                == "workos_emulator_inspector=\(Self.token); HttpOnly; SameSite=Strict; Path=/_emulator/inspector"
        )
        #expect(redirect.header("Referrer-Policy") == "no-referrer")
        let location = try #require(redirect.header("Location"))
        let cookie = "theme=dark; workos_emulator_inspector=\(Self.token); other=1"
        let page = try Self.page(client, location, headers: [("Cookie", cookie)])
        #expect(page.status == 200)
        #expect(page.text.contains("up to 5 rows per section"))
        #expect(try Self.page(client, location).status == 401)

        let bare = try Self.page(client, Self.path + "?token=\(Self.token)")
        #expect(bare.header("Location") == Self.path)
    }

    @Test func inspector_WithTheFlag_ABearerTokenIsServed() throws {
        let server = try Self.remoteServer(token: Self.token)
        defer { server.stop() }
        let response = try Self.page(server.client(), headers: [("Authorization", "Bearer \(Self.token)")])
        #expect(response.status == 200)
        #expect(response.text.contains("<h1>Default</h1>"))
    }

    @Test func inspector_WithTheFlag_LoopbackStillNeedsNoToken() throws {
        let server = try TestServer { $0.inspectorToken = Self.token }
        defer { server.stop() }
        #expect(try Self.page(server.client()).status == 200)
    }

    @Test func inspectorToken_ThatIsTooShortOrNotCookieSafe_StopsTheStart() throws {
        for bad in ["short", String(repeating: "a", count: 257), "0123456789abcdef;x", "0123456789 abcdef"] {
            #expect(throws: ConfigurationError.self) {
                _ = try TestServer { $0.inspectorToken = bad }
            }
            var command = try EmulatorCommand.parse(["--inspector-token", bad])
            #expect(throws: (any Error).self) { _ = try command.makeConfiguration(environment: [:]) }
            command = try EmulatorCommand.parse([])
            #expect(throws: (any Error).self) {
                _ = try command.makeConfiguration(environment: ["WORKOS_EMULATOR_INSPECTOR_TOKEN": bad])
            }
        }
        let fromFlag = try EmulatorCommand.parse(["--inspector-token", Self.token]).makeConfiguration(environment: [:])
        #expect(fromFlag.inspectorToken == Self.token)
        let fromEnvironment = try EmulatorCommand.parse([])
            .makeConfiguration(environment: ["WORKOS_EMULATOR_INSPECTOR_TOKEN": Self.token])
        #expect(fromEnvironment.inspectorToken == Self.token)
        #expect(try EmulatorCommand.parse([]).makeConfiguration(environment: [:]).inspectorToken == nil)
    }

    // MARK: Content

    @Test func inspector_ShowsTheOutboxEmailsWithTheirCodesAndLinks_NewestFirst() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        for email in ["first@example.com", "second@example.com"] {
            let response = try client.request("POST", "/user_management/magic_auth", json: #"{"email":"\#(email)"}"#)
            try #require(response.status == 201)
        }
        let userID = try SessionFixtures.userID(client, email: "reset@example.com")
        let reset = try client.request(
            "POST",
            "/user_management/password_reset",
            json: #"{"email":"reset@example.com"}"#
        )
        try #require(reset.status == 201, "\(reset.text) \(userID)")
        let outbox = try client.request("GET", "/_emulator/emails").json["data"].array
        try #require(outbox.count == 3)

        let page = try Self.page(client).text
        let emails = try #require(Self.section("emails", of: page))
        #expect(emails.contains("<span class=\"count\">3</span>"))
        var lastIndex = emails.startIndex
        for email in outbox {
            let to = try #require(email["to"].string)
            let index = try #require(emails.range(of: to, range: lastIndex..<emails.endIndex), "\(to) newest first")
            lastIndex = index.upperBound
            if let code = email["code"].string { #expect(emails.contains("<code class=\"secret\">\(code)</code>")) }
            if let url = email["url"].string { #expect(emails.contains("href=\"\(HTML.escape(url))\"")) }
            #expect(emails.contains(try #require(email["type"].string)))
        }
        #expect(outbox.contains { $0["url"].exists } && outbox.contains { $0["code"].exists })
    }

    @Test func inspector_ShowsTheLatestEventsWithTheirDataInDetails_AndEverySectionWithItsCount() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try SessionFixtures.organizationID(client, name: "Inspected Corp")
        let userID = try SessionFixtures.userID(client, email: "signed-in@example.com")
        _ = try SessionFixtures.signIn(server, userID: userID)

        let page = try Self.page(client, Self.path + "?limit=100").text
        let events = try #require(Self.section("events", of: page))
        let environmentID = try SessionFixtures.environment(server).id
        let ids: [String] = try server.application.services.database.read { connection in
            try connection.fetchAll(
                "SELECT id FROM events WHERE environment_id = ? ORDER BY id",
                [.text(environmentID)]
            ).map { $0["id"] }
        }
        let latestID = try #require(ids.last)
        #expect(events.contains("<code>\(latestID)</code>"))
        let newest = try #require(events.range(of: "<code>\(latestID)</code>"))
        let oldestID = try #require(ids.first)
        let oldest = try #require(events.range(of: "<code>\(oldestID)</code>"))
        #expect(newest.lowerBound < oldest.lowerBound)
        #expect(events.contains("<code>organization.created</code>"))
        #expect(events.contains("<details><summary>data</summary><pre>{\n  &quot;"))
        #expect(events.contains("&quot;id&quot;: &quot;\(organizationID)&quot;"))

        let organizations = try #require(Self.section("organizations", of: page))
        #expect(organizations.contains("Inspected Corp") && organizations.contains(organizationID))
        let users = try #require(Self.section("users", of: page))
        #expect(users.contains("signed-in@example.com"))
        let sessions = try #require(Self.section("sessions", of: page))
        #expect(sessions.contains("<span class=\"count\">1</span>"))
        #expect(sessions.contains("signed-in@example.com<br><code>\(userID)</code>"))
        let connections = try #require(Self.section("connections", of: page))
        #expect(connections.contains("GoogleOAuth"))
        let environments = try #require(Self.section("environments", of: page))
        #expect(environments.contains(TestServer.clientID))
    }

    @Test func inspector_EscapesEveryValue() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organization = try client.request(
            "POST",
            "/organizations",
            json: #"{"name":"<script>alert(\"org\")</script>","external_id":"<b>x</b>"}"#
        )
        try #require(organization.status == 201)
        let created = try client.request(
            "POST",
            "/user_management/users",
            json: #"{"email":"o'neil&co@example.com","first_name":"<img src=x onerror=alert(1)>"}"#
        )
        try #require(created.status == 201, "\(created.text)")
        // The API refuses `<` in an e-mail; write one straight to the store to prove the page escapes it anyway.
        let hostile = try SessionFixtures.userID(client, email: "hostile@example.com")
        try server.application.services.database.write { connection in
            try connection.execute(
                "UPDATE users SET email = ? WHERE id = ?",
                [.text("<script>alert('email')</script>@example.com"), .text(hostile)]
            )
        }
        let environment = try client.request("POST", "/_emulator/environments", json: #"{"name":"<i>B</i>"}"#)
        try #require(environment.status == 201)

        let page = try Self.page(client).text
        #expect(!page.contains("<script") && !page.contains("<img") && !page.contains("<b>") && !page.contains("<i>"))
        #expect(page.contains("&lt;script&gt;alert(&quot;org&quot;)&lt;/script&gt;"))
        #expect(page.contains("&lt;script&gt;alert(&#39;email&#39;)&lt;/script&gt;@example.com"))
        #expect(page.contains("o&#39;neil&amp;co@example.com"))
        #expect(page.contains("&lt;img src=x onerror=alert(1)&gt;"))
        #expect(page.contains("&lt;i&gt;B&lt;/i&gt;"))

        let unknown = try Self.page(client, Self.path + "?environment=%3Cscript%3Ex")
        #expect(unknown.status == 404)
        #expect(!unknown.text.contains("<script") && unknown.text.contains("&lt;script&gt;x"))
    }

    @Test func inspector_ForAnUnknownEnvironment_Answers404Page() throws {
        let server = try TestServer()
        defer { server.stop() }
        let response = try Self.page(server.client(), Self.path + "?environment=env_01UNKNOWN")
        #expect(response.status == 404)
        #expect(response.header("Content-Type") == "text/html; charset=utf-8")
        #expect(response.header("X-Frame-Options") == "DENY")
        #expect(response.text.contains("There is no environment &#39;env_01UNKNOWN&#39;."))
    }

    @Test func inspector_ShowsAChosenEnvironment_AndNeverAnAPIKey() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let created = try client.request("POST", "/_emulator/environments", json: #"{"name":"Second"}"#).json
        let key = try #require(created["api_key"].string)
        let environmentID = try #require(created["id"].string)
        let clientID = try #require(created["client_id"].string)
        _ = try client.request("POST", "/organizations", json: #"{"name":"Only In Second"}"#, key: key)

        let defaultPage = try Self.page(client).text
        #expect(defaultPage.contains(clientID) && defaultPage.contains("Second"))
        #expect(!defaultPage.contains("Only In Second"))
        let second = try Self.page(client, Self.path + "?environment=\(environmentID)").text
        #expect(second.contains("<h1>Second</h1>") && second.contains("Only In Second"))
        for page in [defaultPage, second] {
            #expect(!page.contains(key) && !page.contains(TestServer.apiKey) && !page.contains("sk_test_"))
        }
    }

    @Test func inspector_PaginatesEachSection_AndRefusesALimitOutOfRange() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        for index in 1...3 {
            _ = try SessionFixtures.organizationID(client, name: "Paged \(index)")
        }
        let first = try Self.page(client, Self.path + "?limit=2").text
        let organizations = try #require(Self.section("organizations", of: first))
        #expect(
            organizations.contains("Paged 3") && organizations.contains("Paged 2") && !organizations.contains("Paged 1")
        )
        let link = try #require(
            organizations.firstMatch(of: /<a href="([^"#]*)#organizations">Older/).map { String($0.1) }
        )
        #expect(link.contains("limit=2") && link.contains("organizations_after=org_"))
        let second = try Self.page(client, link.replacingOccurrences(of: "&amp;", with: "&")).text
        let older = try #require(Self.section("organizations", of: second))
        #expect(older.contains("Paged 1") && !older.contains("Paged 2"))

        for limit in ["0", "101", "abc", "-1"] {
            let response = try Self.page(client, Self.path + "?limit=\(limit)")
            #expect(response.status == 400, "limit=\(limit)")
            #expect(response.text.contains("limit must be an integer between 1 and 100."))
        }
        #expect(try Self.page(client, Self.path + "?limit=100").status == 200)
    }

    // MARK: The loopback rule on literal addresses

    @Test(arguments: [
        "127.0.0.1", "127.0.0.2", "127.255.255.255", "127.1.2.3", "::1", "0:0:0:0:0:0:0:1", "0000::0001", "[::1]",
        "::1%lo", "::ffff:127.0.0.1", "::FFFF:127.9.8.7", "0:0:0:0:0:ffff:127.0.0.1", "::ffff:7f00:1",
        "[::ffff:127.0.0.1]",
    ])
    func loopbackAddress_AcceptsIPv4LoopbackIPv6LoopbackAndMappedForms(_ address: String) {
        #expect(LoopbackAddress.contains(address))
    }

    @Test(arguments: [
        "", "localhost", "128.0.0.1", "126.255.255.255", "10.0.0.1", "192.168.1.10", "0.0.0.0", "172.17.0.1",
        "127.0.0", "127.0.0.1.5", "127.0.0.256", "127..0.1", "127.0.0.1 ", " 127.0.0.1", "127.0.0.1:8484",
        "::", "::2", "::1:0", "1::1", "::0:1:1", "fe80::1", "::ffff:128.0.0.1", "::ffff:10.0.0.1", "::127.0.0.1",
        "::fffe:127.0.0.1", "1:0:0:0:0:ffff:127.0.0.1", "::ffff:8000:1", "::1::", ":::1", "::00001",
        "0:0:0:0:0:0:0:0:1", "0:0:0:0:0:0:1", "::g", "[::1", "::ffff:127.0.0.1.1", "::ffff:127.0.1",
        "１２７.0.0.1",
    ])
    func loopbackAddress_RejectsEverythingElse(_ address: String) {
        #expect(!LoopbackAddress.contains(address))
    }

    // MARK: Helpers

    /// The HTML of one `<section id="…">` of the page.
    static func section(_ id: String, of page: String) -> Substring? {
        guard let start = page.range(of: "<section id=\"\(id)\">") else { return nil }
        guard let end = page.range(of: "</section>", range: start.upperBound..<page.endIndex) else { return nil }
        return page[start.lowerBound..<end.upperBound]
    }
}
