// workos-emulator — an in-memory FGA graph of literal types and warrants, for the checker and query unit tests.
// Licensed MIT.

import JSONCodec

@testable import WorkOSAPI

/// `FGAGraph` over arrays: resources are every end of every warrant plus the ones listed, in order of appearance.
struct FGAMemoryGraph: FGAGraph {
    var types: [FGAResourceType]
    var warrants: [FGAWarrant]
    var policies: [FGAPolicy] = []
    var extraResources: [(String, String, JSONObject?)] = []

    /// A graph from a schema in the DSL and warrants.
    init(_ dsl: String, _ warrants: [FGAWarrant], resources: [(String, String, JSONObject?)] = []) throws {
        let schema = try FGASchemaParser.parse(dsl)
        self.types = schema.resourceTypes
        self.policies = schema.policies
        self.warrants = warrants
        self.extraResources = resources
    }

    func resourceType(_ name: String) throws -> FGAResourceType? { self.types.first { $0.type == name } }

    func policy(_ name: String) throws -> FGAPolicy? { self.policies.first { $0.name == name } }

    func warrants(on resourceType: String, _ resourceID: String, _ relation: String) throws -> [FGAWarrant] {
        self.warrants.filter {
            $0.resourceType == resourceType && ($0.resourceID == resourceID || $0.resourceID == "*")
                && $0.relation == relation
        }
    }

    func warrants(forSubject subjectType: String, _ subjectID: String) throws -> [FGAWarrant] {
        self.warrants.filter { $0.subjectType == subjectType && $0.subjectID == subjectID && $0.subjectRelation.isEmpty }
    }

    var allResources: [FGAResource] {
        var seen = Set<String>()
        var result: [FGAResource] = []
        var ends: [(String, String, JSONObject?)] = self.extraResources
        for warrant in self.warrants {
            ends.append((warrant.resourceType, warrant.resourceID, nil))
            ends.append((warrant.subjectType, warrant.subjectID, nil))
        }
        for (type, id, meta) in ends where id != "*" && seen.insert("\(type):\(id)").inserted {
            let rowID = "r" + String(1000 + result.count)
            result.append(FGAResource(rowID: rowID, type, id, meta: meta))
        }
        return result
    }

    func resource(_ type: String, _ id: String) throws -> FGAResource? {
        self.allResources.first { $0.resourceType == type && $0.resourceID == id }
    }

    func resources(ofTypes types: [String]?, limit: Int) throws -> [FGAResource] {
        Array(self.allResources.filter { types?.contains($0.resourceType) ?? true }.prefix(limit))
    }
}
