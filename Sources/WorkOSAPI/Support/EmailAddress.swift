// workos-emulator — e-mail address syntax for users (a practical subset of RFC 5322 §3.4.1 addr-spec).
// Licensed MIT.

/// Checks and normalizes e-mail addresses given to User Management.
enum EmailAddress {
    /// The trimmed, lower-cased address when it is `local@domain` with a plausible local part (1–64 printable ASCII
    /// characters other than space, `@`, `<`, `>`, `(`, `)`, `,`, `;`, `:`, `\`, `"`, `[`, `]`) and a domain that
    /// `DomainName` accepts; else nil. WorkOS "trims whitespace and converts the address to lowercase before storing
    /// it" (spec `CreateUserlandUserDto.email`).
    static func normalized(_ text: String) -> String? {
        let address = text.trimmingWhitespace().lowercased()
        guard address.utf8.count <= 254 else { return nil }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        let local = parts[0]
        let forbidden = Set(" @<>(),;:\\\"[]".utf8)
        guard (1...64).contains(local.utf8.count), local.first != ".", local.last != ".", !local.contains(".."),
            local.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && !forbidden.contains($0) }),
            DomainName.normalized(String(parts[1])) != nil
        else { return nil }
        return address
    }
}
