// workos-emulator — the policy expressions of FGA v1 warrants and schema policies (catalog-B §6.3 "`policy` is an
// expression string such as `region == "us"` or `tenantId == 123`"; [OSS] evaluates them with expr-lang).
// Licensed MIT.

import JSONCodec

/// A parsed policy expression: the subset of expr-lang the emulator evaluates — literals (strings, numbers,
/// `true`/`false`/`nil`, `[…]` lists), context paths (`user.region`), `== != < <= > >= in`, `&& and || or ! not` and
/// parentheses. Parsing is bounded in length and depth, so a hostile policy cannot hang or crash the server.
public struct FGAExpression: Sendable, Equatable {
    /// A node of the syntax tree.
    indirect enum Node: Sendable, Equatable {
        case literal(JSON)
        case list([Node])
        case path([String])
        case not(Node)
        case and(Node, Node)
        case or(Node, Node)
        case compare(String, Node, Node)
    }

    /// The source text.
    public let source: String
    let root: Node

    /// Deepest nesting of parentheses, lists and `!` accepted.
    static let maximumDepth = 32

    /// Parses `source`; throws a 400 naming `parameter` when it is not an expression of the subset.
    public init(_ source: String, parameter: String = "policy") throws(APIError) {
        guard source.utf8.count <= FGAName.maximumPolicyLength else {
            throw .fgaInvalidParameter(parameter, "\(parameter) is longer than \(FGAName.maximumPolicyLength) bytes.")
        }
        var parser = Parser(tokens: try Self.tokenize(source, parameter: parameter), parameter: parameter)
        self.source = source
        self.root = try parser.parseOr(depth: 0)
        guard parser.index == parser.tokens.count else {
            throw .fgaInvalidParameter(parameter, "\(parameter): unexpected '\(parser.tokens[parser.index].text)'.")
        }
    }

    /// Evaluates against `context`; the result is true only for a boolean `true`. Root names the context lacks are
    /// added to `missingKeys` (the `missing_context_keys` warning, catalog-B §6.4) and read as `nil`.
    public func evaluate(context: JSONObject, missingKeys: inout Set<String>) -> Bool {
        Self.value(of: self.root, context: context, missingKeys: &missingKeys) == .bool(true)
    }

    /// The root context keys the expression reads.
    public var contextKeys: Set<String> {
        func keys(_ node: Node) -> Set<String> {
            switch node {
            case .literal: return []
            case .list(let items): return items.reduce(into: []) { $0.formUnion(keys($1)) }
            case .path(let parts): return parts.first.map { [$0] } ?? []
            case .not(let inner): return keys(inner)
            case .and(let a, let b), .or(let a, let b), .compare(_, let a, let b): return keys(a).union(keys(b))
            }
        }
        return keys(self.root)
    }

    // MARK: Evaluation

    private static func value(of node: Node, context: JSONObject, missingKeys: inout Set<String>) -> JSON {
        switch node {
        case .literal(let value):
            return value
        case .list(let items):
            return .array(items.map { Self.value(of: $0, context: context, missingKeys: &missingKeys) })
        case .path(let parts):
            guard let first = parts.first, let root = context[first] else {
                if let first = parts.first { missingKeys.insert(first) }
                return .null
            }
            var current = root
            for part in parts.dropFirst() {
                current = current.objectValue?[part] ?? .null
            }
            return current
        case .not(let inner):
            return .bool(Self.value(of: inner, context: context, missingKeys: &missingKeys) != .bool(true))
        case .and(let a, let b):
            guard Self.value(of: a, context: context, missingKeys: &missingKeys) == .bool(true) else {
                return .bool(false)
            }
            return .bool(Self.value(of: b, context: context, missingKeys: &missingKeys) == .bool(true))
        case .or(let a, let b):
            if Self.value(of: a, context: context, missingKeys: &missingKeys) == .bool(true) { return .bool(true) }
            return .bool(Self.value(of: b, context: context, missingKeys: &missingKeys) == .bool(true))
        case .compare(let op, let a, let b):
            let left = Self.value(of: a, context: context, missingKeys: &missingKeys)
            let right = Self.value(of: b, context: context, missingKeys: &missingKeys)
            return .bool(Self.compare(op, left, right))
        }
    }

    private static func compare(_ op: String, _ left: JSON, _ right: JSON) -> Bool {
        switch op {
        case "==": return Self.isEqual(left, right)
        case "!=": return !Self.isEqual(left, right)
        case "in":
            if case .array(let items) = right { return items.contains { Self.isEqual(left, $0) } }
            if case .string(let haystack) = right, case .string(let needle) = left { return haystack.contains(needle) }
            if case .object(let object) = right, case .string(let key) = left { return object.contains(key) }
            return false
        default:
            let ordering: Int?
            if let l = Self.number(left), let r = Self.number(right) {
                ordering = l < r ? -1 : (l > r ? 1 : 0)
            } else if case .string(let l) = left, case .string(let r) = right {
                ordering = l < r ? -1 : (l > r ? 1 : 0)
            } else {
                ordering = nil
            }
            guard let ordering else { return false }
            switch op {
            case "<": return ordering < 0
            case "<=": return ordering <= 0
            case ">": return ordering > 0
            default: return ordering >= 0
            }
        }
    }

    private static func number(_ value: JSON) -> Double? {
        switch value {
        case .int(let number): return Double(number)
        case .double(let number): return number
        default: return nil
        }
    }

    private static func isEqual(_ left: JSON, _ right: JSON) -> Bool {
        if let l = Self.number(left), let r = Self.number(right) { return l == r }
        return left == right
    }

    // MARK: Parsing

    struct Token: Equatable {
        enum Kind: Equatable { case name, string, number, symbol }
        var kind: Kind
        var text: String
    }

    static func tokenize(_ source: String, parameter: String) throws(APIError) -> [Token] {
        let scalars = Array(source.unicodeScalars)
        var tokens: [Token] = []
        var index = 0
        let symbols = ["==", "!=", "<=", ">=", "&&", "||", "<", ">", "!", "(", ")", "[", "]", ",", "."]
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar.properties.isWhitespace {
                index += 1
            } else if scalar == "\"" || scalar == "'" {
                var text = ""
                index += 1
                while index < scalars.count, scalars[index] != scalar {
                    if scalars[index] == "\\", index + 1 < scalars.count { index += 1 }
                    text.unicodeScalars.append(scalars[index])
                    index += 1
                }
                guard index < scalars.count else {
                    throw .fgaInvalidParameter(parameter, "\(parameter): a string is not closed.")
                }
                index += 1
                tokens.append(Token(kind: .string, text: text))
            } else if ("0"..."9").contains(scalar) {
                var text = ""
                while index < scalars.count, ("0"..."9").contains(scalars[index]) || scalars[index] == "." {
                    text.unicodeScalars.append(scalars[index])
                    index += 1
                }
                tokens.append(Token(kind: .number, text: text))
            } else if scalar.properties.isAlphabetic || scalar == "_" || scalar == "$" {
                var text = ""
                while index < scalars.count,
                    scalars[index].properties.isAlphabetic || ("0"..."9").contains(scalars[index])
                        || scalars[index] == "_" || scalars[index] == "$"
                {
                    text.unicodeScalars.append(scalars[index])
                    index += 1
                }
                tokens.append(Token(kind: .name, text: text))
            } else {
                let rest = String(String.UnicodeScalarView(scalars[index..<min(index + 2, scalars.count)]))
                guard let symbol = symbols.first(where: { rest.hasPrefix($0) }) else {
                    throw .fgaInvalidParameter(parameter, "\(parameter): unexpected character '\(scalar)'.")
                }
                tokens.append(Token(kind: .symbol, text: symbol))
                index += symbol.unicodeScalars.count
            }
        }
        return tokens
    }

    struct Parser {
        var tokens: [Token]
        var parameter: String
        var index = 0

        init(tokens: [Token], parameter: String) {
            self.tokens = tokens
            self.parameter = parameter
        }

        func peek(_ text: String) -> Bool {
            self.index < self.tokens.count && self.tokens[self.index].kind != .string
                && self.tokens[self.index].text == text
        }

        mutating func take(_ texts: String...) -> String? {
            for text in texts where self.peek(text) {
                self.index += 1
                return text
            }
            return nil
        }

        func fail(_ message: String) -> APIError {
            .fgaInvalidParameter(self.parameter, "\(self.parameter): \(message)")
        }

        mutating func parseOr(depth: Int) throws(APIError) -> Node {
            guard depth < FGAExpression.maximumDepth else { throw self.fail("the expression nests too deeply.") }
            var node = try self.parseAnd(depth: depth)
            while self.take("||", "or") != nil { node = .or(node, try self.parseAnd(depth: depth)) }
            return node
        }

        mutating func parseAnd(depth: Int) throws(APIError) -> Node {
            var node = try self.parseNot(depth: depth)
            while self.take("&&", "and") != nil { node = .and(node, try self.parseNot(depth: depth)) }
            return node
        }

        mutating func parseNot(depth: Int) throws(APIError) -> Node {
            if self.take("!", "not") != nil {
                guard depth < FGAExpression.maximumDepth else { throw self.fail("the expression nests too deeply.") }
                return .not(try self.parseNot(depth: depth + 1))
            }
            let left = try self.parsePrimary(depth: depth)
            if let op = self.take("==", "!=", "<=", ">=", "<", ">", "in") {
                return .compare(op, left, try self.parsePrimary(depth: depth))
            }
            return left
        }

        mutating func parsePrimary(depth: Int) throws(APIError) -> Node {
            guard self.index < self.tokens.count else { throw self.fail("the expression ends too early.") }
            let token = self.tokens[self.index]
            self.index += 1
            switch token.kind {
            case .string:
                return .literal(.string(token.text))
            case .number:
                if let int = Int(token.text) { return .literal(.int(int)) }
                guard let double = Double(token.text) else { throw self.fail("'\(token.text)' is not a number.") }
                return .literal(.double(double))
            case .name:
                switch token.text {
                case "true": return .literal(.bool(true))
                case "false": return .literal(.bool(false))
                case "nil", "null": return .literal(.null)
                default:
                    var parts = [token.text]
                    while self.take(".") != nil {
                        guard self.index < self.tokens.count, self.tokens[self.index].kind == .name else {
                            throw self.fail("a name must follow '.'.")
                        }
                        parts.append(self.tokens[self.index].text)
                        self.index += 1
                    }
                    return .path(parts)
                }
            case .symbol:
                guard depth + 1 < FGAExpression.maximumDepth else {
                    throw self.fail("the expression nests too deeply.")
                }
                if token.text == "(" {
                    let inner = try self.parseOr(depth: depth + 1)
                    guard self.take(")") != nil else { throw self.fail("')' is missing.") }
                    return inner
                }
                if token.text == "[" {
                    var items: [Node] = []
                    if self.take("]") != nil { return .list(items) }
                    repeat { items.append(try self.parsePrimary(depth: depth + 1)) } while self.take(",") != nil
                    guard self.take("]") != nil else { throw self.fail("']' is missing.") }
                    return .list(items)
                }
                throw self.fail("unexpected '\(token.text)'.")
            }
        }
    }
}
