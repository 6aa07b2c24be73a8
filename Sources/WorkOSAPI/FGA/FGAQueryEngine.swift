// workos-emulator — runs FGA v1 queries (catalog-B §6.5) by checking each candidate with `FGAChecker`.
// Licensed MIT.

import JSONCodec

/// Answers a parsed `FGAQuery`:
/// - select resources: every stored resource of the listed types × every listed relation (or every relation its type
///   defines) is checked against the subject; `explicit` reads only the subject's direct warrants;
/// - select subjects: every stored resource of the listed subject types is checked as the subject of each relation on
///   the resource; `explicit` reads only the resource's direct warrants.
/// Resources exist for every warrant (writing one creates both ends), so the stored resources are the candidates.
/// The work is bounded: at most `maximumCandidates` candidates and `budget` check steps in all; past that the query is
/// a 400 instead of a hang. Results are ordered by resource creation, then relation name.
public struct FGAQueryEngine {
    /// One result row (catalog-B §6.5 QueryResult).
    public struct Result: Sendable {
        /// The matching resource (select resources) or subject (select subjects).
        public var resource: FGAResource
        public var relation: String
        /// The warrant that produced the match (for implicit results, the one on the queried side).
        public var warrant: FGAWarrant
        public var isImplicit: Bool

        /// `{resource_type, resource_id, relation, warrant, is_implicit, meta?}`.
        public var json: JSON {
            var object: JSONObject = [
                "resource_type": .string(self.resource.resourceType),
                "resource_id": .string(self.resource.resourceID),
                "relation": .string(self.relation),
                "warrant": self.warrant.json,
                "is_implicit": .bool(self.isImplicit),
            ]
            if let meta = self.resource.meta { object["meta"] = .object(meta) }
            return .object(object)
        }

        /// The pagination cursor: the resource's row id and the relation.
        public var cursor: String { self.resource.rowID + "|" + self.relation }
    }

    /// All results, in ascending order, and the context keys policies missed.
    public struct Answer: Sendable {
        public var results: [Result]
        public var missingContextKeys: Set<String>
    }

    let graph: any FGAGraph
    /// Most candidate resources one query looks at.
    public var maximumCandidates = 10_000
    /// Most check steps one query takes in all.
    public var budget = 1_000_000

    /// An engine over `graph`.
    public init(graph: any FGAGraph) {
        self.graph = graph
    }

    /// Runs `query` with `context` for the policies.
    public func run(_ query: FGAQuery, context: JSONObject = [:]) throws -> Answer {
        var results: [Result] = []
        var missing: Set<String> = []
        var remaining = self.budget
        func candidates(_ types: [String]?) throws -> [FGAResource] {
            let found = try self.graph.resources(ofTypes: types, limit: self.maximumCandidates + 1)
            guard found.count <= self.maximumCandidates else {
                throw APIError.fgaInvalidParameter(
                    "q", "The query would look at more than \(self.maximumCandidates) resources; narrow its types."
                )
            }
            return found
        }
        func run(_ check: FGACheck) throws -> FGAChecker.Outcome {
            var checker = FGAChecker(graph: self.graph)
            checker.budget = min(checker.budget, remaining)
            let outcome = try checker.check(check)
            remaining -= outcome.steps
            missing.formUnion(outcome.missingContextKeys)
            if remaining <= 0 {
                throw APIError.fgaInvalidParameter(
                    "q", "The query walks more of the graph than the emulator evaluates (\(self.budget) steps)."
                )
            }
            return outcome
        }
        func relations(_ listed: [String]?, of type: String) throws -> [String] {
            if let listed { return listed }
            return try self.graph.resourceType(type)?.relations.map(\.name) ?? []
        }
        func holds(_ warrant: FGAWarrant) -> Bool {
            guard !warrant.policy.isEmpty else { return true }
            guard let expression = try? FGAExpression(warrant.policy) else { return false }
            var context = context
            if context["warrant"] == nil { context["warrant"] = warrant.json }
            return expression.evaluate(context: context, missingKeys: &missing)
        }

        switch query.form {
        case .resources(let types, let subjectType, let subjectID, let listed):
            if query.isExplicit {
                for warrant in try self.graph.warrants(forSubject: subjectType, subjectID)
                where types.map({ $0.contains(warrant.resourceType) }) ?? true
                    && listed.map({ $0.contains(warrant.relation) }) ?? true && holds(warrant)
                {
                    guard let resource = try self.graph.resource(warrant.resourceType, warrant.resourceID) else {
                        continue
                    }
                    results.append(
                        Result(resource: resource, relation: warrant.relation, warrant: warrant, isImplicit: false)
                    )
                }
            } else {
                for resource in try candidates(types) {
                    for relation in try relations(listed, of: resource.resourceType) {
                        let check = FGACheck(
                            resource.resourceType, resource.resourceID, relation, subject: subjectType, subjectID,
                            context: context
                        )
                        let outcome = try run(check)
                        guard outcome.isAuthorized else { continue }
                        let warrant =
                            outcome.warrant
                            ?? FGAWarrant(
                                resource.resourceType, resource.resourceID, relation, subject: subjectType, subjectID
                            )
                        results.append(
                            Result(
                                resource: resource, relation: relation, warrant: warrant, isImplicit: outcome.isImplicit
                            )
                        )
                    }
                }
            }
        case .subjects(let listed, let subjectTypes, let resourceType, let resourceID):
            let wanted = try relations(listed, of: resourceType)
            if query.isExplicit {
                for relation in wanted {
                    for warrant in try self.graph.warrants(on: resourceType, resourceID, relation)
                    where warrant.subjectRelation.isEmpty
                        && subjectTypes.map({ $0.contains(warrant.subjectType) }) ?? true && holds(warrant)
                    {
                        guard let subject = try self.graph.resource(warrant.subjectType, warrant.subjectID) else {
                            continue
                        }
                        results.append(
                            Result(resource: subject, relation: relation, warrant: warrant, isImplicit: false)
                        )
                    }
                }
            } else {
                for subject in try candidates(subjectTypes) {
                    for relation in wanted {
                        if subject.resourceType == resourceType && subject.resourceID == resourceID { continue }
                        let check = FGACheck(
                            resourceType, resourceID, relation, subject: subject.resourceType, subject.resourceID,
                            context: context
                        )
                        let outcome = try run(check)
                        guard outcome.isAuthorized else { continue }
                        let warrant =
                            outcome.warrant
                            ?? FGAWarrant(
                                resourceType, resourceID, relation, subject: subject.resourceType, subject.resourceID
                            )
                        results.append(
                            Result(
                                resource: subject, relation: relation, warrant: warrant, isImplicit: outcome.isImplicit
                            )
                        )
                    }
                }
            }
        }
        var seen = Set<String>()
        let unique = results.filter { seen.insert($0.cursor).inserted }
        let sorted = unique.sorted { ($0.resource.rowID, $0.relation) < ($1.resource.rowID, $1.relation) }
        return Answer(results: sorted, missingContextKeys: missing)
    }
}
