// workos-emulator — the FGA v1 schema language → resource types (catalog-B §6.1 "Schema DSL", `/schemas/convert`).
// Licensed MIT.

import JSONCodec

/// Parses the schema DSL the catalog documents (catalog-B §6.1, from the [DOC] examples):
///
/// ```
/// version 0.3                                  // optional; 0.1–0.3
/// type user
/// type team
///     relation member [user]
/// type report
///     relation owner [user]
///     relation parent [team]
///     inherit editor if relation owner
///     inherit viewer if
///         any_of
///             relation editor
///             relation member on parent [team]
/// policy is_us(region string) { region == "us" }
/// ```
///
/// `relation NAME [T, T#r]` declares a relation (direct warrants); `inherit R if RULE` gives it a rule. A rule is
/// `relation R` (inherit_if R), `relation R on W [T]` (R on the `T` held through `W`), `policy P`, or
/// `any_of | all_of | none_of` followed by rules written on the same line or on deeper-indented lines below it. The
/// allowed-subject lists `[…]` have no place in the JSON form (catalog-B §6.1 shows `"owner": {}`), so they are
/// checked for syntax and dropped. `//` starts a comment.
public struct FGASchemaParser {
    /// A token with the line it sits on and that line's indentation.
    struct Token {
        enum Kind { case word, symbol, block }
        var kind: Kind
        var text: String
        var line: Int
        var indent: Int
    }

    /// Largest DSL text accepted.
    static let maximumLength = 256 * 1024

    var tokens: [Token]
    var index = 0

    /// Parses `text` into a schema; a syntax or reference error is a 400 naming the line.
    public static func parse(_ text: String) throws(APIError) -> FGASchema {
        guard text.utf8.count <= Self.maximumLength else {
            throw .fgaInvalidParameter("schema", "The schema is longer than \(Self.maximumLength) bytes.")
        }
        var parser = FGASchemaParser(tokens: try Self.tokenize(text))
        return try parser.parseSchema()
    }

    // MARK: Lexing

    static func tokenize(_ text: String) throws(APIError) -> [Token] {
        var tokens: [Token] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var lineIndex = 0
        while lineIndex < lines.count {
            let line = Array(lines[lineIndex].unicodeScalars)
            let number = lineIndex + 1
            lineIndex += 1
            var indent = 0
            for scalar in line {
                if scalar == " " { indent += 1 } else if scalar == "\t" { indent += 4 } else { break }
            }
            var index = 0
            while index < line.count {
                let scalar = line[index]
                if scalar.properties.isWhitespace {
                    index += 1
                } else if scalar == "/", index + 1 < line.count, line[index + 1] == "/" {
                    break
                } else if scalar == "{" {
                    // A policy body: raw text up to the matching `}`, possibly over several lines.
                    var depth = 1
                    var body = ""
                    var rest = Array(line[(index + 1)...])
                    var position = 0
                    while depth > 0 {
                        if position == rest.count {
                            guard lineIndex < lines.count else {
                                throw Self.error(number, "a policy body '{' is not closed.")
                            }
                            body += "\n"
                            rest = Array(lines[lineIndex].unicodeScalars)
                            lineIndex += 1
                            position = 0
                            continue
                        }
                        let character = rest[position]
                        if character == "{" { depth += 1 }
                        if character == "}" { depth -= 1 }
                        if depth > 0 { body.unicodeScalars.append(character) }
                        position += 1
                    }
                    tokens.append(Token(kind: .block, text: body.trimmingWhitespace(), line: number, indent: indent))
                    // Whatever follows the closing brace on its line is ignored only if it is a comment or blank.
                    let tail = String(String.UnicodeScalarView(rest[position...])).trimmingWhitespace()
                    guard tail.isEmpty || tail.hasPrefix("//") else {
                        throw Self.error(number, "unexpected '\(tail)' after a policy body.")
                    }
                    index = line.count
                } else if "[],#():".unicodeScalars.contains(scalar) {
                    tokens.append(Token(kind: .symbol, text: String(scalar), line: number, indent: indent))
                    index += 1
                } else if scalar.isASCII, FGAName.isNameByte(UInt8(scalar.value)) || scalar == "." {
                    var word = ""
                    while index < line.count, line[index].isASCII,
                        FGAName.isNameByte(UInt8(line[index].value)) || line[index] == "."
                    {
                        word.unicodeScalars.append(line[index])
                        index += 1
                    }
                    tokens.append(Token(kind: .word, text: word, line: number, indent: indent))
                } else {
                    throw Self.error(number, "unexpected character '\(scalar)'.")
                }
            }
        }
        return tokens
    }

    static func error(_ line: Int, _ message: String) -> APIError {
        .fgaInvalidParameter("schema", "line \(line): \(message)")
    }

    // MARK: Parsing

    var current: Token? { self.index < self.tokens.count ? self.tokens[self.index] : nil }

    var lastLine: Int { self.tokens.last?.line ?? 1 }

    func isWord(_ text: String) -> Bool {
        self.current.map { $0.kind == .word && $0.text == text } ?? false
    }

    mutating func expectWord(_ text: String) throws(APIError) {
        guard self.isWord(text) else { throw self.unexpected("'\(text)'") }
        self.index += 1
    }

    mutating func expectSymbol(_ text: String) throws(APIError) {
        guard let token = self.current, token.kind == .symbol, token.text == text else {
            throw self.unexpected("'\(text)'")
        }
        self.index += 1
    }

    mutating func name(_ what: String) throws(APIError) -> String {
        guard let token = self.current, token.kind == .word, FGAName.isValidName(token.text) else {
            throw self.unexpected(what)
        }
        self.index += 1
        return token.text
    }

    func unexpected(_ expected: String) -> APIError {
        guard let token = self.current else { return Self.error(self.lastLine, "expected \(expected), found the end.") }
        return Self.error(token.line, "expected \(expected), found '\(token.text)'.")
    }

    mutating func parseSchema() throws(APIError) -> FGASchema {
        var version = FGASchema.defaultVersion
        if self.isWord("version") {
            self.index += 1
            guard let token = self.current, token.kind == .word, FGASchema.versions.contains(token.text) else {
                throw self.unexpected("a version (0.1, 0.2 or 0.3)")
            }
            version = token.text
            self.index += 1
        }
        var types: [FGAResourceType] = []
        var policies: [FGAPolicy] = []
        while let token = self.current {
            if self.isWord("type") {
                guard types.count < FGAName.maximumResourceTypes else {
                    throw Self.error(token.line, "more than \(FGAName.maximumResourceTypes) types.")
                }
                let type = try self.parseType()
                guard !types.contains(where: { $0.type == type.type }) else {
                    throw Self.error(token.line, "type '\(type.type)' is defined twice.")
                }
                types.append(type)
            } else if self.isWord("policy") {
                guard policies.count < FGAPolicy.maximumPolicies else {
                    throw Self.error(token.line, "more than \(FGAPolicy.maximumPolicies) policies.")
                }
                let policy = try self.parsePolicy()
                guard !policies.contains(where: { $0.name == policy.name }) else {
                    throw Self.error(token.line, "policy '\(policy.name)' is defined twice.")
                }
                policies.append(policy)
            } else {
                throw self.unexpected("'type' or 'policy'")
            }
        }
        return FGASchema(version: version, resourceTypes: types, policies: policies)
    }

    mutating func parseType() throws(APIError) -> FGAResourceType {
        let line = self.current?.line ?? 1
        try self.expectWord("type")
        let type = try self.name("a type name")
        var relations: [(name: String, rule: FGARule)] = []
        var declared = Set<String>()
        var inherited = Set<String>()
        while self.isWord("relation") || self.isWord("inherit") {
            let itemLine = self.current?.line ?? line
            if self.isWord("relation") {
                self.index += 1
                let relation = try self.name("a relation name")
                guard declared.insert(relation).inserted else {
                    throw Self.error(itemLine, "relation '\(relation)' is declared twice.")
                }
                if self.current?.kind == .symbol, self.current?.text == "[" { try self.parseSubjectTypes() }
                if !relations.contains(where: { $0.name == relation }) { relations.append((relation, .direct)) }
            } else {
                self.index += 1
                let relation = try self.name("a relation name")
                try self.expectWord("if")
                let rule = try self.parseRule(depth: 0)
                guard inherited.insert(relation).inserted else {
                    throw Self.error(itemLine, "relation '\(relation)' has two inherit rules.")
                }
                if let position = relations.firstIndex(where: { $0.name == relation }) {
                    relations[position].rule = rule
                } else {
                    relations.append((relation, rule))
                }
            }
            guard relations.count <= FGAName.maximumRelations else {
                throw Self.error(itemLine, "type '\(type)' defines more than \(FGAName.maximumRelations) relations.")
            }
        }
        let resourceType = FGAResourceType(type: type, relations: relations)
        do {
            try resourceType.validateLocalReferences(parameter: "relations")
        } catch {
            throw Self.error(line, error.message)
        }
        return resourceType
    }

    /// `[T, T#r, …]`: checked, then dropped (the JSON form has no place for it).
    mutating func parseSubjectTypes() throws(APIError) {
        try self.expectSymbol("[")
        var count = 0
        repeat {
            _ = try self.name("a type name")
            if self.current?.kind == .symbol, self.current?.text == "#" {
                self.index += 1
                _ = try self.name("a relation name")
            }
            count += 1
            guard count <= FGAName.maximumRulesPerSet else { throw self.unexpected("']'") }
            guard self.current?.kind == .symbol, self.current?.text == "," else { break }
            self.index += 1
        } while true
        try self.expectSymbol("]")
    }

    /// One rule; set operators take the rules that follow on their line or on deeper-indented lines.
    mutating func parseRule(depth: Int) throws(APIError) -> FGARule {
        guard let token = self.current else { throw self.unexpected("a rule") }
        guard depth <= FGAName.maximumRuleDepth else {
            throw Self.error(token.line, "rules nest deeper than \(FGAName.maximumRuleDepth) levels.")
        }
        if self.isWord("relation") {
            self.index += 1
            let relation = try self.name("a relation name")
            guard self.isWord("on") else { return .inherit(relation) }
            self.index += 1
            let withRelation = try self.name("a relation name")
            try self.expectSymbol("[")
            let type = try self.name("a type name")
            try self.expectSymbol("]")
            return .inheritFrom(relation: relation, ofType: type, withRelation: withRelation)
        }
        if self.isWord("policy") {
            self.index += 1
            return .policy(try self.name("a policy name"))
        }
        guard token.kind == .word, FGARule.setOperators.contains(token.text) else {
            throw self.unexpected("'relation', 'policy', 'any_of', 'all_of' or 'none_of'")
        }
        self.index += 1
        var rules: [FGARule] = []
        while let next = self.current, next.kind == .word,
            ["relation", "policy"].contains(next.text) || FGARule.setOperators.contains(next.text),
            next.line == token.line || next.indent > token.indent
        {
            guard rules.count < FGAName.maximumRulesPerSet else {
                throw Self.error(next.line, "\(token.text) combines more than \(FGAName.maximumRulesPerSet) rules.")
            }
            rules.append(try self.parseRule(depth: depth + 1))
        }
        guard !rules.isEmpty else { throw Self.error(token.line, "\(token.text) needs at least one rule.") }
        switch token.text {
        case "any_of": return .anyOf(rules)
        case "all_of": return .allOf(rules)
        default: return .noneOf(rules)
        }
    }

    /// `policy NAME(param type, …) { expression }`.
    mutating func parsePolicy() throws(APIError) -> FGAPolicy {
        let line = self.current?.line ?? 1
        try self.expectWord("policy")
        let name = try self.name("a policy name")
        var parameters: [JSON] = []
        try self.expectSymbol("(")
        if !(self.current?.kind == .symbol && self.current?.text == ")") {
            repeat {
                let parameter = try self.name("a parameter name")
                let type = try self.name("a parameter type")
                parameters.append(["name": .string(parameter), "type": .string(type)])
                guard parameters.count <= FGAName.maximumRulesPerSet else { throw self.unexpected("')'") }
                guard self.current?.kind == .symbol, self.current?.text == "," else { break }
                self.index += 1
            } while true
        }
        try self.expectSymbol(")")
        guard let block = self.current, block.kind == .block else { throw self.unexpected("'{'") }
        self.index += 1
        let definition: JSON = [
            "name": .string(name), "language": "expr", "parameters": .array(parameters),
            "expression": .string(block.text),
        ]
        do {
            return try FGAPolicy.parse(name: name, definition, parameter: "policies.\(name)")
        } catch {
            throw Self.error(line, error.message)
        }
    }
}
