// workos-emulator: values survive serialize → parse, and canonical text survives parse → serialize.

import JSONCodec
import Testing

@Suite struct JSONRoundTripTests {
    @Test(arguments: [
        JSON.null,
        .bool(true),
        .bool(false),
        .int(0),
        .int(-1),
        .int(Int.max),
        .int(Int.min),
        .double(1.0),
        .double(-0.5),
        .double(0.1),
        .double(1e300),
        .double(-2.2250738585072014e-308),
        .double(.leastNonzeroMagnitude),
        .double(9_223_372_036_854_775_808.0),
        .string(""),
        .string("plain"),
        .string("\"quoted\" \\ back/slash \n\r\t\u{08}\u{0C}\u{00}\u{1F}"),
        .string("é€😀𝄞\u{10FFFF}\u{FEFF}"),
        .array([]),
        .array([1, 2.5, "three", nil, true, [[]], [:]]),
        .object([:]),
        .object(["object": "user", "id": "user_1", "email_verified": true, "first_name": nil, "score": 1.0]),
        ["nested": ["deeper": ["deepest": [1, [2, [3]]]]], "": "empty key", "é": "unicode key"],
    ])
    func serializedThenParsed_GivesBackTheSameValue(value: JSON) throws {
        #expect(try JSON.parse(value.serialized()) == value)
        #expect(try JSON.parse(value.serializedString) == value)
        #expect(try JSON.parse(value.prettyPrinted()) == value)
    }

    @Test(arguments: [
        "null",
        "[true,false]",
        "-9223372036854775808",
        "1.5",
        "1.0",
        "-0.0",
        "1e+22",
        #""a\"b\\c\n\u0000\u001f/é😀""#,
        #"{"object":"organization","id":"org_1","domains":[{"domain":"a.com","state":"verified"}],"x":null}"#,
        #"[[[[]]],{},{"":{}}]"#,
    ])
    func parsedThenSerialized_GivesBackCanonicalText(text: String) throws {
        #expect(try JSON.parse(text).serializedString == text)
    }

    @Test func serializedThenParsed_PreservesRandomDoublesExactly() throws {
        var generator = SplitMix64(seed: 42)
        for _ in 0..<10_000 {
            let value = Double(bitPattern: generator.next())
            guard value.isFinite else { continue }
            let parsed = try JSON.parse(JSON.double(value).serialized())
            #expect(parsed.doubleValue?.bitPattern == value.bitPattern, "\(value)")
        }
    }

    @Test func serializedThenParsed_PreservesRandomIntegersExactly() throws {
        var generator = SplitMix64(seed: 7)
        for _ in 0..<10_000 {
            let value = Int(truncatingIfNeeded: generator.next()) >> Int(generator.next() % 64)
            #expect(try JSON.parse(JSON.int(value).serialized()) == .int(value))
        }
    }

    @Test func serializedThenParsed_PreservesEveryBMPScalarAndAstralSamples() throws {
        var text = ""
        for scalar in (0..<0xD800).lazy.compactMap(Unicode.Scalar.init) {
            text.unicodeScalars.append(scalar)
        }
        let astralSamples = (0xE000...0x10FFFF).lazy.filter { $0 % 97 == 0 || $0 <= 0x10000 }
        for scalar in astralSamples.compactMap(Unicode.Scalar.init) {
            text.unicodeScalars.append(scalar)
        }
        #expect(try JSON.parse(JSON.string(text).serialized()) == .string(text))
    }

    @Test func serializedThenParsed_PreservesFullDepthNesting() throws {
        var value: JSON = ["leaf": 1]
        for level in 1..<256 {
            value = level.isMultiple(of: 2) ? [value] : ["k": value]
        }
        #expect(try JSON.parse(value.serialized()) == value)
    }
}
