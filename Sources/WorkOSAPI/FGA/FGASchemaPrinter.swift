// workos-emulator — resource types → the FGA v1 schema language (catalog-B §6.1, `/schemas/convert` JSON → DSL).
// Licensed MIT.

/// Writes a schema in the DSL `FGASchemaParser` reads, so that JSON → DSL → JSON gives back the same resource types
/// and policies. Relations are declared without subject lists (the JSON form has none); a `{}` nested inside a rule
/// set has no DSL spelling and is left out with a warning.
public enum FGASchemaPrinter {
    /// The DSL text and the warnings (`{message}`, [GO6] `ConvertSchemaWarning`).
    public static func print(_ schema: FGASchema) -> (text: String, warnings: [String]) {
        var lines = ["version \(schema.version)"]
        var warnings: [String] = []
        for type in schema.resourceTypes {
            lines.append("")
            lines.append("type \(type.type)")
            for (name, _) in type.relations {
                lines.append("    relation \(name)")
            }
            let inherited = type.relations.filter { $0.rule != .direct }
            if !inherited.isEmpty { lines.append("") }
            for (name, rule) in inherited {
                lines.append("    inherit \(name) if")
                Self.append(rule, indent: 8, to: &lines, warnings: &warnings, context: "\(type.type).\(name)")
            }
        }
        for policy in schema.policies {
            let parameters = (policy.definition["parameters"]?.arrayValue ?? []).compactMap { parameter -> String? in
                guard let name = parameter["name"]?.stringValue else { return nil }
                return name + " " + (parameter["type"]?.stringValue ?? "any")
            }
            lines.append("")
            lines.append("policy \(policy.name)(\(parameters.joined(separator: ", "))) {")
            lines.append("    " + policy.expression.source)
            lines.append("}")
        }
        return (lines.joined(separator: "\n") + "\n", warnings)
    }

    private static func append(
        _ rule: FGARule, indent: Int, to lines: inout [String], warnings: inout [String], context: String
    ) {
        let pad = String(repeating: " ", count: indent)
        switch rule {
        case .direct:
            warnings.append("\(context): an empty rule inside a rule set has no DSL form and was left out.")
        case .inherit(let relation):
            lines.append(pad + "relation \(relation)")
        case .inheritFrom(let relation, let type, let withRelation):
            lines.append(pad + "relation \(relation) on \(withRelation) [\(type)]")
        case .policy(let name):
            lines.append(pad + "policy \(name)")
        case .anyOf(let rules), .allOf(let rules), .noneOf(let rules):
            let word: String
            switch rule {
            case .anyOf: word = "any_of"
            case .allOf: word = "all_of"
            default: word = "none_of"
            }
            lines.append(pad + word)
            for inner in rules {
                Self.append(inner, indent: indent + 4, to: &lines, warnings: &warnings, context: context)
            }
        }
    }
}
