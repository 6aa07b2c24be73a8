// workos-emulator — one relation's rule in an FGA v1 resource type (catalog-B §6.1 "Relations map").
// Licensed MIT.

import JSONCodec

/// How a subject comes to hold a relation, besides a direct warrant (catalog-B §6.1).
public indirect enum FGARule: Sendable, Equatable {
    /// `{}`: direct warrants only.
    case direct
    /// `{"inherit_if": R}`: the relation follows from relation R on the same resource.
    case inherit(String)
    /// `{"inherit_if": R, "of_type": T, "with_relation": W}`: for a warrant `X#W@T:y`, relation R on `T:y`
    /// ("R on W [T]" in the DSL).
    case inheritFrom(relation: String, ofType: String, withRelation: String)
    /// `{"inherit_if": "any_of", "rules": […]}`.
    case anyOf([FGARule])
    /// `{"inherit_if": "all_of", "rules": […]}`.
    case allOf([FGARule])
    /// `{"inherit_if": "none_of", "rules": […]}`.
    case noneOf([FGARule])
    /// `{"policy": name}` ([GO6]): the schema policy of that name holds under the check's context.
    case policy(String)

    /// The three set operators of `inherit_if`.
    static let setOperators: Set<String> = ["any_of", "all_of", "none_of"]

    /// The wire form (catalog-B §6.1).
    public var json: JSON {
        switch self {
        case .direct:
            return .object([:])
        case .inherit(let relation):
            return ["inherit_if": .string(relation)]
        case .inheritFrom(let relation, let type, let withRelation):
            return ["inherit_if": .string(relation), "of_type": .string(type), "with_relation": .string(withRelation)]
        case .anyOf(let rules):
            return ["inherit_if": "any_of", "rules": .array(rules.map(\.json))]
        case .allOf(let rules):
            return ["inherit_if": "all_of", "rules": .array(rules.map(\.json))]
        case .noneOf(let rules):
            return ["inherit_if": "none_of", "rules": .array(rules.map(\.json))]
        case .policy(let name):
            return ["policy": .string(name)]
        }
    }

    /// Reads a rule object; `parameter` names it in errors (`relations.editor.rules[1]`). Nesting is bounded by
    /// `FGAName.maximumRuleDepth` and each set by `FGAName.maximumRulesPerSet`, so a hostile schema stays small.
    static func parse(_ json: JSON, parameter: String, depth: Int = 0) throws(APIError) -> FGARule {
        guard case .object(let object) = json else {
            throw .fgaInvalidParameter(parameter, "\(parameter) must be an object.")
        }
        if depth > FGAName.maximumRuleDepth {
            throw .fgaInvalidParameter(
                parameter, "\(parameter) nests rules deeper than \(FGAName.maximumRuleDepth) levels."
            )
        }
        for key in object.keys where !["inherit_if", "of_type", "with_relation", "rules", "policy"].contains(key) {
            throw .fgaInvalidParameter(parameter, "\(parameter) has an unknown key '\(key)'.")
        }
        func name(_ key: String) throws(APIError) -> String? {
            switch object[key] {
            case nil, .null?: return nil
            case .string(let text)? where FGAName.isValidName(text): return text
            default:
                throw .fgaInvalidParameter(
                    "\(parameter).\(key)", "\(parameter).\(key) must be a name of letters, digits, '_' and '-'."
                )
            }
        }
        if let policy = try name("policy") {
            guard object.count == 1 else {
                throw .fgaInvalidParameter(parameter, "\(parameter): a policy rule has no other keys.")
            }
            return .policy(policy)
        }
        guard let inheritIf = try name("inherit_if") else {
            guard object.isEmpty || object.values.allSatisfy(\.isNull) else {
                throw .fgaInvalidParameter(parameter, "\(parameter) needs inherit_if.")
            }
            return .direct
        }
        let ofType = try name("of_type")
        let withRelation = try name("with_relation")
        if Self.setOperators.contains(inheritIf) {
            guard ofType == nil, withRelation == nil else {
                throw .fgaInvalidParameter(parameter, "\(parameter): \(inheritIf) takes only rules.")
            }
            guard case .array(let items)? = object["rules"], !items.isEmpty else {
                throw .fgaInvalidParameter("\(parameter).rules", "\(parameter).rules must be a non-empty array.")
            }
            guard items.count <= FGAName.maximumRulesPerSet else {
                throw .fgaInvalidParameter(
                    "\(parameter).rules", "\(parameter).rules holds more than \(FGAName.maximumRulesPerSet) rules."
                )
            }
            var rules: [FGARule] = []
            for (index, item) in items.enumerated() {
                rules.append(try Self.parse(item, parameter: "\(parameter).rules[\(index)]", depth: depth + 1))
            }
            switch inheritIf {
            case "any_of": return .anyOf(rules)
            case "all_of": return .allOf(rules)
            default: return .noneOf(rules)
            }
        }
        if let rules = object["rules"], !rules.isNull {
            throw .fgaInvalidParameter("\(parameter).rules", "\(parameter).rules needs any_of, all_of or none_of.")
        }
        switch (ofType, withRelation) {
        case (nil, nil): return .inherit(inheritIf)
        case (let type?, let relation?): return .inheritFrom(relation: inheritIf, ofType: type, withRelation: relation)
        default:
            throw .fgaInvalidParameter(parameter, "\(parameter): of_type and with_relation go together.")
        }
    }

    /// Relations of the same resource type this rule names (`inherit_if R` and `with_relation W`), for validation.
    var localRelations: [String] {
        switch self {
        case .direct, .policy: return []
        case .inherit(let relation): return [relation]
        case .inheritFrom(_, _, let withRelation): return [withRelation]
        case .anyOf(let rules), .allOf(let rules), .noneOf(let rules): return rules.flatMap(\.localRelations)
        }
    }
}
