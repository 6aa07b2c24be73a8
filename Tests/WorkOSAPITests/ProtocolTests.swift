// workos-emulator — authentication, routing errors, request ids, idempotency and coverage over real sockets.
// Licensed MIT.

import EmulatorTesting
import Testing

@Suite struct ProtocolTests {
    @Test func health_AnswersOKWithoutAuthentication() throws {
        let server = try TestServer()
        defer { server.stop() }
        let response = try server.client().request("GET", "/health", key: nil)
        #expect(response.status == 200)
        #expect(response.json["status"].string == "ok")
    }

    @Test func missingOrWrongKey_Answers401Unauthorized() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        for key in [nil, "sk_test_wrong", "sk_test_emulato", "sk_test_emulatorx"] as [String?] {
            let response = try client.request("GET", "/organizations", key: key)
            #expect(response.status == 401)
            #expect(response.json["message"].string == "Unauthorized")
            #expect(response.json["code"].string == "unauthorized")
        }
        let basic = try client.send(
            method: "GET", path: "/organizations", headers: [("Authorization", "Basic c2tfdGVzdF9lbXVsYXRvcg==")]
        )
        #expect(basic.status == 401)
    }

    @Test func bearerSchemeIsCaseInsensitive() throws {
        let server = try TestServer()
        defer { server.stop() }
        let response = try server.client().send(
            method: "GET", path: "/organizations", headers: [("authorization", "bearer sk_test_emulator")]
        )
        #expect(response.status == 200)
    }

    @Test func unknownPath_Answers404JSON() throws {
        let server = try TestServer()
        defer { server.stop() }
        let response = try server.client().request("GET", "/nope/nothing")
        #expect(response.status == 404)
        #expect(response.header("Content-Type") == "application/json")
        #expect(response.json["code"].string == "not_found")
    }

    @Test func knownPathWithWrongMethod_Answers405WithAllow() throws {
        let server = try TestServer()
        defer { server.stop() }
        let response = try server.client().request("PATCH", "/organizations")
        #expect(response.status == 405)
        #expect(response.json["code"].string == "method_not_allowed")
        let allow = try #require(response.header("Allow"))
        #expect(allow.contains("GET") && allow.contains("POST"))
    }

    @Test func unimplementedOperation_Answers501NotEmulated() throws {
        let server = try TestServer()
        defer { server.stop() }
        let response = try server.client().request("GET", "/vault/v1/kv")
        #expect(response.status == 501)
        #expect(response.json["code"].string == "not_emulated")
        #expect(response.json["message"].string == "GET /vault/v1/kv is not emulated yet")
    }

    @Test func requestID_IsEchoedOrGenerated() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let echoed = try client.request("GET", "/organizations", headers: [("X-Request-ID", "my-request-1")])
        #expect(echoed.header("X-Request-ID") == "my-request-1")
        let generated = try client.request("GET", "/nope")
        #expect(generated.header("X-Request-ID")?.hasPrefix("req_") == true)
        #expect(generated.header("Date") != nil)
    }

    @Test func idempotencyKey_ReplaysTheFirstResponseWithoutASecondWrite() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let headers = [("Idempotency-Key", "key-1")]
        let first = try client.request("POST", "/organizations", json: #"{"name":"Once"}"#, headers: headers)
        let second = try client.request("POST", "/organizations", json: #"{"name":"Once"}"#, headers: headers)
        #expect(first.status == 201 && second.status == 201)
        #expect(first.body == second.body)
        #expect(second.header("Idempotent-Replayed") == "true")
        let list = try client.request("GET", "/organizations?search=Once").json["data"].array
        #expect(list.count == 1)
        let other = try client.request("POST", "/organizations", json: #"{"name":"Once"}"#, headers: [("Idempotency-Key", "key-2")])
        #expect(other.json["id"].string != first.json["id"].string)
    }

    @Test func emptyBodyWithJSONContentType_IsAccepted() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let orgID = try #require(client.request("POST", "/organizations", json: #"{"name":"E"}"#).json["id"].string)
        let id = try #require(
            client.request(
                "POST", "/organization_domains", json: #"{"domain":"e.com","organization_id":"\#(orgID)"}"#
            ).json["id"].string
        )
        let response = try client.request("POST", "/organization_domains/\(id)/verify", json: "")
        #expect(response.status == 201)
    }

    @Test func coverage_ListsEveryOperationWithItsState() throws {
        let server = try TestServer()
        defer { server.stop() }
        let coverage = try server.client().request("GET", "/_emulator/coverage").json
        let entries = coverage["data"].array
        #expect(entries.count > 200)
        let create = entries.first { $0["method"].string == "POST" && $0["path"].string == "/organizations" }
        #expect(create?["state"].string == "emulated")
        let vault = entries.first { $0["method"].string == "GET" && $0["path"].string == "/vault/v1/kv" }
        #expect(vault?["state"].string == "not_emulated")
        let directories = entries.first { $0["method"].string == "GET" && $0["path"].string == "/directories" }
        #expect(directories?["state"].string == "emulated")
        #expect(coverage["summary"]["total"].int == entries.count)
    }
}
