// workos-emulator: the parser reads through unsafe buffers, so random corruptions of valid documents must only
// ever produce a value or a JSONParseError, and any value it accepts must survive a round trip.

import JSONCodec
import Testing

@Suite struct JSONParserFuzzTests {
    /// Documents to corrupt: every token kind, escapes, multi-byte UTF-8 and long runs for the word scanner.
    private static let seeds: [String] = [
        #"{"object":"user","id":"user_01","email":"ada@example.com","email_verified":true,"first_name":null}"#,
        #"[1,-0,1.5e-3,9223372036854775808,{"a":[true,false,null]},"\u00e9\ud83d\ude00\n\t\"\\"]"#,
        #"{"long":"abcdefghijklmnopqrstuvwxyz0123456789","café":"naïve € 😀","nested":{"k":[[],{}]}}"#,
    ]

    /// Bytes worth inserting: structure, escape starters, digits and the lead bytes of multi-byte sequences.
    private static let interesting: [UInt8] =
        Array(#"{}[],:"\u0-1eE.+ tfn/"#.utf8) + [0x00, 0x1F, 0x7F, 0x80, 0xC0, 0xED, 0xF4, 0xFF]

    @Test func parse_OnlyReturnsValuesOrErrorsForCorruptedDocuments() throws {
        var generator = SplitMix64(seed: 0xF022)
        var accepted = 0
        for iteration in 0..<30_000 {
            var bytes = Array(Self.seeds[iteration % Self.seeds.count].utf8)
            for _ in 0..<Int(generator.next() % 4) + 1 {
                let position = Int(generator.next() % UInt64(bytes.count + 1))
                let byte = Self.interesting[Int(generator.next() % UInt64(Self.interesting.count))]
                switch generator.next() % 4 {
                case 0 where position < bytes.count: bytes[position] = byte
                case 1 where position < bytes.count: bytes.remove(at: position)
                case 2: bytes.removeSubrange(position..<bytes.count)
                default: bytes.insert(byte, at: position)
                }
            }
            do throws(JSONParseError) {
                let value = try JSON.parse(bytes)
                accepted += 1
                #expect(try JSON.parse(value.serialized()) == value, "\(bytes)")
            } catch {
                #expect(error.offset >= 0 && error.offset <= bytes.count, "\(bytes)")
            }
        }
        // Some corruptions (inside strings, or digit changes) leave a valid document.
        #expect(accepted > 0)
    }
}
