// workos-emulator — issue 7's checks on the hosted pages, across every area: redirect targets only where allowed (this
// file), HTML escaping and headers (+Escaping), CSRF on the forms (+CSRF), single use and expiry of every code and
// token (+Codes). Every test goes over real sockets to a server on port 0.
// Licensed MIT.

import EmulatorTesting
import Foundation
import Testing

@testable import WorkOSAPI

/// One redirect target a client might send, and whether each rule allows it.
struct RedirectPayload: Sendable, CustomStringConvertible {
    /// What the payload tries.
    var name: String
    /// The target as sent (decoded; the tests percent-encode it into the query or JSON-encode it into the body).
    var uri: String
    /// Allowed as an authorize `redirect_uri`: localhost / 127.0.0.1 / [::1] on any port, or exactly a registered URI
    /// (emulator.md "Environments and credentials"; RFC 6749 §3.1.2.3 simple string comparison).
    var isExact: Bool
    /// Allowed as a logout `return_to`: localhost, a registered URI, or the same origin as one (README "Signing in").
    var isSameOrigin: Bool
    /// Allowed as an Admin Portal `return_url` / `success_url`: an absolute http(s) URL (the app's server sets them
    /// with its API key, catalog-A §7).
    var isHTTPURL: Bool

    var description: String { self.name }
}

/// The targets of the matrix, relative to the one registered redirect URI.
enum RedirectMatrix {
    /// The environment's registered redirect URI in every test.
    static let registered = "https://app.example.com/callback"

    static let payloads: [RedirectPayload] = [
        .init(name: "registered URI, exactly", uri: registered, isExact: true, isSameOrigin: true, isHTTPURL: true),
        .init(name: "localhost, any port", uri: "http://localhost:4567/cb", isExact: true, isSameOrigin: true, isHTTPURL: true),
        .init(name: "https localhost", uri: "https://localhost:3000/callback", isExact: true, isSameOrigin: true, isHTTPURL: true),
        .init(name: "127.0.0.1", uri: "http://127.0.0.1:8080/callback", isExact: true, isSameOrigin: true, isHTTPURL: true),
        .init(name: "[::1]", uri: "http://[::1]:3000/callback", isExact: true, isSameOrigin: true, isHTTPURL: true),
        .init(name: "LOCALHOST in capitals", uri: "http://LOCALHOST:3000/callback", isExact: true, isSameOrigin: true, isHTTPURL: true),
        .init(name: "other host", uri: "https://evil.example/callback", isExact: false, isSameOrigin: false, isHTTPURL: true),
        .init(name: "same host, other port", uri: "https://app.example.com:8443/callback", isExact: false, isSameOrigin: false, isHTTPURL: true),
        .init(name: "same host, other scheme", uri: "http://app.example.com/callback", isExact: false, isSameOrigin: false, isHTTPURL: true),
        .init(name: "same origin, other path", uri: "https://app.example.com/other", isExact: false, isSameOrigin: true, isHTTPURL: true),
        .init(name: "trailing slash", uri: "https://app.example.com/callback/", isExact: false, isSameOrigin: true, isHTTPURL: true),
        .init(name: "host in capitals", uri: "https://APP.EXAMPLE.COM/callback", isExact: false, isSameOrigin: true, isHTTPURL: true),
        .init(name: "path in capitals", uri: "https://app.example.com/CALLBACK", isExact: false, isSameOrigin: true, isHTTPURL: true),
        .init(name: "extra query", uri: "https://app.example.com/callback?next=https://evil.example", isExact: false, isSameOrigin: true, isHTTPURL: true),
        .init(name: "registered host as a prefix", uri: "https://app.example.com.evil.example/callback", isExact: false, isSameOrigin: false, isHTTPURL: true),
        .init(name: "localhost as a subdomain", uri: "http://localhost.evil.example/", isExact: false, isSameOrigin: false, isHTTPURL: true),
        .init(name: "userinfo: registered@evil", uri: "https://app.example.com@evil.example/callback", isExact: false, isSameOrigin: false, isHTTPURL: true),
        .init(name: "userinfo: localhost:port@evil", uri: "http://localhost:3000@evil.example/", isExact: false, isSameOrigin: false, isHTTPURL: true),
        .init(name: "fragment hides localhost", uri: "http://evil.example#@localhost:3000", isExact: false, isSameOrigin: false, isHTTPURL: true),
        .init(name: "query hides localhost", uri: "http://evil.example?@localhost:3000", isExact: false, isSameOrigin: false, isHTTPURL: true),
        .init(name: "fragment after localhost", uri: "http://localhost:3000#@evil.example", isExact: true, isSameOrigin: true, isHTTPURL: true),
        .init(name: "scheme-relative //evil", uri: "//evil.example/callback", isExact: false, isSameOrigin: false, isHTTPURL: false),
        .init(name: "relative path", uri: "/callback", isExact: false, isSameOrigin: false, isHTTPURL: false),
        .init(name: "bare host", uri: "evil.example", isExact: false, isSameOrigin: false, isHTTPURL: false),
        .init(name: "backslash before @ (browsers read a slash)", uri: #"http://evil.example\@localhost:3000/"#, isExact: false, isSameOrigin: false, isHTTPURL: false),
        .init(name: "backslash after the port", uri: #"http://localhost:3000\@evil.example/"#, isExact: false, isSameOrigin: false, isHTTPURL: false),
        .init(name: "backslashes for slashes", uri: #"https:\\evil.example"#, isExact: false, isSameOrigin: false, isHTTPURL: false),
        .init(name: "slash and backslash", uri: #"http:/\evil.example/"#, isExact: false, isSameOrigin: false, isHTTPURL: false),
        .init(name: "no-break space before @", uri: "http://evil.example\u{00A0}@localhost:3000/", isExact: false, isSameOrigin: false, isHTTPURL: false),
        .init(name: "encoded //evil in the host", uri: "http://localhost%2F%2Fevil.example/", isExact: false, isSameOrigin: false, isHTTPURL: true),
        .init(name: "encoded // in the userinfo", uri: "http://evil.example%2F%2F@localhost:3000/", isExact: true, isSameOrigin: true, isHTTPURL: true),
        .init(name: "encoded NUL in the host", uri: "http://localhost%00.evil.example/", isExact: false, isSameOrigin: false, isHTTPURL: true),
        .init(name: "CR LF header injection", uri: "http://localhost:3000/cb\r\nSet-Cookie: injected=1", isExact: false, isSameOrigin: false, isHTTPURL: false),
        .init(name: "encoded CR LF stays encoded", uri: "http://localhost:3000/cb%0D%0ASet-Cookie:%20injected=1", isExact: true, isSameOrigin: true, isHTTPURL: true),
        .init(name: "tab inside localhost", uri: "http://local\thost:3000/", isExact: false, isSameOrigin: false, isHTTPURL: false),
        .init(name: "leading space", uri: " " + registered, isExact: false, isSameOrigin: false, isHTTPURL: false),
        .init(name: "javascript:", uri: "javascript:alert(document.domain)", isExact: false, isSameOrigin: false, isHTTPURL: false),
        .init(name: "javascript: with a localhost authority", uri: "javascript://localhost/%0aalert(1)", isExact: false, isSameOrigin: false, isHTTPURL: false),
        .init(name: "data:", uri: "data:text/html,<script>alert(1)</script>", isExact: false, isSameOrigin: false, isHTTPURL: false),
        .init(name: "vbscript:", uri: "vbscript:msgbox(1)", isExact: false, isSameOrigin: false, isHTTPURL: false),
        .init(name: "file:", uri: "file:///etc/passwd", isExact: false, isSameOrigin: false, isHTTPURL: false),
        .init(name: "decimal IPv4 loopback", uri: "http://2130706433:3000/", isExact: false, isSameOrigin: false, isHTTPURL: true),
        .init(name: "Cyrillic o in localhost", uri: "http://l\u{043E}calhost:3000/", isExact: false, isSameOrigin: false, isHTTPURL: false),
        .init(name: "full-width localhost", uri: "http://\u{FF4C}\u{FF4F}\u{FF43}\u{FF41}\u{FF4C}\u{FF48}\u{FF4F}\u{FF53}\u{FF54}:3000/", isExact: false, isSameOrigin: false, isHTTPURL: false),
        .init(name: "very long, localhost", uri: "http://localhost:3000/" + String(repeating: "a", count: 3000), isExact: true, isSameOrigin: true, isHTTPURL: false),
        .init(name: "very long, other host", uri: "https://evil.example/" + String(repeating: "a", count: 3000), isExact: false, isSameOrigin: false, isHTTPURL: false),
    ]
}

/// Every endpoint that takes a redirect target.
enum RedirectEndpoint: String, CaseIterable, Sendable, CustomStringConvertible {
    /// `GET /user_management/authorize` with good parameters: the hosted page, then the code to `redirect_uri`.
    case authKitAuthorize = "GET /user_management/authorize, then the page"
    /// `GET /user_management/authorize` with a bad `prompt`: the error redirect to `redirect_uri`.
    case authKitAuthorizeError = "GET /user_management/authorize with an error"
    /// `GET /sso/authorize` with good parameters: the identity provider, then the code to `redirect_uri`.
    case ssoAuthorize = "GET /sso/authorize, then the identity provider"
    /// `GET /sso/authorize` with a bad `prompt`: the error redirect to `redirect_uri`.
    case ssoAuthorizeError = "GET /sso/authorize with an error"
    /// `GET /user_management/sessions/logout?return_to=`.
    case logout = "GET /user_management/sessions/logout return_to"
    /// `POST /portal/generate_link` `success_url`, followed by the page's redirect.
    case portalSuccessURL = "POST /portal/generate_link success_url"
    /// `POST /portal/generate_link` `return_url`, shown as the page's "Back to the application" link.
    case portalReturnURL = "POST /portal/generate_link return_url"

    var description: String { self.rawValue }

    /// The rule this endpoint applies.
    func allows(_ payload: RedirectPayload) -> Bool {
        switch self {
        case .authKitAuthorize, .authKitAuthorizeError, .ssoAuthorize, .ssoAuthorizeError: payload.isExact
        case .logout: payload.isSameOrigin
        case .portalSuccessURL, .portalReturnURL: payload.isHTTPURL
        }
    }
}

/// Test-side HTML escaping (the five characters of HTML Standard §13.1.2.6), independent of the server's.
enum TestHTML {
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }
}

@Suite struct HostedPageSecurityReliabilityTests {
    typealias F = AuthKitFixtures

    // MARK: Redirect allow-listing

    @Test(arguments: RedirectEndpoint.allCases)
    func everyRedirectTarget_IsFollowedOnlyWhenItsRuleAllowsIt(endpoint: RedirectEndpoint) throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let registered = try client.request(
            "POST", "/_emulator/redirect_uris", json: F.json(["uri": RedirectMatrix.registered])
        )
        try #require(registered.status == 201)
        var allowed = 0
        var refused = 0
        for payload in RedirectMatrix.payloads {
            let isAllowed = endpoint.allows(payload)
            let outcome = try Self.send(endpoint, payload, server: server, client: client)
            #expect(
                outcome.isFollowed == isAllowed,
                "\(endpoint) \(payload): expected \(isAllowed ? "followed" : "refused"), got \(outcome.detail)"
            )
            // Whatever the outcome, the response never carries a header the payload tried to inject.
            #expect(outcome.response.header("Set-Cookie") == nil, "\(endpoint) \(payload)")
            if isAllowed { allowed += 1 } else { refused += 1 }
        }
        #expect(allowed + refused == RedirectMatrix.payloads.count)
        // The figures of Tests/Reliability/README.md: 46 payloads × 7 endpoints.
        #expect(RedirectMatrix.payloads.count == 46)
        #expect(RedirectEndpoint.allCases.count == 7)
    }

    /// What one payload got at one endpoint.
    struct RedirectOutcome {
        var isFollowed: Bool
        var response: TestResponse
        var detail: String
    }

    /// Sends `payload` to `endpoint`; `isFollowed` is true only when the browser would be sent to the payload, and
    /// false only when nothing sent it anywhere and nothing was done.
    static func send(
        _ endpoint: RedirectEndpoint,
        _ payload: RedirectPayload,
        server: TestServer,
        client: TestClient
    ) throws -> RedirectOutcome {
        let target = payload.uri
        // The part a Location must start with (codes and errors go into the query, before any fragment).
        let base = String(target.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0])
        func refusedPage(_ response: TestResponse) -> RedirectOutcome {
            let isRefused = response.status == 400 && response.header("Location") == nil
                && response.header("Content-Type") == "text/html; charset=utf-8"
                && !(target.contains("<") && response.text.contains(target))
            return RedirectOutcome(
                isFollowed: !isRefused && response.header("Location")?.hasPrefix(base) == true,
                response: response,
                detail: "\(response.status) Location \(response.header("Location") ?? "none")"
            )
        }
        func followed(_ response: TestResponse) -> RedirectOutcome {
            RedirectOutcome(
                isFollowed: response.status == 302 && response.header("Location")?.hasPrefix(base) == true,
                response: response,
                detail: "\(response.status) Location \(response.header("Location") ?? "none")"
            )
        }
        switch endpoint {
        case .authKitAuthorize, .ssoAuthorize:
            let response =
                endpoint == .authKitAuthorize
                ? try F.authorize(client, "provider=authkit&state=s", redirectURI: target)
                : try SSOFixtures.authorize(client, "provider=GoogleOAuth&state=s", redirectURI: target)
            guard response.status == 302, let location = response.header("Location") else {
                return refusedPage(response)
            }
            let page = try #require(URLComponents(string: location)?.path)
            let submitted = try F.submit(client, page, [("email", "alice@example.com")])
            return followed(submitted)
        case .authKitAuthorizeError:
            let response = try F.authorize(client, "provider=authkit&prompt=bogus&state=s", redirectURI: target)
            return response.status == 302 ? followed(response) : refusedPage(response)
        case .ssoAuthorizeError:
            let response = try SSOFixtures.authorize(
                client, "provider=GoogleOAuth&prompt=bogus&state=s", redirectURI: target
            )
            return response.status == 302 ? followed(response) : refusedPage(response)
        case .logout:
            let userID = try AuthKitFixtures.userID(client, email: "alice@example.com")
            let sid = try SessionFixtures.sid(client, try SessionFixtures.signIn(server, userID: userID))
            let response = try client.request(
                "GET", "/user_management/sessions/logout?session_id=\(sid)&return_to=\(F.escape(target))", key: nil
            )
            let active = try client.request("GET", "/user_management/users/\(userID)/sessions?limit=100")
                .json["data"].array.contains { $0["id"].string == sid }
            if response.status == 302 {
                // Followed: the Location is the target itself, and the session ended.
                var outcome = followed(response)
                outcome.isFollowed = outcome.isFollowed && response.header("Location") == target && !active
                return outcome
            }
            return RedirectOutcome(
                isFollowed: !(response.status == 422 && response.header("Location") == nil && active),
                response: response,
                detail: "\(response.status) session active: \(active)"
            )
        case .portalSuccessURL, .portalReturnURL:
            let key = endpoint == .portalSuccessURL ? "success_url" : "return_url"
            let organizationID = try SSOFixtures.organizationID(client)
            let before = try server.snapshot().count("portal_links")
            let generated = try client.request(
                "POST", "/portal/generate_link",
                json: F.json(["organization": organizationID, "intent": "audit_logs", key: target])
            )
            guard generated.status == 201, let link = generated.json["link"].string else {
                let unchanged = try server.snapshot().count("portal_links") == before
                return RedirectOutcome(
                    isFollowed: !(generated.status == 422 && unchanged),
                    response: generated,
                    detail: "\(generated.status) \(generated.text)"
                )
            }
            let path = try #require(URLComponents(string: link)?.path)
            if endpoint == .portalSuccessURL {
                let done = try F.submit(client, path, [])
                var outcome = followed(done)
                outcome.isFollowed = outcome.isFollowed && done.header("Location") == target
                return outcome
            }
            let page = try client.request("GET", path, key: nil)
            let shown = page.text.contains("<a href=\"\(TestHTML.escape(target))\">Back to the application</a>")
            return RedirectOutcome(isFollowed: page.status == 200 && shown, response: page, detail: "page shows \(shown)")
        }
    }

    @Test func emulatorRedirectURIs_RefuseScriptAndDataSchemes_AndMalformedURIs() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let refused = [
            "javascript://localhost/%0aalert(1)", "data://text/html,<script>alert(1)</script>", "vbscript://x/",
            #"http://evil.example\@localhost:3000/"#, "http://localhost:3000/cb\r\nSet-Cookie: x=1", "relative/path",
        ]
        let before = try server.snapshot().count("redirect_uris")
        for uri in refused {
            let response = try client.request("POST", "/_emulator/redirect_uris", json: F.json(["uri": uri]))
            #expect(response.status == 422, "\(uri.debugDescription): \(response.status)")
        }
        #expect(try server.snapshot().count("redirect_uris") == before)
        // A native app's custom scheme stays registrable, and is then matched exactly.
        let custom = try client.request("POST", "/_emulator/redirect_uris", json: F.json(["uri": "myapp://callback"]))
        #expect(custom.status == 201)
        let authorize = try F.authorize(client, "provider=authkit&prompt=bogus&state=s", redirectURI: "myapp://callback")
        #expect(authorize.status == 302)
        #expect(authorize.header("Location")?.hasPrefix("myapp://callback?error=invalid_request") == true)
    }

    @Test func authorizeRedirects_PutTheHostedPageOnTheHostTheBrowserUsed_NotOnAHostAnInvalidHostHeaderNames() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let query = "/user_management/authorize?response_type=code&client_id=\(TestServer.clientID)"
            + "&redirect_uri=\(F.escape(F.redirectURI))&provider=authkit&state=s"
        let direct = try client.request("GET", query, key: nil)
        #expect(direct.header("Location")?.hasPrefix("http://127.0.0.1:\(server.port)/_emulator/authkit/") == true)
        // RFC 9112 §3.2: a Host field value that is not uri-host [":" port] is a 400; it never becomes a Location.
        for host in ["evil.example@127.0.0.1", #"evil.example\"#, "127.0.0.1/@evil.example", "evil.example#", "a b"] {
            let response = try client.request("GET", query, key: nil, headers: [("Host", host)])
            #expect(response.status == 400, "Host \(host.debugDescription): \(response.status)")
            #expect(response.header("Location") == nil, "Host \(host.debugDescription)")
        }
    }
}
