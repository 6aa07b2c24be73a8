// workos-emulator — PasswordHashing module.
// Licensed under the MIT License.

/// A hash in the PHC string format: `$<id>[$v=<version>][$<param>=<value>(,<param>=<value>)*][$<salt>[$<hash>]]`.
///
/// https://github.com/P-H-C/phc-string-format/blob/master/phc-sf-spec.md. Only the splitting is generic; each
/// algorithm decides which fields it needs and how to read them.
struct PHCString {
    /// The algorithm identifier, for example `argon2id` or `pbkdf2-sha256`.
    var id: Substring
    /// The `$`-separated fields after the identifier, in order.
    var fields: [Substring]

    /// Splits `text`, or returns nil when it does not start with `$` followed by a non-empty identifier.
    init?(_ text: Substring) {
        guard text.first == "$" else {
            return nil
        }
        var parts = text.dropFirst().split(separator: "$", omittingEmptySubsequences: false)
        guard let id = parts.first, !id.isEmpty else {
            return nil
        }
        parts.removeFirst()
        self.id = id
        self.fields = parts
    }

    /// Parses `name=value` pairs separated by commas; nil when a pair is malformed or a name repeats.
    static func parameters(_ field: Substring) -> [Substring: Substring]? {
        var result: [Substring: Substring] = [:]
        for pair in field.split(separator: ",", omittingEmptySubsequences: false) {
            guard let equals = pair.firstIndex(of: "=") else {
                return nil
            }
            let name = pair[pair.startIndex..<equals]
            let value = pair[pair.index(after: equals)...]
            guard !name.isEmpty, !value.isEmpty, result[name] == nil else {
                return nil
            }
            result[name] = value
        }
        return result
    }

    /// Reads a decimal integer of at most 10 digits (so it always fits in `Int`), or nil.
    static func decimal(_ text: Substring?) -> Int? {
        guard let text, !text.isEmpty, text.utf8.count <= 10 else {
            return nil
        }
        var value = 0
        for character in text.utf8 {
            guard character >= UInt8(ascii: "0") && character <= UInt8(ascii: "9") else {
                return nil
            }
            value = value * 10 + Int(character - UInt8(ascii: "0"))
        }
        return value
    }
}
