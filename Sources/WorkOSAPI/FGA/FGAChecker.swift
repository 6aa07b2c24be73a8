// workos-emulator — the FGA v1 check: catalog-B §6.7, after [OSS] `CheckService.Check`.
// Licensed MIT.

import JSONCodec

/// Decides whether a subject holds a relation on a resource (catalog-B §6.7):
/// 1. a direct warrant with exactly this resource, relation and subject (a warrant's policy must hold under the
///    context) — `is_implicit: false`;
/// 2. each warrant on `type:id#rel` whose subject is a userset `T:x#r2` → check `T:x#r2@subject`;
/// 3. the type's rule for `rel`: `inherit_if R` → `type:id#R`; `R on W [T]` → `T:y#R` for each warrant
///    `type:id#W@T:y`; `any_of` / `all_of` / `none_of` over rules; `{"policy": name}` → the schema policy.
/// Steps 2 and 3 give `is_implicit: true`. Warrants on the wildcard id `*` count for every id of the type.
///
/// Recursion is bounded twice: a path never revisits the same `type:id#rel` (cycles read as "no"), and the walk stops
/// after `maximumDepth` levels or `budget` steps, answering `not_authorized` with a warning, so a hostile schema
/// cannot hang or crash the server.
public struct FGAChecker {
    /// The result of one check.
    public struct Outcome: Sendable {
        /// `authorized` or not.
        public var isAuthorized: Bool
        /// False when a direct warrant matched.
        public var isImplicit: Bool
        /// The warrant on the checked resource the match went through (the query's `warrant`); nil when none (a
        /// `none_of` or a policy rule decided).
        public var warrant: FGAWarrant?
        /// The decision tree, when asked for.
        public var decisionTree: JSON?
        /// Context keys policies read but the check did not send (`missing_context_keys`, catalog-B §6.4).
        public var missingContextKeys: Set<String>
        /// True when the walk hit the depth or step bound.
        public var isLimitReached: Bool
        /// Steps taken (each visit of a `type:id#rel`).
        public var steps: Int
    }

    /// Where a match came from.
    struct Match {
        var isImplicit: Bool
        var warrant: FGAWarrant?
    }

    /// Mutable state of one walk.
    struct State {
        var steps = 0
        var path: Set<String> = []
        var missingKeys: Set<String> = []
        var isLimitReached = false
    }

    /// The schema and warrants read.
    let graph: any FGAGraph
    /// Deepest recursion of one check.
    public var maximumDepth = 32
    /// Most `type:id#rel` visits of one check.
    public var budget = 10_000

    /// A checker over `graph`.
    public init(graph: any FGAGraph) {
        self.graph = graph
    }

    /// Runs one check; `debug` adds the decision tree (PY5 `DecisionTreeNode`).
    public func check(_ check: FGACheck, debug: Bool = false) throws -> Outcome {
        var state = State()
        let (match, node) = try self.evaluate(
            check.resourceType, check.resourceID, check.relation, of: check, debug: debug, depth: 0, state: &state
        )
        // A walk cut short proves nothing: a `none_of` over an unfinished branch could read as "yes".
        let found = state.isLimitReached ? nil : match
        return Outcome(
            isAuthorized: found != nil, isImplicit: found?.isImplicit ?? false, warrant: found?.warrant,
            decisionTree: node, missingContextKeys: state.missingKeys, isLimitReached: state.isLimitReached,
            steps: state.steps
        )
    }

    // MARK: The walk

    private func evaluate(
        _ type: String, _ id: String, _ relation: String, of check: FGACheck, debug: Bool, depth: Int,
        state: inout State
    ) throws -> (Match?, JSON?) {
        let start = ContinuousClock.now
        let key = "\(type):\(id)#\(relation)"
        var children: [JSON] = []
        var match: Match?
        state.steps += 1
        if state.steps > self.budget || depth > self.maximumDepth {
            state.isLimitReached = true
        } else if !state.path.contains(key) {
            state.path.insert(key)
            match = try self.find(
                type, id, relation, of: check, debug: debug, depth: depth, state: &state, children: &children)
            state.path.remove(key)
        }
        guard debug else { return (match, nil) }
        var node = check
        node.resourceType = type
        node.resourceID = id
        node.relation = relation
        let elapsed = ContinuousClock.now - start
        let nanoseconds =
            Int(elapsed.components.seconds) * 1_000_000_000 + Int(elapsed.components.attoseconds / 1_000_000_000)
        var tree: JSONObject = [
            "check": node.json,
            "decision": match != nil ? "authorized" : "not_authorized",
            "processing_time": .int(nanoseconds),
            "children": .array(children),
        ]
        if let policy = match?.warrant?.policy, !policy.isEmpty { tree["policy"] = .string(policy) }
        return (match, .object(tree))
    }

    private func find(
        _ type: String, _ id: String, _ relation: String, of check: FGACheck, debug: Bool, depth: Int,
        state: inout State, children: inout [JSON]
    ) throws -> Match? {
        let warrants = try self.graph.warrants(on: type, id, relation)
        // 1. A direct warrant (catalog-B §6.7 step 1).
        for warrant in warrants
        where warrant.subjectType == check.subjectType && warrant.subjectID == check.subjectID
            && warrant.subjectRelation == check.subjectRelation
            && self.policyHolds(warrant, check, state: &state)
        {
            return Match(isImplicit: false, warrant: warrant)
        }
        // 2. Usersets: `type:id#rel@T:x#r2` → `T:x#r2@subject` (step 2).
        for warrant in warrants
        where !warrant.subjectRelation.isEmpty && self.policyHolds(warrant, check, state: &state) {
            let (match, node) = try self.evaluate(
                warrant.subjectType, warrant.subjectID, warrant.subjectRelation, of: check, debug: debug,
                depth: depth + 1, state: &state
            )
            if let node { children.append(node) }
            if match != nil { return Match(isImplicit: true, warrant: warrant) }
        }
        // 3. The rule (step 3); an undefined relation or type has only its direct warrants.
        guard let resourceType = try self.graph.resourceType(type), let rule = resourceType.rule(for: relation) else {
            return nil
        }
        return try self.evaluate(
            rule, type, id, of: check, debug: debug, depth: depth, state: &state, children: &children
        )
    }

    private func evaluate(
        _ rule: FGARule, _ type: String, _ id: String, of check: FGACheck, debug: Bool, depth: Int,
        state: inout State, children: inout [JSON]
    ) throws -> Match? {
        switch rule {
        case .direct:
            return nil
        case .inherit(let other):
            let (match, node) = try self.evaluate(
                type, id, other, of: check, debug: debug, depth: depth + 1, state: &state
            )
            if let node { children.append(node) }
            return match.map { Match(isImplicit: true, warrant: $0.warrant) }
        case .inheritFrom(let other, let ofType, let withRelation):
            for warrant in try self.graph.warrants(on: type, id, withRelation)
            where warrant.subjectType == ofType && warrant.subjectRelation.isEmpty
                && self.policyHolds(warrant, check, state: &state)
            {
                let (match, node) = try self.evaluate(
                    ofType, warrant.subjectID, other, of: check, debug: debug, depth: depth + 1, state: &state
                )
                if let node { children.append(node) }
                if match != nil { return Match(isImplicit: true, warrant: warrant) }
            }
            return nil
        case .anyOf(let rules):
            for rule in rules {
                if let match = try self.evaluate(
                    rule, type, id, of: check, debug: debug, depth: depth, state: &state, children: &children
                ) {
                    return Match(isImplicit: true, warrant: match.warrant)
                }
            }
            return nil
        case .allOf(let rules):
            var first: Match?
            for rule in rules {
                guard
                    let match = try self.evaluate(
                        rule, type, id, of: check, debug: debug, depth: depth, state: &state, children: &children
                    )
                else { return nil }
                first = first ?? match
            }
            return first.map { Match(isImplicit: true, warrant: $0.warrant) }
        case .noneOf(let rules):
            for rule in rules {
                if try self.evaluate(
                    rule, type, id, of: check, debug: debug, depth: depth, state: &state, children: &children
                ) != nil {
                    return nil
                }
            }
            return Match(isImplicit: true, warrant: nil)
        case .policy(let name):
            guard let policy = try self.graph.policy(name) else { return nil }
            return policy.expression.evaluate(context: check.context, missingKeys: &state.missingKeys)
                ? Match(isImplicit: true, warrant: nil) : nil
        }
    }

    /// A warrant without a policy always holds; one with a policy holds when it is true under the context
    /// (catalog-B §6.7 step 1). [OSS] also exposes the warrant itself to the expression as `warrant`.
    private func policyHolds(_ warrant: FGAWarrant, _ check: FGACheck, state: inout State) -> Bool {
        guard !warrant.policy.isEmpty else { return true }
        guard let expression = try? FGAExpression(warrant.policy) else { return false }
        var context = check.context
        if context["warrant"] == nil { context["warrant"] = warrant.json }
        return expression.evaluate(context: context, missingKeys: &state.missingKeys)
    }
}
