// workos-emulator: word-at-a-time scanning of string contents, eight bytes per step
// (the "has a byte less than n" and "has a zero byte" tests from Sean Anderson's Bit Twiddling Hacks).

/// Finds where a plain run inside a JSON string ends, testing eight bytes at once.
enum ByteScanner {
    /// 0x01 in every byte.
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    /// 0x80 in every byte.
    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// Whether some byte of `word` is below `limit` (exact as a yes/no answer for limits up to 0x80).
    @inline(__always)
    private static func hasByte(below limit: UInt64, in word: UInt64) -> Bool {
        (word &- Self.ones &* limit) & ~word & Self.highBits != 0
    }

    /// Whether some byte of `word` equals `byte`.
    @inline(__always)
    private static func hasByte(equalTo byte: UInt64, in word: UInt64) -> Bool {
        self.hasByte(below: 1, in: word ^ (Self.ones &* byte))
    }

    /// Whether `word` holds a byte a serializer must escape (RFC 8259 §7: `"`, `\`, U+0000–U+001F).
    @inline(__always)
    private static func needsEscaping(_ word: UInt64) -> Bool {
        self.hasByte(below: 0x20, in: word) || self.hasByte(equalTo: 0x22, in: word)
            || self.hasByte(equalTo: 0x5C, in: word)
    }

    /// The first position at or after `start` whose eight-byte word may hold a byte that needs escaping, or
    /// the last position from which fewer than eight bytes remain; bytes before it are all plain.
    static func skipPlainWords(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard let base = bytes.baseAddress else { return start }
        var position = start
        while position + 8 <= bytes.count {
            let word = UnsafeRawPointer(base).loadUnaligned(fromByteOffset: position, as: UInt64.self)
            if Self.needsEscaping(word) {
                break
            }
            position += 8
        }
        return position
    }

    /// Like ``skipPlainWords(in:from:)`` but also stopping at non-ASCII bytes, which the parser must validate.
    static func skipPlainASCIIWords(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard let base = bytes.baseAddress else { return start }
        var position = start
        while position + 8 <= bytes.count {
            let word = UnsafeRawPointer(base).loadUnaligned(fromByteOffset: position, as: UInt64.self)
            if word & Self.highBits != 0 || Self.needsEscaping(word) {
                break
            }
            position += 8
        }
        return position
    }
}
