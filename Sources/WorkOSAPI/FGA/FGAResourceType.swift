// workos-emulator — an FGA v1 resource type: a name and its relations' rules (catalog-B §6.1).
// Licensed MIT.

import JSONCodec
import SQLite

/// A resource type `{type, relations, created_at?}` (PY5 `AuthorizationResourceType`).
public struct FGAResourceType: Sendable, Equatable, JSONRepresentable {
    /// The type name, e.g. `document`.
    public var type: String
    /// Relation name → rule, in the order written.
    public var relations: [(name: String, rule: FGARule)]
    /// Creation time; nil for a type that was only parsed (convert).
    public var createdAt: Timestamp?

    /// A type.
    public init(type: String, relations: [(name: String, rule: FGARule)], createdAt: Timestamp? = nil) {
        self.type = type
        self.relations = relations
        self.createdAt = createdAt
    }

    /// The rule of `relation`, or nil when the type does not define it.
    public func rule(for relation: String) -> FGARule? {
        self.relations.first { $0.name == relation }?.rule
    }

    /// The relations map of the wire form.
    public var relationsJSON: JSON {
        var object = JSONObject()
        for (name, rule) in self.relations { object[name] = rule.json }
        return .object(object)
    }

    /// The wire form; `created_at` only for a stored type.
    public var json: JSON {
        var object: JSONObject = ["type": .string(self.type), "relations": self.relationsJSON]
        if let createdAt = self.createdAt { object["created_at"] = .string(createdAt.iso8601) }
        return .object(object)
    }

    /// Decodes a row of `fga_resource_types` (the stored relations were validated on the way in).
    init(row: Row) {
        self.type = row["type"]
        let text: String = row["relations"]
        let parsed = (try? JSON.parse(text)) ?? .object([:])
        self.relations = (parsed.objectValue ?? [:]).map { member in
            (name: member.key, rule: (try? FGARule.parse(member.value, parameter: "relations")) ?? .direct)
        }
        self.createdAt = Timestamp(iso8601: row["created_at"])
    }

    /// Reads `{type, relations}`; `parameter` prefixes error names (`resource_types[2]`). `type` may come from the
    /// path instead (`PUT /fga/v1/resource-types/{type}`).
    static func parse(_ json: JSON, parameter: String = "", type pathType: String? = nil) throws(APIError)
        -> FGAResourceType
    {
        let prefix = parameter.isEmpty ? "" : parameter + "."
        guard case .object(let object) = json else {
            throw .fgaInvalidParameter(parameter.isEmpty ? "body" : parameter, "A resource type must be an object.")
        }
        var type = pathType
        if type == nil {
            guard case .string(let text)? = object["type"], FGAName.isValidName(text) else {
                throw .fgaInvalidParameter(
                    prefix + "type", "\(prefix)type is required: a name of letters, digits, '_' and '-' (≤ 64)."
                )
            }
            type = text
        }
        let relations: JSONObject
        switch object["relations"] {
        case nil, .null?: relations = [:]
        case .object(let map)?: relations = map
        default: throw .fgaInvalidParameter(prefix + "relations", "\(prefix)relations must be an object.")
        }
        guard relations.count <= FGAName.maximumRelations else {
            throw .fgaInvalidParameter(
                prefix + "relations", "\(prefix)relations defines more than \(FGAName.maximumRelations) relations."
            )
        }
        var parsed: [(name: String, rule: FGARule)] = []
        for (name, value) in relations {
            guard FGAName.isValidName(name) else {
                throw .fgaInvalidParameter(prefix + "relations", "Relation name '\(name)' is not a valid name.")
            }
            parsed.append((name, try FGARule.parse(value, parameter: "\(prefix)relations.\(name)")))
        }
        let resourceType = FGAResourceType(type: type ?? "", relations: parsed)
        try resourceType.validateLocalReferences(parameter: prefix + "relations")
        return resourceType
    }

    /// Every `inherit_if R` and `with_relation W` must name a relation of this same type.
    func validateLocalReferences(parameter: String) throws(APIError) {
        let names = Set(self.relations.map(\.name))
        for (name, rule) in self.relations {
            for reference in rule.localRelations where !names.contains(reference) {
                throw .fgaInvalidParameter(
                    "\(parameter).\(name)",
                    "Relation '\(name)' of type '\(self.type)' refers to '\(reference)', "
                        + "which the type does not define."
                )
            }
        }
    }

    /// Two types are equal when names, relations (in order) and creation times are.
    public static func == (lhs: FGAResourceType, rhs: FGAResourceType) -> Bool {
        lhs.type == rhs.type && lhs.createdAt == rhs.createdAt && lhs.relations.count == rhs.relations.count
            && zip(lhs.relations, rhs.relations).allSatisfy { $0.name == $1.name && $0.rule == $1.rule }
    }
}
