// workos-emulator — requests the membership, invitation and role tests repeat.
// Licensed MIT.

import EmulatorTesting
import Testing

/// Small factories over the HTTP API: users, organizations, memberships; events and outbox reads.
enum MembershipFixtures {
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

    /// `POST /user_management/organization_memberships`; the response must be 201.
    static func membership(
        _ client: TestClient,
        userID: String,
        organizationID: String,
        extra: String = ""
    ) throws
        -> TestJSON
    {
        let response = try client.request(
            "POST",
            "/user_management/organization_memberships",
            json: #"{"user_id":"\#(userID)","organization_id":"\#(organizationID)"\#(extra)}"#
        )
        try #require(response.status == 201, "create membership: \(response.status) \(response.text)")
        return response.json
    }

    /// The events of the given types (comma-separated), oldest first.
    static func events(_ client: TestClient, _ names: String) throws -> [TestJSON] {
        try client.request("GET", "/events?limit=100&order=asc&events=\(names)").json["data"].array
    }

    /// The outbox e-mails sent to `to`, newest first.
    static func emails(_ client: TestClient, to: String) throws -> [TestJSON] {
        try client.request("GET", "/_emulator/emails?limit=100&to=\(to)").json["data"].array
    }
}
