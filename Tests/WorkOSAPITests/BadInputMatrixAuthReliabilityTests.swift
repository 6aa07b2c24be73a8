// workos-emulator — the bad-input matrix (issue 7) over the areas that landed after it: every grant of
// POST /user_management/authenticate, the AuthKit and SSO authorize redirects, device authorization, MFA factors and
// challenges, sessions and logout, JWKS, /sso/token and /sso/profile, connections and their control calls, the Admin
// Portal, widgets, the legacy send paths, and the remaining control calls. Same checks as
// `BadInputMatrixReliabilityTests` (machinery in `BadInputMatrix.swift`), with each endpoint's documented error shape.
// Licensed MIT.

import EmulatorTesting
import Foundation
import SQLite
import Testing

extension BadInputMatrix {
    /// The grant fields every grant takes (catalog-A §6.3). `client_id` gets an unknown value among its wrong ones.
    static func grantFields(secretRequired: Bool = true) -> [MatrixField] {
        [
            MatrixField(name: "grant_type", kind: .oneOf([]), isRequired: true),
            MatrixField(name: "client_id", kind: .oneOf([]), isRequired: true),
            MatrixField(name: "client_secret", kind: .oneOf([]), isRequired: secretRequired),
            MatrixField(name: "ip_address", kind: string),
            MatrixField(name: "user_agent", kind: string),
        ]
    }

    /// The start of a grant body: its type, A's client id and (unless public) A's API key as `client_secret`.
    static func grant(_ type: String, secret: Bool = true) -> [(String, String)] {
        let start = [("grant_type", "\"\(type)\""), ("client_id", #""{client}""#)]
        return start + (secret ? [("client_secret", #""{secret}""#)] : [])
    }

    static let authenticate = "/user_management/authenticate"
    static let callback = "redirect_uri=http%3A%2F%2Flocalhost%3A3000%2Fcallback"
    static let authorize = "/user_management/authorize?response_type=code&client_id={client}&\(callback)"
    static let ssoAuthorize = "/sso/authorize?response_type=code&client_id={client}&\(callback)"

    /// Bad queries both authorize redirects share (catalog-A §6.4, catalog-B §2.1): no or unknown client, no,
    /// relative, foreign-host or `javascript:` redirect URI, a wrong `response_type`, broken PKCE.
    static func badAuthorizeQueries(_ base: String, selector: String) -> [String] {
        let path = String(base.prefix { $0 != "?" })
        return [
            "\(path)?response_type=code&\(callback)&\(selector)",
            "\(path)?response_type=code&client_id=client_01MATRIXUNKNOWN&\(callback)&\(selector)",
            "\(path)?response_type=code&client_id={client}&\(selector)",
            "\(path)?response_type=code&client_id={client}&redirect_uri=%2Fcallback&\(selector)",
            "\(path)?response_type=code&client_id={client}&redirect_uri=https%3A%2F%2Fevil.example%2Fcb&\(selector)",
            "\(path)?response_type=code&client_id={client}&redirect_uri=javascript%3Aalert(1)&\(selector)",
            "\(path)?client_id={client}&\(callback)&\(selector)",
            "\(path)?response_type=token&client_id={client}&\(callback)&\(selector)",
            "\(base)&\(selector)&code_challenge_method=plain&code_challenge=\(String(repeating: "a", count: 43))",
            "\(base)&\(selector)&code_challenge=\(String(repeating: "a", count: 43))",
            "\(base)&\(selector)&code_challenge=short&code_challenge_method=S256",
            "\(base)&\(selector)&code_challenge_method=S256",
            "\(base)&\(selector)&prompt=bogus",
            "\(base)",
        ]
    }

    static let authEndpoints: [MatrixEndpoint] = [
        // POST /user_management/authenticate, one entry per grant (catalog-A §6.3). Codes (magic, e-mail
        // verification, TOTP) are six digits, not ids: a wrong one is a failed attempt that counts, not a probe.
        MatrixEndpoint(
            "POST", authenticate, variant: "authorization_code",
            body: grant("authorization_code") + [("code", #""{code}""#)],
            fields: grantFields() + [
                MatrixField(name: "code", kind: string, isRequired: true),
                MatrixField(name: "code_verifier", kind: string),
                MatrixField(name: "redirect_uri", kind: string),
                MatrixField(name: "invitation_token", kind: string),
            ],
            auth: .none, shape: .oauth
        ),
        MatrixEndpoint(
            "POST", authenticate, variant: "password",
            body: grant("password") + [("email", #""{useremail}""#), ("password", #""{password}""#)],
            fields: grantFields() + [
                MatrixField(name: "email", kind: string, isRequired: true),
                MatrixField(name: "password", kind: string, isRequired: true),
                MatrixField(name: "invitation_token", kind: string),
            ],
            unprobed: ["password"], auth: .none, shape: .oauth, failureEvent: "authentication.password_failed"
        ),
        MatrixEndpoint(
            "POST", authenticate, variant: "refresh_token",
            body: grant("refresh_token") + [("refresh_token", #""{refresh}""#)],
            fields: grantFields(secretRequired: false) + [
                MatrixField(name: "refresh_token", kind: string, isRequired: true),
                MatrixField(name: "organization_id", kind: string),
            ],
            auth: .none, shape: .oauth
        ),
        MatrixEndpoint(
            "POST", authenticate, variant: "magic_auth",
            body: grant("urn:workos:oauth:grant-type:magic-auth:code")
                + [("email", #""{useremail}""#), ("code", #""{magiccode}""#)],
            fields: grantFields() + [
                MatrixField(name: "email", kind: string, isRequired: true),
                MatrixField(name: "code", kind: string, isRequired: true),
                MatrixField(name: "invitation_token", kind: string),
            ],
            unprobed: ["magiccode"], auth: .none, shape: .oauth, failureEvent: "authentication.magic_auth_failed"
        ),
        MatrixEndpoint(
            "POST", authenticate, variant: "email_verification",
            body: grant("urn:workos:oauth:grant-type:email-verification:code")
                + [("code", #""000000""#), ("pending_authentication_token", #""{verifypending}""#)],
            fields: grantFields() + [
                MatrixField(name: "code", kind: string, isRequired: true),
                MatrixField(name: "pending_authentication_token", kind: string, isRequired: true),
            ],
            auth: .none, shape: .oauth, failureEvent: "authentication.email_verification_failed"
        ),
        MatrixEndpoint(
            "POST", authenticate, variant: "mfa_totp",
            body: grant("urn:workos:oauth:grant-type:mfa-totp") + [
                ("code", #""000000""#), ("pending_authentication_token", #""{mfapending}""#),
                ("authentication_challenge_id", #""{challenge}""#),
            ],
            fields: grantFields() + [
                MatrixField(name: "code", kind: string, isRequired: true),
                MatrixField(name: "pending_authentication_token", kind: string, isRequired: true),
                MatrixField(name: "authentication_challenge_id", kind: string, isRequired: true),
            ],
            auth: .none, shape: .oauth, failureEvent: "authentication.mfa_failed"
        ),
        MatrixEndpoint(
            "POST", authenticate, variant: "organization_selection",
            body: grant("urn:workos:oauth:grant-type:organization-selection")
                + [("pending_authentication_token", #""{selectpending}""#), ("organization_id", #""{orgtwo}""#)],
            fields: grantFields() + [
                MatrixField(name: "pending_authentication_token", kind: string, isRequired: true),
                MatrixField(name: "organization_id", kind: string, isRequired: true),
            ],
            auth: .none, shape: .oauth
        ),
        // A public client: no secret, so its client id is its environment (nothing to compare with A's).
        MatrixEndpoint(
            "POST", authenticate, variant: "device_code",
            body: grant("urn:ietf:params:oauth:grant-type:device_code", secret: false)
                + [("device_code", #""{devicecode}""#)],
            fields: grantFields(secretRequired: false) + [
                MatrixField(name: "device_code", kind: string, isRequired: true)
            ],
            unprobed: ["client"], auth: .none, shape: .oauth
        ),
        // Browser redirects (catalog-A §6.4, catalog-B §2.1): the client id names the environment, no key is sent.
        MatrixEndpoint(
            "GET", authorize + "&organization_id={org}&state=s", variant: "organization",
            unprobed: ["client"], auth: .none, shape: .page,
            badPaths: badAuthorizeQueries(authorize, selector: "provider=authkit") + [
                authorize + "&provider=authkit&organization_id={org}",
                authorize + "&provider=BogusOAuth",
                authorize + "&provider=authkit&screen_hint=bogus",
                authorize + "&provider=GoogleOAuth&screen_hint=sign-up",
                authorize + "&provider=authkit&max_age=-1",
                authorize + "&provider=authkit&max_age=abc",
                authorize + "&connection_id=conn_01MATRIXUNKNOWN",
            ]
        ),
        MatrixEndpoint(
            "GET", authorize + "&provider=authkit&invitation_token={invtoken}", variant: "invitation",
            unprobed: ["client"], auth: .none, shape: .page
        ),
        MatrixEndpoint(
            "GET", authorize + "&connection_id={connection}", variant: "connection",
            unprobed: ["client"], auth: .none, shape: .page
        ),
        MatrixEndpoint(
            "POST", "/user_management/authorize/device", body: [("client_id", #""{client}""#)],
            fields: [MatrixField(name: "client_id", kind: .oneOf([]), isRequired: true)],
            unprobed: ["client"], auth: .none, shape: .oauth
        ),
        // MFA factors and challenges (catalog-A §6.12, catalog-B §5).
        MatrixEndpoint("GET", "/user_management/users/{user}/auth_factors", isList: true),
        MatrixEndpoint(
            "POST", "/user_management/users/{user}/auth_factors", body: [("type", #""totp""#)],
            fields: [
                MatrixField(name: "type", kind: .oneOf(["totp"]), isRequired: true),
                MatrixField(name: "totp_issuer", kind: .string(maxLength: 200)),
                MatrixField(name: "totp_user", kind: .string(maxLength: 320)),
                MatrixField(name: "totp_secret", kind: .oneOf([])),
            ]
        ),
        MatrixEndpoint(
            "POST", "/auth/factors/{factor}/challenge", body: [],
            fields: [MatrixField(name: "sms_template", kind: string)]
        ),
        MatrixEndpoint("GET", "/_emulator/auth_factors/{factor}/code"),
        // Sessions (catalog-A §6.5). Logout is public: a session id is all it takes, in any environment.
        MatrixEndpoint("GET", "/user_management/users/{user}/sessions", isList: true),
        MatrixEndpoint(
            "POST", "/user_management/sessions/revoke", body: [("session_id", #""{session}""#)],
            fields: [MatrixField(name: "session_id", kind: string, isRequired: true)]
        ),
        MatrixEndpoint(
            "GET", "/user_management/sessions/logout?session_id={session}", unprobed: ["session"], auth: .none,
            badPaths: [
                "/user_management/sessions/logout", "/user_management/sessions/logout?session_id=",
                "/user_management/sessions/logout?session_id=session_01MATRIXUNKNOWN",
                "/user_management/sessions/logout?session_id={session}&return_to=https%3A%2F%2Fevil.example%2F",
                "/user_management/sessions/logout?session_id={session}&return_to=javascript%3Aalert(1)",
                "/user_management/sessions/logout?session_id={session}&return_to=%2Frelative",
            ]
        ),
        // JWKS is public by design (catalog-A §6.6): another client's key set is not a secret.
        MatrixEndpoint(
            "GET", "/sso/jwks/{client}", unprobed: ["client"], auth: .none,
            badPaths: ["/sso/jwks/client_01MATRIXUNKNOWN", "/sso/jwks/" + String(repeating: "c", count: 2_000)]
        ),
        // SSO (catalog-B §2.1–2.5).
        MatrixEndpoint(
            "GET", ssoAuthorize + "&connection={connection}&state=s", variant: "connection",
            unprobed: ["client"], auth: .none, shape: .page,
            badPaths: badAuthorizeQueries(ssoAuthorize, selector: "connection={connection}") + [
                ssoAuthorize + "&connection={connection}&organization={org}",
                ssoAuthorize + "&provider=BogusOAuth",
                ssoAuthorize + "&domain=sso-a.example.com",
            ]
        ),
        MatrixEndpoint(
            "GET", ssoAuthorize + "&organization={org}", variant: "organization",
            unprobed: ["client"], auth: .none, shape: .page
        ),
        MatrixEndpoint(
            "POST", "/sso/token",
            body: [
                ("grant_type", #""authorization_code""#), ("client_id", #""{client}""#),
                ("client_secret", #""{secret}""#), ("code", #""{ssocode}""#),
            ],
            fields: [
                MatrixField(name: "grant_type", kind: .oneOf([]), isRequired: true),
                MatrixField(name: "client_id", kind: .oneOf([]), isRequired: true),
                MatrixField(name: "client_secret", kind: .oneOf([]), isRequired: true),
                MatrixField(name: "code", kind: string, isRequired: true),
                MatrixField(name: "code_verifier", kind: string),
                MatrixField(name: "redirect_uri", kind: string),
            ],
            auth: .none, shape: .oauth
        ),
        // The access token is the whole credential (catalog-B §2.3): another environment's token reads its own
        // profile by design, so the probes are tokens that are no SSO access token at all.
        MatrixEndpoint("GET", "/sso/profile", unprobed: ["ssotoken"], auth: .bearer("{ssotoken}")),
        MatrixEndpoint("GET", "/sso/profile", variant: "no token", auth: .none, badPaths: ["/sso/profile"]),
        MatrixEndpoint(
            "GET", "/sso/profile", variant: "unknown token", auth: .bearer("BR7xLBg5FtmUYsu6JL3ZXIYlx7AdMmSGa47yEMmX"),
            badPaths: ["/sso/profile"]
        ),
        MatrixEndpoint(
            "GET", "/sso/profile", variant: "API key as token", auth: .bearer("{secret}"), badPaths: ["/sso/profile"]
        ),
        MatrixEndpoint(
            "POST", "/sso/logout/authorize", body: [("profile_id", #""{profile}""#)],
            fields: [MatrixField(name: "profile_id", kind: string, isRequired: true)]
        ),
        // The logout token is the whole credential and names its environment (`aud`); the probes are tokens that
        // are not logout tokens at all. A refused token answers an HTML page.
        MatrixEndpoint(
            "GET", "/sso/logout?token=not.a.token", variant: "forged token", auth: .none, shape: .page,
            badPaths: ["/sso/logout", "/sso/logout?token=", "/sso/logout?token=%00", "/sso/logout?token=a.b.c"]
        ),
        MatrixEndpoint("GET", "/connections?organization_id={org}&after={connection}", isList: true),
        MatrixEndpoint("GET", "/connections/{connection}"),
        MatrixEndpoint("DELETE", "/connections/{connection}"),
        MatrixEndpoint(
            "POST", "/_emulator/connections",
            body: [("organization_id", #""{org}""#), ("connection_type", #""GoogleSAML""#)],
            fields: [
                MatrixField(name: "organization_id", kind: string),
                MatrixField(name: "connection_type", kind: .oneOf([]), isRequired: true),
                MatrixField(name: "name", kind: .string(maxLength: 255)),
                MatrixField(name: "domains", kind: .stringArray),
                MatrixField(name: "state", kind: .oneOf([])),
                MatrixField(name: "profiles", kind: .objectArray),
            ]
        ),
        MatrixEndpoint(
            "PUT", "/_emulator/connections/{connection}", body: [("state", #""inactive""#)],
            fields: [MatrixField(name: "state", kind: .oneOf([]), isRequired: true)]
        ),
        // Admin Portal (catalog-A §7) and widgets (catalog-A §8).
        MatrixEndpoint(
            "POST", "/portal/generate_link", body: [("organization", #""{org}""#), ("intent", #""sso""#)],
            fields: [
                MatrixField(name: "organization", kind: string, isRequired: true),
                MatrixField(name: "intent", kind: .oneOf([])),
                MatrixField(name: "return_url", kind: .oneOf([])),
                MatrixField(name: "success_url", kind: .oneOf([])),
                MatrixField(name: "it_contact_emails", kind: .stringArray),
                MatrixField(name: "external_user_id", kind: .string(maxLength: 255)),
            ]
        ),
        MatrixEndpoint(
            "POST", "/portal/revoke_link", body: [("organization", #""{org}""#), ("external_user_id", #""u1""#)],
            fields: [
                MatrixField(name: "organization", kind: string, isRequired: true),
                MatrixField(name: "external_user_id", kind: string, isRequired: true),
            ]
        ),
        MatrixEndpoint(
            "POST", "/widgets/token",
            body: [
                ("organization_id", #""{org}""#), ("user_id", #""{user}""#),
                ("scopes", #"["widgets:users-table:manage"]"#),
            ],
            fields: [
                MatrixField(name: "organization_id", kind: string),
                MatrixField(name: "user_id", kind: string),
                MatrixField(name: "scopes", kind: .stringArray),
            ],
            shape: .nest
        ),
        // Legacy send paths of Node ≤ v7 (catalog-A §6.13) and the outbox (emulator.md "Control API").
        MatrixEndpoint(
            "POST", "/user_management/magic_auth/send", body: [("email", #""{useremail}""#)],
            fields: [MatrixField(name: "email", kind: .email, isRequired: true)], unprobed: ["useremail"]
        ),
        MatrixEndpoint(
            "POST", "/user_management/password_reset/send",
            body: [("email", #""{useremail}""#), ("password_reset_url", #""http://localhost:3000/reset""#)],
            fields: [
                MatrixField(name: "email", kind: .email, isRequired: true),
                MatrixField(name: "password_reset_url", kind: .string(maxLength: 2048), isRequired: true),
            ],
            unprobed: ["useremail"]
        ),
        MatrixEndpoint("GET", "/_emulator/emails", isList: true),
    ]

    // MARK: Fixtures

    /// Creates, in the environment of `key` and `clientID`, what the sign-in endpoints need: a signed-in user (its
    /// session and refresh token), pending sign-ins of each step-up, a TOTP factor and challenge, a Magic Auth code,
    /// a device code, an AuthKit code, an SSO connection with a code and a profile access token.
    static func makeAuthFixture(
        on server: TestServer,
        key: String,
        clientID: String,
        tag: String
    ) throws -> MatrixFixture {
        let client = server.client()
        var fixture = MatrixFixture(key: key)
        fixture.values["client"] = clientID
        fixture.values["secret"] = key
        fixture.values["password"] = "Matrix-password-\(tag)"
        func send(_ method: String, _ path: String, _ body: String, key: String? = key) throws -> TestResponse {
            try client.request(method, fixture.fill(path), json: fixture.fill(body), key: key)
        }
        func create(_ method: String, _ path: String, _ body: String) throws -> TestJSON {
            let response = try send(method, path, body)
            guard (200..<300).contains(response.status) else {
                throw MatrixError("fixture \(method) \(path) answered \(response.status): \(response.text)")
            }
            return response.json
        }
        func signIn(_ email: String) throws -> TestResponse {
            try send(
                "POST", authenticate,
                bodyText(grant("password") + [("email", "\"\(email)\""), ("password", #""{password}""#)]), key: nil
            )
        }
        func user(_ email: String, verified: Bool = true) throws -> String {
            try create(
                "POST", "/user_management/users",
                #"{"email":"\#(email)","password":"{password}","email_verified":\#(verified)}"#
            )["id"].string ?? ""
        }
        func member(_ userID: String, _ organization: String) throws {
            _ = try create(
                "POST", "/user_management/organization_memberships",
                #"{"user_id":"\#(userID)","organization_id":"{\#(organization)}"}"#
            )
        }
        fixture.values["org"] = try create("POST", "/organizations", #"{"name":"Auth \#(tag)"}"#)["id"].string
        fixture.values["orgtwo"] = try create("POST", "/organizations", #"{"name":"Auth \#(tag) two"}"#)["id"].string
        fixture.values["useremail"] = "auth-\(tag)@example.com"
        fixture.values["user"] = try user("auth-\(tag)@example.com")
        try member(fixture.values["user"] ?? "", "org")
        let signedIn = try signIn("{useremail}")
        fixture.values["refresh"] = signedIn.json["refresh_token"].string
        fixture.values["session"] = try Self.claim("sid", of: signedIn.json["access_token"].string ?? "")

        let selecting = try user("select-\(tag)@example.com")
        try member(selecting, "org")
        try member(selecting, "orgtwo")
        fixture.values["selectpending"] = try signIn("select-\(tag)@example.com").json["pending_authentication_token"]
            .string

        let mfa = try user("mfa-\(tag)@example.com")
        try member(mfa, "org")
        let factor = try create("POST", "/user_management/users/\(mfa)/auth_factors", #"{"type":"totp"}"#)
        fixture.values["factor"] = factor["authentication_factor"]["id"].string
        fixture.values["mfapending"] = try signIn("mfa-\(tag)@example.com").json["pending_authentication_token"].string
        fixture.values["challenge"] = try create("POST", "/auth/factors/{factor}/challenge", "{}")["id"].string

        let verifying = try user("verify-\(tag)@example.com", verified: false)
        try member(verifying, "org")
        try server.execute(
            """
            UPDATE environments SET seed = json_set(seed, '$.environment.require_email_verification', json('true'))
            WHERE client_id = ?
            """,
            [.text(clientID)]
        )
        fixture.values["verifypending"] = try signIn("verify-\(tag)@example.com").json["pending_authentication_token"]
            .string

        fixture.values["magiccode"] = try create("POST", "/user_management/magic_auth", #"{"email":"{useremail}"}"#)[
            "code"
        ].string
        fixture.values["devicecode"] = try send(
            "POST", "/user_management/authorize/device", #"{"client_id":"{client}"}"#, key: nil
        ).json["device_code"].string
        fixture.values["invtoken"] = try create(
            "POST", "/user_management/invitations",
            #"{"email":"invitee-\#(tag)@example.com","organization_id":"{org}"}"#
        )["token"].string

        // An AuthKit code: the hosted page, signed in with the password (emulator.md "Hosted sign-in pages").
        fixture.values["code"] = try Self.code(
            client, fixture.fill(authorize + "&provider=authkit&state=s"),
            [("email", fixture.fill("{useremail}")), ("password", fixture.fill("{password}"))]
        )
        fixture.values["connection"] = try create(
            "POST", "/_emulator/connections",
            #"""
            {"organization_id":"{org}","connection_type":"OktaSAML","name":"Matrix \#(tag)",
             "domains":["sso-\#(tag).example.com"],"profiles":[{"email":"jane@sso-\#(tag).example.com"}]}
            """#
        )["id"].string
        let sso = fixture.fill(ssoAuthorize + "&connection={connection}&state=s")
        let profile = [("email", "jane@sso-\(tag).example.com")]
        fixture.values["ssocode"] = try Self.code(client, sso, profile)
        let redeemed = try send(
            "POST", "/sso/token",
            bodyText([
                ("grant_type", #""authorization_code""#), ("client_id", #""{client}""#),
                ("client_secret", #""{secret}""#), ("code", "\"\(try Self.code(client, sso, profile))\""),
            ]),
            key: nil
        )
        fixture.values["ssotoken"] = redeemed.json["access_token"].string
        fixture.values["profile"] = redeemed.json["profile"]["id"].string

        let missing = [
            "org", "orgtwo", "user", "refresh", "session", "selectpending", "factor", "mfapending", "challenge",
            "verifypending", "magiccode", "devicecode", "invtoken", "code", "connection", "ssocode", "ssotoken",
            "profile",
        ].filter { (fixture.values[$0] ?? "").isEmpty }
        guard missing.isEmpty else { throw MatrixError("auth fixture values missing: \(missing)") }
        return fixture
    }

    /// Follows an authorize redirect to its hosted page and submits `fields`; answers the code of the callback.
    static func code(_ client: TestClient, _ authorizePath: String, _ fields: [(String, String)]) throws -> String {
        let redirect = try client.request("GET", authorizePath, key: nil)
        guard redirect.status == 302, let location = redirect.header("Location"),
            let page = URLComponents(string: location)?.path
        else { throw MatrixError("authorize answered \(redirect.status): \(redirect.text.prefix(300))") }
        let submitted = try AuthKitFixtures.submit(client, page, fields)
        let code = try? AuthKitFixtures.query(of: submitted)["code"]
        guard let code else { throw MatrixError("page answered \(submitted.status): \(submitted.text.prefix(300))") }
        return code
    }

    /// A claim of a JWT's payload (base64url, RFC 7515 §2).
    static func claim(_ name: String, of token: String) throws -> String? {
        let parts = token.split(separator: ".")
        guard parts.count == 3 else { throw MatrixError("not a JWT: \(token.prefix(40))") }
        var text = parts[1].replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        text += String(repeating: "=", count: (4 - text.count % 4) % 4)
        guard let data = Data(base64Encoded: text),
            let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { throw MatrixError("undecodable JWT payload") }
        return object[name] as? String
    }
}

@Suite struct BadInputMatrixAuthReliabilityTests {
    /// A server with the default environment ("A") and a second one ("B"), each with its sign-in fixture.
    static func makeSetup() throws -> MatrixSetup {
        let setup = MatrixSetup(server: try TestServer())
        let created = try setup.server.client().request("POST", "/_emulator/environments", json: #"{"name":"B"}"#)
        guard created.status == 201, let keyB = created.json["api_key"].string,
            let clientB = created.json["client_id"].string
        else { throw MatrixError("POST /_emulator/environments answered \(created.status)") }
        setup.a = try BadInputMatrix.makeAuthFixture(
            on: setup.server, key: TestServer.apiKey, clientID: TestServer.clientID, tag: "a"
        )
        setup.b = try BadInputMatrix.makeAuthFixture(on: setup.server, key: keyB, clientID: clientB, tag: "b")
        return setup
    }

    @Test(arguments: BadInputMatrix.authEndpoints.filter { $0.body != nil || !$0.badPaths.isEmpty })
    func badBodies_Are4xxAndWriteNothing(_ endpoint: MatrixEndpoint) throws {
        try BadInputMatrix.checkBadBodies(try Self.makeSetup(), endpoint)
    }

    @Test(arguments: BadInputMatrix.authEndpoints)
    func unknownAndForeignIds_AreAnsweredAlikeAndWriteNothing(_ endpoint: MatrixEndpoint) throws {
        try BadInputMatrix.checkIDs(try Self.makeSetup(), endpoint)
    }

    @Test(arguments: BadInputMatrix.authEndpoints.filter(\.isList))
    func badPagination_Is422AndNotA500(_ endpoint: MatrixEndpoint) throws {
        try BadInputMatrix.checkPagination(try Self.makeSetup(), endpoint)
    }
}
