// workos-emulator — libFuzzer target for the JSON decoder (built by Tests/Fuzz/run, not by SwiftPM).
// Licensed under the MIT License.
//
// Compiled into the JSONCodec module itself. Properties checked for any input:
//   - `JSON.parse` returns a value or a `JSONParseError` whose offset lies within the input (never traps);
//   - an accepted document survives serialize → parse unchanged, and serializing is then a fixed point;
//   - the pretty printer's output parses to the same value;
//   - an accepted document is valid UTF-8 (RFC 8259 §8.1).

@_cdecl("LLVMFuzzerTestOneInput")
public func jsonParseFuzzTarget(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = UnsafeBufferPointer(start: data, count: size)
    let value: JSON
    do throws(JSONParseError) {
        value = try JSON.parse(input)
    } catch {
        precondition(error.offset >= 0 && error.offset <= size, "error offset \(error.offset) outside 0...\(size)")
        return 0
    }
    precondition(String(validating: input, as: UTF8.self) != nil, "accepted invalid UTF-8")
    let serialized = value.serialized()
    let reparsed: JSON
    do throws(JSONParseError) {
        reparsed = try JSON.parse(serialized)
    } catch {
        preconditionFailure(
            "serialized output does not parse: \(error) in \(String(decoding: serialized, as: UTF8.self))")
    }
    precondition(reparsed == value, "round trip changed the value")
    precondition(reparsed.serialized() == serialized, "serialization is not a fixed point")
    do throws(JSONParseError) {
        let pretty = try JSON.parse(value.prettyPrinted())
        precondition(pretty == value, "pretty-printed output parses differently")
    } catch {
        preconditionFailure("pretty-printed output does not parse: \(error)")
    }
    return 0
}
