// workos-emulator — domain name syntax (RFC 1035 §2.3.1, RFC 1123 §2.1).
// Licensed MIT.

/// Checks and normalizes domain names given to organizations.
enum DomainName {
    /// The lower-cased domain when it is a syntactically valid host name with at least two labels, else nil.
    static func normalized(_ text: String) -> String? {
        let domain = text.trimmingWhitespace().lowercased()
        guard !domain.isEmpty, domain.utf8.count <= 253 else { return nil }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return nil }
        for label in labels {
            // Letters, digits and hyphens; 1–63 characters; no hyphen at either end.
            guard (1...63).contains(label.utf8.count), label.first != "-", label.last != "-",
                label.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D })
            else { return nil }
        }
        return domain
    }
}
