// workos-emulator — libFuzzer target for the HTTP/1.1 request parser (built by Tests/Fuzz/run, not by SwiftPM).
// Licensed under the MIT License.
//
// Compiled into the HTTP1 module itself, so it sees internal API. Besides "no crash, no sanitizer report" it
// checks properties that must hold for any input:
//   - the same bytes fed in one piece and in pseudo-random small pieces give the same requests, the same error
//     and the same final phase (the parser is incremental; a split point must never change the outcome);
//   - every error is one of the statuses the server answers with, and errors are sticky;
//   - no body exceeds the body limit;
//   - the accessors the server runs on every request (path, query, form fields, router match) do not trap.

/// One parser outcome, comparable across feeding strategies.
private enum Outcome: Equatable {
    case request(method: String, target: String, headers: [String], body: [UInt8], version: HTTPVersion)
    case error(HTTPParseError)
}

/// Small limits, so short inputs reach the limit paths too.
private let fuzzLimits = RequestParser.Limits(maxHeaderBytes: 2048, maxBodyBytes: 4096)

private let fuzzRouter: Router = {
    var router = Router()
    let ok: HTTPHandler = { _ in HTTPResponse(status: .ok) }
    router.add(.get, "/organizations", ok)
    router.add([.get, .put, .delete], "/organizations/:id", ok)
    router.add(.get, "/organizations/external_id/:external_id", ok)
    router.add(.post, "/organization_domains/:id/verify", ok)
    router.add(.get, "/users/me", ok)
    router.add(.get, "/users/:id/roles", ok)
    return router
}()

/// Feeds `bytes` in chunks of the given sizes (cycled), collecting outcomes until the first error.
private func outcomes(_ bytes: [UInt8], chunkSizes: [Int]) -> (outcomes: [Outcome], phase: RequestParser.Phase) {
    var parser = RequestParser(limits: fuzzLimits)
    var result: [Outcome] = []
    var offset = 0
    var chunk = 0
    while offset < bytes.count || chunk == 0 {
        let size = chunkSizes[chunk % chunkSizes.count]
        let end = min(bytes.count, offset + size)
        parser.append(bytes[offset..<end])
        offset = end
        chunk += 1
        while true {
            let event: RequestParser.Event?
            do {
                event = try parser.next()
            } catch {
                let allowed: Set<Int> = [400, 413, 431, 501, 505]
                precondition(allowed.contains(error.status.code), "unexpected status \(error.status.code)")
                // Sticky: the connection is out of sync, every later call must fail the same way.
                do {
                    _ = try parser.next()
                    preconditionFailure("error was not sticky")
                } catch let again {
                    precondition(again == error, "sticky error changed")
                }
                result.append(.error(error))
                return (result, parser.phase)
            }
            guard let event else {
                break
            }
            guard case .request(let request) = event else {
                // 100-continue depends on whether body bytes already arrived: not comparable across splits.
                continue
            }
            precondition(request.body.count <= fuzzLimits.maxBodyBytes, "body over the limit")
            exercise(request)
            result.append(
                .request(
                    method: request.method.rawValue,
                    target: request.target,
                    headers: request.headers.map { "\($0.name): \($0.value)" },
                    body: request.body,
                    version: request.version
                )
            )
        }
    }
    return (result, parser.phase)
}

/// Runs what the server runs on every request; only crashes matter here.
private func exercise(_ request: HTTPRequest) {
    var count = request.path.utf8.count + request.rawPath.utf8.count
    count += request.query.items.count + request.formFields.items.count
    count += request.query.array("domains").count + request.query.dictionary("provider_query_params").count
    _ = request.headers.containsToken("close", in: "Connection")
    _ = ConnectionState.isPersistent(version: request.version, requestHeaders: request.headers)
    switch fuzzRouter.match(request.method, rawPath: request.rawPath) {
    case .found(_, let parameters):
        count += parameters.count
    case .methodNotAllowed(let allowed):
        precondition(!allowed.isEmpty, "405 without an Allow list")
    case .notFound:
        break
    }
    precondition(count >= 0)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func requestParserFuzzTarget(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let whole = outcomes(bytes, chunkSizes: [max(bytes.count, 1)])
    // Deterministic pseudo-random chunk sizes 1...13 derived from the input, so a crash reproduces exactly.
    var seed = UInt64(truncatingIfNeeded: bytes.count) &* 0x9E37_79B9_7F4A_7C15
    for byte in bytes.prefix(16) {
        seed = (seed ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
    }
    var sizes: [Int] = []
    for _ in 0..<8 {
        seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        sizes.append(Int(seed >> 60) % 13 + 1)
    }
    let pieces = outcomes(bytes, chunkSizes: sizes)
    let single = outcomes(bytes, chunkSizes: [1])
    precondition(
        whole.outcomes == pieces.outcomes, "split changed the outcome: \(whole.outcomes) vs \(pieces.outcomes)")
    precondition(whole.outcomes == single.outcomes, "byte-at-a-time changed the outcome")
    precondition(whole.phase == pieces.phase && whole.phase == single.phase, "split changed the final phase")
    return 0
}
