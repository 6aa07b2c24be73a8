// workos-emulator: the exact bytes the serializer writes, since WorkOS SDKs read them.

import JSONCodec
import Testing

@Suite struct JSONSerializationTests {
    @Test func serialized_WritesScalarsCompactly() {
        #expect(JSON.null.serializedString == "null")
        #expect(JSON.bool(true).serializedString == "true")
        #expect(JSON.bool(false).serializedString == "false")
        #expect(JSON.string("").serializedString == #""""#)
        #expect(JSON.array([]).serializedString == "[]")
        #expect(JSON.object([:]).serializedString == "{}")
    }

    @Test func serialized_ReturnsUTF8Bytes() {
        let value: JSON = ["a": [1, "é"]]
        #expect(value.serialized() == Array(#"{"a":[1,"é"]}"#.utf8))
    }

    @Test func serialized_KeepsKeysInInsertionOrderWithExplicitNulls() {
        var organization: JSONObject = ["object": "organization", "id": "org_01", "name": "Acme"]
        organization["allow_profiles_outside_organization"] = false
        organization["external_id"] = .null
        organization["domains"] = []
        organization["name"] = "Acme Inc"
        #expect(
            JSON.object(organization).serializedString
                == #"{"object":"organization","id":"org_01","name":"Acme Inc","#
                + #""allow_profiles_outside_organization":false,"external_id":null,"domains":[]}"#
        )
    }

    @Test(arguments: [
        (JSON.int(1), "1"),
        (.int(0), "0"),
        (.int(-0), "0"),
        (.int(-42), "-42"),
        (.int(1_000_000), "1000000"),
        (.int(Int.max), "9223372036854775807"),
        (.int(Int.min), "-9223372036854775808"),
        (.double(1.5), "1.5"),
        (.double(1.0), "1.0"),
        (.double(-0.0), "-0.0"),
        (.double(1000), "1000.0"),
        (.double(0.1), "0.1"),
        (.double(1e-7), "1e-07"),
        (.double(1e22), "1e+22"),
        (.double(9_223_372_036_854_775_808.0), "9.223372036854776e+18"),
        (.double(.leastNonzeroMagnitude), "5e-324"),
        (.double(1.7976931348623157e308), "1.7976931348623157e+308"),
        (.double(.nan), "null"),
        (.double(.infinity), "null"),
        (.double(-.infinity), "null"),
    ])
    func serialized_WritesNumbersInTheirShortestExactForm(value: JSON, expected: String) {
        #expect(value.serializedString == expected)
    }

    @Test(arguments: [
        ("1", "1"),
        ("-0", "0"),
        ("1.5", "1.5"),
        ("1e3", "1000.0"),
        ("1E-2", "0.01"),
        ("9223372036854775807", "9223372036854775807"),
        ("9223372036854775808", "9.223372036854776e+18"),
    ])
    func serialized_KeepsParsedIntegersAsIntegers(text: String, expected: String) throws {
        #expect(try JSON.parse(text).serializedString == expected)
    }

    @Test func serialized_EscapesQuotesBackslashesAndControlCharacters() {
        let value = JSON.string("q\"b\\s/n\nr\rt\tb\u{08}f\u{0C}z\u{00}u\u{01}e\u{1B}x\u{1F}d\u{7F}")
        #expect(value.serializedString == #""q\"b\\s/n\nr\rt\tb\bf\fz\u0000u\u0001e\u001bx\u001fd\#u{7F}""#)
    }

    @Test func serialized_WritesEveryControlCharacterEscaped() throws {
        for scalar in 0..<0x20 {
            let value = JSON.string(String(Character(Unicode.Scalar(UInt8(scalar)))))
            let text = value.serializedString
            #expect(text.utf8.allSatisfy { $0 >= 0x20 }, "U+\(scalar)")
            #expect(try JSON.parse(text) == value)
        }
    }

    @Test func serialized_WritesNonASCIIAsRawUTF8() {
        let value = JSON.string("é€😀\u{10FFFF}")
        let expected: [UInt8] =
            [0x22, 0xC3, 0xA9, 0xE2, 0x82, 0xAC, 0xF0, 0x9F, 0x98, 0x80, 0xF4, 0x8F, 0xBF, 0xBF, 0x22]
        #expect(value.serialized() == expected)
    }

    @Test func serialized_WritesAstralEscapesFromInputAsRawUTF8() throws {
        let value = try JSON.parse(#"{"emoji":"\uD83D\uDE00","clef":"\ud834\udd1e"}"#)
        #expect(value.serialized() == Array(#"{"emoji":"😀","clef":"𝄞"}"#.utf8))
    }

    @Test func serialized_EscapesKeysLikeValues() {
        let value: JSON = ["a\"b": 1, "line\nbreak": 2, "é": 3]
        #expect(value.serializedString == #"{"a\"b":1,"line\nbreak":2,"é":3}"#)
    }

    @Test func serialized_EscapesAtTheStartEndAndBackToBack() {
        #expect(JSON.string("\"").serializedString == #""\"""#)
        #expect(JSON.string("\n\nabc\\").serializedString == #""\n\nabc\\""#)
        let long = String(repeating: "x", count: 1000)
        #expect(JSON.string(long + "\t").serializedString == "\"" + long + "\\t\"")
    }

    @Test func serialized_FindsSpecialBytesAtEveryPositionOfAWord() {
        // The writer scans eight bytes at a time; a byte to escape must be caught wherever it falls.
        let escapes = [("\"", #"\""#), ("\\", #"\\"#), ("\n", #"\n"#), ("\u{00}", #"\u0000"#), ("\u{1F}", #"\u001f"#)]
        for (special, escaped) in escapes {
            for position in 0..<24 {
                let prefix = String(repeating: "a", count: position)
                let suffix = String(repeating: "b", count: 23 - position)
                #expect(JSON.string(prefix + special + suffix).serializedString == "\"\(prefix)\(escaped)\(suffix)\"")
            }
        }
    }

    @Test func prettyPrinted_IndentsByTwoSpaces() {
        let value: JSON = [
            "object": "list",
            "data": [["id": 1, "tags": [], "meta": [:]], "x"],
            "list_metadata": ["before": nil, "after": "cursor"],
        ]
        let expected = """
            {
              "object": "list",
              "data": [
                {
                  "id": 1,
                  "tags": [],
                  "meta": {}
                },
                "x"
              ],
              "list_metadata": {
                "before": null,
                "after": "cursor"
              }
            }
            """
        #expect(value.prettyPrinted() == expected)
    }

    @Test func prettyPrinted_WritesScalarsAndEmptyContainersOnOneLine() {
        #expect(JSON.int(3).prettyPrinted() == "3")
        #expect(JSON.array([]).prettyPrinted() == "[]")
        #expect(JSON.object([:]).prettyPrinted() == "{}")
    }

    @Test func description_IsTheCompactText() {
        let value: JSON = ["a": [true, nil]]
        #expect("\(value)" == #"{"a":[true,null]}"#)
        #expect("\(value.objectValue!)" == #"{"a":[true,null]}"#)
    }
}
