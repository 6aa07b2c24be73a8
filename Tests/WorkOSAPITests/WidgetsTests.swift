// workos-emulator — POST /widgets/token over real sockets: tokens verified against the served JWKS, scopes limited
// to the member's permissions, and every documented error.
// Licensed MIT.

import EmulatorTesting
import Foundation
import JSONCodec
import Testing
import TokenSigning

@Suite struct WidgetsTests {
    static let allScopes = [
        "widgets:users-table:manage", "widgets:domain-verification:manage", "widgets:sso:manage",
        "widgets:api-keys:manage", "widgets:dsync:manage", "widgets:audit-log-streaming:manage",
        "widgets:pipes:manage",
    ]

    /// A JSON body from a dictionary.
    private static func json(_ object: [String: Any]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    /// `POST /widgets/token`.
    private static func token(
        _ client: TestClient, _ body: [String: Any], key: String? = TestServer.apiKey
    ) throws
        -> TestResponse
    {
        try client.request("POST", "/widgets/token", json: try self.json(body), key: key)
    }

    /// Gives the seed's `admin` environment role the widget permission `slug` (created first).
    private static func grantToAdmins(_ client: TestClient, _ slug: String) throws {
        let permission = try client.request(
            "POST", "/authorization/permissions", json: #"{"slug":"\#(slug)","name":"\#(slug)"}"#
        )
        try #require(permission.status == 201, "create permission: \(permission.status) \(permission.text)")
        let role = try client.request("POST", "/authorization/roles/admin/permissions", json: #"{"slug":"\#(slug)"}"#)
        try #require(role.status == 200, "grant permission: \(role.status) \(role.text)")
    }

    /// The verified claims and the header of a `{token}` response.
    private static func verified(_ client: TestClient, _ response: TestResponse) throws -> (JSONObject, JSONObject) {
        try #require(response.status == 201, "widgets/token: \(response.status) \(response.text)")
        let token = try #require(response.json["token"].string)
        let claims = try JWT.verify(token, jwks: try SessionFixtures.jwks(client), now: Date())
        return (claims, try JWT.decode(token).header)
    }

    private static func strings(_ value: JSON?) -> [String]? {
        value?.arrayValue?.compactMap(\.stringValue)
    }

    @Test func token_ForAMember_IsAnRS256JWTVerifiableWithTheJWKS_LimitedToTheMembersPermissions() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        try Self.grantToAdmins(client, "widgets:users-table:manage")
        try Self.grantToAdmins(client, "widgets:sso:manage")
        let userID = try SessionFixtures.userID(client, email: "widget-admin@example.com")
        let organizationID = try SessionFixtures.organizationID(client, name: "Widget Corp")
        try SessionFixtures.membership(client, userID: userID, organizationID: organizationID, roles: ["admin"])

        let response = try Self.token(
            client,
            [
                "organization_id": organizationID, "user_id": userID,
                "scopes": ["widgets:users-table:manage", "widgets:dsync:manage", "widgets:sso:manage"],
            ]
        )
        #expect(response.header("Content-Type") == "application/json")
        #expect(response.json.keys == ["token"])
        let (claims, header) = try Self.verified(client, response)
        #expect(header["alg"]?.stringValue == "RS256")
        #expect(header["kid"]?.stringValue?.hasPrefix("key_") == true)
        #expect(claims["sub"]?.stringValue == userID)
        #expect(claims["org_id"]?.stringValue == organizationID)
        // widgets:dsync:manage is not granted by the admin role: left out.
        #expect(Self.strings(claims["scopes"]) == ["widgets:users-table:manage", "widgets:sso:manage"])
        #expect(Self.strings(claims["permissions"]) == ["widgets:users-table:manage", "widgets:sso:manage"])
        let issuedAt = try #require(claims["iat"]?.intValue)
        #expect(claims["exp"]?.intValue == issuedAt + 3600)
        #expect(abs(Double(issuedAt) - Date().timeIntervalSince1970) < 60)
        #expect(claims["iss"]?.stringValue == "https://api.workos.com")
        #expect(claims["jti"]?.stringValue?.count == 26)
    }

    @Test func token_ForAMemberWithoutWidgetPermissions_CarriesNoScopes() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let userID = try SessionFixtures.userID(client, email: "member@example.com")
        let organizationID = try SessionFixtures.organizationID(client, name: "Plain Corp")
        try SessionFixtures.membership(client, userID: userID, organizationID: organizationID)
        let (claims, _) = try Self.verified(
            client,
            try Self.token(
                client, ["organization_id": organizationID, "user_id": userID, "scopes": Self.allScopes]
            )
        )
        #expect(Self.strings(claims["scopes"]) == [])
    }

    @Test func token_WithoutAUser_GrantsTheScopesAsked_AndWithoutAnOrganizationIsUserOnly() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try SessionFixtures.organizationID(client, name: "Org Only")
        let (organizationClaims, _) = try Self.verified(
            client,
            try Self.token(
                client,
                ["organization_id": organizationID, "scopes": ["widgets:sso:manage", "widgets:sso:manage"]]
            )
        )
        #expect(organizationClaims["sub"] == nil)
        #expect(organizationClaims["org_id"]?.stringValue == organizationID)
        #expect(Self.strings(organizationClaims["scopes"]) == ["widgets:sso:manage"])

        let userID = try SessionFixtures.userID(client, email: "solo@example.com")
        let (userClaims, _) = try Self.verified(client, try Self.token(client, ["user_id": userID]))
        #expect(userClaims["sub"]?.stringValue == userID)
        #expect(userClaims["org_id"] == nil)
        #expect(Self.strings(userClaims["scopes"]) == [])
    }

    @Test func token_BadBodies_Answer400InTheNestJSShapeTheSpecDocuments() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try SessionFixtures.organizationID(client, name: "Strict Corp")
        let before = try server.snapshot()
        let cases: [([String: Any], String)] = [
            (
                ["organization_id": organizationID, "scopes": ["widgets:everything"]],
                "each value in scopes must be one of"
            ),
            (["organization_id": organizationID, "scopes": "widgets:sso:manage"], "scopes must be an array"),
            (["organization_id": 42], "organization_id must be a string"),
            (["organization_id": organizationID, "user_id": ["u"]], "user_id must be a string"),
            (["organization_id": ""], "organization_id should not be empty"),
            (["scopes": ["widgets:sso:manage"]], "organization_id is required when scopes are provided"),
            ([:], "organization_id or user_id is required"),
        ]
        for (body, message) in cases {
            let response = try Self.token(client, body)
            #expect(response.status == 400, "\(body)")
            #expect(response.json["error"].string == "Bad Request", "\(body)")
            let messages = response.json["message"].array.compactMap(\.string)
            #expect(messages.contains { $0.hasPrefix(message) }, "\(body): \(messages)")
        }
        let enumMessage = try Self.token(client, ["organization_id": organizationID, "scopes": ["x"]])
        #expect(enumMessage.json["message"][0].string?.contains(Self.allScopes.joined(separator: ", ")) == true)
        #expect(try server.snapshot() == before)
    }

    @Test func token_UnknownOrganizationOrUser_OrNoMembership_Answers404() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try SessionFixtures.organizationID(client, name: "Lookup Corp")
        let userID = try SessionFixtures.userID(client, email: "outsider@example.com")

        let organization = try Self.token(client, ["organization_id": "org_01NOPE", "scopes": ["widgets:sso:manage"]])
        #expect(organization.status == 404)
        #expect(organization.json["message"].string == "Organization not found: 'org_01NOPE'.")
        #expect(organization.json["code"].string == "entity_not_found")

        let user = try Self.token(client, ["organization_id": organizationID, "user_id": "user_01NOPE"])
        #expect(user.status == 404)
        #expect(user.json["entity_id"].string == "user_01NOPE")

        let outsider = try Self.token(client, ["organization_id": organizationID, "user_id": userID])
        #expect(outsider.status == 404)
        #expect(outsider.json["code"].string == "organization_membership_not_found")

        // An inactive membership grants nothing either.
        let membershipID = try SessionFixtures.membership(client, userID: userID, organizationID: organizationID)
        #expect(try Self.token(client, ["organization_id": organizationID, "user_id": userID]).status == 201)
        let deactivated = try client.request(
            "PUT", "/user_management/organization_memberships/\(membershipID)/deactivate"
        )
        #expect(deactivated.status == 200)
        #expect(try Self.token(client, ["organization_id": organizationID, "user_id": userID]).status == 404)
    }

    @Test func token_NeedsTheAPIKey_AndIsScopedToItsEnvironment() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try SessionFixtures.organizationID(client, name: "Keyed Corp")
        #expect(try Self.token(client, ["organization_id": organizationID], key: nil).status == 401)
        let other = try client.request("POST", "/_emulator/environments", json: #"{"name":"other"}"#)
        let otherKey = try #require(other.json["api_key"].string)
        #expect(try Self.token(client, ["organization_id": organizationID], key: otherKey).status == 404)
    }
}
