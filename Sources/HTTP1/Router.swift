// workos-emulator — HTTP1 module.
// Licensed under the MIT License.

/// Method + path-template router. Templates use `:name` segments: `"/organizations/:id/roles"`.
///
/// Routes live in a trie keyed by path segment. Static segments win over parameter segments at the same
/// position (with backtracking, so `/users/me` and `/users/:id/roles` both work); different routes may use
/// different parameter names at the same position, since names are stored per route, not per trie node.
/// Registering the same method and shape twice is a programmer error (precondition), as in Hummingbird.
public struct Router: Sendable {
    /// The result of matching a method and path.
    public enum Match: Sendable {
        /// A route matched; `parameters` maps template names to percent-decoded segment values.
        case found(HTTPHandler, parameters: [String: String])
        /// The path exists, but not for this method; `allowed` lists the methods it has (HEAD included
        /// wherever GET is), for an `Allow` header (RFC 9110 §15.5.6).
        case methodNotAllowed(allowed: [HTTPMethod])
        /// No route has this path.
        case notFound
    }

    private struct Route: Sendable {
        let handler: HTTPHandler
        let parameterNames: [String]
    }

    private struct Node: Sendable {
        var statics: [String: Node] = [:]
        /// Zero or one element: the child for a `:name` segment (an array gives the recursive struct indirection).
        var parameterChild: [Node] = []
        var routes: [HTTPMethod: Route] = [:]
    }

    private enum Segment {
        case literal(String)
        case parameter(String)
    }

    private var root = Node()

    /// An empty router.
    public init() {}

    /// Registers `handler` for `method` and `template`. Precondition: no route with this method and shape exists.
    public mutating func add(_ method: HTTPMethod, _ template: String, _ handler: @escaping HTTPHandler) {
        let segments = Self.parse(template: template)
        let names = segments.compactMap { segment -> String? in
            if case .parameter(let name) = segment { return name }
            return nil
        }
        precondition(
            Set(names).count == names.count,
            "Route \(method) \(template) repeats a parameter name"
        )
        Self.insert(
            into: &self.root,
            segments[...],
            method: method,
            route: Route(handler: handler, parameterNames: names)
        )
    }

    /// Registers `handler` for several methods at once.
    public mutating func add(_ methods: [HTTPMethod], _ template: String, _ handler: @escaping HTTPHandler) {
        for method in methods {
            self.add(method, template, handler)
        }
    }

    /// True when a route with this method and this shape (parameter names ignored) exists.
    public func contains(_ method: HTTPMethod, _ template: String) -> Bool {
        var node = self.root
        for segment in Self.parse(template: template) {
            switch segment {
            case .literal(let literal):
                guard let child = node.statics[literal] else { return false }
                node = child
            case .parameter:
                guard let child = node.parameterChild.first else { return false }
                node = child
            }
        }
        return node.routes[method] != nil
    }

    /// Finds the route for `method` and a raw (still percent-encoded) path. HEAD falls back to the GET route when
    /// no HEAD route exists. The raw path is split on "/" first and each segment percent-decoded after, so an
    /// encoded "%2F" inside an id stays in one segment. A trailing slash is ignored.
    public func match(_ method: HTTPMethod, rawPath: String) -> Match {
        guard let segments = Self.split(rawPath: rawPath) else {
            return .notFound
        }
        var values: [String] = []
        values.reserveCapacity(4)
        var allowed: Set<HTTPMethod> = []
        var pathExists = false
        if let (route, values) = Self.search(
            self.root,
            segments[...],
            method: method,
            values: &values,
            allowed: &allowed,
            pathExists: &pathExists
        ) {
            var parameters: [String: String] = [:]
            for (name, value) in zip(route.parameterNames, values) {
                parameters[name] = value
            }
            return .found(route.handler, parameters: parameters)
        }
        guard pathExists else {
            return .notFound
        }
        if allowed.contains(.get) {
            allowed.insert(.head)
        }
        return .methodNotAllowed(allowed: Self.ordered(allowed))
    }

    /// A handler that routes each request: fills `parameters` and calls the matched handler, or calls
    /// `notFound` / `methodNotAllowed` (with the allowed methods).
    public func makeHandler(
        notFound: @escaping HTTPHandler,
        methodNotAllowed: @escaping @Sendable ([HTTPMethod], HTTPRequest) throws -> HTTPResponse
    ) -> HTTPHandler {
        let router = self
        return { request in
            switch router.match(request.method, rawPath: request.rawPath) {
            case .found(let handler, let parameters):
                var request = request
                request.parameters = parameters
                return try handler(request)
            case .methodNotAllowed(let allowed):
                return try methodNotAllowed(allowed, request)
            case .notFound:
                return try notFound(request)
            }
        }
    }

    // MARK: - Trie

    private static func insert(into node: inout Node, _ segments: ArraySlice<Segment>, method: HTTPMethod, route: Route)
    {
        guard let segment = segments.first else {
            precondition(node.routes[method] == nil, "Duplicate route: \(method) registered twice for one path shape")
            node.routes[method] = route
            return
        }
        switch segment {
        case .literal(let literal):
            var child = node.statics.removeValue(forKey: literal) ?? Node()
            Self.insert(into: &child, segments.dropFirst(), method: method, route: route)
            node.statics[literal] = child
        case .parameter:
            var child = node.parameterChild.popLast() ?? Node()
            Self.insert(into: &child, segments.dropFirst(), method: method, route: route)
            node.parameterChild = [child]
        }
    }

    /// Depth-first, static child before parameter child; records which methods exist at matching paths.
    private static func search(
        _ node: Node,
        _ segments: ArraySlice<String>,
        method: HTTPMethod,
        values: inout [String],
        allowed: inout Set<HTTPMethod>,
        pathExists: inout Bool
    ) -> (Route, [String])? {
        guard let segment = segments.first else {
            if let route = node.routes[method] ?? (method == .head ? node.routes[.get] : nil) {
                return (route, values)
            }
            if !node.routes.isEmpty {
                pathExists = true
                allowed.formUnion(node.routes.keys)
            }
            return nil
        }
        let rest = segments.dropFirst()
        if let child = node.statics[segment],
            let found = Self.search(
                child,
                rest,
                method: method,
                values: &values,
                allowed: &allowed,
                pathExists: &pathExists
            )
        {
            return found
        }
        if !segment.isEmpty, let child = node.parameterChild.first {
            values.append(segment)
            if let found = Self.search(
                child,
                rest,
                method: method,
                values: &values,
                allowed: &allowed,
                pathExists: &pathExists
            ) {
                return found
            }
            values.removeLast()
        }
        return nil
    }

    // MARK: - Paths

    private static func parse(template: String) -> [Segment] {
        precondition(template.hasPrefix("/"), "Route template must start with '/': \(template)")
        var pieces = template.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        if pieces.last?.isEmpty == true {
            pieces.removeLast()
        }
        return pieces.map { piece in
            if piece.hasPrefix(":") {
                precondition(piece.count > 1, "Empty parameter name in route template \(template)")
                return .parameter(String(piece.dropFirst()))
            }
            return .literal(String(piece))
        }
    }

    /// Raw path → percent-decoded segments; nil when the path is not absolute.
    private static func split(rawPath: String) -> [String]? {
        if rawPath.isEmpty {
            return []
        }
        guard rawPath.hasPrefix("/") else {
            return nil
        }
        var pieces = rawPath.utf8.dropFirst().split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        if pieces.last?.isEmpty == true {
            pieces.removeLast()
        }
        return pieces.map { PercentDecoding.decode(Substring($0)) }
    }

    private static let canonicalOrder: [HTTPMethod] = [.get, .head, .post, .put, .patch, .delete, .options]

    private static func ordered(_ methods: Set<HTTPMethod>) -> [HTTPMethod] {
        let known = Self.canonicalOrder.filter { methods.contains($0) }
        let others = methods.subtracting(Self.canonicalOrder).sorted { $0.rawValue < $1.rawValue }
        return known + others
    }
}
