// workos-emulator — the FGA v1 check (catalog-B §6.7) on literal schemas and warrants: every rule kind, usersets,
// wildcards, policies, cycles and the depth and step bounds.
// Licensed MIT.

import JSONCodec
import Testing

@testable import WorkOSAPI

@Suite struct FGACheckerTests {
    /// The quick-start model: users in teams; documents with owners, editors, viewers and a parent team.
    static let schema = """
        version 0.3
        type user
        type team
            relation member [user, team#member]
        type document
            relation owner [user]
            relation editor [user, team#member]
            relation viewer [user]
            relation parent [team]
            relation blocked [user]
            relation approved [user]
            relation reader [user]
            relation auditor [user]
            inherit editor if relation owner
            inherit viewer if
                any_of
                    relation editor
                    relation member on parent [team]
            inherit reader if
                all_of
                    relation viewer
                    none_of
                        relation blocked
            inherit auditor if
                all_of
                    relation approved
                    relation owner
        """

    static func check(
        _ graph: FGAMemoryGraph, _ resource: String, _ relation: String, _ subject: String,
        context: JSONObject = [:]
    ) throws -> FGAChecker.Outcome {
        let (type, id) = Self.split(resource)
        let subjectParts = subject.split(separator: "#", maxSplits: 1).map(String.init)
        let (subjectType, subjectID) = Self.split(subjectParts[0])
        return try FGAChecker(graph: graph).check(
            FGACheck(
                type, id, relation, subject: subjectType, subjectID, subjectParts.count > 1 ? subjectParts[1] : "",
                context: context
            ),
            debug: true
        )
    }

    static func split(_ text: String) -> (String, String) {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        return (parts[0], parts[1])
    }

    @Test func aDirectWarrant_Authorizes_AndIsNotImplicit() throws {
        let graph = try FGAMemoryGraph(Self.schema, [FGAWarrant("document", "d1", "owner", subject: "user", "alice")])
        let outcome = try Self.check(graph, "document:d1", "owner", "user:alice")
        #expect(outcome.isAuthorized)
        #expect(!outcome.isImplicit)
        #expect(outcome.warrant == FGAWarrant("document", "d1", "owner", subject: "user", "alice"))
        #expect(try !Self.check(graph, "document:d1", "owner", "user:bob").isAuthorized)
        #expect(try !Self.check(graph, "document:d2", "owner", "user:alice").isAuthorized)
    }

    @Test func inheritIf_OnTheSameResource_AuthorizesImplicitly_ThroughTwoLevels() throws {
        let graph = try FGAMemoryGraph(Self.schema, [FGAWarrant("document", "d1", "owner", subject: "user", "alice")])
        let editor = try Self.check(graph, "document:d1", "editor", "user:alice")
        #expect(editor.isAuthorized && editor.isImplicit)
        let viewer = try Self.check(graph, "document:d1", "viewer", "user:alice")
        #expect(viewer.isAuthorized && viewer.isImplicit)
        // The query's warrant is the one on the checked resource the match went through.
        #expect(viewer.warrant?.relation == "owner")
    }

    @Test func tupleToUserset_GrantsThroughTheParentTeamsMembers() throws {
        let graph = try FGAMemoryGraph(
            Self.schema,
            [
                FGAWarrant("team", "eng", "member", subject: "user", "bob"),
                FGAWarrant("document", "d1", "parent", subject: "team", "eng"),
            ]
        )
        let outcome = try Self.check(graph, "document:d1", "viewer", "user:bob")
        #expect(outcome.isAuthorized && outcome.isImplicit)
        #expect(outcome.warrant == FGAWarrant("document", "d1", "parent", subject: "team", "eng"))
        // The parent link grants viewer only, not editor.
        #expect(try !Self.check(graph, "document:d1", "editor", "user:bob").isAuthorized)
        #expect(try !Self.check(graph, "document:d1", "viewer", "user:carol").isAuthorized)
    }

    @Test func aUsersetSubject_GrantsEveryMemberOfTheTeam_AndNestedTeams() throws {
        let graph = try FGAMemoryGraph(
            Self.schema,
            [
                FGAWarrant("document", "d1", "editor", subject: "team", "eng", "member"),
                FGAWarrant("team", "eng", "member", subject: "team", "platform", "member"),
                FGAWarrant("team", "platform", "member", subject: "user", "dana"),
            ]
        )
        let outcome = try Self.check(graph, "document:d1", "editor", "user:dana")
        #expect(outcome.isAuthorized && outcome.isImplicit)
        #expect(outcome.warrant?.subjectRelation == "member")
        // The userset itself holds the relation directly.
        let userset = try Self.check(graph, "document:d1", "editor", "team:eng#member")
        #expect(userset.isAuthorized && !userset.isImplicit)
    }

    @Test func allOfAndNoneOf_CombineRules() throws {
        var warrants = [
            FGAWarrant("document", "d1", "viewer", subject: "user", "erin"),
            FGAWarrant("document", "d1", "viewer", subject: "user", "frank"),
            FGAWarrant("document", "d1", "blocked", subject: "user", "frank"),
            FGAWarrant("document", "d1", "owner", subject: "user", "gina"),
        ]
        var graph = try FGAMemoryGraph(Self.schema, warrants)
        #expect(try Self.check(graph, "document:d1", "reader", "user:erin").isAuthorized)
        #expect(try !Self.check(graph, "document:d1", "reader", "user:frank").isAuthorized)
        #expect(try !Self.check(graph, "document:d1", "auditor", "user:gina").isAuthorized)
        warrants.append(FGAWarrant("document", "d1", "approved", subject: "user", "gina"))
        graph = try FGAMemoryGraph(Self.schema, warrants)
        #expect(try Self.check(graph, "document:d1", "auditor", "user:gina").isAuthorized)
    }

    @Test func aWildcardWarrant_CountsForEveryResourceOfTheType() throws {
        let graph = try FGAMemoryGraph(Self.schema, [FGAWarrant("document", "*", "viewer", subject: "user", "hal")])
        #expect(try Self.check(graph, "document:anything", "viewer", "user:hal").isAuthorized)
        #expect(try !Self.check(graph, "document:anything", "viewer", "user:ivy").isAuthorized)
    }

    @Test func aWarrantPolicy_MustHoldUnderTheContext_AndMissingKeysAreReported() throws {
        let graph = try FGAMemoryGraph(
            Self.schema, [FGAWarrant("document", "d1", "viewer", subject: "user", "jo", policy: #"region == "us""#)]
        )
        #expect(try Self.check(graph, "document:d1", "viewer", "user:jo", context: ["region": "us"]).isAuthorized)
        #expect(try !Self.check(graph, "document:d1", "viewer", "user:jo", context: ["region": "eu"]).isAuthorized)
        let missing = try Self.check(graph, "document:d1", "viewer", "user:jo")
        #expect(!missing.isAuthorized)
        #expect(missing.missingContextKeys == ["region"])
    }

    @Test func aSchemaPolicyRule_IsEvaluatedAgainstTheContext() throws {
        let graph = try FGAMemoryGraph(
            """
            type user
            type report
                relation viewer [user]
                inherit viewer if policy is_business_hours
            policy is_business_hours(hour int) {
                hour >= 9 && hour < 17
            }
            """,
            []
        )
        #expect(try Self.check(graph, "report:r1", "viewer", "user:a", context: ["hour": 10]).isAuthorized)
        #expect(try !Self.check(graph, "report:r1", "viewer", "user:a", context: ["hour": 20]).isAuthorized)
    }

    @Test func aCycleOfUsersets_EndsAsNotAuthorized() throws {
        let graph = try FGAMemoryGraph(
            Self.schema,
            [
                FGAWarrant("team", "a", "member", subject: "team", "b", "member"),
                FGAWarrant("team", "b", "member", subject: "team", "a", "member"),
            ]
        )
        let outcome = try Self.check(graph, "team:a", "member", "user:nobody")
        #expect(!outcome.isAuthorized)
        #expect(!outcome.isLimitReached)
    }

    @Test func aSelfReferentialRule_DoesNotRecurseForever() throws {
        let graph = try FGAMemoryGraph(
            """
            type user
            type folder
                relation parent [folder]
                relation viewer [user]
                inherit viewer if relation viewer on parent [folder]
            """,
            [
                FGAWarrant("folder", "f1", "parent", subject: "folder", "f2"),
                FGAWarrant("folder", "f2", "parent", subject: "folder", "f1"),
                FGAWarrant("folder", "f2", "viewer", subject: "user", "kim"),
            ]
        )
        #expect(try Self.check(graph, "folder:f1", "viewer", "user:kim").isAuthorized)
        #expect(try !Self.check(graph, "folder:f1", "viewer", "user:lee").isAuthorized)
    }

    @Test func aChainDeeperThanTheBound_StopsWithNotAuthorizedAndSaysSo() throws {
        var warrants: [FGAWarrant] = []
        for index in 0..<40 {
            warrants.append(FGAWarrant("team", "t\(index)", "member", subject: "team", "t\(index + 1)", "member"))
        }
        warrants.append(FGAWarrant("team", "t40", "member", subject: "user", "deep"))
        let graph = try FGAMemoryGraph(Self.schema, warrants)
        let outcome = try Self.check(graph, "team:t0", "member", "user:deep")
        #expect(!outcome.isAuthorized)
        #expect(outcome.isLimitReached)
        #expect(try Self.check(graph, "team:t20", "member", "user:deep").isAuthorized)
    }

    @Test func anUndefinedRelation_HasOnlyItsDirectWarrants() throws {
        let graph = try FGAMemoryGraph(Self.schema, [FGAWarrant("document", "d1", "owner", subject: "user", "m")])
        #expect(try !Self.check(graph, "document:d1", "nonexistent", "user:m").isAuthorized)
    }

    @Test func theDecisionTree_RecordsEachStepWithItsDecision() throws {
        let graph = try FGAMemoryGraph(Self.schema, [FGAWarrant("document", "d1", "owner", subject: "user", "alice")])
        let outcome = try Self.check(graph, "document:d1", "viewer", "user:alice")
        let tree = try #require(outcome.decisionTree)
        #expect(tree["decision"] == "authorized")
        #expect(tree["check"]?["relation"] == "viewer")
        #expect(tree["children"]?[0]?["check"]?["relation"] == "editor")
        #expect(tree["children"]?[0]?["children"]?[0]?["decision"] == "authorized")
        #expect(tree["processing_time"]?.intValue != nil)
    }
}
