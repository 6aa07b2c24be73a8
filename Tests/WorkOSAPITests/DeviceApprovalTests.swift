// workos-emulator — the device page's step-ups: organization choice, the MFA challenge, MFA enrollment required.
// Licensed MIT.

import EmulatorTesting
import Foundation
import Testing

@Suite struct DeviceApprovalTests {
    typealias F = AuthKitFixtures

    private static let grant = "urn:ietf:params:oauth:grant-type:device_code"

    /// A new device authorization: (device_code, user_code).
    private func start(_ client: TestClient) throws -> (device: String, user: String) {
        let response = try client.request(
            "POST", "/user_management/authorize/device", json: #"{"client_id":"client_emulator"}"#, key: nil
        )
        try #require(response.status == 200, "\(response.text)")
        return (try #require(response.json["device_code"].string), try #require(response.json["user_code"].string))
    }

    private func poll(_ client: TestClient, _ deviceCode: String) throws -> TestResponse {
        try F.authenticate(client, F.grant(Self.grant, ["device_code": deviceCode], secret: false))
    }

    private func approve(_ client: TestClient, _ userCode: String, _ extra: [(String, String)]) throws -> TestResponse {
        try F.submit(client, "/_emulator/device", [("user_code", userCode), ("action", "approve")] + extra)
    }

    @Test func approvingAsAUserWithAFactor_AsksForTheCode_RefusesAWrongOne_AndApprovesWithTheCurrentOne() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let userID = try F.createUser(client, email: "device-mfa@example.com")
        let factorID = try F.enrollTOTP(client, userID: userID)
        let (deviceCode, userCode) = try self.start(client)

        let asked = try self.approve(client, userCode, [("email", "device-mfa@example.com")])
        #expect(asked.status == 200)
        #expect(asked.text.contains("name=\"code\""))
        #expect(asked.text.contains("Two-factor authentication"))
        #expect(try self.poll(client, deviceCode).json["error"].string == "authorization_pending")

        let current = try F.totpCode(client, factorID: factorID)
        let wrong = current == "000000" ? "111111" : "000000"
        let refused = try self.approve(client, userCode, [("email", "device-mfa@example.com"), ("code", wrong)])
        #expect(refused.status == 400)
        #expect(refused.text.contains("That code is not valid"))
        Thread.sleep(forTimeInterval: 5)  // past the poll interval, so the next poll is not slow_down
        #expect(try self.poll(client, deviceCode).json["error"].string == "authorization_pending")

        let approved = try self.approve(
            client, userCode, [("email", "device-mfa@example.com"), ("code", try F.totpCode(client, factorID: factorID))]
        )
        #expect(approved.status == 200)
        #expect(approved.text.contains("Device approved"))
        let signedIn = try self.poll(client, deviceCode)
        #expect(signedIn.status == 200, "\(signedIn.text)")
        #expect(signedIn.json["user"]["id"].string == userID)
    }

    @Test func approvingAsAMemberOfSeveralOrganizations_AsksWhichOne_AndScopesTheSessionToIt() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let userID = try F.createUser(client, email: "device-orgs@example.com")
        var organizations: [String] = []
        for name in ["Device One", "Device Two"] {
            let organization = try client.request("POST", "/organizations", json: #"{"name":"\#(name)"}"#)
            let id = try #require(organization.json["id"].string)
            organizations.append(id)
            let membership = try client.request(
                "POST", "/user_management/organization_memberships",
                json: #"{"user_id":"\#(userID)","organization_id":"\#(id)"}"#
            )
            try #require(membership.status == 201)
        }
        let (deviceCode, userCode) = try self.start(client)

        let asked = try self.approve(client, userCode, [("email", "device-orgs@example.com")])
        #expect(asked.status == 200)
        #expect(asked.text.contains("Device One") && asked.text.contains("Device Two"))
        #expect(asked.text.contains(organizations[1]))
        let seeded = try client.request("GET", "/organizations?limit=100").json["data"].array
            .first { $0["name"].string == "Example Corp" }?["id"].string
        let foreign = try self.approve(
            client, userCode, [("email", "device-orgs@example.com"), ("organization_id", try #require(seeded))]
        )
        #expect(foreign.status == 400)
        #expect(try self.poll(client, deviceCode).json["error"].string == "authorization_pending")

        let chosen = try self.approve(
            client, userCode, [("email", "device-orgs@example.com"), ("organization_id", organizations[1])]
        )
        #expect(chosen.status == 200)
        #expect(chosen.text.contains("Device approved"))
        Thread.sleep(forTimeInterval: 5)
        let signedIn = try self.poll(client, deviceCode)
        #expect(signedIn.status == 200, "\(signedIn.text)")
        #expect(signedIn.json["organization_id"].string == organizations[1])
    }

    @Test func whenTheEnvironmentRequiresMFA_AUserWithoutAFactorCannotApproveADevice() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        _ = try F.createUser(client, email: "device-nomfa@example.com")
        try server.execute("UPDATE environments SET seed = json_set(seed, '$.environment.require_mfa', json('true'))")
        let (deviceCode, userCode) = try self.start(client)
        let refused = try self.approve(client, userCode, [("email", "device-nomfa@example.com")])
        #expect(refused.status == 403)
        #expect(refused.text.contains("requires MFA"))
        #expect(try self.poll(client, deviceCode).json["error"].string == "authorization_pending")
    }
}
