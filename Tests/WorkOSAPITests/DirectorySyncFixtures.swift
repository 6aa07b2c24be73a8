// workos-emulator — requests the Directory Sync tests repeat: directories, users and groups through the control API.
// Licensed MIT.

import EmulatorTesting
import Foundation
import Testing

/// The provider's side of Directory Sync (the control API), over the socket.
enum DirectorySyncFixtures {
    /// `POST /_emulator/directories`; the response.
    static func createDirectory(
        _ client: TestClient,
        _ json: String,
        key: String = TestServer.apiKey
    ) throws -> TestResponse {
        try client.request("POST", "/_emulator/directories", json: json, key: key)
    }

    /// Creates a directory of `organizationID`; answers its id.
    static func directoryID(
        _ client: TestClient,
        organizationID: String,
        name: String = "Foo Corp Okta",
        type: String = "okta scim v2.0",
        domain: String = "foocorp.com",
        key: String = TestServer.apiKey
    ) throws -> String {
        let response = try self.createDirectory(
            client,
            #"{"organization_id":"\#(organizationID)","name":"\#(name)","type":"\#(type)","domain":"\#(domain)"}"#,
            key: key
        )
        try #require(response.status == 201, "create directory: \(response.status) \(response.text)")
        return try #require(response.json["id"].string)
    }

    /// `POST /_emulator/directories/{id}/groups`; the response.
    static func createGroup(
        _ client: TestClient,
        directoryID: String,
        _ json: String,
        key: String = TestServer.apiKey
    ) throws -> TestResponse {
        try client.request("POST", "/_emulator/directories/\(directoryID)/groups", json: json, key: key)
    }

    /// Creates a group named `name`; answers its id.
    static func groupID(_ client: TestClient, directoryID: String, name: String) throws -> String {
        let response = try self.createGroup(
            client,
            directoryID: directoryID,
            #"{"name":"\#(name)","raw_attributes":{"displayName":"\#(name)"}}"#
        )
        try #require(response.status == 201, "create group: \(response.status) \(response.text)")
        return try #require(response.json["id"].string)
    }

    /// `POST /_emulator/directories/{id}/users`; the response.
    static func createUser(
        _ client: TestClient,
        directoryID: String,
        _ json: String,
        key: String = TestServer.apiKey
    ) throws -> TestResponse {
        try client.request("POST", "/_emulator/directories/\(directoryID)/users", json: json, key: key)
    }

    /// Creates an active user `first`@foocorp.com in `groups`; answers its id.
    static func userID(
        _ client: TestClient,
        directoryID: String,
        first: String,
        state: String = "active",
        groups: [String] = []
    ) throws -> String {
        let groupList = groups.map { "\"\($0)\"" }.joined(separator: ",")
        let response = try self.createUser(
            client,
            directoryID: directoryID,
            #"""
            {"emails":[{"primary":true,"type":"work","value":"\#(first)@foocorp.com"}],"first_name":"\#(first)",
             "last_name":"Doe","username":"\#(first)","state":"\#(state)","job_title":"Engineer",
             "idp_id":"idp-\#(first)",
             "custom_attributes":{"department":"R&D"},"raw_attributes":{"id":"idp-\#(first)"},"groups":[\#(groupList)]}
            """#
        )
        try #require(response.status == 201, "create user: \(response.status) \(response.text)")
        return try #require(response.json["id"].string)
    }

    /// The ids of the items of a list response.
    static func ids(_ response: TestResponse) -> [String] {
        response.json["data"].array.compactMap { $0["id"].string }
    }

    /// The events of these types (comma-separated), newest first.
    static func events(_ client: TestClient, _ names: String) throws -> [TestJSON] {
        try client.request("GET", "/events?limit=100&events=\(names)").json["data"].array
    }

    /// A fresh environment's API key.
    static func otherEnvironmentKey(_ client: TestClient) throws -> String {
        let response = try client.request("POST", "/_emulator/environments", json: #"{"name":"Other"}"#)
        try #require(response.status == 201, "create environment: \(response.status) \(response.text)")
        return try #require(response.json["api_key"].string)
    }
}
