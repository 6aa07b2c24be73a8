// workos-emulator — the FGA v1 schema language (catalog-B §6.1): parsing, printing, round trips and errors.
// Licensed MIT.

import JSONCodec
import Testing

@testable import WorkOSAPI

@Suite struct FGASchemaDSLTests {
    @Test func theCatalogsExample_ParsesIntoTheJSONRules() throws {
        let schema = try FGASchemaParser.parse(
            """
            version 0.2
            // a comment
            type user
            type team
                relation member [user]
            type report
                relation owner [user]
                relation parent [team]
                inherit editor if relation owner
                inherit viewer if any_of relation editor relation member on parent [team]
            """
        )
        #expect(schema.version == "0.2")
        #expect(schema.resourceTypes.map(\.type) == ["user", "team", "report"])
        let report = try #require(schema.resourceTypes.last)
        #expect(report.relations.map(\.name) == ["owner", "parent", "editor", "viewer"])
        #expect(report.rule(for: "owner") == .direct)
        #expect(report.rule(for: "editor") == .inherit("owner"))
        #expect(
            report.rule(for: "viewer")
                == .anyOf([.inherit("editor"), .inheritFrom(relation: "member", ofType: "team", withRelation: "parent")])
        )
        #expect(
            report.relationsJSON.serializedString
                == #"{"owner":{},"parent":{},"editor":{"inherit_if":"owner"},"viewer":{"inherit_if":"any_of","rules":"#
                + #"[{"inherit_if":"editor"},{"inherit_if":"member","of_type":"team","with_relation":"parent"}]}}"#
        )
    }

    @Test func indentedRuleSets_Nest() throws {
        let schema = try FGASchemaParser.parse(FGACheckerTests.schema)
        let document = try #require(schema.resourceTypes.first { $0.type == "document" })
        #expect(document.rule(for: "reader") == .allOf([.inherit("viewer"), .noneOf([.inherit("blocked")])]))
        #expect(document.rule(for: "auditor") == .allOf([.inherit("approved"), .inherit("owner")]))
    }

    @Test func jsonToDSLToJSON_GivesBackTheSameTypesAndPolicies() throws {
        let original = try FGASchemaParser.parse(
            FGACheckerTests.schema + "\npolicy in_region(region string) {\n    region in [\"us\", \"ca\"]\n}\n"
        )
        let (text, warnings) = FGASchemaPrinter.print(original)
        #expect(warnings.isEmpty)
        let reparsed = try FGASchemaParser.parse(text)
        #expect(reparsed.resourceTypes == original.resourceTypes)
        #expect(reparsed.policies.map(\.name) == ["in_region"])
        #expect(reparsed.policies.first?.expression.source == #"region in ["us", "ca"]"#)
        #expect(FGASchemaPrinter.print(reparsed).text == text)
    }

    @Test func thePrinter_WritesRelationsThenInheritBlocks() {
        let schema = FGASchema(
            resourceTypes: [
                FGAResourceType(
                    type: "doc",
                    relations: [
                        ("owner", .direct), ("viewer", .noneOf([.inheritFrom(relation: "r", ofType: "t", withRelation: "owner")])),
                    ]
                )
            ]
        )
        #expect(
            FGASchemaPrinter.print(schema).text
                == "version 0.3\n\ntype doc\n    relation owner\n    relation viewer\n\n    inherit viewer if\n"
                + "        none_of\n            relation r on owner [t]\n"
        )
    }

    @Test func syntaxErrors_NameTheLine() {
        let cases: [(String, String)] = [
            ("type", "line 1: expected a type name, found the end."),
            ("type doc\n    relation owner [user\n", "line 2: expected ']', found the end."),
            ("type doc\n    inherit viewer if\n", "line 2: expected a rule"),
            ("type doc\n    relation a\n    relation a\n", "line 3: relation 'a' is declared twice."),
            ("type doc\n    inherit viewer if relation ghost\n", "refers to 'ghost'"),
            ("version 9.9\n", "line 1: expected a version"),
            ("type doc\n    relation viewer\n    inherit viewer if any_of\n", "any_of needs at least one rule"),
            ("type doc\ntype doc\n", "line 2: type 'doc' is defined twice."),
            ("type doc $\n", "line 1: unexpected character '$'."),
            ("policy p() {\n  x ==\n", "not closed"),
        ]
        for (text, expected) in cases {
            do {
                _ = try FGASchemaParser.parse(text)
                Issue.record("\(text) parsed")
            } catch {
                #expect(error.message.contains(expected), "\(text): \(error.message)")
                #expect(error.status == .badRequest)
            }
        }
    }

    @Test func deepNesting_IsRefused_NotRecursedInto() {
        var text = "type doc\n    relation a\n    inherit b if\n"
        for level in 0..<20 {
            text += String(repeating: " ", count: 8 + level * 4) + "any_of\n"
        }
        text += String(repeating: " ", count: 8 + 20 * 4) + "relation a\n"
        #expect(throws: APIError.self) { try FGASchemaParser.parse(text) }
        var json: JSON = ["inherit_if": "a"]
        for _ in 0..<50 { json = ["inherit_if": "any_of", "rules": [json]] }
        #expect(throws: APIError.self) { try FGARule.parse(json, parameter: "relations.b") }
    }

    @Test func ruleObjects_AreValidated() throws {
        let bad: [JSON] = [
            "owner", ["inherit_if": "x", "of_type": "t"], ["inherit_if": "any_of"], ["inherit_if": "any_of", "rules": []],
            ["bogus": "x"], ["inherit_if": "has space"],
        ]
        for json in bad {
            #expect(throws: APIError.self, "\(json)") { try FGARule.parse(json, parameter: "relations.r") }
        }
        #expect(try FGARule.parse(["policy": "p"], parameter: "r") == .policy("p"))
    }

    @Test func policyExpressions_EvaluateTheDocumentedSubset() throws {
        var missing = Set<String>()
        func holds(_ source: String, _ context: JSONObject) throws -> Bool {
            try FGAExpression(source).evaluate(context: context, missingKeys: &missing)
        }
        #expect(try holds(#"region == "us""#, ["region": "us"]))
        #expect(try holds("tenantId == 123", ["tenantId": 123]))
        #expect(try !holds("tenantId == 123", ["tenantId": 124]))
        #expect(try holds(#"user.tier in ["gold", "silver"] && !(age < 18)"#, ["user": ["tier": "gold"], "age": 30]))
        #expect(try holds("a > 1 or b", ["a": 0, "b": true]))
        #expect(missing.isEmpty)
        #expect(try !holds("clearance >= 3", [:]))
        #expect(missing == ["clearance"])
        for bad in ["", "a ==", "(a", "a $ b", String(repeating: "(", count: 100) + "a" + String(repeating: ")", count: 100)] {
            #expect(throws: APIError.self, "\(bad)") { try FGAExpression(bad) }
        }
    }
}
