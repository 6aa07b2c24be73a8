// workos-emulator — FGA v1 name and id rules, and the bounds that keep a hostile schema or request small.
// Licensed MIT.

/// Character rules and size bounds of FGA v1 (catalog-B §6.2 "Ids may contain `@ . | : + -`", the [OSS] lexer).
enum FGAName {
    /// Longest type or relation name accepted.
    static let maximumNameLength = 64
    /// Longest resource id accepted.
    static let maximumIDLength = 256
    /// Most relations one resource type may define.
    static let maximumRelations = 100
    /// Most rules one `any_of`/`all_of`/`none_of` may combine.
    static let maximumRulesPerSet = 100
    /// Deepest nesting of rule sets.
    static let maximumRuleDepth = 8
    /// Most resource types a schema may hold (apply, schema update, convert).
    static let maximumResourceTypes = 500
    /// Most items of one batch write (resources: "max 100" [DOC]; warrants: unknown, the same bound).
    static let maximumBatch = 100
    /// Most checks in one `POST /fga/v1/check`.
    static let maximumChecks = 100
    /// Longest policy expression.
    static let maximumPolicyLength = 4_096

    /// A type or relation name: `[A-Za-z0-9_-]+` (catalog-B §6.5 grammar, NAME).
    static func isValidName(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= Self.maximumNameLength
            && text.utf8.allSatisfy { Self.isNameByte($0) }
    }

    /// A resource id: `[A-Za-z0-9_.@|:+-]+` (catalog-B §6.5 grammar, RESOURCE).
    static func isValidID(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= Self.maximumIDLength
            && text.utf8.allSatisfy { Self.isNameByte($0) || "._@|:+".utf8.contains($0) }
    }

    /// `[A-Za-z0-9_-]`.
    static func isNameByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_")
            || byte == UInt8(ascii: "-")
    }
}
