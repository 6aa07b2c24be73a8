// workos-emulator — FGA v1 over real sockets (catalog-B §6): resource types and schema, resources, warrants, check,
// query, warrant tokens, the §6.8 errors, refused requests that write nothing, and environments kept apart.
// Licensed MIT.

import EmulatorTesting
import Foundation
import Testing

@Suite struct FGATests {
    /// The quick-start model as the JSON of `PUT /fga/v1/resource-types`.
    static let types = """
        [{"type":"user","relations":{}},
         {"type":"team","relations":{"member":{}}},
         {"type":"document","relations":{"owner":{},"parent":{},"editor":{"inherit_if":"owner"},
          "viewer":{"inherit_if":"any_of","rules":[{"inherit_if":"editor"},
                    {"inherit_if":"member","of_type":"team","with_relation":"parent"}]}}}]
        """

    static func warrant(
        _ resource: String, _ relation: String, _ subject: String, subjectRelation: String? = nil,
        policy: String? = nil, op: String = "create"
    ) -> String {
        let (type, id) = Self.split(resource)
        let (subjectType, subjectID) = Self.split(subject)
        let relationJSON = subjectRelation.map { #","relation":"\#($0)""# } ?? ""
        let policyJSON = policy.map { #","policy":"\#($0.replacingOccurrences(of: "\"", with: "\\\""))""# } ?? ""
        return #"{"op":"\#(op)","resource_type":"\#(type)","resource_id":"\#(id)","relation":"\#(relation)","#
            + #""subject":{"resource_type":"\#(subjectType)","resource_id":"\#(subjectID)"\#(relationJSON)}\#(policyJSON)}"#
    }

    static func checkBody(_ resource: String, _ relation: String, _ subject: String, context: String = "{}") -> String {
        let (type, id) = Self.split(resource)
        let (subjectType, subjectID) = Self.split(subject)
        return #"{"resource_type":"\#(type)","resource_id":"\#(id)","relation":"\#(relation)","#
            + #""subject":{"resource_type":"\#(subjectType)","resource_id":"\#(subjectID)"},"context":\#(context)}"#
    }

    static func split(_ text: String) -> (String, String) {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        return (parts[0], parts[1])
    }

    /// A server with the quick-start schema and alice owning d1, bob in eng, d2 under eng.
    static func seeded() throws -> TestServer {
        let server = try TestServer()
        let client = server.client()
        let applied = try client.request("PUT", "/fga/v1/resource-types", json: Self.types)
        #expect(applied.status == 200, "\(applied.text)")
        let written = try client.request(
            "POST", "/fga/v1/warrants",
            json: "["
                + [
                    Self.warrant("document:d1", "owner", "user:alice"), Self.warrant("team:eng", "member", "user:bob"),
                    Self.warrant("document:d2", "parent", "team:eng"),
                ].joined(separator: ",") + "]"
        )
        #expect(written.status == 200, "\(written.text)")
        return server
    }

    static func check(_ client: TestClient, _ body: String, key: String? = TestServer.apiKey) throws -> TestResponse {
        try client.request("POST", "/fga/v1/check", json: body, key: key)
    }

    // MARK: Resource types and schema

    @Test func resourceTypes_CreateGetListUpdateDelete() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let created = try client.request("POST", "/fga/v1/resource-types", json: #"{"type":"user","relations":{}}"#)
        #expect(created.status == 200)
        #expect(created.json["type"].string == "user")
        #expect(created.json["created_at"].string?.count == 24)
        #expect(created.header("Warrant-Token")?.isEmpty == false)
        let document = try client.request(
            "POST", "/fga/v1/resource-types",
            json: #"{"type":"document","relations":{"owner":{},"editor":{"inherit_if":"owner"}}}"#
        )
        #expect(document.json["relations"]["editor"]["inherit_if"].string == "owner")
        #expect(try client.request("GET", "/fga/v1/resource-types/document").json["relations"].keys == ["editor", "owner"])

        let list = try client.request("GET", "/fga/v1/resource-types?limit=1").json
        #expect(list["object"].string == "list")
        #expect(list["data"].array.map { $0["type"].string } == ["document"])
        let after = try #require(list["list_metadata"]["after"].string)
        #expect(list["list_metadata"]["before"].isNull)
        let next = try client.request("GET", "/fga/v1/resource-types?limit=1&after=\(after)").json
        #expect(next["data"].array.map { $0["type"].string } == ["user"])

        let updated = try client.request(
            "PUT", "/fga/v1/resource-types/document", json: #"{"relations":{"owner":{},"viewer":{"inherit_if":"owner"}}}"#
        )
        #expect(updated.status == 200)
        #expect(updated.json["relations"].keys == ["owner", "viewer"])
        let deleted = try client.request("DELETE", "/fga/v1/resource-types/document")
        #expect(deleted.status == 200 && deleted.body.isEmpty)
        let missing = try client.request("GET", "/fga/v1/resource-types/document")
        #expect(missing.status == 404)
        #expect(missing.json["code"].string == "not_found")
        #expect(missing.json["type"].string == "resource_type")
        #expect(missing.json["key"].string == "document")
    }

    @Test func resourceTypes_RefuseDuplicatesAndBadRules_WritingNothing() throws {
        let server = try Self.seeded()
        defer { server.stop() }
        let client = server.client()
        let before = try server.snapshot()
        let duplicate = try client.request("POST", "/fga/v1/resource-types", json: #"{"type":"user","relations":{}}"#)
        #expect(duplicate.status == 409)
        #expect(duplicate.json["code"].string == "duplicate_record")
        for body in [
            #"{"relations":{}}"#, #"{"type":"has space"}"#, #"{"type":"x","relations":{"a":{"inherit_if":"ghost"}}}"#,
            #"{"type":"x","relations":{"a":{"inherit_if":"any_of","rules":[]}}}"#, #"{"type":"x","relations":[]}"#,
        ] {
            let response = try client.request("POST", "/fga/v1/resource-types", json: body)
            #expect(response.status == 400, "\(body): \(response.text)")
            #expect(response.json["code"].string == "invalid_parameter")
            #expect(response.json["parameter"].string != nil)
        }
        #expect(try client.request("PUT", "/fga/v1/resource-types", json: "{}").status == 400)
        #expect(try client.request("PUT", "/fga/v1/resource-types/ghost", json: #"{"relations":{}}"#).status == 404)
        #expect(try client.request("PUT", "/fga/v1/resource-types/user", json: #"{"type":"team"}"#).status == 400)
        #expect(try server.snapshot() == before)
    }

    @Test func applyingResourceTypes_ReplacesTheSchema_DeletingOmittedTypesWithTheirData() throws {
        let server = try Self.seeded()
        defer { server.stop() }
        let client = server.client()
        let applied = try client.request(
            "PUT", "/fga/v1/resource-types", json: #"[{"type":"user","relations":{}},{"type":"team","relations":{"member":{}}}]"#
        )
        #expect(applied.status == 200)
        #expect(applied.json.array.map { $0["type"].string } == ["user", "team"])
        #expect(try client.request("GET", "/fga/v1/resource-types/document").status == 404)
        let warrants = try client.request("GET", "/fga/v1/warrants?limit=100").json["data"].array
        #expect(warrants.count == 1)
        #expect(warrants.first?["resource_type"].string == "team")
        #expect(try client.request("GET", "/fga/v1/resources?resource_type=document").json["data"].array.isEmpty)
    }

    @Test func schema_GetUpdateAndConvertBothWays() throws {
        let server = try Self.seeded()
        defer { server.stop() }
        let client = server.client()
        let schema = try client.request("GET", "/fga/v1/schema").json
        #expect(schema["version"].string == "0.3")
        #expect(schema["resource_types"].array.map { $0["type"].string } == ["user", "team", "document"])
        #expect(schema["policies"].keys.isEmpty)

        let updated = try client.request(
            "POST", "/fga/v1/schema",
            json: #"""
                {"version":"0.3","resource_types":[{"type":"user","relations":{}},
                 {"type":"report","relations":{"viewer":{"policy":"in_us"}}}],
                 "policies":{"in_us":{"language":"expr","parameters":[{"name":"region","type":"string"}],
                 "expression":"region == \"us\""}}}
                """#
        )
        #expect(updated.status == 200, "\(updated.text)")
        #expect(updated.json["policies"]["in_us"]["expression"].string == #"region == "us""#)
        #expect(updated.json["resource_types"].array.map { $0["type"].string } == ["user", "report"])
        let allowed = try Self.check(
            client, #"{"checks":[\#(Self.checkBody("report:r1", "viewer", "user:u", context: #"{"region":"us"}"#))]}"#
        )
        #expect(allowed.json["result"].string == "authorized")
        let missing = try Self.check(client, #"{"checks":[\#(Self.checkBody("report:r1", "viewer", "user:u"))]}"#)
        #expect(missing.json["result"].string == "not_authorized")
        #expect(missing.json["warnings"][0]["code"].string == "missing_context_keys")
        #expect(missing.json["warnings"][0]["keys"].array.map(\.string) == ["region"])

        let before = try server.snapshot()
        let text = "version 0.3\ntype user\ntype doc\n    relation owner [user]\n    inherit viewer if relation owner\n"
        let toJSON = try client.send(
            method: "POST", path: "/fga/v1/schemas/convert",
            headers: [("Authorization", "Bearer \(TestServer.apiKey)"), ("Content-Type", "text/plain")],
            body: Array(text.utf8)
        )
        #expect(toJSON.status == 200, "\(toJSON.text)")
        #expect(toJSON.json["version"].string == "0.3")
        #expect(toJSON.json["resource_types"][1]["relations"]["viewer"]["inherit_if"].string == "owner")
        let toDSL = try client.request(
            "POST", "/fga/v1/schemas/convert",
            json: #"{"version":"0.3","resource_types":[{"type":"doc","relations":{"owner":{},"viewer":{"inherit_if":"owner"}}}]}"#
        )
        #expect(toDSL.json["schema"].string?.contains("inherit viewer if\n        relation owner") == true)
        let bad = try client.send(
            method: "POST", path: "/fga/v1/schemas/convert",
            headers: [("Authorization", "Bearer \(TestServer.apiKey)")], body: Array("type doc\n  inherit x if\n".utf8)
        )
        #expect(bad.status == 400)
        #expect(bad.json["message"].string?.hasPrefix("line 2:") == true)
        #expect(try server.snapshot() == before)
    }

    // MARK: Resources

    @Test func resources_CreateGetUpdateListSearchDelete() throws {
        let server = try Self.seeded()
        defer { server.stop() }
        let client = server.client()
        let created = try client.request(
            "POST", "/fga/v1/resources", json: #"{"resource_type":"document","resource_id":"planning","meta":{"title":"Q3"}}"#
        )
        #expect(created.status == 200)
        #expect(created.json["resource_id"].string == "planning")
        #expect(created.json["meta"]["title"].string == "Q3")
        let generated = try client.request("POST", "/fga/v1/resources", json: #"{"resource_type":"document","resource_id":""}"#)
        #expect(generated.status == 200)
        #expect(generated.json["resource_id"].string?.count == 26)
        #expect(!generated.json["meta"].exists)

        let updated = try client.request("PUT", "/fga/v1/resources/document/planning", json: #"{"meta":{"title":"Q4"}}"#)
        #expect(updated.json["meta"]["title"].string == "Q4")
        #expect(try client.request("GET", "/fga/v1/resources/document/planning").json["meta"]["title"].string == "Q4")

        let search = try client.request("GET", "/fga/v1/resources?search=plan").json["data"].array
        #expect(search.map { $0["resource_id"].string } == ["planning"])
        #expect(try client.request("GET", "/fga/v1/resources?search=q4").json["data"].array.count == 1)
        let documents = try client.request("GET", "/fga/v1/resources?resource_type=document&order=asc").json["data"].array
        #expect(documents.map { $0["resource_id"].string } == ["d1", "d2", "planning", generated.json["resource_id"].string])

        let deleted = try client.request("DELETE", "/fga/v1/resources/document/d1")
        #expect(deleted.status == 200 && deleted.body.isEmpty && deleted.header("Content-Type") == nil)
        let gone = try client.request("GET", "/fga/v1/resources/document/d1")
        #expect(gone.status == 404)
        #expect(gone.json["key"].string == "document:d1")
        #expect(gone.json["type"].string == "resource")
        #expect(try client.request("GET", "/fga/v1/warrants?resource_id=d1").json["data"].array.isEmpty)
    }

    @Test func resources_RefuseBadInput_WritingNothing() throws {
        let server = try Self.seeded()
        defer { server.stop() }
        let client = server.client()
        let before = try server.snapshot()
        let cases: [(String, String, String, Int)] = [
            ("POST", "/fga/v1/resources", #"{"resource_type":"ghost","resource_id":"x"}"#, 404),
            ("POST", "/fga/v1/resources", #"{"resource_type":"document","resource_id":"d1"}"#, 409),
            ("POST", "/fga/v1/resources", #"{"resource_type":"document","resource_id":"a b"}"#, 400),
            ("POST", "/fga/v1/resources", #"{"resource_type":"document","meta":[1]}"#, 400),
            ("PUT", "/fga/v1/resources/document/nope", #"{"meta":{}}"#, 404),
            ("DELETE", "/fga/v1/resources/document/nope", "", 404),
            ("POST", "/fga/v1/resources/batch", #"{"op":"create","resources":[{"resource_type":"document","resource_id":"n1"},{"resource_type":"document","resource_id":"d1"}]}"#, 409),
            ("POST", "/fga/v1/resources/batch", #"{"op":"delete","resources":[{"resource_type":"document","resource_id":"d1"},{"resource_type":"document","resource_id":"nope"}]}"#, 404),
            ("POST", "/fga/v1/resources/batch", #"{"op":"upsert","resources":[]}"#, 400),
            ("GET", "/fga/v1/resources?limit=1000", "", 400),
        ]
        for (method, path, body, status) in cases {
            let response = try client.request(method, path, json: body.isEmpty ? nil : body)
            #expect(response.status == status, "\(method) \(path) \(body): \(response.text)")
            #expect(response.json["message"].string != nil)
        }
        let tooMany = (0..<101).map { #"{"resource_type":"document","resource_id":"b\#($0)"}"# }.joined(separator: ",")
        let batch = try client.request("POST", "/fga/v1/resources/batch", json: #"{"op":"create","resources":[\#(tooMany)]}"#)
        #expect(batch.status == 400)
        #expect(try server.snapshot() == before)
    }

    @Test func resourceBatches_CreateAndDeleteAllOrNothing() throws {
        let server = try Self.seeded()
        defer { server.stop() }
        let client = server.client()
        let created = try client.request(
            "POST", "/fga/v1/resources/batch",
            json: #"{"op":"create","resources":[{"resource_type":"document","resource_id":"b1","meta":{"n":1}},{"resource_type":"user","resource_id":"b2"}]}"#
        )
        #expect(created.status == 200)
        #expect(!created.json["object"].exists)
        #expect(created.json["data"].array.map { $0["resource_id"].string } == ["b1", "b2"])
        let deleted = try client.request(
            "POST", "/fga/v1/resources/batch",
            json: #"{"op":"delete","resources":[{"resource_type":"document","resource_id":"b1"},{"resource_type":"user","resource_id":"b2"}]}"#
        )
        #expect(deleted.json["data"].array.count == 2)
        #expect(try client.request("GET", "/fga/v1/resources/user/b2").status == 404)
    }

    // MARK: Warrants

    @Test func warrants_WriteListAndDelete_WithTokensThatGrow() throws {
        let server = try Self.seeded()
        defer { server.stop() }
        let client = server.client()
        let first = try client.request("POST", "/fga/v1/warrants", json: Self.warrant("document:d3", "owner", "user:carol"))
        #expect(first.status == 200)
        let token1 = try #require(first.json["warrant_token"].string)
        // PY5 sends `"relation": null` in the subject; Node omits it.
        let second = try client.request(
            "POST", "/fga/v1/warrants",
            json: #"{"op":"create","resource_type":"document","resource_id":"d3","relation":"editor","subject":{"resource_type":"team","resource_id":"eng","relation":"member"},"policy":null}"#
        )
        let token2 = try #require(second.json["warrant_token"].string)
        #expect(token1 != token2)

        let list = try client.request(
            "GET", "/fga/v1/warrants?resource_type=document&resource_id=d3", headers: [("Warrant-Token", "latest")]
        ).json
        #expect(list["object"].string == "list")
        #expect(list["data"].array.map { $0["relation"].string } == ["editor", "owner"])
        #expect(list["data"][0]["subject"]["relation"].string == "member")
        #expect(!list["data"][1]["subject"]["relation"].exists)
        #expect(try client.request("GET", "/fga/v1/warrants?subject_type=user&subject_id=bob").json["data"].array.count == 1)
        #expect(try client.request("GET", "/fga/v1/warrants?subject_relation=member").json["data"].array.count == 1)
        // Writing a warrant created the resources at both ends.
        #expect(try client.request("GET", "/fga/v1/resources/user/carol").status == 200)

        let deleted = try client.request(
            "POST", "/fga/v1/warrants", json: Self.warrant("document:d3", "owner", "user:carol", op: "delete")
        )
        #expect(deleted.status == 200)
        #expect(try client.request("GET", "/fga/v1/warrants?resource_id=d3").json["data"].array.count == 1)
    }

    @Test func warrants_RefuseBadWrites_AndABadBatchWritesNothing() throws {
        let server = try Self.seeded()
        defer { server.stop() }
        let client = server.client()
        let before = try server.snapshot()
        let cases: [(String, Int, String?)] = [
            (Self.warrant("document:d1", "owner", "user:alice"), 409, "duplicate_record"),
            (Self.warrant("document:d1", "owner", "user:zed", op: "delete"), 404, "not_found"),
            (Self.warrant("ghost:g1", "owner", "user:alice"), 404, "not_found"),
            (Self.warrant("document:d1", "nonexistent", "user:alice"), 400, "invalid_parameter"),
            (Self.warrant("document:d1", "owner", "team:eng", subjectRelation: "ghost"), 400, "invalid_parameter"),
            (Self.warrant("document:d1", "owner", "user:x", op: "upsert"), 400, "invalid_parameter"),
            (Self.warrant("document:d1", "owner", "user:x", policy: "region =="), 400, "invalid_parameter"),
            ("[]", 400, "invalid_request"),
            (
                "[" + Self.warrant("document:d9", "owner", "user:new") + "," + Self.warrant("document:d1", "owner", "user:alice")
                    + "]", 409, "duplicate_record"
            ),
        ]
        for (body, status, code) in cases {
            let response = try client.request("POST", "/fga/v1/warrants", json: body)
            #expect(response.status == status, "\(body): \(response.text)")
            #expect(response.json["code"].string == code, "\(body): \(response.text)")
        }
        #expect(try server.snapshot() == before)
    }

    @Test func aPolicyWarrant_IsDeletedOnlyWithItsPolicy() throws {
        let server = try Self.seeded()
        defer { server.stop() }
        let client = server.client()
        let policy = #"region == "us""#
        #expect(
            try client.request("POST", "/fga/v1/warrants", json: Self.warrant("document:d1", "owner", "user:p", policy: policy))
                .status == 200
        )
        #expect(try client.request("POST", "/fga/v1/warrants", json: Self.warrant("document:d1", "owner", "user:p", op: "delete")).status == 404)
        let listed = try client.request("GET", "/fga/v1/warrants?subject_id=p").json["data"][0]
        #expect(listed["policy"].string == policy)
        #expect(
            try client.request(
                "POST", "/fga/v1/warrants", json: Self.warrant("document:d1", "owner", "user:p", policy: policy, op: "delete")
            ).status == 200
        )
    }

    // MARK: Check

    @Test func check_Single_AnyOf_AllOf_AndBatch() throws {
        let server = try Self.seeded()
        defer { server.stop() }
        let client = server.client()
        let direct = try Self.check(client, #"{"checks":[\#(Self.checkBody("document:d1", "owner", "user:alice"))],"debug":false}"#)
        #expect(direct.status == 200)
        #expect(direct.json["result"].string == "authorized")
        #expect(direct.json["is_implicit"].bool == false)
        #expect(direct.json["warrant_token"].string?.isEmpty == false)
        #expect(!direct.json["debug_info"].exists)

        let implicit = try Self.check(client, #"{"checks":[\#(Self.checkBody("document:d2", "viewer", "user:bob"))],"debug":true}"#)
        #expect(implicit.json["result"].string == "authorized")
        #expect(implicit.json["is_implicit"].bool == true)
        #expect(implicit.json["debug_info"]["decision_tree"]["decision"].string == "authorized")
        #expect(implicit.json["debug_info"]["processing_time"].int != nil)

        let yes = Self.checkBody("document:d1", "editor", "user:alice")
        let no = Self.checkBody("document:d1", "editor", "user:bob")
        #expect(try Self.check(client, #"{"op":"any_of","checks":[\#(no),\#(yes)]}"#).json["result"].string == "authorized")
        #expect(try Self.check(client, #"{"op":"all_of","checks":[\#(yes),\#(no)]}"#).json["result"].string == "not_authorized")
        #expect(try Self.check(client, #"{"op":"all_of","checks":[\#(yes),\#(yes)]}"#).json["result"].string == "authorized")
        let batch = try Self.check(client, #"{"op":"batch","checks":[\#(yes),\#(no),\#(yes)]}"#)
        #expect(batch.json.array.map { $0["result"].string } == ["authorized", "not_authorized", "authorized"])
        // An unknown id or relation is simply not authorized.
        #expect(
            try Self.check(client, #"{"checks":[\#(Self.checkBody("document:zz", "owner", "user:alice"))]}"#)
                .json["result"].string == "not_authorized"
        )
    }

    @Test func check_DocumentedErrors() throws {
        let server = try Self.seeded()
        defer { server.stop() }
        let client = server.client()
        let one = Self.checkBody("document:d1", "owner", "user:alice")
        let cases: [(String, Int, String)] = [
            (#"{"checks":[\#(one),\#(one)]}"#, 400, "invalid_request"),
            (#"{"op":"some_of","checks":[\#(one)]}"#, 400, "invalid_parameter"),
            (#"{"checks":[]}"#, 400, "invalid_parameter"),
            (#"{"checks":[{"resource_type":"document"}]}"#, 400, "invalid_parameter"),
            (#"{"checks":[\#(Self.checkBody("ghost:g", "owner", "user:alice"))]}"#, 404, "not_found"),
        ]
        for (body, status, code) in cases {
            let response = try Self.check(client, body)
            #expect(response.status == status, "\(body): \(response.text)")
            #expect(response.json["code"].string == code)
        }
        #expect(try Self.check(client, #"{"checks":[\#(one)]}"#, key: "sk_test_wrong").status == 401)
    }

    // MARK: Query

    @Test func query_SelectsResourcesAndSubjects_WithPagination() throws {
        let server = try Self.seeded()
        defer { server.stop() }
        let client = server.client()
        func query(_ q: String, _ extra: String = "") throws -> TestResponse {
            let encoded = q.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? q
            return try client.request("GET", "/fga/v1/query?q=\(encoded)\(extra)", headers: [("Warrant-Token", "latest")])
        }
        let bob = try query("select document where user:bob is *", "&order=asc").json
        #expect(bob["object"].string == "list")
        #expect(bob["data"].array.map { $0["resource_id"].string } == ["d2"])
        #expect(bob["data"][0]["relation"].string == "viewer")
        #expect(bob["data"][0]["is_implicit"].bool == true)
        #expect(bob["data"][0]["warrant"]["relation"].string == "parent")

        let alice = try query("select document where user:alice is *", "&limit=2&order=asc").json
        #expect(alice["data"].array.map { $0["relation"].string } == ["editor", "owner"])
        let after = try #require(alice["list_metadata"]["after"].string)
        let rest = try query("select document where user:alice is *", "&limit=2&order=asc&after=\(after)").json
        #expect(rest["data"].array.map { $0["relation"].string } == ["viewer"])

        let subjects = try query("select viewer of type user for document:d2").json
        #expect(subjects["data"].array.map { $0["resource_type"].string } == ["user"])
        #expect(subjects["data"][0]["resource_id"].string == "bob")

        let bad = try query("select document for user:1 where user:2 is x")
        #expect(bad.status == 400)
        #expect(bad.json["parameter"].string == "q")
        #expect(try client.request("GET", "/fga/v1/query").status == 400)
        #expect(try query("select document where user:bob is *", "&context=notjson").status == 400)
    }

    @Test func query_EvaluatesWarrantPoliciesAgainstTheJSONContext() throws {
        let server = try Self.seeded()
        defer { server.stop() }
        let client = server.client()
        _ = try client.request(
            "POST", "/fga/v1/warrants", json: Self.warrant("document:d5", "owner", "user:geo", policy: #"geo == "us""#)
        )
        let q = "select%20document%20where%20user%3Ageo%20is%20owner"
        let us = try client.request("GET", "/fga/v1/query?q=\(q)&context=%7B%22geo%22%3A+%22us%22%7D").json
        #expect(us["data"].array.map { $0["resource_id"].string } == ["d5"])
        let none = try client.request("GET", "/fga/v1/query?q=\(q)").json
        #expect(none["data"].array.isEmpty)
        #expect(none["warnings"][0]["code"].string == "missing_context_keys")
    }

    // MARK: Environments

    @Test func anotherEnvironment_SeesNoneOfTheseObjects() throws {
        let server = try Self.seeded()
        defer { server.stop() }
        let client = server.client()
        let keyB = try #require(client.request("POST", "/_emulator/environments", json: "{}").json["api_key"].string)
        #expect(try client.request("GET", "/fga/v1/resource-types", key: keyB).json["data"].array.isEmpty)
        #expect(try client.request("GET", "/fga/v1/resources", key: keyB).json["data"].array.isEmpty)
        #expect(try client.request("GET", "/fga/v1/warrants", key: keyB).json["data"].array.isEmpty)
        #expect(try client.request("GET", "/fga/v1/resources/document/d1", key: keyB).status == 404)
        #expect(
            try Self.check(client, #"{"checks":[\#(Self.checkBody("document:d1", "owner", "user:alice"))]}"#, key: keyB)
                .status == 404
        )
        // B's own schema does not disturb A's.
        #expect(try client.request("PUT", "/fga/v1/resource-types", json: "[]", key: keyB).status == 200)
        #expect(try client.request("GET", "/fga/v1/resource-types").json["data"].array.count == 3)
    }
}
