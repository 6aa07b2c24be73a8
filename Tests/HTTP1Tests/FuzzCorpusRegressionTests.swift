// workos-emulator — HTTP1 tests.
// Licensed under the MIT License.

import Foundation
import Testing

@testable import HTTP1

/// Replays every input of the request-parser fuzz corpus (Tests/Fuzz/corpus/request-parser: SDK-captured requests,
/// hand-written hostile shapes, and any crash input a fuzz run found) through the properties the fuzz target checks,
/// so `swift test` guards them without libFuzzer.
@Suite struct FuzzCorpusRegressionTests {
    /// One parser outcome, comparable across feeding strategies.
    private enum Outcome: Equatable {
        case request(method: String, target: String, headers: [String], body: [UInt8], version: HTTPVersion)
        case error(HTTPParseError)
    }

    static let corpusDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz/corpus/request-parser")

    static var corpus: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: Self.corpusDirectory.path)) ?? []).sorted()
    }

    private static let limits = RequestParser.Limits(maxHeaderBytes: 2048, maxBodyBytes: 4096)

    private static func outcomes(_ bytes: [UInt8], chunkSize: Int) -> (outcomes: [Outcome], phase: RequestParser.Phase)
    {
        var parser = RequestParser(limits: Self.limits)
        var result: [Outcome] = []
        var offset = 0
        repeat {
            let end = min(bytes.count, offset + chunkSize)
            parser.append(bytes[offset..<end])
            offset = end
            while true {
                let event: RequestParser.Event?
                do {
                    event = try parser.next()
                } catch {
                    result.append(.error(error))
                    return (result, parser.phase)
                }
                guard let event else { break }
                if case .request(let request) = event {
                    _ = (request.path, request.query.items.count, request.formFields.items.count)
                    result.append(
                        .request(
                            method: request.method.rawValue, target: request.target,
                            headers: request.headers.map { "\($0.name): \($0.value)" }, body: request.body,
                            version: request.version
                        )
                    )
                }
            }
        } while offset < bytes.count
        return (result, parser.phase)
    }

    @Test func corpus_IsPresent() {
        #expect(Self.corpus.count >= 40, "\(Self.corpusDirectory.path)")
        #expect(Self.corpus.contains { $0.hasPrefix("sdk-") })
    }

    @Test(arguments: Self.corpus)
    func corpusInput_ParsesTheSameHoweverItIsSplit(_ name: String) throws {
        let bytes = try [UInt8](Data(contentsOf: Self.corpusDirectory.appendingPathComponent(name)))
        let whole = Self.outcomes(bytes, chunkSize: max(bytes.count, 1))
        for chunkSize in [1, 2, 3, 7, 64] {
            let split = Self.outcomes(bytes, chunkSize: chunkSize)
            #expect(split.outcomes == whole.outcomes, "\(name) split every \(chunkSize) bytes")
            #expect(split.phase == whole.phase, "\(name) split every \(chunkSize) bytes")
        }
        for case .error(let error) in whole.outcomes {
            #expect([400, 413, 431, 501, 505].contains(error.status.code), "\(name): \(error)")
        }
        if name.hasPrefix("sdk-") {
            // Real SDK requests parse into exactly one request each.
            #expect(whole.outcomes.count == 1, "\(name): \(whole.outcomes)")
            if case .error = whole.outcomes.first { Issue.record("\(name) was rejected: \(whole.outcomes)") }
        }
    }
}
