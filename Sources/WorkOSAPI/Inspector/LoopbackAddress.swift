// workos-emulator — is a client address the local machine? (the inspector's access rule, issue 7).
// Licensed MIT.

/// Decides from the text of a client's IP address alone whether it is a loopback address. A pure function over
/// literal text, so tests can check every form without a second machine.
enum LoopbackAddress {
    /// True for IPv4 `127.0.0.0/8` (RFC 1122 §3.2.1.3), IPv6 `::1` (RFC 4291 §2.5.3) and IPv4-mapped
    /// `::ffff:127.x.y.z` (RFC 4291 §2.5.5.2), in any textual form RFC 4291 §2.2 allows (zero compression, leading
    /// zeros, upper-case hex, an embedded dotted quad), with or without `[…]` brackets. A zone (`%lo`) is ignored.
    /// Anything that does not parse is not loopback: the check fails closed.
    static func contains(_ address: String) -> Bool {
        var text = Substring(address)
        if text.hasPrefix("["), text.hasSuffix("]") {
            text = text.dropFirst().dropLast()
        }
        if let zone = text.firstIndex(of: "%") {
            text = text[..<zone]
        }
        if let octets = self.ipv4(text) {
            return octets[0] == 127
        }
        guard let groups = self.ipv6(text) else { return false }
        if groups == [0, 0, 0, 0, 0, 0, 0, 1] {
            return true
        }
        // ::ffff:a.b.c.d — an IPv4 client of a dual-stack socket; loopback when a is 127.
        let isMapped = groups[0..<5].allSatisfy { $0 == 0 } && groups[5] == 0xffff
        return isMapped && groups[6] >> 8 == 127
    }

    /// The four octets of a dotted-decimal IPv4 address (`127.0.0.1`), or nil.
    static func ipv4(_ text: Substring) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var octets: [UInt8] = []
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy(\.isASCIIDigit), let value = UInt8(part) else {
                return nil
            }
            octets.append(value)
        }
        return octets
    }

    /// The eight 16-bit groups of an IPv6 address in RFC 4291 §2.2 text form, or nil.
    static func ipv6(_ text: Substring) -> [UInt16]? {
        guard text.contains(":") else { return nil }
        // At most one "::" (§2.2 item 2): split the text into the groups before and after it.
        let halves = text.split(separator: "::", maxSplits: 2, omittingEmptySubsequences: false)
        guard halves.count <= 2 else { return nil }
        guard let head = self.groups(halves[0], mayEndWithIPv4: halves.count == 1) else { return nil }
        if halves.count == 1 {
            return head.count == 8 ? head : nil
        }
        guard let tail = self.groups(halves[1], mayEndWithIPv4: true), head.count + tail.count <= 7 else {
            return nil
        }
        return head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
    }

    /// Colon-separated hex groups (1–4 digits each); the last may be a dotted quad (§2.2 item 3), worth two groups.
    private static func groups(_ text: Substring, mayEndWithIPv4: Bool) -> [UInt16]? {
        guard !text.isEmpty else { return [] }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        var groups: [UInt16] = []
        for (index, part) in parts.enumerated() {
            if index == parts.count - 1, mayEndWithIPv4, part.contains(".") {
                guard let octets = self.ipv4(part) else { return nil }
                groups.append(UInt16(octets[0]) << 8 | UInt16(octets[1]))
                groups.append(UInt16(octets[2]) << 8 | UInt16(octets[3]))
                continue
            }
            guard (1...4).contains(part.count), part.allSatisfy(\.isHexDigit), let value = UInt16(part, radix: 16)
            else { return nil }
            groups.append(value)
        }
        return groups
    }
}

extension Character {
    /// `0`–`9` only (`isNumber` also accepts other scripts' digits and fractions).
    fileprivate var isASCIIDigit: Bool {
        self >= "0" && self <= "9"
    }
}
