// workos-emulator — HTTP1 module.
// Licensed under the MIT License.

extension StringProtocol {
    /// Compares two strings ignoring ASCII case, without allocating (header names, tokens: RFC 9110 §5.1).
    @inlinable
    func equalsIgnoringASCIICase(_ other: some StringProtocol) -> Bool {
        let lhs = self.utf8
        let rhs = other.utf8
        guard lhs.count == rhs.count else {
            return false
        }
        for (left, right) in zip(lhs, rhs) where left != right {
            guard asciiLowercased(left) == asciiLowercased(right) else {
                return false
            }
        }
        return true
    }
}

/// Lower-cases an ASCII letter byte; every other byte is returned unchanged.
@inlinable
func asciiLowercased(_ byte: UInt8) -> UInt8 {
    (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) ? byte | 0x20 : byte
}

extension String {
    /// The comma-separated elements of a list-valued field (RFC 9110 §5.6.1), trimmed of OWS, empties dropped.
    func commaSeparatedElements() -> [Substring] {
        self.split(separator: ",").compactMap { element in
            let trimmed = element.trimmingOWS()
            return trimmed.isEmpty ? nil : trimmed
        }
    }
}

extension Substring {
    /// Drops leading and trailing optional whitespace (SP / HTAB, RFC 9110 §5.6.3).
    func trimmingOWS() -> Substring {
        var result = self
        while let first = result.first, first == " " || first == "\t" {
            result = result.dropFirst()
        }
        while let last = result.last, last == " " || last == "\t" {
            result = result.dropLast()
        }
        return result
    }
}
