// workos-emulator: RFC 8259 §8.1 requires UTF-8; these feed raw byte sequences, valid and not.

import JSONCodec
import Testing

@Suite struct JSONParserUTF8Tests {
    /// A JSON string literal whose content is `content`, as raw bytes.
    private func quoted(_ content: [UInt8]) -> [UInt8] {
        [0x22] + content + [0x22]
    }

    @Test(arguments: [
        [0xC2, 0x80] as [UInt8],  // U+0080, the first two-byte scalar
        [0xDF, 0xBF],  // U+07FF
        [0xE0, 0xA0, 0x80],  // U+0800, the first three-byte scalar
        [0xED, 0x9F, 0xBF],  // U+D7FF, just below the surrogates
        [0xEE, 0x80, 0x80],  // U+E000, just above the surrogates
        [0xEF, 0xBF, 0xBF],  // U+FFFF, a noncharacter but a valid scalar
        [0xF0, 0x90, 0x80, 0x80],  // U+10000, the first four-byte scalar
        [0xF4, 0x8F, 0xBF, 0xBF],  // U+10FFFF, the last scalar
    ])
    func parse_AcceptsWellFormedUTF8AtTheBoundaries(sequence: [UInt8]) throws {
        let value = try JSON.parse(self.quoted(sequence))
        #expect(value.stringValue.map { Array($0.utf8) } == sequence)
    }

    @Test(arguments: [
        ([0xC0, 0xAF] as [UInt8], "overlong two-byte '/'"),
        ([0xC1, 0xBF], "overlong two-byte U+007F"),
        ([0xE0, 0x80, 0xAF], "overlong three-byte '/'"),
        ([0xE0, 0x9F, 0xBF], "overlong three-byte U+07FF"),
        ([0xF0, 0x80, 0x80, 0xAF], "overlong four-byte '/'"),
        ([0xF0, 0x8F, 0xBF, 0xBF], "overlong four-byte U+FFFF"),
        ([0xED, 0xA0, 0x80], "high surrogate U+D800 encoded in UTF-8"),
        ([0xED, 0xBF, 0xBF], "low surrogate U+DFFF encoded in UTF-8"),
        ([0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80], "surrogate pair encoded as CESU-8"),
        ([0xF4, 0x90, 0x80, 0x80], "U+110000, past the last scalar"),
        ([0xF5, 0x80, 0x80, 0x80], "lead byte F5"),
        ([0xFF], "byte FF"),
        ([0xFE], "byte FE"),
        ([0x80], "continuation byte without a lead"),
        ([0xBF, 0x41], "stray continuation byte"),
        ([0xC3, 0x41], "two-byte lead followed by ASCII"),
        ([0xE2, 0x82], "three-byte sequence cut short by the closing quote"),
        ([0xF0, 0x9F, 0x98], "four-byte sequence cut short by the closing quote"),
        ([0xE2, 0x28, 0xA1], "three-byte lead with a bad second byte"),
        ([0xF0, 0x9F, 0x41, 0x80], "four-byte lead with a bad third byte"),
    ])
    func parse_RejectsIllFormedUTF8InStrings(sequence: [UInt8], label: String) {
        let input = self.quoted([0x61] + sequence)
        #expect(throws: JSONParseError(offset: 2, reason: "invalid UTF-8"), "\(label)") {
            try JSON.parse(input)
        }
    }

    @Test(arguments: [
        [0xC3] as [UInt8],
        [0xE2, 0x82],
        [0xF0, 0x9F, 0x98],
    ])
    func parse_RejectsUTF8TruncatedByTheEndOfInput(sequence: [UInt8]) {
        #expect(throws: JSONParseError(offset: 1, reason: "invalid UTF-8 (truncated sequence)")) {
            try JSON.parse([0x22] + sequence)
        }
    }

    @Test func parse_RejectsNonASCIIBytesOutsideStrings() {
        #expect(throws: JSONParseError(offset: 1, reason: "unexpected byte 0xC3, expected a value")) {
            try JSON.parse([UInt8(ascii: "["), 0xC3, 0xA9, UInt8(ascii: "]")])
        }
        #expect(
            throws: JSONParseError(offset: 2, reason: "unexpected byte 0xFF, expected end of input after the value")
        ) {
            try JSON.parse([UInt8(ascii: "1"), 0x20, 0xFF])
        }
    }

    @Test func parse_RejectsIllFormedUTF8InKeysAndAfterEscapes() {
        #expect(throws: JSONParseError(offset: 2, reason: "invalid UTF-8")) {
            try JSON.parse([
                UInt8(ascii: "{"), 0x22, 0xC0, 0x80, 0x22, UInt8(ascii: ":"), UInt8(ascii: "1"), UInt8(ascii: "}"),
            ])
        }
        #expect(throws: JSONParseError(offset: 3, reason: "invalid UTF-8")) {
            try JSON.parse([0x22, UInt8(ascii: "\\"), UInt8(ascii: "n"), 0xED, 0xA0, 0x80, 0x22])
        }
    }
}
