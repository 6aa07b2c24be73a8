// workos-emulator — every HTML page the emulator serves, with script-injection payloads in every value it shows, and
// the headers every page sends.
// Licensed MIT.

import EmulatorTesting
import Foundation
import Testing

/// The payloads put into names, e-mails, connection and organization names, hints, scopes and form fields.
enum InjectionPayloads {
    static let script = "<script>alert(1)</script>"
    static let imageTag = "\"><img src=x onerror=alert(1)>"
    static let singleQuote = "' autofocus onfocus='alert(1)"
    static let doubleQuote = "\" autofocus onfocus=\"alert(1)"
    static let textarea = "</textarea><script>alert(2)</script>"
    static let javascriptURL = "javascript:alert(1)"
    static let nonASCII = "Zoë «Ünïcødé» 日本 🙂"
    /// An address `EmailAddress` accepts that breaks out of a single-quoted attribute.
    static let email = "x'onfocus='alert`1`'&y@example.com"

    /// The payloads with a character HTML must escape.
    static let dangerous = [script, imageTag, singleQuote, doubleQuote, textarea, email]
    static let all = dangerous + [javascriptURL, nonASCII]
}

/// One page fetched in the escaping test, with the payloads it is expected to show.
struct CheckedPage {
    var name: String
    var response: TestResponse
    var shown: [String]

    init(name: String, response: TestResponse, shown: [String]) {
        self.name = name
        self.response = response
        self.shown = shown
    }

    init(name: String, shown: [String], response: TestResponse) {
        self.init(name: name, response: response, shown: shown)
    }
}

extension HostedPageSecurityReliabilityTests {
    /// Checks a page: HTML with the security headers, no payload unescaped, every shown payload escaped, no script.
    static func expectSafe(_ page: CheckedPage, sourceLocation: SourceLocation = #_sourceLocation) {
        let response = page.response
        let body = response.text
        #expect(response.header("Content-Type") == "text/html; charset=utf-8", "\(page.name)", sourceLocation: sourceLocation)
        #expect(response.header("Cache-Control") == "no-store", "\(page.name)", sourceLocation: sourceLocation)
        #expect(response.header("X-Frame-Options") == "DENY", "\(page.name)", sourceLocation: sourceLocation)
        #expect(response.header("Referrer-Policy") == "no-referrer", "\(page.name)", sourceLocation: sourceLocation)
        #expect(response.header("X-Content-Type-Options") == "nosniff", "\(page.name)", sourceLocation: sourceLocation)
        let csp = response.header("Content-Security-Policy") ?? ""
        #expect(csp.contains("default-src 'none'"), "\(page.name): \(csp)", sourceLocation: sourceLocation)
        #expect(csp.contains("frame-ancestors 'none'"), "\(page.name): \(csp)", sourceLocation: sourceLocation)
        #expect(!csp.contains("script-src"), "\(page.name): \(csp)", sourceLocation: sourceLocation)
        // No script of any kind: the pages are plain forms.
        #expect(!body.lowercased().contains("<script"), "\(page.name)", sourceLocation: sourceLocation)
        #expect(!body.contains("<img src=x"), "\(page.name)", sourceLocation: sourceLocation)
        for payload in InjectionPayloads.dangerous {
            #expect(!body.contains(payload), "\(page.name) shows \(payload) unescaped", sourceLocation: sourceLocation)
        }
        for payload in page.shown {
            #expect(
                body.contains(TestHTML.escape(payload)),
                "\(page.name) does not show \(payload) escaped",
                sourceLocation: sourceLocation
            )
        }
    }

    /// A server whose environment, users, organizations and connection carry the payloads.
    static func injectedServer() throws -> (TestServer, TestClient, organizationID: String) {
        let server = try TestServer()
        let client = server.client()
        try server.execute("UPDATE environments SET name = ?", [.text(InjectionPayloads.imageTag)])
        let users: [(String, String, String)] = [
            ("script@example.com", InjectionPayloads.script, InjectionPayloads.textarea),
            ("quotes@example.com", InjectionPayloads.singleQuote, InjectionPayloads.doubleQuote),
            (InjectionPayloads.email, InjectionPayloads.javascriptURL, InjectionPayloads.nonASCII),
        ]
        var userIDs: [String] = []
        for (email, first, last) in users {
            let response = try client.request(
                "POST", "/user_management/users",
                json: F.json(["email": email, "first_name": first, "last_name": last, "password": "correct-horse"])
            )
            try #require(response.status == 201, "user \(email): \(response.status) \(response.text)")
            userIDs.append(try #require(response.json["id"].string))
        }
        let organization = try client.request(
            "POST", "/organizations",
            json: F.json(["name": InjectionPayloads.script + InjectionPayloads.singleQuote])
        )
        let organizationID = try #require(organization.json["id"].string)
        for userID in userIDs {
            _ = try client.request(
                "POST", "/user_management/organization_memberships",
                json: F.json(["user_id": userID, "organization_id": organizationID])
            )
        }
        return (server, client, organizationID)
    }

    static let organizationName = InjectionPayloads.script + InjectionPayloads.singleQuote
    static let userNames = [
        InjectionPayloads.script + " " + InjectionPayloads.textarea,
        InjectionPayloads.singleQuote + " " + InjectionPayloads.doubleQuote,
    ]

    @Test func authKitPages_EscapeEveryValue_AndSendTheSecurityHeaders() throws {
        let (server, client, organizationID) = try Self.injectedServer()
        defer { server.stop() }
        var pages: [CheckedPage] = []
        let hint = "login_hint=\(F.escape(InjectionPayloads.doubleQuote))"
        let signIn = try F.pagePath(client, "provider=authkit&state=s&\(hint)")
        pages.append(
            CheckedPage(
                name: "sign-in", response: try client.request("GET", signIn, key: nil),
                shown: [InjectionPayloads.imageTag, InjectionPayloads.email, Self.organizationName,
                    InjectionPayloads.doubleQuote] + Self.userNames
            )
        )
        pages.append(
            CheckedPage(
                name: "sign-up", response: try client.request("GET", signIn + "?screen=sign-up", key: nil),
                shown: [InjectionPayloads.doubleQuote]
            )
        )
        let organizationPage = try F.pagePath(client, "organization_id=\(organizationID)&state=s")
        pages.append(
            CheckedPage(
                name: "sign-in to an organization", response: try client.request("GET", organizationPage, key: nil),
                shown: [Self.organizationName]
            )
        )
        pages.append(
            CheckedPage(
                name: "wrong password", shown: [InjectionPayloads.email],
                response: try F.submit(client, signIn, [("email", InjectionPayloads.email), ("password", "wrong-wrong")])
            )
        )
        pages.append(
            CheckedPage(
                name: "unknown account", response: try F.submit(client, signIn, [("action", "choose"), ("email", InjectionPayloads.imageTag)]),
                shown: [InjectionPayloads.imageTag]
            )
        )
        pages.append(
            CheckedPage(
                name: "magic code", response: try F.submit(client, signIn, [("action", "magic"), ("email", InjectionPayloads.email)]),
                shown: [InjectionPayloads.email]
            )
        )
        let scopes = "provider_scopes=\(F.escape(InjectionPayloads.script))&provider_scopes=\(F.escape(InjectionPayloads.singleQuote))"
        let consent = try F.pagePath(client, "provider=GoogleOAuth&state=s&\(scopes)&\(hint)")
        pages.append(
            CheckedPage(
                name: "OAuth consent", response: try client.request("GET", consent, key: nil),
                shown: [InjectionPayloads.script, InjectionPayloads.singleQuote, InjectionPayloads.doubleQuote,
                    InjectionPayloads.imageTag]
            )
        )
        // The step-ups: TOTP (the user has a factor), then organization selection (two organizations).
        let userID = try F.userID(client, email: InjectionPayloads.email)
        let factorID = try F.enrollTOTP(client, userID: userID)
        let second = try client.request("POST", "/organizations", json: F.json(["name": InjectionPayloads.textarea]))
        _ = try client.request(
            "POST", "/user_management/organization_memberships",
            json: F.json(["user_id": userID, "organization_id": second.json["id"].string ?? ""])
        )
        let stepped = try F.pagePath(client)
        let totp = try F.submit(client, stepped, [("email", InjectionPayloads.email), ("password", "correct-horse")])
        pages.append(CheckedPage(name: "TOTP step", response: totp, shown: [InjectionPayloads.email]))
        let chooser = try F.submit(
            client, stepped, [("action", "totp"), ("code", try F.totpCode(client, factorID: factorID))]
        )
        pages.append(
            CheckedPage(
                name: "organization selection", response: chooser,
                shown: [Self.organizationName, InjectionPayloads.textarea]
            )
        )
        // A used page (before e-mail verification is required).
        let used = try F.pagePath(client)
        let signedIn = try F.submit(client, used, [("email", "script@example.com"), ("password", "correct-horse")])
        #expect(signedIn.status == 302)
        // E-mail verification, when the environment requires it.
        try server.execute(
            "UPDATE environments SET seed = json_set(seed, '$.environment.require_email_verification', json('true'))"
        )
        _ = try client.request(
            "POST", "/user_management/users",
            json: F.json(["email": "o'unverified&x@example.com", "password": "correct-horse"])
        )
        let verify = try F.submit(
            client, try F.pagePath(client), [("email", "o'unverified&x@example.com"), ("password", "correct-horse")]
        )
        pages.append(CheckedPage(name: "e-mail verification step", response: verify, shown: ["o'unverified&x@example.com"]))
        // Used and unknown pages.
        pages.append(CheckedPage(name: "used page", response: try client.request("GET", used, key: nil), shown: []))
        pages.append(
            CheckedPage(name: "unknown page", response: try client.request("GET", "/_emulator/authkit/nope", key: nil), shown: [])
        )
        for page in pages {
            Self.expectSafe(page)
        }
        #expect(pages.map(\.response.status) == [200, 200, 200, 400, 400, 200, 200, 200, 200, 200, 410, 404])
        #expect(pages.count == 12)
    }

    @Test func authorizeErrorPages_EscapeTheClientIDAndRedirectURIFromTheQuery() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        var pages: [CheckedPage] = []
        for area in ["/user_management/authorize", "/sso/authorize"] {
            for payload in [InjectionPayloads.script, InjectionPayloads.imageTag, InjectionPayloads.singleQuote] {
                let badClient = try client.request(
                    "GET",
                    "\(area)?response_type=code&client_id=\(F.escape(payload))&redirect_uri=\(F.escape(F.redirectURI))"
                        + "&provider=authkit",
                    key: nil
                )
                pages.append(CheckedPage(name: "\(area) client_id", response: badClient, shown: [payload]))
                let badRedirect = try client.request(
                    "GET",
                    "\(area)?response_type=code&client_id=\(TestServer.clientID)&redirect_uri="
                        + F.escape("https://evil.example/" + payload) + "&provider=GoogleOAuth",
                    key: nil
                )
                pages.append(
                    CheckedPage(name: "\(area) redirect_uri", response: badRedirect, shown: ["https://evil.example/" + payload])
                )
            }
        }
        for page in pages {
            #expect(page.response.status == 400, "\(page.name)")
            Self.expectSafe(page)
        }
        #expect(pages.count == 12)
    }

    @Test func ssoIdentityProviderPages_EscapeConnectionAndProfileValues_AndTheQuery() throws {
        let (server, client, organizationID) = try Self.injectedServer()
        defer { server.stop() }
        let connection = try SSOFixtures.create(
            client,
            #"{"organization_id":"\#(organizationID)","connection_type":"OktaSAML","name":"#
                + Self.jsonString(InjectionPayloads.imageTag) + #","domains":["foocorp.com"],"profiles":[{"email":"#
                + Self.jsonString(InjectionPayloads.email) + #","first_name":"# + Self.jsonString(InjectionPayloads.script)
                + #","last_name":"# + Self.jsonString(InjectionPayloads.doubleQuote) + "}]}"
        )
        try #require(connection.status == 201, "\(connection.text)")
        let connectionID = try #require(connection.json["id"].string)
        var pages: [CheckedPage] = []
        let hint = "login_hint=\(F.escape(InjectionPayloads.singleQuote))"
        let saml = try SSOFixtures.pagePath(client, "connection=\(connectionID)&state=s&\(hint)")
        pages.append(
            CheckedPage(
                name: "SAML identity provider", response: try client.request("GET", saml, key: nil),
                shown: [InjectionPayloads.imageTag, InjectionPayloads.email, InjectionPayloads.singleQuote,
                    InjectionPayloads.script + " " + InjectionPayloads.doubleQuote]
            )
        )
        pages.append(
            CheckedPage(
                name: "SAML identity provider, unknown user", shown: [InjectionPayloads.textarea],
                response: try F.submit(client, saml, [("email", InjectionPayloads.textarea)])
            )
        )
        let query = "provider_scopes=\(F.escape(InjectionPayloads.script))"
            + "&provider_query_params[\(F.escape(InjectionPayloads.doubleQuote))]=\(F.escape(InjectionPayloads.textarea))"
        let oauth = try SSOFixtures.pagePath(client, "provider=GoogleOAuth&state=s&\(query)")
        pages.append(
            CheckedPage(
                name: "OAuth identity provider", response: try client.request("GET", oauth, key: nil),
                shown: [InjectionPayloads.imageTag, InjectionPayloads.script,
                    InjectionPayloads.doubleQuote + "=" + InjectionPayloads.textarea]
            )
        )
        for page in pages {
            Self.expectSafe(page)
        }
        #expect(pages.map(\.response.status) == [200, 400, 200])
    }

    @Test func deviceAndSignedOutPages_EscapeEveryValue_AndSendTheSecurityHeaders() throws {
        let (server, client, _) = try Self.injectedServer()
        defer { server.stop() }
        var pages: [CheckedPage] = []
        pages.append(CheckedPage(name: "device code entry", response: try client.request("GET", "/_emulator/device", key: nil), shown: []))
        func userCode() throws -> String {
            let device = try client.request(
                "POST", "/user_management/authorize/device", json: F.json(["client_id": TestServer.clientID]), key: nil
            )
            return try #require(device.json["user_code"].string)
        }
        let code = try userCode()
        pages.append(
            CheckedPage(
                name: "device approval", response: try client.request("GET", "/_emulator/device?user_code=\(code)", key: nil),
                shown: [InjectionPayloads.email] + Self.userNames
            )
        )
        pages.append(
            CheckedPage(
                name: "device unknown code", shown: [],
                response: try client.request("GET", "/_emulator/device?user_code=\(F.escape(InjectionPayloads.script))", key: nil)
            )
        )
        pages.append(
            CheckedPage(
                name: "device approved", shown: [InjectionPayloads.email],
                response: try F.submit(
                    client, "/_emulator/device",
                    [("user_code", code), ("action", "approve"), ("email", InjectionPayloads.email)]
                )
            )
        )
        pages.append(
            CheckedPage(
                name: "device denied", shown: [],
                response: try F.submit(client, "/_emulator/device", [("user_code", try userCode()), ("action", "deny")])
            )
        )
        pages.append(
            CheckedPage(name: "signed out", response: try client.request("GET", "/_emulator/signed_out", key: nil), shown: [])
        )
        for page in pages {
            Self.expectSafe(page)
        }
        #expect(pages.map(\.response.status) == [200, 200, 400, 200, 200, 200])
    }

    @Test func adminPortalPages_EscapeEveryValue_AndSendTheSecurityHeaders() throws {
        let (server, client, organizationID) = try Self.injectedServer()
        defer { server.stop() }
        _ = try client.request(
            "POST", "/organizations/\(organizationID)", json: #"{"domain_data":[{"domain":"pending.example","state":"pending"}]}"#
        )
        let returnURL = "https://app.example.com/back?a=1&b='x'"
        func link(_ intent: String?) throws -> String {
            var fields = ["organization": organizationID, "return_url": returnURL]
            if let intent { fields["intent"] = intent }
            let generated = try client.request("POST", "/portal/generate_link", json: F.json(fields))
            try #require(generated.status == 201, "\(generated.text)")
            let text = try #require(generated.json["link"].string)
            return try #require(URLComponents(string: text)?.path)
        }
        var pages: [CheckedPage] = []
        pages.append(CheckedPage(name: "menu", response: try client.request("GET", try link(nil), key: nil), shown: [Self.organizationName]))
        let sso = try link("sso")
        pages.append(CheckedPage(name: "sso", response: try client.request("GET", sso, key: nil), shown: [Self.organizationName]))
        pages.append(
            CheckedPage(
                name: "sso done", shown: [InjectionPayloads.textarea],
                response: try F.submit(client, sso, [("name", InjectionPayloads.textarea)])
            )
        )
        pages.append(
            CheckedPage(
                name: "sso with the new connection", response: try client.request("GET", try link("sso"), key: nil),
                shown: [InjectionPayloads.textarea]
            )
        )
        let dsync = try link("dsync")
        pages.append(
            CheckedPage(
                name: "dsync done", shown: [InjectionPayloads.doubleQuote],
                response: try F.submit(client, dsync, [("name", InjectionPayloads.doubleQuote)])
            )
        )
        pages.append(
            CheckedPage(
                name: "dsync", response: try client.request("GET", try link("dsync"), key: nil),
                shown: [InjectionPayloads.doubleQuote, Self.organizationName]
            )
        )
        let domains = try link("domain_verification")
        pages.append(CheckedPage(name: "domains", response: try client.request("GET", domains, key: nil), shown: []))
        pages.append(
            CheckedPage(
                name: "domains, bad domain", shown: [],
                response: try F.submit(client, domains, [("domain", InjectionPayloads.script)])
            )
        )
        pages.append(CheckedPage(name: "used link", response: try client.request("GET", sso, key: nil), shown: []))
        pages.append(CheckedPage(name: "unknown link", response: try client.request("GET", "/portal/nope", key: nil), shown: []))
        for page in pages {
            Self.expectSafe(page)
        }
        #expect(pages.map(\.response.status) == [200, 200, 200, 200, 200, 200, 200, 400, 410, 404])
        // The return_url link is escaped as an attribute value.
        #expect(pages[0].response.text.contains("href=\"\(TestHTML.escape(returnURL))\""))
    }

    /// `text` as a JSON string literal.
    static func jsonString(_ text: String) -> String {
        let data = try? JSONSerialization.data(withJSONObject: [text], options: [])
        let array = String(decoding: data ?? Data(), as: UTF8.self)
        return String(array.dropFirst().dropLast())
    }
}
