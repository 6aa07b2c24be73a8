// workos-emulator: what the strict parser accepts, fed literal text and bytes.

import JSONCodec
import Testing

@Suite struct JSONParserTests {
    @Test func parse_ReadsEveryKindOfValue() throws {
        let value = try JSON.parse(#"{"n":null,"t":true,"f":false,"i":42,"d":-2.5,"s":"hi","a":[1,[]],"o":{"k":{}}}"#)
        let expected: JSON = [
            "n": nil, "t": true, "f": false, "i": 42, "d": -2.5, "s": "hi", "a": [1, []], "o": ["k": [:]],
        ]
        #expect(value == expected)
    }

    @Test func parse_AcceptsAnyScalarAsTheWholeDocument() throws {
        #expect(try JSON.parse("null") == .null)
        #expect(try JSON.parse("true") == .bool(true))
        #expect(try JSON.parse("false") == .bool(false))
        #expect(try JSON.parse("7") == .int(7))
        #expect(try JSON.parse(#""x""#) == .string("x"))
    }

    @Test func parse_AllowsTheFourWhitespaceCharactersAroundTokens() throws {
        let value = try JSON.parse(" \t\r\n{ \"a\" :\n[ 1 ,\t2 ] }\r\n ")
        #expect(value == ["a": [1, 2]])
    }

    @Test(arguments: [
        ("1", JSON.int(1)),
        ("0", .int(0)),
        ("-0", .int(0)),
        ("-17", .int(-17)),
        ("9223372036854775807", .int(Int.max)),
        ("-9223372036854775808", .int(Int.min)),
        ("1.5", .double(1.5)),
        ("1.0", .double(1.0)),
        ("1e3", .double(1000)),
        ("1E3", .double(1000)),
        ("1e+3", .double(1000)),
        ("1e-3", .double(0.001)),
        ("0.1", .double(0.1)),
        ("-2.5e-3", .double(-0.0025)),
        ("9223372036854775808", .double(9_223_372_036_854_775_808.0)),
        ("-9223372036854775809", .double(-9_223_372_036_854_775_809.0)),
        ("12345678901234567890123", .double(1.2345678901234568e22)),
        ("0.30000000000000004", .double(0.30000000000000004)),
        ("2.2250738585072014e-308", .double(2.2250738585072014e-308)),
        ("4.9e-324", .double(.leastNonzeroMagnitude)),
        ("1.7976931348623157e308", .double(1.7976931348623157e308)),
        ("123456789012345678901234567890e-10", .double(12_345_678_901_234_567_890.123456789)),
        ("0.000000000000000000000000000001", .double(1e-30)),
        ("0e999999", .double(0)),
        ("1e-400", .double(0)),
    ])
    func parse_KeepsIntegersApartFromDoubles(text: String, expected: JSON) throws {
        #expect(try JSON.parse(text) == expected)
    }

    @Test func parse_KeepsTheSignOfNegativeZeroDouble() throws {
        let value = try #require(try JSON.parse("-0.0").doubleValue)
        #expect(value == 0 && value.sign == .minus)
    }

    @Test func parse_RoundsDecimalsExactlyLikeTheStandardLibrary() throws {
        // A deterministic sweep over significands and exponents on both sides of the fast path's limits.
        var generator = SplitMix64(seed: 0x5EED)
        for _ in 0..<20_000 {
            let digitCount = Int(generator.next() % 25) + 1
            var digits = String(generator.next() % 9 + 1)
            for _ in 1..<digitCount {
                digits += String(generator.next() % 10)
            }
            let pointPosition = Int(generator.next() % UInt64(digitCount + 1))
            if pointPosition > 0, pointPosition < digitCount {
                digits.insert(".", at: digits.index(digits.startIndex, offsetBy: pointPosition))
            }
            let exponent = Int(generator.next() % 80) - 40
            let text = "\(digits)e\(exponent)"
            #expect(try JSON.parse(text) == .double(Double(text)!), "\(text)")
        }
    }

    @Test func parse_DistinguishesTrueFromOne() throws {
        let flag = try JSON.parse(#"{"a":true,"b":1}"#)
        #expect(flag["a"] == .bool(true))
        #expect(flag["b"] == .int(1))
        #expect(flag["a"] != flag["b"])
        #expect(flag["b"]?.boolValue == nil)
        #expect(flag["a"]?.intValue == nil)
    }

    @Test func parse_DistinguishesAMissingKeyFromAnExplicitNull() throws {
        let update = try JSON.parse(#"{"name":null}"#)
        #expect(update["name"] == .null)
        #expect(update["domains"] == nil)
        #expect(update.objectValue?.contains("name") == true)
        #expect(update.objectValue?.contains("domains") == false)
    }

    @Test func parse_PreservesKeyOrder() throws {
        let value = try JSON.parse(#"{"z":1,"object":"user","a":2,"m":3}"#)
        #expect(value.objectValue?.keys == ["z", "object", "a", "m"])
    }

    @Test func parse_LetsTheLastDuplicateKeyWinAtTheFirstPosition() throws {
        let value = try JSON.parse(#"{"a":1,"b":2,"a":3}"#)
        #expect(value.objectValue?.keys == ["a", "b"])
        #expect(value["a"] == .int(3))
        #expect(value.serializedString == #"{"a":3,"b":2}"#)
    }

    @Test func parse_HandlesDuplicateKeysInLargeObjects() throws {
        let members = (0..<100).map { #""k\#($0)":\#($0)"# }.joined(separator: ",")
        let value = try JSON.parse("{\(members),\"k5\":\"again\"}")
        #expect(value.objectValue?.count == 100)
        #expect(value["k5"] == "again")
        #expect(value.objectValue?.keys[5] == "k5")
    }

    @Test func parse_UnescapesEveryEscapeSequence() throws {
        let value = try JSON.parse(#""\"\\\/\b\f\n\r\t\u0041\u00e9\u20AC\u0000""#)
        #expect(value == .string("\"\\/\u{08}\u{0C}\n\r\tAé€\u{00}"))
    }

    @Test func parse_JoinsSurrogatePairEscapesIntoAstralCharacters() throws {
        #expect(try JSON.parse(#""\ud83d\ude00""#) == .string("😀"))
        #expect(try JSON.parse(#""G clef \uD834\uDD1E!""#) == .string("G clef 𝄞!"))
        #expect(try JSON.parse(#""\uDBFF\uDFFF""#) == .string("\u{10FFFF}"))
    }

    @Test func parse_ReadsRawUTF8Strings() throws {
        let bytes: [UInt8] = [
            0x22, 0x63, 0x61, 0x66, 0xC3, 0xA9, 0x20, 0xE2, 0x82, 0xAC, 0x20, 0xF0, 0x9F, 0x98, 0x80, 0x22,
        ]
        #expect(try JSON.parse(bytes) == .string("café € 😀"))
    }

    @Test func parse_AcceptsEscapesMixedWithRawUTF8() throws {
        #expect(try JSON.parse("\"é\\n€\\t😀\"") == .string("é\n€\t😀"))
    }

    @Test func parse_FindsSpecialBytesAtEveryPositionOfAWord() throws {
        // The parser scans eight bytes at a time; quotes, escapes and non-ASCII must be caught wherever they fall.
        for (escaped, unescaped) in [("\\n", "\n"), ("\\\"", "\""), ("é", "é"), ("😀", "😀")] {
            for position in 0..<24 {
                let prefix = String(repeating: "a", count: position)
                let suffix = String(repeating: "b", count: 23 - position)
                let value = try JSON.parse("[\"" + prefix + escaped + suffix + "\",\"" + prefix + "\"]")
                #expect(value == [.string(prefix + unescaped + suffix), .string(prefix)])
            }
        }
        for position in 0..<24 {
            var bytes = Array(("\"" + String(repeating: "a", count: 24) + "\"").utf8)
            bytes[position + 1] = 0x01
            #expect(throws: JSONParseError(offset: position + 1, reason: "unescaped control character in string")) {
                try JSON.parse(bytes)
            }
        }
    }

    @Test func parse_AcceptsAnyByteCollection() throws {
        let text = #"{"a":[1,2,3]}"#
        let expected: JSON = ["a": [1, 2, 3]]
        #expect(try JSON.parse(Array(text.utf8)) == expected)
        #expect(try JSON.parse(Array(text.utf8)[...]) == expected)
        // A lazy map has no contiguous storage, so this takes the copying path.
        #expect(try JSON.parse(text.utf8.lazy.map { $0 }) == expected)
        #expect(try JSON.parse(Substring("xx" + text).dropFirst(2).utf8) == expected)
    }

    @Test func parse_AcceptsNestingUpTo256Levels() throws {
        let text = String(repeating: "[", count: 256) + String(repeating: "]", count: 256)
        var value = try JSON.parse(text)
        var depth = 0
        while case .array(let elements) = value {
            depth += 1
            value = elements.first ?? .null
        }
        #expect(depth == 256)
        #expect(try JSON.parse(text).serializedString == text)
    }

    @Test func parse_ReadsAOneMegabyteArray() throws {
        var text = "["
        var count = 0
        while text.utf8.count < 1_000_000 {
            if count > 0 {
                text += ","
            }
            text += #"{"object":"user","id":"user_\#(count)","email":"u\#(count)@example.com","#
            text += #""email_verified":true,"n":\#(count),"score":\#(count).5,"meta":null}"#
            count += 1
        }
        text += "]"
        let value = try JSON.parse(text)
        let elements = try #require(value.arrayValue)
        #expect(elements.count == count)
        #expect(elements.last?["id"] == .string("user_\(count - 1)"))
        #expect(value.serializedString == text)
    }

    @Test func parse_ReadsLongStringsWithAndWithoutEscapes() throws {
        let plain = String(repeating: "abcdefgh", count: 100_000)
        #expect(try JSON.parse("\"\(plain)\"") == .string(plain))
        let escaped = String(repeating: "ab\\ncd", count: 100_000)
        #expect(try JSON.parse("\"\(escaped)\"") == .string(String(repeating: "ab\ncd", count: 100_000)))
    }
}
