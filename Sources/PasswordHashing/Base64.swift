// workos-emulator — PasswordHashing module.
// Licensed under the MIT License.

/// Base64 (RFC 4648 §4) as password-hash strings spell it.
///
/// Decoding is liberal about the spellings found in exports: padded or not (PHC strings drop the padding), the
/// URL-safe alphabet of RFC 4648 §5 (`-` `_`, which Firebase's CLI sometimes emits) and passlib's "adapted" base64
/// (`.` for `+`). Encoding always uses the standard alphabet.
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// The 6-bit value of one character, or nil for a character outside every accepted alphabet.
    private static func value(of character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return character - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return character - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return character - UInt8(ascii: "0") + 52
        case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."): return 62
        case UInt8(ascii: "/"), UInt8(ascii: "_"): return 63
        default: return nil
        }
    }

    /// Decodes `text`, or returns nil when it is not base64 (a stray character, misplaced padding, or a length that
    /// leaves a single character over, which cannot encode a whole byte).
    static func decode(_ text: Substring) -> [UInt8]? {
        var characters = Array(text.utf8)
        var padding = 0
        while characters.last == UInt8(ascii: "=") && padding < 2 {
            characters.removeLast()
            padding += 1
        }
        // RFC 4648 §3.2: padding only ever completes a 4-character group.
        if padding > 0 && (characters.count + padding) % 4 != 0 {
            return nil
        }
        if characters.count % 4 == 1 {
            return nil
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(characters.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bitCount = 0
        for character in characters {
            guard let value = Self.value(of: character) else {
                return nil
            }
            accumulator = (accumulator << 6) | UInt32(value)
            bitCount += 6
            if bitCount >= 8 {
                bitCount -= 8
                bytes.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bitCount)))
            }
        }
        return bytes
    }

    /// Encodes `bytes` with the standard alphabet, with `=` padding only when `padded` is true.
    static func encode(_ bytes: [UInt8], padded: Bool) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let remaining = bytes.count - index
            let b0 = UInt32(bytes[index])
            let b1 = remaining > 1 ? UInt32(bytes[index + 1]) : 0
            let b2 = remaining > 2 ? UInt32(bytes[index + 2]) : 0
            let group = (b0 << 16) | (b1 << 8) | b2
            output.append(Self.alphabet[Int((group >> 18) & 63)])
            output.append(Self.alphabet[Int((group >> 12) & 63)])
            if remaining > 1 {
                output.append(Self.alphabet[Int((group >> 6) & 63)])
            } else if padded {
                output.append(UInt8(ascii: "="))
            }
            if remaining > 2 {
                output.append(Self.alphabet[Int(group & 63)])
            } else if padded {
                output.append(UInt8(ascii: "="))
            }
            index += 3
        }
        return String(decoding: output, as: UTF8.self)
    }
}
