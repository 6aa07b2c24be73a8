// workos-emulator: everything the strict parser must refuse, each with the byte offset and reason it reports.

import JSONCodec
import Testing

@Suite struct JSONParserRejectionTests {
    /// Parses `input` and returns the error it must throw.
    private func rejection(of input: some Collection<UInt8>) -> JSONParseError? {
        do throws(JSONParseError) {
            _ = try JSON.parse(input)
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [
        ("", 0, "unexpected end of input"),
        ("   ", 3, "unexpected end of input"),
        ("True", 0, "unexpected character 'T', expected a value"),
        ("tru", 3, "unexpected end of input in 'true'"),
        ("nul1", 3, "unexpected character '1', expected 'null'"),
        ("fals e", 4, "unexpected character ' ', expected 'false'"),
        ("1 2", 2, "unexpected character '2', expected end of input after the value"),
        ("{}}", 2, "unexpected character '}', expected end of input after the value"),
        ("[1 2]", 3, "unexpected character '2', expected ',' or ']'"),
        ("[1}", 2, "unexpected character '}', expected ',' or ']'"),
        ("[1", 2, "unterminated array"),
        ("[", 1, "unexpected end of input"),
        (#"{"a" 1}"#, 5, "unexpected character '1', expected ':'"),
        ("{a:1}", 1, "unexpected character 'a', expected a string key"),
        (#"{"a":1"#, 6, "unterminated object"),
        (#"{"a":1 "b":2}"#, 7, "unexpected character '\"', expected ',' or '}'"),
        ("{'a':1}", 1, "unexpected character ''', expected a string key"),
        ("['a']", 1, "unexpected character ''', expected a value"),
        ("\u{FEFF}1", 0, "unexpected byte 0xEF, expected a value"),
        ("[\u{0B}]", 1, "unexpected byte 0x0B, expected a value"),
    ])
    func parse_RejectsMalformedStructure(input: String, offset: Int, reason: String) {
        #expect(self.rejection(of: input.utf8) == JSONParseError(offset: offset, reason: reason))
    }

    @Test(arguments: [
        ("[1,]", 3),
        ("[1 , ]", 5),
        ("[\"a\",\t]", 6),
        (#"{"a":1,}"#, 7),
        ("{\"a\":1,\n}", 8),
        ("[[],]", 4),
    ])
    func parse_RejectsTrailingCommas(input: String, offset: Int) {
        #expect(self.rejection(of: input.utf8) == JSONParseError(offset: offset, reason: "trailing comma"))
    }

    @Test(arguments: [("[,]", 1), ("{,}", 1), ("[1,,2]", 3)])
    func parse_RejectsMissingElementsAroundCommas(input: String, offset: Int) {
        #expect(self.rejection(of: input.utf8)?.offset == offset)
    }

    @Test(arguments: [
        ("01", 0),
        ("-01", 1),
        ("[00]", 1),
        ("{\"n\":007}", 5),
        ("00.5", 0),
    ])
    func parse_RejectsLeadingZeros(input: String, offset: Int) {
        #expect(
            self.rejection(of: input.utf8) == JSONParseError(offset: offset, reason: "leading zeros are not allowed")
        )
    }

    @Test(arguments: [
        ("-", 1, "unexpected end of input, expected a digit after '-'"),
        ("-a", 1, "unexpected character 'a', expected a digit after '-'"),
        ("1.", 2, "unexpected end of input, expected a digit after '.'"),
        ("1.e3", 2, "unexpected character 'e', expected a digit after '.'"),
        ("1e", 2, "unexpected end of input, expected a digit in the exponent"),
        ("1e+", 3, "unexpected end of input, expected a digit in the exponent"),
        ("[1E-x]", 4, "unexpected character 'x', expected a digit in the exponent"),
        (".5", 0, "unexpected character '.', expected a value"),
        ("+1", 0, "unexpected character '+', expected a value"),
        ("0x10", 1, "unexpected character 'x', expected end of input after the value"),
    ])
    func parse_RejectsMalformedNumbers(input: String, offset: Int, reason: String) {
        #expect(self.rejection(of: input.utf8) == JSONParseError(offset: offset, reason: reason))
    }

    @Test(arguments: [("NaN", 0), ("Infinity", 0), ("-Infinity", 1), ("[1,NaN]", 3), (#"{"x":-Infinity}"#, 6)])
    func parse_RejectsNaNAndInfinity(input: String, offset: Int) {
        #expect(
            self.rejection(of: input.utf8) == JSONParseError(offset: offset, reason: "NaN and Infinity are not allowed")
        )
    }

    @Test(arguments: [("// note\n1", 0), ("/* note */ 1", 0), ("[1] // note", 4), ("{\"a\":1 /* b */}", 7)])
    func parse_RejectsComments(input: String, offset: Int) {
        #expect(self.rejection(of: input.utf8) == JSONParseError(offset: offset, reason: "comments are not allowed"))
    }

    @Test(arguments: [("1e400", 0), ("-1e400", 0), ("[1.8e308]", 1), ("{\"a\":123456789e999999999999}", 5)])
    func parse_RejectsNumbersBeyondDoubleRange(input: String, offset: Int) {
        #expect(self.rejection(of: input.utf8) == JSONParseError(offset: offset, reason: "number out of range"))
    }

    @Test func parse_RejectsAHugeIntegerBeyondDoubleRange() {
        let input = "[" + String(repeating: "9", count: 400) + "]"
        #expect(self.rejection(of: input.utf8) == JSONParseError(offset: 1, reason: "number out of range"))
    }

    @Test(arguments: [
        (#""abc"#, 4, "unterminated string"),
        (#"["abc\"]"#, 8, "unterminated string"),
        (#""abc\"#, 5, "unterminated string"),
        (#""\u12"#, 5, "unterminated string"),
        (#""\x""#, 1, "invalid escape sequence"),
        (#""\U0041""#, 1, "invalid escape sequence"),
        (#""\u12G4""#, 5, "unexpected character 'G', expected a hex digit in \\u escape"),
        ("\"a\u{01}b\"", 2, "unescaped control character in string"),
        ("\"tab\tinside\"", 4, "unescaped control character in string"),
        ("\"line\nbreak\"", 5, "unescaped control character in string"),
        ("\"\u{00}\"", 1, "unescaped control character in string"),
        ("\"a\\n\u{1F}\"", 4, "unescaped control character in string"),
    ])
    func parse_RejectsMalformedStrings(input: String, offset: Int, reason: String) {
        #expect(self.rejection(of: input.utf8) == JSONParseError(offset: offset, reason: reason))
    }

    @Test(arguments: [
        (#""\ud800""#, 1),
        (#""\uDBFF""#, 1),
        (#""\udc00""#, 1),
        (#""\uDFFF\uD800""#, 1),
        (#""\ud800\u0041""#, 1),
        (#""\ud800\ud800""#, 1),
        (#""\ud800x""#, 1),
        (#""\ud800\n""#, 1),
        (#""ok \ud83d""#, 4),
        (#"{"k":"é\ude00"}"#, 8),
    ])
    func parse_RejectsLoneSurrogatesInEscapes(input: String, offset: Int) {
        #expect(
            self.rejection(of: input.utf8) == JSONParseError(offset: offset, reason: "lone surrogate in \\u escape")
        )
    }

    @Test func parse_RejectsNestingDeeperThan256Levels() {
        let arrays = String(repeating: "[", count: 257) + String(repeating: "]", count: 257)
        #expect(
            self.rejection(of: arrays.utf8) == JSONParseError(offset: 256, reason: "nesting deeper than 256 levels")
        )
        let objects = String(repeating: #"{"a":"#, count: 257) + "1" + String(repeating: "}", count: 257)
        #expect(
            self.rejection(of: objects.utf8) == JSONParseError(offset: 1280, reason: "nesting deeper than 256 levels")
        )
    }

    @Test func parse_SurvivesAHundredThousandOpenBrackets() {
        let arrays = [UInt8](repeating: UInt8(ascii: "["), count: 100_000)
        #expect(self.rejection(of: arrays)?.offset == 256)
        let mixed = String(repeating: #"[{"a":"#, count: 50_000)
        #expect(self.rejection(of: mixed.utf8)?.reason == "nesting deeper than 256 levels")
    }

    @Test func parseError_DescribesReasonAndOffset() {
        #expect("\(JSONParseError(offset: 3, reason: "trailing comma"))" == "trailing comma at byte 3")
    }
}
