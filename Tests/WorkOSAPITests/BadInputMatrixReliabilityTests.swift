// workos-emulator — the bad-input matrix (issue 7) over organizations, domains, events, users and their e-mail and
// password flows, memberships, invitations, roles, permissions and the control API: missing, extra and wrong-typed
// fields, oversized strings and metadata, unknown ids and ids of another environment. Each must be a WorkOS-shaped
// 4xx that changes nothing in the store, and another environment's id must be answered exactly like an unknown id.
// The machinery is `BadInputMatrix.swift`; the AuthKit, SSO, portal and widget endpoints are in
// `BadInputMatrixAuthReliabilityTests`.
// Licensed MIT.

import EmulatorTesting
import Foundation
import SQLite
import Testing

extension BadInputMatrix {
    static let endpoints: [MatrixEndpoint] = [
        // Organizations
        MatrixEndpoint("GET", "/organizations?after={org}", isList: true),
        MatrixEndpoint(
            "POST", "/organizations", body: [("name", #""Matrix Org""#)],
            fields: [
                MatrixField(name: "name", kind: .string(maxLength: 255), isRequired: true),
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
                MatrixField(name: "name", kind: .string(maxLength: 255)),
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
}

@Suite struct BadInputMatrixReliabilityTests {
    /// A server with the default environment ("A") and a second one ("B"), each with one of every object.
    static func makeSetup() throws -> MatrixSetup {
        let setup = MatrixSetup(server: try TestServer())
        let created = try setup.server.client().request("POST", "/_emulator/environments", json: #"{"name":"B"}"#)
        guard created.status == 201, let keyB = created.json["api_key"].string else {
            throw MatrixError("POST /_emulator/environments answered \(created.status)")
        }
        setup.a = try BadInputMatrix.makeFixture(on: setup.server, key: TestServer.apiKey, tag: "a")
        setup.b = try BadInputMatrix.makeFixture(on: setup.server, key: keyB, tag: "b")
        return setup
    }

    @Test(arguments: BadInputMatrix.endpoints.filter { $0.body != nil })
    func badBodies_Are4xxAndWriteNothing(_ endpoint: MatrixEndpoint) throws {
        try BadInputMatrix.checkBadBodies(try Self.makeSetup(), endpoint)
    }

    @Test(arguments: BadInputMatrix.endpoints)
    func unknownAndForeignIds_AreAnsweredAlikeAndWriteNothing(_ endpoint: MatrixEndpoint) throws {
        try BadInputMatrix.checkIDs(try Self.makeSetup(), endpoint)
    }

    @Test(arguments: BadInputMatrix.endpoints.filter(\.isList))
    func badPagination_Is422AndNotA500(_ endpoint: MatrixEndpoint) throws {
        try BadInputMatrix.checkPagination(try Self.makeSetup(), endpoint)
    }
}
