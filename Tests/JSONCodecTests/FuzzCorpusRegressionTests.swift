// workos-emulator: replays the JSON fuzz corpus (Tests/Fuzz/corpus/json: SDK-captured request and response bodies,
// hand-written edge cases, and any crash input a fuzz run found) through the properties the fuzz target checks.

import Foundation
import JSONCodec
import Testing

@Suite struct FuzzCorpusRegressionTests {
    static let corpusDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz/corpus/json")

    static var corpus: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: Self.corpusDirectory.path)) ?? []).sorted()
    }

    @Test func corpus_IsPresent() {
        #expect(Self.corpus.count >= 30, "\(Self.corpusDirectory.path)")
    }

    @Test(arguments: Self.corpus)
    func corpusInput_ParsesOrFailsCleanlyAndRoundTrips(_ name: String) throws {
        let bytes = try [UInt8](Data(contentsOf: Self.corpusDirectory.appendingPathComponent(name)))
        let value: JSON
        do throws(JSONParseError) {
            value = try JSON.parse(bytes)
        } catch {
            #expect(error.offset >= 0 && error.offset <= bytes.count, "\(name): \(error)")
            #expect(!name.hasPrefix("sdk-"), "\(name): a real SDK body was rejected: \(error)")
            return
        }
        let serialized = value.serialized()
        let reparsed = try JSON.parse(serialized)
        #expect(reparsed == value, "\(name)")
        #expect(reparsed.serialized() == serialized, "\(name)")
        #expect(try JSON.parse(value.prettyPrinted()) == value, "\(name)")
    }
}
