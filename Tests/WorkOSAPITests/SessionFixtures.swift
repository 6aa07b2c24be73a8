// workos-emulator — sign-ins for the session, token and JWKS tests. Until POST /user_management/authenticate exists,
// sessions are started the way its grants will start them: through `SignIn.complete` on the server's own store.
// Licensed MIT.

import EmulatorTesting
import Foundation
import JSONCodec
import SQLite
import Testing
import TokenSigning

@testable import WorkOSAPI

/// Factories over the HTTP API and the server's store: users, organizations, memberships, sign-ins, refreshes.
enum SessionFixtures {
    /// The default environment of a test server.
    static func environment(_ server: TestServer) throws -> WorkOSAPI.Environment {
        try #require(
            try server.application.services.database.read { connection in
                try EnvironmentRepository(services: server.application.services).fetchDefault(in: connection)
            }
        )
    }

    /// The id of a new user with this e-mail.
    static func userID(_ client: TestClient, email: String) throws -> String {
        let response = try client.request("POST", "/user_management/users", json: #"{"email":"\#(email)"}"#)
        try #require(response.status == 201, "create user: \(response.status) \(response.text)")
        return try #require(response.json["id"].string)
    }

    /// The id of a new organization with this name.
    static func organizationID(_ client: TestClient, name: String) throws -> String {
        let response = try client.request("POST", "/organizations", json: #"{"name":"\#(name)"}"#)
        try #require(response.status == 201, "create organization: \(response.status) \(response.text)")
        return try #require(response.json["id"].string)
    }

    /// An active membership with the given roles (the default role when nil); answers its id.
    @discardableResult
    static func membership(
        _ client: TestClient, userID: String, organizationID: String, roles: [String]? = nil
    )
        throws -> String
    {
        let slugs = roles.map { #","role_slugs":["# + $0.map { "\"\($0)\"" }.joined(separator: ",") + "]" } ?? ""
        let response = try client.request(
            "POST", "/user_management/organization_memberships",
            json: #"{"user_id":"\#(userID)","organization_id":"\#(organizationID)"\#(slugs)}"#
        )
        try #require(response.status == 201, "create membership: \(response.status) \(response.text)")
        return try #require(response.json["id"].string)
    }

    /// Runs `SignIn.complete` for a user of the default environment, as an authenticate grant will.
    static func signIn(
        _ server: TestServer,
        userID: String,
        organizationID: String? = nil,
        method: SignIn.Method = .password,
        provider: String? = nil,
        ipAddress: String? = "198.51.100.7",
        userAgent: String? = "SessionTests/1.0",
        impersonator: (email: String, reason: String?)? = nil,
        firstFactor: SignIn.Method? = nil
    ) throws -> JSON {
        let services = server.application.services
        let environment = try self.environment(server)
        return try services.database.write { connection in
            let user = try UserRepository(environmentID: environment.id, services: services)
                .require(id: userID, in: connection)
            return try SignIn.complete(
                user: user, organizationID: organizationID, method: method, provider: provider, ipAddress: ipAddress,
                userAgent: userAgent, impersonator: impersonator, oauthTokens: nil, environment: environment,
                services: services, in: connection, firstFactor: firstFactor
            )
        }
    }

    /// Runs `RefreshGrant.redeem` in the default environment; throws its `APIError` on refusal.
    static func refresh(_ server: TestServer, token: String, organizationID: String? = nil) throws -> JSON {
        let services = server.application.services
        let environment = try self.environment(server)
        return try services.database.write { connection in
            try RefreshGrant.redeem(
                token: token, organizationID: organizationID, ipAddress: nil, userAgent: nil,
                environment: environment, services: services, in: connection
            )
        }.response()
    }

    /// The refusal of a refresh: its status and body.
    static func refreshError(_ server: TestServer, token: String, organizationID: String? = nil) throws -> APIError {
        do {
            let body = try self.refresh(server, token: token, organizationID: organizationID)
            Issue.record("the refresh succeeded: \(body)")
            throw TokenSigningError("unexpected success")
        } catch let error as APIError {
            return error
        }
    }

    /// `GET /sso/jwks/client_emulator` over the socket, parsed with the server's JSON codec.
    static func jwks(_ client: TestClient, clientID: String = TestServer.clientID) throws -> JSON {
        let response = try client.request("GET", "/sso/jwks/\(clientID)", key: nil)
        try #require(response.status == 200, "jwks: \(response.status) \(response.text)")
        return try JSON.parse(response.body)
    }

    /// Verifies an access token against the served key set; answers its claims.
    static func verify(_ client: TestClient, _ token: String) throws -> JSONObject {
        try JWT.verify(token, jwks: try self.jwks(client), now: Date())
    }

    /// The `access_token` of an AuthenticateResponse.
    static func accessToken(_ body: JSON) throws -> String {
        try #require(body["access_token"]?.stringValue)
    }

    /// The `refresh_token` of an AuthenticateResponse.
    static func refreshToken(_ body: JSON) throws -> String {
        try #require(body["refresh_token"]?.stringValue)
    }

    /// The verified claims of an AuthenticateResponse's access token.
    static func claims(_ client: TestClient, _ body: JSON) throws -> JSONObject {
        try self.verify(client, try self.accessToken(body))
    }

    /// The session id (`sid`) of an AuthenticateResponse's access token.
    static func sid(_ client: TestClient, _ body: JSON) throws -> String {
        try #require(try self.claims(client, body)["sid"]?.stringValue)
    }

    /// The events of the given types (comma-separated), newest first.
    static func events(_ client: TestClient, _ names: String) throws -> [TestJSON] {
        try client.request("GET", "/events?limit=100&events=\(names)").json["data"].array
    }
}
