// workos-emulator: typed accessors used when validating request bodies.

import JSONCodec
import Testing

@Suite struct JSONAccessorTests {
    private let sample: JSON = [
        "s": "text", "b": true, "i": 3, "d": 2.5, "n": nil, "a": [1, 2], "o": ["k": "v"],
    ]

    @Test func accessors_ReturnTheValueOnlyForTheMatchingCase() {
        #expect(self.sample["s"]?.stringValue == "text")
        #expect(self.sample["b"]?.boolValue == true)
        #expect(self.sample["i"]?.intValue == 3)
        #expect(self.sample["d"]?.doubleValue == 2.5)
        #expect(self.sample["a"]?.arrayValue == [1, 2])
        #expect(self.sample["o"]?.objectValue == ["k": "v"])
        #expect(self.sample["n"]?.isNull == true)

        #expect(self.sample["i"]?.stringValue == nil)
        #expect(self.sample["s"]?.boolValue == nil)
        #expect(self.sample["s"]?.intValue == nil)
        #expect(self.sample["b"]?.doubleValue == nil)
        #expect(self.sample["o"]?.arrayValue == nil)
        #expect(self.sample["a"]?.objectValue == nil)
        #expect(self.sample["s"]?.isNull == false)
        #expect(self.sample.stringValue == nil)
    }

    @Test func keySubscript_IsNilForMissingKeysAndNonObjects() {
        #expect(self.sample["missing"] == nil)
        #expect(self.sample["o"]?["k"] == "v")
        #expect(self.sample["s"]?["k"] == nil)
        #expect(JSON.array([["k": 1]])["k"] == nil)
    }

    @Test func indexSubscript_ReadsArrayElementsInBounds() {
        let array: JSON = ["a", "b"]
        #expect(array[0] == "a")
        #expect(array[1] == "b")
        #expect(array[2] == nil)
        #expect(array[-1] == nil)
        #expect(self.sample[0] == nil)
    }

    @Test(arguments: [
        (JSON.int(7), 7 as Int?),
        (.int(Int.min), Int.min),
        (.double(3.0), 3),
        (.double(-0.0), 0),
        (.double(-9_223_372_036_854_775_808.0), Int.min),
        (.double(3.5), nil),
        (.double(9_223_372_036_854_775_808.0), nil),
        (.double(1e300), nil),
        (.double(-1e300), nil),
        (.double(.nan), nil),
        (.double(.infinity), nil),
        (.string("3"), nil),
        (.bool(true), nil),
    ])
    func intValue_AcceptsIntegersAndExactlyIntegralDoubles(value: JSON, expected: Int?) {
        #expect(value.intValue == expected)
    }

    @Test func doubleValue_AcceptsAnyNumber() {
        #expect(JSON.int(2).doubleValue == 2.0)
        #expect(JSON.double(0.5).doubleValue == 0.5)
        #expect(JSON.string("0.5").doubleValue == nil)
    }

    @Test(arguments: [
        (JSON.null, "null"),
        (.bool(false), "boolean"),
        (.int(1), "number"),
        (.double(1.5), "number"),
        (.string(""), "string"),
        (.array([]), "array"),
        (.object([:]), "object"),
    ])
    func typeName_NamesTheJSONType(value: JSON, expected: String) {
        #expect(value.typeName == expected)
    }

    @Test func literals_BuildTheExpectedCases() {
        let null: JSON = nil
        let bool: JSON = true
        let int: JSON = 1
        let double: JSON = 1.0
        let string: JSON = "s"
        let array: JSON = [1, "a"]
        let object: JSON = ["k": 1]
        #expect(null == .null)
        #expect(bool == .bool(true))
        #expect(int == .int(1))
        #expect(double == .double(1.0))
        #expect(int != double)
        #expect(string == .string("s"))
        #expect(array == .array([.int(1), .string("a")]))
        #expect(object == .object(["k": .int(1)]))
    }
}
