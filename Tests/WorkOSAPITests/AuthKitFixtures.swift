// workos-emulator — requests the AuthKit sign-in tests repeat: authorize, the hosted page, authenticate.
// Licensed MIT.

import EmulatorTesting
import Foundation
import Testing

/// The browser's and the app's side of the AuthKit flow, over the socket.
enum AuthKitFixtures {
    /// The callback every test uses (localhost: always allowed).
    static let redirectURI = "http://localhost:3000/callback"

    /// Percent-encodes a query value.
    static func escape(_ value: String) -> String {
        value.addingPercentEncoding(
            withAllowedCharacters: CharacterSet(
                charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"
            )
        ) ?? value
    }

    /// A form body from pairs.
    static func form(_ fields: [(String, String)]) -> String {
        fields.map { "\(self.escape($0.0))=\(self.escape($0.1))" }.joined(separator: "&")
    }

    /// `GET /user_management/authorize` with `query` (no API key), e.g. `provider=authkit&state=s`.
    static func authorize(
        _ client: TestClient,
        _ query: String,
        clientID: String = TestServer.clientID,
        redirectURI: String = AuthKitFixtures.redirectURI
    ) throws -> TestResponse {
        try client.request(
            "GET",
            "/user_management/authorize?response_type=code&client_id=\(clientID)"
                + "&redirect_uri=\(self.escape(redirectURI))"
                + (query.isEmpty ? "" : "&" + query),
            key: nil
        )
    }

    /// The hosted page's path (the `Location` of a successful authorize, without its origin).
    static func pagePath(_ client: TestClient, _ query: String = "provider=authkit&state=xyz") throws -> String {
        let response = try self.authorize(client, query)
        try #require(response.status == 302, "authorize: \(response.status) \(response.text)")
        let location = try #require(response.header("Location"))
        let url = try #require(URLComponents(string: location))
        return url.path
    }

    /// `POST` a form to a page (no API key).
    static func submit(_ client: TestClient, _ path: String, _ fields: [(String, String)]) throws -> TestResponse {
        try client.send(
            method: "POST",
            path: path,
            headers: [("Content-Type", "application/x-www-form-urlencoded")],
            body: Array(self.form(fields).utf8)
        )
    }

    /// The query items of a redirect's `Location`.
    static func query(of response: TestResponse) throws -> [String: String] {
        let location = try #require(response.header("Location"), "no Location: \(response.status) \(response.text)")
        let items = try #require(URLComponents(string: location)).queryItems ?? []
        return Dictionary(items.map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { first, _ in first })
    }

    /// Signs in on a fresh page with the scripted protocol; answers the code.
    static func code(
        _ client: TestClient,
        email: String,
        password: String? = nil,
        query: String = "provider=authkit&state=xyz"
    ) throws -> String {
        let path = try self.pagePath(client, query)
        var fields = [("email", email)]
        if let password { fields.append(("password", password)) }
        let response = try self.submit(client, path, fields)
        try #require(response.status == 302, "page: \(response.status) \(response.text)")
        return try #require(try self.query(of: response)["code"])
    }

    /// `POST /user_management/authenticate` with a JSON body and no Authorization header.
    static func authenticate(_ client: TestClient, _ json: String) throws -> TestResponse {
        try client.request("POST", "/user_management/authenticate", json: json, key: nil)
    }

    /// JSON text of an object of strings.
    static func json(_ fields: [String: String]) -> String {
        let data = try! JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    /// A grant body with the default client id and secret plus `fields`.
    static func grant(_ type: String, _ fields: [String: String], secret: Bool = true) -> String {
        var all = fields
        all["grant_type"] = type
        all["client_id"] = TestServer.clientID
        if secret { all["client_secret"] = TestServer.apiKey }
        return self.json(all)
    }

    /// The events of the given types (comma-separated), newest first.
    static func events(_ client: TestClient, _ names: String) throws -> [TestJSON] {
        try client.request("GET", "/events?limit=100&events=\(names)").json["data"].array
    }

    /// The id of the seeded user with this e-mail.
    static func userID(_ client: TestClient, email: String) throws -> String {
        let response = try client.request("GET", "/user_management/users?email=\(self.escape(email))")
        return try #require(response.json["data"][0]["id"].string, "no user \(email)")
    }

    /// Creates a user with a password; answers its id.
    static func createUser(
        _ client: TestClient,
        email: String,
        password: String = "correct-horse",
        verified: Bool = true,
        firstName: String? = nil
    ) throws -> String {
        var fields: [String: Any] = ["email": email, "password": password, "email_verified": verified]
        if let firstName { fields["first_name"] = firstName }
        let body = String(decoding: try JSONSerialization.data(withJSONObject: fields), as: UTF8.self)
        let response = try client.request("POST", "/user_management/users", json: body)
        try #require(response.status == 201, "create user: \(response.status) \(response.text)")
        return try #require(response.json["id"].string)
    }

    /// Enrolls a TOTP factor; answers its id.
    static func enrollTOTP(_ client: TestClient, userID: String) throws -> String {
        let response = try client.request(
            "POST",
            "/user_management/users/\(userID)/auth_factors",
            json: #"{"type":"totp"}"#
        )
        try #require(response.status == 201, "enroll: \(response.status) \(response.text)")
        return try #require(response.json["authentication_factor"]["id"].string)
    }

    /// The TOTP code valid now for a factor.
    static func totpCode(_ client: TestClient, factorID: String) throws -> String {
        let response = try client.request("GET", "/_emulator/auth_factors/\(factorID)/code")
        try #require(response.status == 200, "code: \(response.status) \(response.text)")
        return try #require(response.json["code"].string)
    }
}
