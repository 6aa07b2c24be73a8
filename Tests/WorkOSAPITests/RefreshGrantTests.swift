// workos-emulator — the refresh_token grant: rotation, single use, organization switch, ended sessions.
// Licensed MIT.

import EmulatorTesting
import Foundation
import JSONCodec
import Testing

@testable import WorkOSAPI

@Suite struct RefreshGrantTests {
    @Test func refresh_RotatesTheToken_KeepsTheSid_AndIssuesAVerifiableAccessToken() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let userID = try SessionFixtures.userID(client, email: "rotate@example.com")
        let first = try SessionFixtures.signIn(server, userID: userID)
        let firstClaims = try SessionFixtures.claims(client, first)
        let firstToken = try SessionFixtures.refreshToken(first)

        let second = try SessionFixtures.refresh(server, token: firstToken)
        let secondToken = try SessionFixtures.refreshToken(second)
        #expect(secondToken != firstToken)
        #expect(second["user"]?["id"]?.stringValue == userID)
        #expect(second["authentication_method"] == "Password")
        let secondClaims = try SessionFixtures.claims(client, second)
        #expect(secondClaims["sid"] == firstClaims["sid"])
        #expect(secondClaims["jti"] != firstClaims["jti"])

        let third = try SessionFixtures.refresh(server, token: secondToken)
        #expect(try SessionFixtures.claims(client, third)["sid"] == firstClaims["sid"])
        #expect(try SessionFixtures.events(client, "session.created").count == 1)
    }

    @Test func refresh_ReusingAnOldToken_IsInvalidGrant() throws {
        let server = try TestServer()
        defer { server.stop() }
        let userID = try SessionFixtures.userID(server.client(), email: "reuse@example.com")
        let token = try #require(try SessionFixtures.signIn(server, userID: userID)["refresh_token"]?.stringValue)
        _ = try SessionFixtures.refresh(server, token: token)
        let error = try SessionFixtures.refreshError(server, token: token)
        #expect(error.status == .badRequest)
        #expect(error.body["error"] == "invalid_grant")
        #expect(error.body["error_description"]?.stringValue?.isEmpty == false)
    }

    @Test func refresh_UnknownToken_IsInvalidGrant() throws {
        let server = try TestServer()
        defer { server.stop() }
        let error = try SessionFixtures.refreshError(server, token: "not-a-token")
        #expect(error.status == .badRequest)
        #expect(error.body.keys == ["error", "error_description"])
        #expect(error.body["error"] == "invalid_grant")
    }

    @Test func refresh_AfterRevoke_IsInvalidGrant() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let userID = try SessionFixtures.userID(client, email: "revoked@example.com")
        let body = try SessionFixtures.signIn(server, userID: userID)
        let sid = try SessionFixtures.sid(client, body)
        let revoked = try client.request("POST", "/user_management/sessions/revoke", json: #"{"session_id":"\#(sid)"}"#)
        #expect(revoked.status == 200)
        let error = try SessionFixtures.refreshError(server, token: try SessionFixtures.refreshToken(body))
        #expect(error.body["error"] == "invalid_grant")
    }

    @Test func refresh_AfterLogout_IsInvalidGrant() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let userID = try SessionFixtures.userID(client, email: "out@example.com")
        let body = try SessionFixtures.signIn(server, userID: userID)
        let sid = try SessionFixtures.sid(client, body)
        let logout = try client.request("GET", "/user_management/sessions/logout?session_id=\(sid)", key: nil)
        #expect(logout.status == 302)
        let error = try SessionFixtures.refreshError(server, token: try SessionFixtures.refreshToken(body))
        #expect(error.body["error"] == "invalid_grant")
    }

    @Test func refresh_OfAnExpiredSession_IsInvalidGrant() throws {
        let server = try TestServer()
        defer { server.stop() }
        let userID = try SessionFixtures.userID(server.client(), email: "expired@example.com")
        let body = try SessionFixtures.signIn(server, userID: userID)
        try server.application.services.database.write { connection in
            try connection.execute("UPDATE sessions SET expires_at = '2000-01-01T00:00:00.000Z'")
        }
        let error = try SessionFixtures.refreshError(server, token: try SessionFixtures.refreshToken(body))
        #expect(error.body["error"] == "invalid_grant")
    }

    @Test func refresh_WithOrganizationID_SwitchesAndIsRemembered() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let userID = try SessionFixtures.userID(client, email: "switch@example.com")
        let first = try SessionFixtures.organizationID(client, name: "First")
        let second = try SessionFixtures.organizationID(client, name: "Second")
        try SessionFixtures.membership(client, userID: userID, organizationID: first)
        try SessionFixtures.membership(client, userID: userID, organizationID: second, roles: ["admin"])
        let signedIn = try SessionFixtures.signIn(server, userID: userID, organizationID: first)
        #expect(signedIn["organization_id"]?.stringValue == first)

        let switched = try SessionFixtures.refresh(
            server, token: try SessionFixtures.refreshToken(signedIn), organizationID: second
        )
        #expect(switched["organization_id"]?.stringValue == second)
        let claims = try SessionFixtures.claims(client, switched)
        #expect(claims["org_id"]?.stringValue == second)
        #expect(claims["role"] == "admin")

        // Without organization_id, the most recently used organization stays.
        let kept = try SessionFixtures.refresh(server, token: try SessionFixtures.refreshToken(switched))
        #expect(kept["organization_id"]?.stringValue == second)
        let sessions = try client.request("GET", "/user_management/users/\(userID)/sessions").json["data"]
        #expect(sessions[0]["organization_id"].string == second)
    }

    @Test func refresh_IntoAnOrganizationWithoutMembership_IsRefused_AndTheTokenStaysUsable() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let userID = try SessionFixtures.userID(client, email: "nomember@example.com")
        let foreign = try SessionFixtures.organizationID(client, name: "Foreign")
        let token = try #require(try SessionFixtures.signIn(server, userID: userID)["refresh_token"]?.stringValue)

        let notMember = try SessionFixtures.refreshError(server, token: token, organizationID: foreign)
        #expect(notMember.status == .badRequest)
        #expect(notMember.body["error"] == "organization_membership_not_found")
        let unknown = try SessionFixtures.refreshError(server, token: token, organizationID: "org_missing")
        #expect(unknown.body["error"] == "organization_not_found")

        let plain = try SessionFixtures.refresh(server, token: token)
        #expect(plain["organization_id"] == nil)
        #expect(try SessionFixtures.claims(client, plain)["org_id"] == nil)
    }

    @Test func refresh_AfterTheMembershipIsDeactivated_IsRefused() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let userID = try SessionFixtures.userID(client, email: "deactivated@example.com")
        let organizationID = try SessionFixtures.organizationID(client, name: "Left")
        let membershipID = try SessionFixtures.membership(client, userID: userID, organizationID: organizationID)
        let token = try #require(
            try SessionFixtures.signIn(server, userID: userID, organizationID: organizationID)["refresh_token"]?
                .stringValue
        )
        let deactivated = try client.request(
            "PUT", "/user_management/organization_memberships/\(membershipID)/deactivate")
        #expect(deactivated.status == 200)
        let error = try SessionFixtures.refreshError(server, token: token)
        #expect(error.body["error"] == "organization_membership_not_found")
    }
}
