// workos-emulator — requests the SSO tests repeat: connections, /sso/authorize, the identity provider page, the token.
// Licensed MIT.

import EmulatorTesting
import Foundation
import Testing

/// The control API's and the browser's side of SSO, over the socket.
enum SSOFixtures {
    typealias F = AuthKitFixtures

    /// The seeded organization's id (Example Corp).
    static func organizationID(_ client: TestClient) throws -> String {
        let response = try client.request("GET", "/organizations?limit=100")
        let match = response.json["data"].array.first { $0["name"].string == "Example Corp" }
        return try #require(match?["id"].string, "no Example Corp")
    }

    /// Creates an organization; answers its id.
    static func createOrganization(_ client: TestClient, name: String, domains: [String] = []) throws -> String {
        let data = domains.map { #"{"domain":"\#($0)","state":"verified"}"# }.joined(separator: ",")
        let response = try client.request(
            "POST",
            "/organizations",
            json: #"{"name":"\#(name)","domain_data":[\#(data)]}"#
        )
        try #require(response.status == 201, "create organization: \(response.status) \(response.text)")
        return try #require(response.json["id"].string)
    }

    /// `POST /_emulator/connections` with a JSON body; the response.
    static func create(_ client: TestClient, _ json: String, key: String = TestServer.apiKey) throws -> TestResponse {
        try client.request("POST", "/_emulator/connections", json: json, key: key)
    }

    /// Creates an active OktaSAML connection of `organizationID` at `domain` that knows jane@`domain`; answers its id.
    static func createConnection(
        _ client: TestClient,
        organizationID: String,
        domain: String = "foocorp.com",
        type: String = "OktaSAML",
        state: String = "active",
        name: String = "Foo Corp Okta"
    ) throws -> String {
        let response = try self.create(
            client,
            #"""
            {"organization_id":"\#(organizationID)","connection_type":"\#(type)","name":"\#(name)",
             "domains":["\#(domain)"],"state":"\#(state)",
             "profiles":[{"email":"jane@\#(domain)","first_name":"Jane","last_name":"Doe","idp_id":"okta-jane",
                          "groups":["Engineering","Admins"],"role":"admin","custom_attributes":{"department":"R&D"},
                          "raw_attributes":{"uid":"okta-jane","memberOf":["Engineering","Admins"]}}]}
            """#
        )
        try #require(response.status == 201, "create connection: \(response.status) \(response.text)")
        return try #require(response.json["id"].string)
    }

    /// `GET /sso/authorize` with `query` (no API key), e.g. `connection=conn_…&state=s`.
    static func authorize(
        _ client: TestClient,
        _ query: String,
        clientID: String = TestServer.clientID,
        redirectURI: String = AuthKitFixtures.redirectURI
    ) throws -> TestResponse {
        try client.request(
            "GET",
            "/sso/authorize?response_type=code&client_id=\(clientID)&redirect_uri=\(F.escape(redirectURI))"
                + (query.isEmpty ? "" : "&" + query),
            key: nil
        )
    }

    /// The identity provider page's path (the `Location` of a successful authorize, without its origin).
    static func pagePath(_ client: TestClient, _ query: String) throws -> String {
        let response = try self.authorize(client, query)
        try #require(response.status == 302, "authorize: \(response.status) \(response.text)")
        let location = try #require(response.header("Location"))
        let path = try #require(URLComponents(string: location)).path
        try #require(path.hasPrefix("/_emulator/sso/"), "not the identity provider page: \(location)")
        return path
    }

    /// Signs in at a fresh identity provider page with the scripted protocol; answers the code.
    static func code(_ client: TestClient, email: String, query: String) throws -> String {
        let path = try self.pagePath(client, query)
        let response = try F.submit(client, path, [("email", email)])
        try #require(response.status == 302, "page: \(response.status) \(response.text)")
        return try #require(try F.query(of: response)["code"])
    }

    /// `POST /sso/token` with a JSON body and no Authorization header.
    static func token(_ client: TestClient, _ fields: [String: String]) throws -> TestResponse {
        try client.request("POST", "/sso/token", json: F.json(fields), key: nil)
    }

    /// The token body of the default client with its secret, for `code`.
    static func grant(_ code: String, secret: Bool = true) -> [String: String] {
        var fields = ["grant_type": "authorization_code", "client_id": TestServer.clientID, "code": code]
        if secret { fields["client_secret"] = TestServer.apiKey }
        return fields
    }
}
