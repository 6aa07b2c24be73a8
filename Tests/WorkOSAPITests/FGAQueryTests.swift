// workos-emulator — the FGA v1 query language (catalog-B §6.5): parsing, its validation errors, and the engine.
// Licensed MIT.

import JSONCodec
import Testing

@testable import WorkOSAPI

@Suite struct FGAQueryTests {
    @Test func bothForms_Parse_WithCaseInsensitiveKeywords() throws {
        #expect(
            try FGAQuery("select pricing-tier, feature where user:12 is member").form
                == .resources(types: ["pricing-tier", "feature"], subjectType: "user", subjectID: "12", relations: ["member"])
        )
        #expect(
            try FGAQuery("SELECT * WHERE user:a@b.com IS *").form
                == .resources(types: nil, subjectType: "user", subjectID: "a@b.com", relations: nil)
        )
        let subjects = try FGAQuery("select explicit member of type user for permission:view-docs")
        #expect(subjects.isExplicit)
        #expect(
            subjects.form
                == .subjects(relations: ["member"], subjectTypes: ["user"], resourceType: "permission", resourceID: "view-docs")
        )
    }

    @Test func invalidQueries_Are400sNamingQ() {
        let cases = [
            "", "select", "delete document where user:1 is member", "select document for user:1 where user:2 is x",
            "select document where user:1", "select member of type user where user:1 is member",
            "select document where user is member", "select member of user for doc:1", "select document where user:1 is x y",
            "select * for doc:1",
        ]
        for text in cases {
            do {
                _ = try FGAQuery(text)
                Issue.record("'\(text)' parsed")
            } catch {
                #expect(error.status == .badRequest)
                #expect(error.body["parameter"] == "q", "\(text)")
            }
        }
    }

    static func graph() throws -> FGAMemoryGraph {
        try FGAMemoryGraph(
            FGACheckerTests.schema,
            [
                FGAWarrant("document", "d1", "owner", subject: "user", "alice"),
                FGAWarrant("team", "eng", "member", subject: "user", "bob"),
                FGAWarrant("document", "d2", "parent", subject: "team", "eng"),
                FGAWarrant("document", "d3", "viewer", subject: "user", "bob", policy: #"region == "us""#),
            ],
            resources: [("document", "d0", ["title": "Unrelated"])]
        )
    }

    @Test func selectResources_ExpandsInheritance_AndExplicitDoesNot() throws {
        let engine = FGAQueryEngine(graph: try Self.graph())
        let alice = try engine.run(FGAQuery("select document where user:alice is *")).results
        #expect(alice.map { "\($0.resource.resourceID)#\($0.relation)" } == ["d1#editor", "d1#owner", "d1#reader", "d1#viewer"])
        // reader = viewer and not blocked (all_of + none_of).
        #expect(alice.first { $0.relation == "owner" }?.isImplicit == false)
        #expect(alice.first { $0.relation == "viewer" }?.isImplicit == true)
        #expect(alice.first { $0.relation == "viewer" }?.warrant.relation == "owner")

        let bob = try engine.run(FGAQuery("select document where user:bob is viewer"), context: ["region": "us"]).results
        #expect(bob.map(\.resource.resourceID) == ["d2", "d3"])
        #expect(bob[0].warrant == FGAWarrant("document", "d2", "parent", subject: "team", "eng"))
        let bobEU = try engine.run(FGAQuery("select document where user:bob is viewer"), context: ["region": "eu"])
        #expect(bobEU.results.map(\.resource.resourceID) == ["d2"])
        let bobNoContext = try engine.run(FGAQuery("select document where user:bob is viewer"))
        #expect(bobNoContext.missingContextKeys == ["region"])

        let explicit = try engine.run(FGAQuery("select explicit * where user:alice is *")).results
        #expect(explicit.map { "\($0.resource.resourceID)#\($0.relation)" } == ["d1#owner"])
    }

    @Test func selectSubjects_ReturnsTheSubjectsAsResources() throws {
        let engine = FGAQueryEngine(graph: try Self.graph())
        let viewers = try engine.run(FGAQuery("select viewer of type user for document:d2")).results
        #expect(viewers.map(\.resource.key) == ["user:bob"])
        #expect(viewers[0].isImplicit)
        let owners = try engine.run(FGAQuery("select explicit owner of type user for document:d1")).results
        #expect(owners.map(\.resource.key) == ["user:alice"])
        #expect(owners[0].isImplicit == false)
        #expect(owners[0].json["warrant"]?["subject"]?["resource_id"] == "alice")
    }

    @Test func theCandidateBound_TurnsAHugeQueryIntoA400() throws {
        var engine = FGAQueryEngine(graph: try Self.graph())
        engine.maximumCandidates = 2
        #expect(throws: APIError.self) { try engine.run(FGAQuery("select * where user:alice is *")) }
    }

    @Test func pages_FollowAfterCursorsInBothOrders() throws {
        let results = try FGAQueryEngine(graph: try Self.graph()).run(FGAQuery("select document where user:alice is *"))
            .results
        let first = FGA.page(results, pagination: Pagination(limit: 2, order: .asc))
        #expect(first.items.map(\.relation) == ["editor", "owner"])
        #expect(first.before == nil)
        let second = FGA.page(results, pagination: Pagination(limit: 2, after: first.after, order: .asc))
        #expect(second.items.map(\.relation) == ["reader", "viewer"])
        #expect(second.after == nil)
        #expect(second.before == second.items.first?.cursor)
        let descending = FGA.page(results, pagination: Pagination(limit: 10))
        #expect(descending.items.map(\.relation) == ["viewer", "reader", "owner", "editor"])
    }
}
