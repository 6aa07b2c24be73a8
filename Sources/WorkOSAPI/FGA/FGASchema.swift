// workos-emulator — a whole FGA v1 schema: resource types and policies (catalog-B §6.1, `/fga/v1/schema`).
// Licensed MIT.

import JSONCodec

/// `{version, resource_types:[…], policies:{name: policy}}`.
public struct FGASchema: Sendable, Equatable {
    /// The DSL version, `0.3` unless given.
    public var version: String
    public var resourceTypes: [FGAResourceType]
    public var policies: [FGAPolicy]

    /// The version the emulator writes when none was given.
    public static let defaultVersion = "0.3"
    /// The DSL versions the catalog shows (`version 0.2`/`0.3`, catalog-B §6.1).
    static let versions: Set<String> = ["0.1", "0.2", "0.3"]

    /// A schema.
    public init(
        version: String = FGASchema.defaultVersion, resourceTypes: [FGAResourceType], policies: [FGAPolicy] = []
    ) {
        self.version = version
        self.resourceTypes = resourceTypes
        self.policies = policies
    }

    /// The wire form `{version, resource_types, policies}`.
    public var json: JSON {
        var policies = JSONObject()
        for policy in self.policies { policies[policy.name] = .object(policy.definition) }
        return [
            "version": .string(self.version),
            "resource_types": .array(self.resourceTypes.map(\.json)),
            "policies": .object(policies),
        ]
    }

    /// Reads `{version?, resource_types, policies?}`; names must be unique, sizes bounded.
    static func parse(_ json: JSON) throws(APIError) -> FGASchema {
        guard case .object(let object) = json else {
            throw .fgaInvalidRequest("The schema must be a JSON object {version, resource_types, policies}.")
        }
        var version = Self.defaultVersion
        if case .string(let text)? = object["version"] {
            guard Self.versions.contains(text) else {
                throw .fgaInvalidParameter("version", "version must be one of 0.1, 0.2, 0.3.")
            }
            version = text
        }
        let types: [JSON]
        switch object["resource_types"] {
        case nil, .null?: types = []
        case .array(let items)?: types = items
        default: throw .fgaInvalidParameter("resource_types", "resource_types must be an array.")
        }
        var policies: [FGAPolicy] = []
        switch object["policies"] {
        case nil, .null?: break
        case .object(let map)?:
            guard map.count <= FGAPolicy.maximumPolicies else {
                throw .fgaInvalidParameter("policies", "policies holds more than \(FGAPolicy.maximumPolicies).")
            }
            for (name, value) in map {
                policies.append(try FGAPolicy.parse(name: name, value, parameter: "policies.\(name)"))
            }
        default: throw .fgaInvalidParameter("policies", "policies must be an object.")
        }
        return FGASchema(
            version: version, resourceTypes: try Self.parseTypes(types, parameter: "resource_types"), policies: policies
        )
    }

    /// Reads an array of resource types: at most `FGAName.maximumResourceTypes`, each name once.
    static func parseTypes(_ items: [JSON], parameter: String) throws(APIError) -> [FGAResourceType] {
        guard items.count <= FGAName.maximumResourceTypes else {
            throw .fgaInvalidParameter(parameter, "\(parameter) holds more than \(FGAName.maximumResourceTypes) types.")
        }
        var seen = Set<String>()
        var types: [FGAResourceType] = []
        for (index, item) in items.enumerated() {
            let type = try FGAResourceType.parse(item, parameter: "\(parameter)[\(index)]")
            guard seen.insert(type.type).inserted else {
                throw .fgaInvalidParameter("\(parameter)[\(index)].type", "Type '\(type.type)' appears twice.")
            }
            types.append(type)
        }
        return types
    }
}
