// workos-emulator — every emulated endpoint × a bad-input matrix (issue 7): missing, extra and wrong-typed fields,
// oversized strings and metadata, unknown ids and ids of another environment. Each must be a WorkOS-shaped 4xx that
// changes nothing in the store, and another environment's id must be answered exactly like an unknown id.
// Licensed MIT.

import EmulatorTesting
import Foundation
import SQLite
import Testing

/// What a body field accepts, which decides the wrong values sent for it.
enum MatrixKind: Sendable {
    case string(maxLength: Int?)
    case email
    case bool
    case stringArray
    case objectArray
    case metadata
    case integer(validRange: ClosedRange<Int>)
    case oneOf([String])
    case domain
    case slug(maxLength: Int)

    /// JSON texts that must all be refused with a 4xx.
    var wrongValues: [String] {
        let notStrings = ["42", "true", "[]", "{}", #"["a"]"#]
        switch self {
        case .string(let maxLength):
            return notStrings + (maxLength.map { [Self.quoted(String(repeating: "s", count: $0 + 1))] } ?? [])
        case .email:
            return notStrings + [
                #""not-an-email""#, #""a@""#, Self.quoted(String(repeating: "e", count: 5_000) + "@x.com"),
            ]
        case .bool:
            return ["1", #""yes""#, "[]", "{}"]
        case .stringArray:
            return [#""a""#, "42", "{}", "[1]", "[null]", "[[]]"]
        case .objectArray:
            return [#""a""#, "42", "{}", "[1]", #"["a"]"#, "[{}]"]
        case .metadata:
            let tooMany = "{" + (0..<51).map { #""k\#($0)":"v""# }.joined(separator: ",") + "}"
            return [
                #""a""#, "42", "[]", #"{"k":1}"#, #"{"k":{}}"#, #"{"k":null}"#, #"{"":"v"}"#, tooMany,
                "{" + Self.quoted(String(repeating: "k", count: 41)) + #":"v"}"#,
                #"{"k":"# + Self.quoted(String(repeating: "v", count: 601)) + "}",
            ]
        case .integer(let range):
            return ["true", "[]", "{}", #""x""#, "1.5", "\(range.lowerBound - 1)", "\(range.upperBound + 1)"]
        case .oneOf:
            return notStrings + [#""bogus-value""#]
        case .domain:
            return notStrings + [#""not a domain""#, #""-bad-.example""#, #""a..b""#]
        case .slug(let maxLength):
            return notStrings + [Self.quoted(String(repeating: "s", count: maxLength + 1)), #""Not A Slug!""#]
        }
    }

    static func quoted(_ text: String) -> String { "\"\(text)\"" }
}

/// One body field of an endpoint.
struct MatrixField: Sendable {
    var name: String
    var kind: MatrixKind
    var isRequired = false
}

/// One endpoint: its path and minimal valid body with `{placeholders}` for fixture values.
struct MatrixEndpoint: Sendable, CustomTestStringConvertible {
    var method: String
    var path: String
    /// The members of a minimal valid body as key → JSON text; nil: the endpoint takes no body.
    var body: [(String, String)]?
    var fields: [MatrixField] = []
    /// Placeholders not to probe with unknown/foreign values (probing them would be a valid write).
    var unprobed: Set<String> = []
    /// True for list endpoints, which also get the pagination matrix.
    var isList = false

    var testDescription: String { "\(self.method) \(self.path)" }

    init(
        _ method: String,
        _ path: String,
        body: [(String, String)]? = nil,
        fields: [MatrixField] = [],
        unprobed: Set<String> = [],
        isList: Bool = false
    ) {
        self.method = method
        self.path = path
        self.body = body
        self.fields = fields
        self.unprobed = unprobed
        self.isList = isList
    }

    /// Placeholders used in the path and body.
    var placeholders: [String] {
        let text = self.path + (self.body?.map { $0.1 }.joined() ?? "")
        var names: [String] = []
        var rest = text[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            let name = String(rest[rest.index(after: open)..<close])
            if name.allSatisfy({ $0.isLetter }), !names.contains(name) { names.append(name) }
            rest = rest[rest.index(after: close)...]
        }
        return names
    }
}

/// Objects of one environment that the matrix refers to by placeholder.
struct MatrixFixture {
    var key: String
    var values: [String: String] = [:]

    /// Replaces every `{placeholder}` in `text`.
    func fill(_ text: String, overriding: [String: String] = [:]) -> String {
        var result = text
        for (name, value) in self.values.merging(overriding, uniquingKeysWith: { $1 }) {
            result = result.replacingOccurrences(of: "{\(name)}", with: value)
        }
        return result
    }
}

enum BadInputMatrix {
    static let string = MatrixKind.string(maxLength: nil)
    static let slug = MatrixKind.slug(maxLength: 48)

    static let endpoints: [MatrixEndpoint] = [
        // Organizations
        MatrixEndpoint("GET", "/organizations?after={org}", isList: true),
        MatrixEndpoint(
            "POST", "/organizations", body: [("name", #""Matrix Org""#)],
            fields: [
                MatrixField(name: "name", kind: string, isRequired: true),
                MatrixField(name: "domain_data", kind: .objectArray),
                MatrixField(name: "domains", kind: .stringArray),
                MatrixField(name: "external_id", kind: .string(maxLength: 128)),
                MatrixField(name: "stripe_customer_id", kind: .string(maxLength: 255)),
                MatrixField(name: "allow_profiles_outside_organization", kind: .bool),
                MatrixField(name: "metadata", kind: .metadata),
            ]
        ),
        MatrixEndpoint("GET", "/organizations/{org}"),
        MatrixEndpoint("GET", "/organizations/external_id/{external}"),
        MatrixEndpoint(
            "PUT", "/organizations/{org}", body: [],
            fields: [
                MatrixField(name: "name", kind: string),
                MatrixField(name: "domain_data", kind: .objectArray),
                MatrixField(name: "domains", kind: .stringArray),
                MatrixField(name: "external_id", kind: .string(maxLength: 128)),
                MatrixField(name: "stripe_customer_id", kind: .string(maxLength: 255)),
                MatrixField(name: "allow_profiles_outside_organization", kind: .bool),
                MatrixField(name: "metadata", kind: .metadata),
            ]
        ),
        MatrixEndpoint("DELETE", "/organizations/{org}"),
        MatrixEndpoint("GET", "/organizations/{org}/roles"),
        // Organization domains
        MatrixEndpoint(
            "POST", "/organization_domains",
            body: [("organization_id", #""{org}""#), ("domain", #""matrix-new.example.com""#)],
            fields: [
                MatrixField(name: "organization_id", kind: string, isRequired: true),
                MatrixField(name: "domain", kind: .domain, isRequired: true),
            ]
        ),
        MatrixEndpoint("GET", "/organization_domains/{domain}"),
        MatrixEndpoint("POST", "/organization_domains/{domain}/verify"),
        MatrixEndpoint("DELETE", "/organization_domains/{domain}"),
        // Events
        MatrixEndpoint("GET", "/events?events=organization.created&organization_id={org}&after={event}", isList: true),
        // Users
        MatrixEndpoint("GET", "/user_management/users?organization_id={org}&after={user}", isList: true),
        MatrixEndpoint(
            "POST", "/user_management/users", body: [("email", #""matrix-new@example.com""#)],
            fields: [
                MatrixField(name: "email", kind: .email, isRequired: true),
                MatrixField(name: "first_name", kind: .string(maxLength: 255)),
                MatrixField(name: "last_name", kind: .string(maxLength: 255)),
                MatrixField(name: "name", kind: .string(maxLength: 255)),
                MatrixField(name: "email_verified", kind: .bool),
                MatrixField(name: "external_id", kind: .string(maxLength: 128)),
                MatrixField(name: "metadata", kind: .metadata),
                MatrixField(name: "password", kind: string),
                MatrixField(name: "password_hash_type", kind: .oneOf(["bcrypt"])),
            ]
        ),
        MatrixEndpoint("GET", "/user_management/users/{user}"),
        MatrixEndpoint("GET", "/user_management/users/external_id/{userexternal}"),
        MatrixEndpoint(
            "PUT", "/user_management/users/{user}", body: [],
            fields: [
                MatrixField(name: "email", kind: .email),
                MatrixField(name: "first_name", kind: .string(maxLength: 255)),
                MatrixField(name: "last_name", kind: .string(maxLength: 255)),
                MatrixField(name: "email_verified", kind: .bool),
                MatrixField(name: "external_id", kind: .string(maxLength: 128)),
                MatrixField(name: "metadata", kind: .metadata),
                MatrixField(name: "locale", kind: .oneOf(["en"])),
            ]
        ),
        MatrixEndpoint("DELETE", "/user_management/users/{user}"),
        MatrixEndpoint("GET", "/user_management/users/{user}/identities"),
        MatrixEndpoint("POST", "/user_management/users/{user}/email_verification/send"),
        MatrixEndpoint(
            "POST", "/user_management/users/{user}/email_verification/confirm", body: [("code", #""000000""#)],
            fields: [MatrixField(name: "code", kind: string, isRequired: true)], unprobed: []
        ),
        MatrixEndpoint("GET", "/user_management/email_verification/{verification}"),
        MatrixEndpoint(
            "POST", "/user_management/users/{user}/email_change/send", body: [("new_email", #""changed@example.com""#)],
            fields: [MatrixField(name: "new_email", kind: .email, isRequired: true)]
        ),
        MatrixEndpoint(
            "POST", "/user_management/users/{user}/email_change/confirm", body: [("code", #""000000""#)],
            fields: [MatrixField(name: "code", kind: string, isRequired: true)]
        ),
        MatrixEndpoint(
            "POST", "/user_management/password_reset", body: [("email", #""{useremail}""#)],
            fields: [MatrixField(name: "email", kind: .email, isRequired: true)]
        ),
        MatrixEndpoint(
            "POST", "/user_management/password_reset/confirm",
            body: [("token", #""{resettoken}""#), ("new_password", #""correct horse battery staple 42""#)],
            fields: [
                MatrixField(name: "token", kind: string, isRequired: true),
                MatrixField(name: "new_password", kind: string, isRequired: true),
            ]
        ),
        MatrixEndpoint("GET", "/user_management/password_reset/{reset}"),
        MatrixEndpoint(
            "POST", "/user_management/magic_auth", body: [("email", #""{useremail}""#)],
            fields: [
                MatrixField(name: "email", kind: .email, isRequired: true),
                MatrixField(name: "invitation_token", kind: string),
            ],
            unprobed: ["useremail"]
        ),
        MatrixEndpoint("GET", "/user_management/magic_auth/{magic}"),
        // Organization memberships
        MatrixEndpoint(
            "GET", "/user_management/organization_memberships?organization_id={org}&after={membership}", isList: true
        ),
        MatrixEndpoint(
            "POST", "/user_management/organization_memberships",
            body: [("user_id", #""{otheruser}""#), ("organization_id", #""{org}""#)],
            fields: [
                MatrixField(name: "user_id", kind: string, isRequired: true),
                MatrixField(name: "organization_id", kind: string, isRequired: true),
                MatrixField(name: "role_slug", kind: string),
                MatrixField(name: "role_slugs", kind: .stringArray),
            ]
        ),
        MatrixEndpoint("GET", "/user_management/organization_memberships/{membership}"),
        MatrixEndpoint(
            "PUT", "/user_management/organization_memberships/{membership}", body: [],
            fields: [MatrixField(name: "role_slug", kind: string), MatrixField(name: "role_slugs", kind: .stringArray)]
        ),
        MatrixEndpoint("DELETE", "/user_management/organization_memberships/{membership}"),
        MatrixEndpoint("PUT", "/user_management/organization_memberships/{membership}/deactivate"),
        MatrixEndpoint("PUT", "/user_management/organization_memberships/{membership}/reactivate"),
        // Invitations
        MatrixEndpoint("GET", "/user_management/invitations?organization_id={org}&after={invitation}", isList: true),
        MatrixEndpoint(
            "POST", "/user_management/invitations",
            body: [("email", #""matrix-invitee@example.com""#), ("organization_id", #""{org}""#)],
            fields: [
                MatrixField(name: "email", kind: .email, isRequired: true),
                MatrixField(name: "organization_id", kind: string),
                MatrixField(name: "inviter_user_id", kind: string),
                MatrixField(name: "role_slug", kind: string),
                MatrixField(name: "locale", kind: .oneOf(["en"])),
                MatrixField(name: "expires_in_days", kind: .integer(validRange: 1...30)),
            ]
        ),
        MatrixEndpoint("GET", "/user_management/invitations/{invitation}"),
        MatrixEndpoint("GET", "/user_management/invitations/by_token/{token}"),
        MatrixEndpoint("POST", "/user_management/invitations/{invitation}/accept"),
        MatrixEndpoint("POST", "/user_management/invitations/{invitation}/revoke"),
        MatrixEndpoint("POST", "/user_management/invitations/{invitation}/resend"),
        // Roles and permissions
        MatrixEndpoint("GET", "/authorization/permissions", isList: true),
        MatrixEndpoint(
            "POST", "/authorization/permissions", body: [("slug", #""matrix-perm""#), ("name", #""Matrix""#)],
            fields: [
                MatrixField(name: "slug", kind: slug, isRequired: true),
                MatrixField(name: "name", kind: .string(maxLength: 48), isRequired: true),
                MatrixField(name: "description", kind: .string(maxLength: 150)),
            ]
        ),
        MatrixEndpoint("GET", "/authorization/permissions/{permission}"),
        MatrixEndpoint(
            "PATCH", "/authorization/permissions/{permission}", body: [],
            fields: [
                MatrixField(name: "name", kind: .string(maxLength: 48)),
                MatrixField(name: "description", kind: .string(maxLength: 150)),
            ]
        ),
        MatrixEndpoint("DELETE", "/authorization/permissions/{permission}"),
        // Role lists are not paginated (WorkOS answers every role at once).
        MatrixEndpoint("GET", "/authorization/roles"),
        MatrixEndpoint(
            "POST", "/authorization/roles", body: [("slug", #""matrix-role""#), ("name", #""Matrix""#)],
            fields: [
                MatrixField(name: "slug", kind: slug, isRequired: true),
                MatrixField(name: "name", kind: .string(maxLength: 48), isRequired: true),
                MatrixField(name: "description", kind: .string(maxLength: 150)),
            ]
        ),
        MatrixEndpoint("GET", "/authorization/roles/{envrole}"),
        MatrixEndpoint(
            "PATCH", "/authorization/roles/{envrole}", body: [],
            fields: [
                MatrixField(name: "name", kind: .string(maxLength: 48)),
                MatrixField(name: "description", kind: .string(maxLength: 150)),
            ]
        ),
        MatrixEndpoint(
            "PUT", "/authorization/roles/{envrole}/permissions", body: [("permissions", #"["{permission}"]"#)],
            fields: [MatrixField(name: "permissions", kind: .stringArray, isRequired: true)]
        ),
        MatrixEndpoint(
            "POST", "/authorization/roles/{envrole}/permissions", body: [("slug", #""{permission}""#)],
            fields: [MatrixField(name: "slug", kind: string, isRequired: true)]
        ),
        MatrixEndpoint("GET", "/authorization/organizations/{org}/roles"),
        MatrixEndpoint(
            "POST", "/authorization/organizations/{org}/roles",
            body: [("slug", #""org-matrix""#), ("name", #""Matrix""#)],
            fields: [
                // Optional: generated from the name when absent (catalog-A §5.2).
                MatrixField(name: "slug", kind: slug),
                MatrixField(name: "name", kind: .string(maxLength: 48), isRequired: true),
                MatrixField(name: "description", kind: .string(maxLength: 150)),
            ]
        ),
        MatrixEndpoint("GET", "/authorization/organizations/{org}/roles/{orgrole}"),
        MatrixEndpoint(
            "PATCH", "/authorization/organizations/{org}/roles/{orgrole}", body: [],
            fields: [
                MatrixField(name: "name", kind: .string(maxLength: 48)),
                MatrixField(name: "description", kind: .string(maxLength: 150)),
            ]
        ),
        MatrixEndpoint("DELETE", "/authorization/organizations/{org}/roles/{orgrole}"),
        MatrixEndpoint(
            "PUT", "/authorization/organizations/{org}/roles/{orgrole}/permissions",
            body: [("permissions", #"["{permission}"]"#)],
            fields: [MatrixField(name: "permissions", kind: .stringArray, isRequired: true)]
        ),
        MatrixEndpoint(
            "POST", "/authorization/organizations/{org}/roles/{orgrole}/permissions",
            body: [("slug", #""{permission}""#)],
            fields: [MatrixField(name: "slug", kind: string, isRequired: true)]
        ),
        MatrixEndpoint("DELETE", "/authorization/organizations/{org}/roles/{orgrole}/permissions/{permission}"),
        // Control API
        MatrixEndpoint(
            "POST", "/_emulator/environments", body: [],
            fields: [MatrixField(name: "name", kind: .string(maxLength: 200))]
        ),
        MatrixEndpoint(
            "POST", "/_emulator/redirect_uris", body: [("uri", #""http://matrix.example/callback""#)],
            fields: [MatrixField(name: "uri", kind: .string(maxLength: 2048), isRequired: true)]
        ),
    ]

    // MARK: Fixtures

    /// Creates one of each object in the environment of `key`; `tag` keeps names apart between environments.
    static func makeFixture(on server: TestServer, key: String, tag: String) throws -> MatrixFixture {
        let client = server.client()
        var fixture = MatrixFixture(key: key)
        func create(_ method: String, _ path: String, _ body: String) throws -> TestJSON {
            let response = try client.request(method, fixture.fill(path), json: fixture.fill(body), key: key)
            guard (200..<300).contains(response.status) else {
                throw MatrixError("fixture \(method) \(path) answered \(response.status): \(response.text)")
            }
            return response.json
        }
        let org = try create(
            "POST", "/organizations",
            #"{"name":"Matrix \#(tag)","external_id":"ext-\#(tag)","#
                + #""domain_data":[{"domain":"m-\#(tag).example.com","state":"pending"}]}"#
        )
        fixture.values["org"] = org["id"].string
        fixture.values["external"] = "ext-\(tag)"
        fixture.values["domain"] = org["domains"][0]["id"].string
        fixture.values["useremail"] = "matrix-\(tag)@example.com"
        let user = try create(
            "POST", "/user_management/users", #"{"email":"{useremail}","external_id":"user-ext-\#(tag)"}"#
        )
        fixture.values["user"] = user["id"].string
        fixture.values["userexternal"] = "user-ext-\(tag)"
        fixture.values["otheruser"] = try create(
            "POST", "/user_management/users", #"{"email":"other-\#(tag)@example.com"}"#
        )["id"].string
        fixture.values["membership"] = try create(
            "POST", "/user_management/organization_memberships", #"{"user_id":"{user}","organization_id":"{org}"}"#
        )["id"].string
        let invitation = try create(
            "POST", "/user_management/invitations",
            #"{"email":"invitee-\#(tag)@example.com","organization_id":"{org}"}"#
        )
        fixture.values["invitation"] = invitation["id"].string
        fixture.values["token"] = invitation["token"].string
        fixture.values["permission"] = try create(
            "POST", "/authorization/permissions", #"{"slug":"perm-\#(tag)","name":"Perm \#(tag)"}"#
        )["slug"].string
        fixture.values["envrole"] = try create(
            "POST", "/authorization/roles", #"{"slug":"role-\#(tag)","name":"Role \#(tag)"}"#
        )["slug"].string
        fixture.values["orgrole"] = try create(
            "POST", "/authorization/organizations/{org}/roles",
            #"{"slug":"org-role-\#(tag)","name":"Org role \#(tag)"}"#
        )["slug"].string
        fixture.values["magic"] = try create("POST", "/user_management/magic_auth", #"{"email":"{useremail}"}"#)["id"]
            .string
        let reset = try create("POST", "/user_management/password_reset", #"{"email":"{useremail}"}"#)
        fixture.values["reset"] = reset["id"].string
        fixture.values["resettoken"] = reset["password_reset_token"].string ?? reset["token"].string
        _ = try create("POST", "/user_management/users/{user}/email_verification/send", "")
        let userID = fixture.values["user"] ?? ""
        fixture.values["verification"] = try server.application.services.database.read { connection in
            try connection.fetchScalar(
                "SELECT id FROM email_verifications WHERE user_id = ? ORDER BY rowid DESC LIMIT 1", [.text(userID)]
            )
        }
        let events = try client.request("GET", "/events?events=organization.created&limit=1", key: key)
        fixture.values["event"] = events.json["data"][0]["id"].string
        let missing = [
            "org", "domain", "user", "otheruser", "membership", "invitation", "token", "permission",
            "envrole", "orgrole", "magic", "reset", "verification", "event",
        ].filter { fixture.values[$0] == nil }
        guard missing.isEmpty else { throw MatrixError("fixture values missing: \(missing)") }
        return fixture
    }

    /// A value that names nothing but sits right next to `value` in id order: its last character moved by one
    /// (`org_…1NZ` → `org_…1NY`). Lists compare cursors by position, so an unknown cursor must sort where the
    /// foreign one does for the two answers to be comparable.
    static func unknown(near value: String) -> String {
        guard let last = value.last else { return "x" }
        let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZabcdefghijklmnopqrstuvwxyz")
        guard let index = alphabet.firstIndex(of: last) else { return value + "x" }
        let replacement = index > 0 ? alphabet[index - 1] : alphabet[index + 1]
        return String(value.dropLast()) + String(replacement)
    }
}

struct MatrixError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

@Suite struct BadInputMatrixReliabilityTests {
    /// A server with the default environment ("A") and a second one ("B"), each with one of every object.
    final class Setup {
        let server: TestServer
        let a: MatrixFixture
        let b: MatrixFixture

        init() throws {
            self.server = try TestServer()
            let created = try self.server.client().request("POST", "/_emulator/environments", json: #"{"name":"B"}"#)
            guard created.status == 201, let keyB = created.json["api_key"].string else {
                throw MatrixError("POST /_emulator/environments answered \(created.status)")
            }
            self.a = try BadInputMatrix.makeFixture(on: self.server, key: TestServer.apiKey, tag: "a")
            self.b = try BadInputMatrix.makeFixture(on: self.server, key: keyB, tag: "b")
        }

        deinit { self.server.stop() }
    }

    /// Sends one request with A's key and checks it is a WorkOS-shaped 4xx that wrote nothing; returns it.
    @discardableResult
    static func expectRefused(
        _ setup: Setup,
        _ method: String,
        _ path: String,
        body: String?,
        _ label: String
    ) throws -> TestResponse {
        let before = try setup.server.storeSnapshot()
        let eventsBefore = try Self.eventCount(setup)
        let response = try setup.server.client().request(method, path, json: body, key: setup.a.key)
        #expect((400..<500).contains(response.status), "\(label): \(response.status) \(response.text.prefix(300))")
        Self.expectWorkOSShaped(response, label)
        let after = try setup.server.storeSnapshot()
        let isUnchanged = after == before
        #expect(isUnchanged, "\(label) changed \(after.differences(from: before))")
        #expect(try Self.eventCount(setup) == eventsBefore, "\(label): GET /events shows a new event")
        return response
    }

    /// A 4xx body as WorkOS writes them (catalog-A §1.8): `{"message", "code"?, "errors"?, …}`, or the OAuth
    /// `{"error", "error_description"}`; a 422 lists its field errors.
    static func expectWorkOSShaped(_ response: TestResponse, _ label: String) {
        let json = response.json
        let hasMessage = json["message"].string != nil
        let isOAuth = json["error"].string != nil && json["error_description"].string != nil
        #expect(hasMessage || isOAuth, "\(label): not a WorkOS error body: \(response.text.prefix(300))")
        if response.status == 422 && json["code"].string == "invalid_request_parameters" {
            #expect(!json["errors"].array.isEmpty, "\(label): 422 without errors: \(response.text.prefix(300))")
        }
        #expect(response.header("Content-Type")?.hasPrefix("application/json") == true, "\(label)")
    }

    /// Every event of environment A, counted through the API.
    static func eventCount(_ setup: Setup) throws -> Int {
        let names = [
            "organization.created", "organization.updated", "organization.deleted", "organization_domain.created",
            "organization_domain.updated", "organization_domain.deleted", "organization_domain.verified",
            "user.created", "user.updated", "user.deleted", "organization_membership.created",
            "organization_membership.updated", "organization_membership.deleted", "invitation.created",
            "invitation.accepted", "invitation.revoked", "invitation.resent", "email_verification.created",
            "password_reset.created", "password_reset.succeeded", "magic_auth.created", "role.created",
            "role.updated", "role.deleted", "organization_role.created", "organization_role.updated",
            "organization_role.deleted", "permission.created", "permission.updated", "permission.deleted",
            "session.created", "session.revoked", "authentication.password_succeeded", "authentication.password_failed",
            "authentication.magic_auth_succeeded", "authentication.magic_auth_failed",
            "authentication.email_verification_succeeded", "authentication.email_verification_failed",
        ].joined(separator: ",")
        var count = 0
        var after: String?
        repeat {
            let cursor = after.map { "&after=\($0)" } ?? ""
            let page = try setup.server.client().request("GET", "/events?events=\(names)&limit=100\(cursor)")
            guard page.status == 200 else { throw MatrixError("GET /events answered \(page.status): \(page.text)") }
            count += page.json["data"].array.count
            after = page.json["list_metadata"]["after"].string
        } while after != nil
        return count
    }

    static func bodyText(_ members: [(String, String)]) -> String {
        "{" + members.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }

    // MARK: Bodies

    @Test(arguments: BadInputMatrix.endpoints.filter { $0.body != nil })
    func badBodies_Are4xxAndWriteNothing(_ endpoint: MatrixEndpoint) throws {
        let setup = try Setup()
        let path = setup.a.fill(endpoint.path)
        let minimal = endpoint.body ?? []
        let label = endpoint.testDescription
        for text in ["not json", "[]", "null", #""a string""#, "{", #"{"a":1,}"#] {
            try Self.expectRefused(setup, endpoint.method, path, body: text, "\(label) body \(text)")
        }
        for field in endpoint.fields {
            for wrong in field.kind.wrongValues {
                let members = minimal.filter { $0.0 != field.name } + [(field.name, wrong)]
                let body = setup.a.fill(Self.bodyText(members))
                try Self.expectRefused(
                    setup, endpoint.method, path, body: body, "\(label) \(field.name)=\(wrong.prefix(60))")
            }
            if field.isRequired {
                let without = minimal.filter { $0.0 != field.name }
                for members in [
                    without, without + [(field.name, "null")], without + [(field.name, #""   ""#)],
                    without + [("unexpected_extra_field", #""x""#)],
                ] {
                    let body = setup.a.fill(Self.bodyText(members))
                    try Self.expectRefused(
                        setup, endpoint.method, path, body: body, "\(label) without \(field.name): \(body)")
                }
            }
        }
    }

    // MARK: Ids

    @Test(arguments: BadInputMatrix.endpoints)
    func unknownAndForeignIds_AreAnsweredAlikeAndWriteNothing(_ endpoint: MatrixEndpoint) throws {
        let setup = try Setup()
        for name in endpoint.placeholders where !endpoint.unprobed.contains(name) && name != "otheruser" {
            guard let own = setup.a.values[name], let foreign = setup.b.values[name] else { continue }
            var unknown = BadInputMatrix.unknown(near: foreign)
            while setup.a.values.values.contains(unknown) || setup.b.values.values.contains(unknown) {
                unknown = BadInputMatrix.unknown(near: unknown)
            }
            #expect(unknown != own)
            let label = "\(endpoint.testDescription) {\(name)}"
            func send(_ value: String) throws -> TestResponse {
                let path = setup.a.fill(endpoint.path, overriding: [name: value])
                let body = endpoint.body.map { setup.a.fill(Self.bodyText($0), overriding: [name: value]) }
                if endpoint.isList {
                    // A foreign or unknown cursor or filter on a list may be a 4xx or an empty page; it must
                    // still be the same answer either way, and write nothing.
                    let before = try setup.server.storeSnapshot()
                    let response = try setup.server.client().request(
                        endpoint.method, path, json: body, key: setup.a.key)
                    let isUnchanged = try setup.server.storeSnapshot() == before
                    #expect(isUnchanged, "\(label)")
                    #expect(response.status < 500, "\(label): \(response.status)")
                    return response
                }
                return try Self.expectRefused(setup, endpoint.method, path, body: body, "\(label) = \(value)")
            }
            let unknownResponse = try send(unknown)
            let foreignResponse = try send(foreign)
            #expect(
                foreignResponse.status == unknownResponse.status,
                "\(label): \(foreignResponse.status) vs \(unknownResponse.status)")
            let normalizedUnknown = unknownResponse.text.replacingOccurrences(of: unknown, with: "<ID>")
            let normalizedForeign = foreignResponse.text.replacingOccurrences(of: foreign, with: "<ID>")
            #expect(
                normalizedForeign == normalizedUnknown,
                "\(label): foreign \(normalizedForeign) vs unknown \(normalizedUnknown)")
        }
    }

    // MARK: Lists

    @Test(arguments: BadInputMatrix.endpoints.filter(\.isList))
    func badPagination_Is422AndNotA500(_ endpoint: MatrixEndpoint) throws {
        let setup = try Setup()
        let parts = setup.a.fill(endpoint.path).split(separator: "?", maxSplits: 1).map(String.init)
        // Keep the list's required filters (organization_id, events), drop its cursor.
        let filters = (parts.count > 1 ? parts[1] : "").split(separator: "&").filter { !$0.hasPrefix("after=") }
        for query in ["limit=0", "limit=101", "limit=-1", "limit=abc", "limit=1e3", "order=sideways", "limit=%00"] {
            let path = parts[0] + "?" + (filters + [Substring(query)]).joined(separator: "&")
            let response = try Self.expectRefused(
                setup, "GET", path, body: nil, "\(endpoint.testDescription) ?\(query)")
            #expect(response.status == 422, "\(path): \(response.status) \(response.text.prefix(200))")
        }
    }
}
