// workos-emulator: the ordered object behind every response body.

import JSONCodec
import Testing

@Suite struct JSONObjectTests {
    @Test func object_StartsEmpty() {
        let object = JSONObject()
        #expect(object.count == 0)
        #expect(object.isEmpty)
        #expect(object.keys == [])
        #expect(object["anything"] == nil)
    }

    @Test func object_KeepsKeysInInsertionOrder() {
        var object = JSONObject()
        for key in ["object", "id", "name", "created_at", "updated_at"] {
            object[key] = .string(key)
        }
        #expect(object.keys == ["object", "id", "name", "created_at", "updated_at"])
        #expect(object.map(\.key) == object.keys)
        #expect(object.values == ["object", "id", "name", "created_at", "updated_at"])
    }

    @Test func object_ReplacesAnExistingKeyInPlace() {
        var object: JSONObject = ["a": 1, "b": 2, "c": 3]
        object["b"] = "two"
        #expect(object.keys == ["a", "b", "c"])
        #expect(object["b"] == "two")
        #expect(object.count == 3)
    }

    @Test func object_RemovesAKeyWhenSetToNil() {
        var object: JSONObject = ["a": 1, "b": 2, "c": 3]
        object["b"] = nil
        #expect(object.keys == ["a", "c"])
        #expect(!object.contains("b"))
        #expect(object.removeValue(forKey: "a") == 1)
        #expect(object.removeValue(forKey: "missing") == nil)
        #expect(object.keys == ["c"])
    }

    @Test func object_KeepsAKeySetToExplicitNull() {
        var object: JSONObject = ["a": 1]
        object["a"] = .null
        object["b"] = JSON.null
        #expect(object.keys == ["a", "b"])
        #expect(object["a"] == .null)
        #expect(object.contains("b"))
        #expect(JSON.object(object).serializedString == #"{"a":null,"b":null}"#)
    }

    @Test func object_LiteralNilMeansExplicitNull() {
        let object: JSONObject = ["name": nil, "id": "x"]
        #expect(object.keys == ["name", "id"])
        #expect(object["name"] == .null)
    }

    @Test func object_LiteralWithRepeatedKeyKeepsFirstPositionAndLastValue() {
        let object: JSONObject = ["a": 1, "b": 2, "a": 3]
        #expect(object.keys == ["a", "b"])
        #expect(object["a"] == 3)
    }

    @Test func object_StaysCorrectPastTheLinearSearchSize() {
        var object = JSONObject()
        for number in 0..<1000 {
            object["key\(number)"] = .int(number)
        }
        #expect(object.count == 1000)
        #expect((0..<1000).allSatisfy { object["key\($0)"] == .int($0) })
        object["key500"] = "replaced"
        #expect(object.keys[500] == "key500")
        for number in stride(from: 0, to: 1000, by: 3) {
            object["key\(number)"] = nil
        }
        let remaining = (0..<1000).filter { !$0.isMultiple(of: 3) }
        #expect(object.keys == remaining.map { "key\($0)" })
        #expect(remaining.allSatisfy { object.contains("key\($0)") })
        #expect(!object.contains("key999"))
        #expect(object["key500"] == "replaced")
        object["key0"] = 0
        #expect(object.keys.last == "key0")
        #expect(object["key0"] == 0)
    }

    @Test func object_StaysCorrectWhenShrinkingBackToLinearSearch() {
        var object = JSONObject()
        for number in 0..<40 {
            object["k\(number)"] = .int(number)
        }
        for number in 0..<38 {
            object["k\(number)"] = nil
            let remaining = (number + 1)..<40
            #expect(object.keys == remaining.map { "k\($0)" })
            #expect(remaining.allSatisfy { object["k\($0)"] == .int($0) })
            #expect(object["k\(number)"] == nil)
        }
        object["k0"] = 0
        #expect(object.keys == ["k38", "k39", "k0"])
    }

    @Test func object_EqualityRespectsKeyOrder() {
        let first: JSONObject = ["a": 1, "b": 2]
        let sameOrder: JSONObject = ["a": 1, "b": 2]
        let otherOrder: JSONObject = ["b": 2, "a": 1]
        #expect(first == sameOrder)
        #expect(first != otherOrder)
        #expect(first != ["a": 1])
        #expect(first != ["a": 1, "c": 2])
        #expect(first != ["a": 1, "b": 2.0])
    }

    @Test func object_EqualityIgnoresHowItWasBuilt() {
        var grown = JSONObject()
        for number in 0..<50 {
            grown["k\(number)"] = .int(number)
        }
        for number in 9..<50 {
            grown["k\(number)"] = nil
        }
        var small = JSONObject()
        for number in 0..<9 {
            small["k\(number)"] = .int(number)
        }
        #expect(grown == small)
    }

    @Test func object_IsACopyOnWriteValue() {
        let original: JSONObject = ["a": 1]
        var copy = original
        copy["a"] = 2
        copy["b"] = 3
        #expect(original == ["a": 1])
        #expect(copy == ["a": 2, "b": 3])
    }
}
