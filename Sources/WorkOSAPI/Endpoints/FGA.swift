// workos-emulator — Fine-Grained Authorization, legacy /fga/v1 (catalog-B §6; https://workos.com/docs/reference/fga,
// deprecated by WorkOS in favour of the Authorization API; the last SDKs with it are PY 5.46.0, Node ≤ 9, Go v6).
// Licensed MIT.

import HTTP1
import JSONCodec
import SQLite

/// `/fga/v1/*`: resource types and the schema, resources, warrants, check and query.
///
/// Events: catalog-B names no FGA events, so no handler here records one. Consistency: the store is one SQLite
/// database, so every read is already "latest"; the `Warrant-Token` request header (a token or `latest`,
/// catalog-B §6.6) is accepted and needs no action. Writes answer a `Warrant-Token` response header ([OSS]), and
/// warrant writes `{"warrant_token": …}`.
enum FGA {
    /// The routes of this area (catalog-B §6.1–§6.5).
    static func register(on routes: inout RouteTable) {
        routes.add(.get, "/fga/v1/resource-types", self.listResourceTypes)
        routes.add(.post, "/fga/v1/resource-types", self.createResourceType)
        routes.add(.put, "/fga/v1/resource-types", self.applyResourceTypes)
        routes.add(.get, "/fga/v1/resource-types/:type", self.getResourceType)
        routes.add(.put, "/fga/v1/resource-types/:type", self.updateResourceType)
        routes.add(.delete, "/fga/v1/resource-types/:type", self.deleteResourceType)
        routes.add(.get, "/fga/v1/schema", self.getSchema)
        routes.add(.post, "/fga/v1/schema", self.updateSchema)
        routes.add(.post, "/fga/v1/schemas/convert", self.convertSchema)

        routes.add(.get, "/fga/v1/resources", self.listResources)
        routes.add(.post, "/fga/v1/resources", self.createResource)
        routes.add(.post, "/fga/v1/resources/batch", self.batchWriteResources)
        routes.add(.get, "/fga/v1/resources/:resource_type/:resource_id", self.getResource)
        routes.add(.put, "/fga/v1/resources/:resource_type/:resource_id", self.updateResource)
        routes.add(.delete, "/fga/v1/resources/:resource_type/:resource_id", self.deleteResource)

        routes.add(.get, "/fga/v1/warrants", self.listWarrants)
        routes.add(.post, "/fga/v1/warrants", self.writeWarrants)
        routes.add(.post, "/fga/v1/check", self.check)
        routes.add(.get, "/fga/v1/query", self.query)
    }

    // MARK: Resource types and schema (catalog-B §6.1)

    /// `GET /fga/v1/resource-types`: a paginated list, newest first by default.
    @Sendable static func listResourceTypes(_ context: RequestContext) throws -> HTTPResponse {
        let pagination = try self.pagination(context)
        let repository = self.repository(context)
        return ListResponse.make(try context.read { try repository.listTypes(pagination: pagination, in: $0) })
    }

    /// `POST /fga/v1/resource-types` `{type, relations}` → the type; 409 when it exists. 200, as the [OSS] engine
    /// answers every FGA create.
    @Sendable static func createResourceType(_ context: RequestContext) throws -> HTTPResponse {
        let type = try FGAResourceType.parse(try self.bodyJSON(context))
        let repository = self.repository(context)
        let (created, token) = try context.write { connection in
            (try repository.createType(type, in: connection), try repository.currentToken(in: connection))
        }
        return self.written(.json(created), token: token)
    }

    /// `PUT /fga/v1/resource-types` `[{type, relations}, …]` ("apply"): the whole schema; omitted types are deleted
    /// with their resources and warrants (catalog-B §6.1).
    @Sendable static func applyResourceTypes(_ context: RequestContext) throws -> HTTPResponse {
        guard case .array(let items) = try self.bodyJSON(context) else {
            throw APIError.fgaInvalidRequest("The body must be a JSON array of resource types.")
        }
        let types = try FGASchema.parseTypes(items, parameter: "body")
        let repository = self.repository(context)
        let (applied, token) = try context.write { connection in
            (try repository.applyTypes(types, in: connection), try repository.currentToken(in: connection))
        }
        return self.written(.json(.array(applied.map(\.json))), token: token)
    }

    /// `GET /fga/v1/resource-types/{type}`.
    @Sendable static func getResourceType(_ context: RequestContext) throws -> HTTPResponse {
        let type = context.parameter("type")
        let repository = self.repository(context)
        return .json(try context.read { try repository.requireType(type, in: $0) })
    }

    /// `PUT /fga/v1/resource-types/{type}` `{relations}` (the [OSS] path; catalog-B §8 notes the docs' path without
    /// `{type}`, which is the apply route above).
    @Sendable static func updateResourceType(_ context: RequestContext) throws -> HTTPResponse {
        let name = context.parameter("type")
        let body = try self.bodyJSON(context)
        if case .string(let other)? = body.objectValue?["type"], other != name {
            throw APIError.fgaInvalidParameter("type", "type '\(other)' differs from the path's '\(name)'.")
        }
        let type = try FGAResourceType.parse(body, type: name)
        let repository = self.repository(context)
        let (updated, token) = try context.write { connection in
            (try repository.updateType(type, in: connection), try repository.currentToken(in: connection))
        }
        return self.written(.json(updated), token: token)
    }

    /// `DELETE /fga/v1/resource-types/{type}` → 200 with no body; its resources and warrants go with it.
    @Sendable static func deleteResourceType(_ context: RequestContext) throws -> HTTPResponse {
        let type = context.parameter("type")
        let repository = self.repository(context)
        let token = try context.write { connection in
            try repository.deleteType(type, in: connection)
            return try repository.currentToken(in: connection)
        }
        return self.written(HTTPResponse(status: .ok), token: token)
    }

    /// `GET /fga/v1/schema` → `{version, resource_types, policies}` ([GO6] `GetSchema`).
    @Sendable static func getSchema(_ context: RequestContext) throws -> HTTPResponse {
        let repository = self.repository(context)
        return .json(try context.read { try repository.schema(in: $0) }.json)
    }

    /// `POST /fga/v1/schema` `{version?, resource_types, policies?}`: replaces the whole schema ([GO6] `UpdateSchema`).
    @Sendable static func updateSchema(_ context: RequestContext) throws -> HTTPResponse {
        let body = try self.bodyJSON(context)
        // The update replaces the whole schema (omitted types are deleted, catalog-B §6.1): a body that forgot
        // `resource_types` must not wipe every type, resource and warrant (the bad-input matrix sent `{}`).
        if case .object(let object) = body, object["resource_types"] == nil || object["resource_types"] == .null {
            throw APIError.fgaInvalidParameter("resource_types", "resource_types is required.")
        }
        let schema = try FGASchema.parse(body)
        let repository = self.repository(context)
        let (stored, token) = try context.write { connection in
            (try repository.replaceSchema(schema, in: connection), try repository.currentToken(in: connection))
        }
        return self.written(.json(stored.json), token: token)
    }

    /// `POST /fga/v1/schemas/convert`: a `text/plain` DSL body → `{version, resource_types, policies?, warnings?}`; a
    /// JSON `{version, resource_types, policies?}` → `{version, schema, warnings?}` (catalog-B §6.1). Writes
    /// nothing; the DSL's allowed-subject lists have no JSON form and are dropped (see `FGASchemaParser`).
    @Sendable static func convertSchema(_ context: RequestContext) throws -> HTTPResponse {
        // Decided by the body, not the Content-Type: a DSL text never starts with `{`, and clients label bodies
        // loosely.
        let firstByte = context.request.body.first { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D) }
        if firstByte == UInt8(ascii: "{") {
            let schema = try FGASchema.parse(try self.bodyJSON(context))
            let (text, warnings) = FGASchemaPrinter.print(schema)
            var object: JSONObject = ["version": .string(schema.version), "schema": .string(text)]
            if !warnings.isEmpty { object["warnings"] = .array(warnings.map { ["message": .string($0)] }) }
            return .json(.object(object))
        }
        let schema = try FGASchemaParser.parse(context.request.bodyText)
        var object: JSONObject = [
            "version": .string(schema.version),
            "resource_types": .array(schema.resourceTypes.map(\.json)),
        ]
        if !schema.policies.isEmpty { object["policies"] = schema.json["policies"] }
        return .json(.object(object))
    }

    // MARK: Resources (catalog-B §6.2)

    /// `GET /fga/v1/resources?resource_type=&search=`: newest first by default.
    @Sendable static func listResources(_ context: RequestContext) throws -> HTTPResponse {
        let pagination = try self.pagination(context)
        let type = context.request.query["resource_type"].flatMap { $0.isEmpty ? nil : $0 }
        let search = context.request.query["search"].flatMap { $0.isEmpty ? nil : $0 }
        let repository = self.repository(context)
        return ListResponse.make(
            try context.read {
                try repository.listResources(type: type, search: search, pagination: pagination, in: $0)
            }
        )
    }

    /// `POST /fga/v1/resources` `{resource_type, resource_id?, meta?}`; an empty or absent id is generated (Node sends
    /// `resource_id: ""`, catalog-B §6.2). 404 for an unknown type, 409 for an existing resource.
    @Sendable static func createResource(_ context: RequestContext) throws -> HTTPResponse {
        let (type, id, meta) = try self.resourceFields(try self.bodyJSON(context), parameter: "", isIDOptional: true)
        let repository = self.repository(context)
        let (resource, token) = try context.write { connection in
            (
                try repository.createResource(type, id, meta: meta, in: connection),
                try repository.currentToken(in: connection)
            )
        }
        return self.written(.json(resource), token: token)
    }

    /// `POST /fga/v1/resources/batch` `{op: create|delete, resources: [...]}` (max 100, [DOC]) → `{"data": [...]}`,
    /// all or nothing.
    @Sendable static func batchWriteResources(_ context: RequestContext) throws -> HTTPResponse {
        guard case .object(let body) = try self.bodyJSON(context) else {
            throw APIError.fgaInvalidRequest("The body must be a JSON object {op, resources}.")
        }
        guard case .string(let op)? = body["op"], op == "create" || op == "delete" else {
            throw APIError.fgaInvalidParameter("op", "op must be \"create\" or \"delete\".")
        }
        guard case .array(let items)? = body["resources"], !items.isEmpty else {
            throw APIError.fgaInvalidParameter("resources", "resources must be a non-empty array.")
        }
        guard items.count <= FGAName.maximumBatch else {
            throw APIError.fgaInvalidParameter("resources", "A batch holds at most \(FGAName.maximumBatch) resources.")
        }
        var fields: [(String, String?, JSONObject?)] = []
        for (index, item) in items.enumerated() {
            fields.append(try self.resourceFields(item, parameter: "resources[\(index)]", isIDOptional: op == "create"))
        }
        let repository = self.repository(context)
        let (resources, token) = try context.write { connection in
            var resources: [FGAResource] = []
            for (type, id, meta) in fields {
                if op == "create" {
                    resources.append(try repository.createResource(type, id, meta: meta, in: connection))
                } else {
                    resources.append(try repository.deleteResource(type, id ?? "", in: connection))
                }
            }
            return (resources, try repository.currentToken(in: connection))
        }
        return self.written(.json(["data": .array(resources.map(\.json))]), token: token)
    }

    /// `GET /fga/v1/resources/{resource_type}/{resource_id}`; 404 `{code:"not_found", type:"resource", key}`.
    @Sendable static func getResource(_ context: RequestContext) throws -> HTTPResponse {
        let (type, id) = (context.parameter("resource_type"), context.parameter("resource_id"))
        let repository = self.repository(context)
        return .json(try context.read { try repository.requireResource(type, id, in: $0) })
    }

    /// `PUT /fga/v1/resources/{resource_type}/{resource_id}` `{meta}`: replaces the meta.
    @Sendable static func updateResource(_ context: RequestContext) throws -> HTTPResponse {
        let (type, id) = (context.parameter("resource_type"), context.parameter("resource_id"))
        guard case .object(let body) = try self.bodyJSON(context) else {
            throw APIError.fgaInvalidRequest("The body must be a JSON object {meta}.")
        }
        let meta = try self.meta(body["meta"], parameter: "meta")
        let repository = self.repository(context)
        let (resource, token) = try context.write { connection in
            (
                try repository.updateResource(type, id, meta: meta, in: connection),
                try repository.currentToken(in: connection)
            )
        }
        return self.written(.json(resource), token: token)
    }

    /// `DELETE /fga/v1/resources/{resource_type}/{resource_id}` → 200 with no body (Node expects none; PY5 parses a
    /// body only when the response says JSON). Its warrants go with it.
    @Sendable static func deleteResource(_ context: RequestContext) throws -> HTTPResponse {
        let (type, id) = (context.parameter("resource_type"), context.parameter("resource_id"))
        let repository = self.repository(context)
        let token = try context.write { connection in
            try repository.deleteResource(type, id, in: connection)
            return try repository.currentToken(in: connection)
        }
        return self.written(HTTPResponse(status: .ok), token: token)
    }

    // MARK: Warrants (catalog-B §6.3)

    /// `GET /fga/v1/warrants` with the six tuple filters; newest first by default.
    @Sendable static func listWarrants(_ context: RequestContext) throws -> HTTPResponse {
        let pagination = try self.pagination(context)
        let query = context.request.query
        func filter(_ name: String) -> String? { query[name].flatMap { $0.isEmpty ? nil : $0 } }
        let filters = FGARepository.WarrantFilters(
            resourceType: filter("resource_type"), resourceID: filter("resource_id"), relation: filter("relation"),
            subjectType: filter("subject_type"), subjectID: filter("subject_id"),
            subjectRelation: filter("subject_relation")
        )
        let repository = self.repository(context)
        return ListResponse.make(
            try context.read { try repository.listWarrants(filters, pagination: pagination, in: $0) }
        )
    }

    /// `POST /fga/v1/warrants`: one write object or an array of them (catalog-B §7.11), applied in order and
    /// atomically → `{"warrant_token": …}`. No `op` means create; a duplicate create is a 409, deleting a missing
    /// warrant a 404 (catalog-B §6.3 [INF]).
    @Sendable static func writeWarrants(_ context: RequestContext) throws -> HTTPResponse {
        let body = try self.bodyJSON(context)
        let items: [(JSON, String)]
        switch body {
        case .array(let array):
            guard !array.isEmpty else { throw APIError.fgaInvalidRequest("The batch holds no warrant writes.") }
            guard array.count <= FGAName.maximumBatch else {
                throw APIError.fgaInvalidRequest("A batch holds at most \(FGAName.maximumBatch) warrant writes.")
            }
            items = array.enumerated().map { ($1, "[\($0)].") }
        default:
            items = [(body, "")]
        }
        var writes: [(isDelete: Bool, warrant: FGAWarrant, prefix: String)] = []
        for (item, prefix) in items {
            let (isDelete, warrant) = try self.warrantWrite(item, prefix: prefix)
            writes.append((isDelete, warrant, prefix))
        }
        let repository = self.repository(context)
        let token = try context.write { connection in
            let graph = repository.graph(connection)
            for (isDelete, warrant, prefix) in writes {
                try self.validate(warrant, prefix: prefix, graph: graph)
                if isDelete {
                    try repository.deleteWarrant(warrant, in: connection)
                } else {
                    try repository.createWarrant(warrant, in: connection)
                }
            }
            return try repository.bumpToken(in: connection)
        }
        return self.written(.json(["warrant_token": .string(token)]), token: token)
    }

    /// The resource type must exist (404) and define the relation (400); so must the subject's type, and its
    /// relation when the subject is a userset.
    private static func validate(_ warrant: FGAWarrant, prefix: String, graph: FGAStoreGraph) throws {
        guard let type = try graph.resourceType(warrant.resourceType) else {
            throw APIError.fgaNotFound("resource_type", key: warrant.resourceType)
        }
        guard type.rule(for: warrant.relation) != nil else {
            throw APIError.fgaInvalidParameter(
                prefix + "relation", "Type '\(warrant.resourceType)' has no relation '\(warrant.relation)'."
            )
        }
        guard let subjectType = try graph.resourceType(warrant.subjectType) else {
            throw APIError.fgaNotFound("resource_type", key: warrant.subjectType)
        }
        if !warrant.subjectRelation.isEmpty, subjectType.rule(for: warrant.subjectRelation) == nil {
            throw APIError.fgaInvalidParameter(
                prefix + "subject.relation",
                "Type '\(warrant.subjectType)' has no relation '\(warrant.subjectRelation)'."
            )
        }
    }

    /// Reads one warrant write `{op?, resource_type, resource_id, relation, subject:{…}, policy?}`.
    static func warrantWrite(_ json: JSON, prefix: String) throws(APIError) -> (isDelete: Bool, warrant: FGAWarrant) {
        guard case .object(let object) = json else {
            throw .fgaInvalidRequest("A warrant write must be a JSON object.")
        }
        var isDelete = false
        switch object["op"] {
        case nil, .null?, .string("create")?: break
        case .string("delete")?: isDelete = true
        default: throw .fgaInvalidParameter(prefix + "op", "op must be \"create\" or \"delete\".")
        }
        let resourceID = object["resource_id"]?.stringValue
        var check = object
        if resourceID == "*" { check["resource_id"] = "wildcard" }
        // The check item has the same tuple fields; reading through it keeps one set of rules.
        let tuple = try FGACheck.parse(
            .object(check),
            parameter: String(prefix.dropLast()).isEmpty ? "warrant" : String(prefix.dropLast())
        )
        var policy = ""
        switch object["policy"] {
        case nil, .null?: break
        case .string(let text)?:
            if !text.isEmpty {
                _ = try FGAExpression(text, parameter: prefix + "policy")
                policy = text
            }
        default: throw .fgaInvalidParameter(prefix + "policy", "policy must be a string.")
        }
        return (
            isDelete,
            FGAWarrant(
                tuple.resourceType, resourceID == "*" ? "*" : tuple.resourceID, tuple.relation,
                subject: tuple.subjectType, tuple.subjectID, tuple.subjectRelation, policy: policy
            )
        )
    }

    // MARK: Check (catalog-B §6.4)

    /// `POST /fga/v1/check` `{checks, op?, debug?}`: one check or `any_of`/`all_of` → one result object; `batch` →
    /// an array of results in order.
    @Sendable static func check(_ context: RequestContext) throws -> HTTPResponse {
        guard case .object(let body) = try self.bodyJSON(context) else {
            throw APIError.fgaInvalidRequest("The body must be a JSON object {checks, op?, debug?}.")
        }
        guard case .array(let items)? = body["checks"], !items.isEmpty else {
            throw APIError.fgaInvalidParameter("checks", "checks must be a non-empty array.")
        }
        guard items.count <= FGAName.maximumChecks else {
            throw APIError.fgaInvalidParameter("checks", "A request holds at most \(FGAName.maximumChecks) checks.")
        }
        var op: String?
        switch body["op"] {
        case nil, .null?: break
        case .string(let text)? where ["any_of", "all_of", "batch"].contains(text): op = text
        default: throw APIError.fgaInvalidParameter("op", "op must be one of any_of, all_of, batch.")
        }
        // [OSS]: "must include operator when including multiple warrants".
        if op == nil, items.count > 1 {
            throw APIError.fgaInvalidRequest("A check with more than one warrant must include an op (any_of, all_of).")
        }
        let debug = body["debug"]?.boolValue ?? false
        var checks: [FGACheck] = []
        for (index, item) in items.enumerated() {
            checks.append(try FGACheck.parse(item, parameter: "checks[\(index)]"))
        }
        let repository = self.repository(context)
        let (outcomes, token) = try context.read { connection in
            let graph = repository.graph(connection)
            let checker = FGAChecker(graph: graph)
            var outcomes: [(FGAChecker.Outcome, Int)] = []
            for check in checks {
                guard try graph.resourceType(check.resourceType) != nil else {
                    throw APIError.fgaNotFound("resource_type", key: check.resourceType)
                }
                let start = ContinuousClock.now
                let outcome = try checker.check(check, debug: debug)
                outcomes.append((outcome, self.nanoseconds(since: start)))
                // any_of and all_of stop at the first decisive check.
                if op == "any_of" && outcome.isAuthorized || op == "all_of" && !outcome.isAuthorized { break }
            }
            return (outcomes, try repository.currentToken(in: connection))
        }
        let results = outcomes.map { self.result($0.0, time: $0.1, debug: debug, token: token) }
        switch op {
        case "batch":
            return .json(.array(results))
        case "any_of":
            let decisive = outcomes.firstIndex { $0.0.isAuthorized } ?? (outcomes.count - 1)
            return .json(results[decisive])
        case "all_of":
            if let failed = outcomes.firstIndex(where: { !$0.0.isAuthorized }) { return .json(results[failed]) }
            var combined = results[results.count - 1].objectValue ?? [:]
            combined["is_implicit"] = .bool(outcomes.contains { $0.0.isImplicit })
            return .json(.object(combined))
        default:
            return .json(results[0])
        }
    }

    /// Result R `{result, is_implicit, warrant_token, debug_info?, warnings?}` (catalog-B §6.4).
    private static func result(_ outcome: FGAChecker.Outcome, time: Int, debug: Bool, token: String) -> JSON {
        var object: JSONObject = [
            "result": outcome.isAuthorized ? "authorized" : "not_authorized",
            "is_implicit": .bool(outcome.isImplicit),
            "warrant_token": .string(token),
        ]
        if debug, let tree = outcome.decisionTree {
            object["debug_info"] = ["processing_time": .int(time), "decision_tree": tree]
        }
        var warnings = self.warnings(missing: outcome.missingContextKeys)
        if outcome.isLimitReached {
            warnings.append([
                "code": "check_limit_exceeded",
                "message": .string(
                    "The check stopped at the emulator's bound on depth or steps and answered not_authorized."
                ),
            ])
        }
        if !warnings.isEmpty { object["warnings"] = .array(warnings) }
        return .object(object)
    }

    /// The `missing_context_keys` warning (catalog-B §6.4), or none.
    private static func warnings(missing: Set<String>) -> [JSON] {
        guard !missing.isEmpty else { return [] }
        let keys = missing.sorted()
        return [
            [
                "code": "missing_context_keys",
                "message": .string("The context is missing keys a policy reads: \(keys.joined(separator: ", "))."),
                "keys": .array(keys.map { .string($0) }),
            ]
        ]
    }

    // MARK: Query (catalog-B §6.5)

    /// `GET /fga/v1/query?q=…&context=<JSON string>`: the list envelope with optional top-level `warnings`.
    @Sendable static func query(_ context: RequestContext) throws -> HTTPResponse {
        let pagination = try self.pagination(context)
        guard let text = context.request.query["q"], !text.isEmpty else {
            throw APIError.fgaInvalidParameter("q", "q is required.")
        }
        let query = try FGAQuery(text)
        var policyContext: JSONObject = [:]
        if let raw = context.request.query["context"], !raw.isEmpty {
            guard case .object(let object)? = try? JSON.parse(raw) else {
                throw APIError.fgaInvalidParameter("context", "context must be a JSON-encoded object.")
            }
            policyContext = object
        }
        let repository = self.repository(context)
        let answer = try context.read { connection in
            try FGAQueryEngine(graph: repository.graph(connection)).run(query, context: policyContext)
        }
        let page = self.page(answer.results, pagination: pagination)
        var object: JSONObject = [
            "object": "list",
            "data": .array(page.items.map(\.json)),
            "list_metadata": ["before": page.before.json, "after": page.after.json],
        ]
        let warnings = self.warnings(missing: answer.missingContextKeys)
        if !warnings.isEmpty { object["warnings"] = .array(warnings) }
        return .json(.object(object))
    }

    /// One page of query results (ascending by creation); cursors are the results' `cursor`s.
    static func page(_ ascending: [FGAQueryEngine.Result], pagination: Pagination) -> Page<FGAQueryEngine.Result> {
        let ordered = pagination.order == .asc ? ascending : ascending.reversed()
        var before = pagination.before
        var after = pagination.after
        if pagination.order == .normal { swap(&before, &after) }
        var start = 0
        var end = ordered.count
        if let after, let position = ordered.firstIndex(where: { $0.cursor == after }) {
            start = position + 1
        }
        if let before, let position = ordered.firstIndex(where: { $0.cursor == before }) {
            end = position
        }
        if start > end { start = end }
        let window = Array(ordered[start..<end])
        let items: [FGAQueryEngine.Result]
        if before != nil && after == nil {
            items = Array(window.suffix(pagination.limit))
        } else {
            items = Array(window.prefix(pagination.limit))
        }
        let firstIndex = items.first.flatMap { first in ordered.firstIndex { $0.cursor == first.cursor } }
        let lastIndex = items.last.flatMap { last in ordered.firstIndex { $0.cursor == last.cursor } }
        var pageBefore = firstIndex.flatMap { $0 > 0 ? items.first?.cursor : nil }
        var pageAfter = lastIndex.flatMap { $0 < ordered.count - 1 ? items.last?.cursor : nil }
        if pagination.order == .normal { swap(&pageBefore, &pageAfter) }
        return Page(items: items, before: pageBefore, after: pageAfter)
    }

    // MARK: Helpers

    private static func repository(_ context: RequestContext) -> FGARepository {
        FGARepository(environmentID: context.environment.id, services: context.services)
    }

    /// The list parameters; a bad `limit` or `order` is a 400 `invalid_parameter` (catalog-B §6.8).
    private static func pagination(_ context: RequestContext) throws(APIError) -> Pagination {
        do {
            return try Pagination(query: context.request.query)
        } catch {
            let field = error.fieldErrors.first
            throw .fgaInvalidParameter(field?.field ?? "limit", field?.message ?? error.message)
        }
    }

    /// The body as any JSON value (FGA takes arrays too); an empty body is `{}`.
    private static func bodyJSON(_ context: RequestContext) throws(APIError) -> JSON {
        let body = context.request.body
        if body.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) { return .object([:]) }
        do {
            return try JSON.parse(body)
        } catch {
            throw .invalidJSON("\(error.reason) at byte \(error.offset)")
        }
    }

    /// Adds the `Warrant-Token` response header of a write ([OSS]; catalog-B §6.6).
    private static func written(_ response: HTTPResponse, token: String) -> HTTPResponse {
        var response = response
        response.headers.add(name: "Warrant-Token", value: token)
        return response
    }

    /// `{resource_type, resource_id, meta?}` of a resource create, batch item or delete.
    private static func resourceFields(
        _ json: JSON, parameter: String, isIDOptional: Bool
    ) throws(APIError) -> (String, String?, JSONObject?) {
        let prefix = parameter.isEmpty ? "" : parameter + "."
        guard case .object(let object) = json else {
            throw .fgaInvalidRequest("\(parameter.isEmpty ? "The body" : parameter) must be a JSON object.")
        }
        guard case .string(let type)? = object["resource_type"], FGAName.isValidName(type) else {
            throw .fgaInvalidParameter(prefix + "resource_type", "\(prefix)resource_type is required.")
        }
        var id: String?
        switch object["resource_id"] {
        case nil, .null?, .string("")?:
            guard isIDOptional else {
                throw .fgaInvalidParameter(prefix + "resource_id", "\(prefix)resource_id is required.")
            }
        case .string(let text)? where FGAName.isValidID(text):
            id = text
        default:
            throw .fgaInvalidParameter(
                prefix + "resource_id", "\(prefix)resource_id may hold letters, digits and _ - . @ | : + (≤ 256)."
            )
        }
        return (type, id, try self.meta(object["meta"], parameter: prefix + "meta"))
    }

    /// `meta`: an object, or nil when absent or null.
    private static func meta(_ value: JSON?, parameter: String) throws(APIError) -> JSONObject? {
        switch value {
        case nil, .null?: return nil
        case .object(let object)?: return object
        default: throw .fgaInvalidParameter(parameter, "\(parameter) must be an object.")
        }
    }

    private static func nanoseconds(since start: ContinuousClock.Instant) -> Int {
        let elapsed = ContinuousClock.now - start
        return Int(elapsed.components.seconds) * 1_000_000_000 + Int(elapsed.components.attoseconds / 1_000_000_000)
    }
}
