// workos-emulator — a sweep over every emulated operation of GET /_emulator/coverage (issue 7): unknown ids,
// broken bodies and missing keys never get a 5xx and never write. Covers areas that land after the hand-written
// bad-input matrix (BadInputMatrixReliabilityTests) without naming them.
// Licensed MIT.

import EmulatorTesting
import Foundation
import Testing

@Suite struct EveryRouteReliabilityTests {
    /// One emulated operation.
    struct Operation: Sendable, CustomStringConvertible {
        var method: String
        var path: String
        var description: String { "\(self.method) \(self.path)" }
    }

    static func emulatedOperations(_ server: TestServer) throws -> [Operation] {
        let coverage = try server.client().request("GET", "/_emulator/coverage")
        let items = coverage.json.array.isEmpty ? coverage.json["data"].array : coverage.json.array
        return items.compactMap { item in
            guard item["state"].string == "emulated", let method = item["method"].string, let path = item["path"].string
            else { return nil }
            return Operation(method: method, path: path)
        }
    }

    /// The path with every `:name` segment replaced by a value no object has.
    static func unknownPath(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            segment.hasPrefix(":") ? "zz_01JZZZZZZZZZZZZZZZZZZZZZZZ" : String(segment)
        }.joined(separator: "/")
    }

    /// Sends and checks: no 5xx; a 4xx writes nothing and, when it is JSON, carries a message or an OAuth error.
    static func expectNo5xxAndNoWriteOn4xx(
        _ server: TestServer,
        _ method: String,
        _ path: String,
        body: String?,
        key: String?,
        _ label: String
    ) throws {
        let before = try server.storeSnapshot()
        let client = server.client()
        var headers: [(String, String)] = []
        if let key { headers.append(("Authorization", "Bearer \(key)")) }
        if body != nil { headers.append(("Content-Type", "application/json")) }
        let response = try client.send(method: method, path: path, headers: headers, body: Array((body ?? "").utf8))
        #expect(response.status < 500, "\(label): \(response.status) \(response.text.prefix(300))")
        guard (400..<500).contains(response.status) else { return }
        let after = try server.storeSnapshot()
        let isUnchanged = after == before
        #expect(isUnchanged, "\(label) answered \(response.status) but changed \(after.differences(from: before))")
        if response.header("Content-Type")?.hasPrefix("application/json") == true {
            let json = response.json
            #expect(
                json["message"].string != nil || json["error"].string != nil,
                "\(label): \(response.text.prefix(300))"
            )
        }
    }

    @Test func coverage_ListsEmulatedOperations() throws {
        let server = try TestServer()
        defer { server.stop() }
        #expect(try Self.emulatedOperations(server).count >= 60)
    }

    @Test func unknownIds_AreNever5xxAndWriteNothing() throws {
        let server = try TestServer()
        defer { server.stop() }
        var probed = 0
        for operation in try Self.emulatedOperations(server) where operation.path.contains(":") {
            let hasBody = ["POST", "PUT", "PATCH"].contains(operation.method)
            try Self.expectNo5xxAndNoWriteOn4xx(
                server, operation.method, Self.unknownPath(operation.path), body: hasBody ? "{}" : nil,
                key: TestServer.apiKey, "\(operation) unknown id"
            )
            probed += 1
        }
        #expect(probed >= 30)
    }

    @Test func brokenBodies_AreNever5xxAndWriteNothing() throws {
        let server = try TestServer()
        defer { server.stop() }
        for operation in try Self.emulatedOperations(server) where ["POST", "PUT", "PATCH"].contains(operation.method) {
            let path = Self.unknownPath(operation.path)
            for body in [
                "{", "[]", #"{"a":"\ud800"}"#, String(repeating: "[", count: 5_000), #"{"email":42,"name":[]}"#,
            ] {
                try Self.expectNo5xxAndNoWriteOn4xx(
                    server, operation.method, path, body: body, key: TestServer.apiKey,
                    "\(operation) body \(body.prefix(20))"
                )
            }
        }
    }

    @Test func missingOrWrongKeys_AreNever5xxAndWriteNothing() throws {
        let server = try TestServer()
        defer { server.stop() }
        for operation in try Self.emulatedOperations(server) {
            let hasBody = ["POST", "PUT", "PATCH"].contains(operation.method)
            for key in [nil, "sk_test_wrong"] {
                try Self.expectNo5xxAndNoWriteOn4xx(
                    server, operation.method, Self.unknownPath(operation.path), body: hasBody ? "{}" : nil, key: key,
                    "\(operation) key \(key ?? "none")"
                )
            }
        }
    }
}
