// workos-emulator — the FGA v1 query language (catalog-B §6.5, after the [OSS] parser).
// Licensed MIT.

/// A parsed `q` of `GET /fga/v1/query` (catalog-B §6.5):
///
/// ```
/// query          := "select" select_clause ( "for" RESOURCE | "where" RESOURCE "is" rel_list )
/// select_clause  := ["explicit"] ( "*" | NAME ("," NAME)* ) [ "of type" ( "*" | NAME ("," NAME)* ) ]
/// rel_list       := "*" | NAME ("," NAME)*
/// RESOURCE       := NAME ":" ID
/// ```
///
/// Keywords are case-insensitive. A list given as `*` is nil ("any").
public struct FGAQuery: Sendable, Equatable {
    /// The two forms.
    public enum Form: Sendable, Equatable {
        /// `select <types> where <subject> is <relations>`: resources the subject holds a relation on.
        case resources(types: [String]?, subjectType: String, subjectID: String, relations: [String]?)
        /// `select <relations> of type <types> for <resource>`: subjects holding a relation on the resource.
        case subjects(relations: [String]?, subjectTypes: [String]?, resourceType: String, resourceID: String)
    }

    /// What to select.
    public var form: Form
    /// `select explicit`: direct warrants only, no inheritance expansion.
    public var isExplicit: Bool

    /// Longest query accepted.
    static let maximumLength = 4_096

    /// Parses `q`; every error is a 400 `invalid_parameter` naming `q` (catalog-B §6.5 "Validation errors").
    public init(_ text: String) throws(APIError) {
        guard text.utf8.count <= Self.maximumLength else {
            throw Self.error("The query is longer than \(Self.maximumLength) bytes.")
        }
        var tokens: [String] = []
        var word = ""
        for scalar in text.unicodeScalars {
            if scalar == "," || scalar == "*" || scalar.properties.isWhitespace {
                if !word.isEmpty { tokens.append(word) }
                word = ""
                if !scalar.properties.isWhitespace { tokens.append(String(scalar)) }
            } else {
                word.unicodeScalars.append(scalar)
            }
        }
        if !word.isEmpty { tokens.append(word) }
        var index = 0
        func isKeyword(_ keyword: String) -> Bool { index < tokens.count && tokens[index].lowercased() == keyword }
        func list(_ what: String) throws(APIError) -> [String]? {
            if index < tokens.count, tokens[index] == "*" {
                index += 1
                return nil
            }
            var names: [String] = []
            repeat {
                guard index < tokens.count, FGAName.isValidName(tokens[index]),
                    !["for", "where", "is", "of"].contains(tokens[index].lowercased())
                else {
                    throw Self.error("Expected \(what) at '\(index < tokens.count ? tokens[index] : "the end")'.")
                }
                names.append(tokens[index])
                index += 1
                guard index < tokens.count, tokens[index] == "," else { break }
                index += 1
            } while true
            return names
        }
        func resource() throws(APIError) -> (String, String) {
            guard index < tokens.count, let colon = tokens[index].firstIndex(of: ":") else {
                throw Self.error(
                    "Expected a resource type:id at '\(index < tokens.count ? tokens[index] : "the end")'."
                )
            }
            let type = String(tokens[index][..<colon])
            let id = String(tokens[index][tokens[index].index(after: colon)...])
            guard FGAName.isValidName(type), FGAName.isValidID(id) else {
                throw Self.error("'\(tokens[index])' is not a resource type:id.")
            }
            index += 1
            return (type, id)
        }

        guard isKeyword("select") else { throw Self.error("A query starts with 'select'.") }
        index += 1
        let isExplicit = isKeyword("explicit")
        if isExplicit { index += 1 }
        let selected = try list("a type or relation list")
        var ofTypes: [String]??
        if isKeyword("of") {
            index += 1
            guard isKeyword("type") else { throw Self.error("'of' must be followed by 'type'.") }
            index += 1
            ofTypes = .some(try list("a type list"))
        }
        let hasFor = tokens.contains { $0.lowercased() == "for" }
        let hasWhere = tokens.contains { $0.lowercased() == "where" }
        if hasFor && hasWhere { throw Self.error("A query may not contain both 'for' and 'where'.") }
        if isKeyword("for") {
            index += 1
            let (type, id) = try resource()
            if selected == nil && ofTypes == nil {
                throw Self.error("Selecting subjects needs a relation list and 'of type'.")
            }
            self.form = .subjects(relations: selected, subjectTypes: ofTypes ?? nil, resourceType: type, resourceID: id)
        } else if isKeyword("where") {
            if ofTypes != nil { throw Self.error("'of type' is only allowed with a 'for' clause.") }
            index += 1
            let (type, id) = try resource()
            guard isKeyword("is") else { throw Self.error("The 'where' clause needs 'is <relations>'.") }
            index += 1
            let relations = try list("a relation list")
            self.form = .resources(types: selected, subjectType: type, subjectID: id, relations: relations)
        } else if ofTypes != nil {
            throw Self.error("Selecting subjects requires a 'for' clause.")
        } else {
            throw Self.error("Selecting resources requires a 'where' clause.")
        }
        guard index == tokens.count else { throw Self.error("Unexpected '\(tokens[index])' at the end of the query.") }
        self.isExplicit = isExplicit
    }

    static func error(_ message: String) -> APIError {
        .fgaInvalidParameter("q", message)
    }
}
