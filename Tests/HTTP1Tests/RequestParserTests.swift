// workos-emulator — HTTP1 tests.
// Licensed under the MIT License.

import Testing

@testable import HTTP1

/// Parser tests on literal bytes (FlyingFox `HTTPDecoderTests` style).
@Suite struct RequestParserTests {
    /// Feeds `chunks` one after another and collects every event; throws the parser's error.
    private static func events(
        _ chunks: [[UInt8]],
        limits: RequestParser.Limits = .init()
    ) throws(HTTPParseError) -> [RequestParser.Event] {
        var parser = RequestParser(limits: limits)
        var events: [RequestParser.Event] = []
        for chunk in chunks {
            parser.append(chunk)
            while let event = try parser.next() {
                events.append(event)
            }
        }
        return events
    }

    private static func requests(
        _ text: String,
        limits: RequestParser.Limits = .init()
    ) throws(HTTPParseError)
        -> [HTTPRequest]
    {
        try Self.events([Array(text.utf8)], limits: limits).compactMap {
            if case .request(let request) = $0 { return request }
            return nil
        }
    }

    private static func error(_ text: String, limits: RequestParser.Limits = .init()) -> HTTPParseError? {
        Self.error(Array(text.utf8), limits: limits)
    }

    private static func error(_ bytes: [UInt8], limits: RequestParser.Limits = .init()) -> HTTPParseError? {
        do {
            _ = try Self.events([bytes], limits: limits)
            return nil
        } catch {
            return error
        }
    }

    // MARK: - Good requests

    @Test func simpleGet_IsParsedWithPathQueryAndHeaders() throws {
        let requests = try Self.requests(
            "GET /organizations/org_1?limit=5&after=x%20y HTTP/1.1\r\nHost: localhost\r\nX-Test:  spaced value \r\n\r\n"
        )
        #expect(requests.count == 1)
        let request = try #require(requests.first)
        #expect(request.method == .get)
        #expect(request.target == "/organizations/org_1?limit=5&after=x%20y")
        #expect(request.path == "/organizations/org_1")
        #expect(request.rawPath == "/organizations/org_1")
        #expect(request.query["limit"] == "5")
        #expect(request.query["after"] == "x y")
        #expect(request.headers["host"] == "localhost")
        #expect(request.headers["X-TEST"] == "spaced value")
        #expect(request.version == .http1_1)
        #expect(request.body.isEmpty)
    }

    @Test func headerNames_AreCaseInsensitiveAndRepeatedFieldsAreKept() throws {
        let request = try #require(
            try Self.requests("GET / HTTP/1.1\r\nhost: a\r\nAccept: x\r\naccept: y\r\n\r\n").first
        )
        #expect(request.headers.values(for: "ACCEPT") == ["x", "y"])
        #expect(request.headers.count == 3)
    }

    @Test func contentLengthBody_IsRead() throws {
        let request = try #require(
            try Self.requests("POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\nhello world").first
        )
        #expect(request.method == .post)
        #expect(request.bodyText == "hello world")
    }

    @Test func repeatedIdenticalContentLength_IsAccepted() throws {
        let request = try #require(
            try Self.requests("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 3, 3\r\n\r\nabc")
                .first
        )
        #expect(request.bodyText == "abc")
    }

    @Test func chunkedBody_IsDecodedIgnoringExtensionsAndTrailers() throws {
        let text =
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5;name=value\r\nhello\r\n6 ; ext\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n"
        let request = try #require(try Self.requests(text).first)
        #expect(request.bodyText == "hello world")
        #expect(request.headers["X-Trailer"] == nil)
    }

    @Test func chunkedBody_AcceptsUpperCaseHexAndChunkedTokenInAnyCase() throws {
        let text = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: Chunked\r\n\r\nA\r\n0123456789\r\n0\r\n\r\n"
        let request = try #require(try Self.requests(text).first)
        #expect(request.bodyText == "0123456789")
    }

    @Test func pipelinedRequests_AreReturnedInOrder() throws {
        let text =
            "GET /one HTTP/1.1\r\nHost: a\r\n\r\n"
            + "POST /two HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nhi"
            + "GET /three HTTP/1.1\r\nHost: a\r\n\r\n"
        let requests = try Self.requests(text)
        #expect(requests.map(\.path) == ["/one", "/two", "/three"])
        #expect(requests[1].bodyText == "hi")
    }

    @Test func http10Request_WithoutHost_IsAccepted() throws {
        let request = try #require(try Self.requests("GET / HTTP/1.0\r\n\r\n").first)
        #expect(request.version == .http1_0)
    }

    @Test func leadingEmptyLines_AreIgnored() throws {
        let request = try #require(try Self.requests("\r\n\r\nGET /a HTTP/1.1\r\nHost: a\r\n\r\n").first)
        #expect(request.path == "/a")
    }

    @Test func bareLineFeeds_AreAcceptedAsLineEnds() throws {
        let request = try #require(try Self.requests("GET /lf HTTP/1.1\nHost: a\n\n").first)
        #expect(request.path == "/lf")
    }

    @Test func absoluteFormTarget_IsReducedToItsPath() throws {
        let request = try #require(
            try Self.requests("GET http://example.com:8080/users?x=1 HTTP/1.1\r\nHost: example.com\r\n\r\n").first
        )
        #expect(request.path == "/users")
        #expect(request.query["x"] == "1")
    }

    @Test func nonUTF8HeaderValue_IsReadAsLatin1() throws {
        var bytes = Array("GET / HTTP/1.1\r\nHost: a\r\nX-Name: caf".utf8)
        bytes += [0xE9, 0xFF]
        bytes += Array("\r\n\r\n".utf8)
        let events = try Self.events([bytes])
        guard case .request(let request) = try #require(events.first) else {
            Issue.record("expected a request")
            return
        }
        #expect(request.headers["X-Name"] == "caf\u{E9}\u{FF}")
    }

    @Test func utf8HeaderValue_IsKept() throws {
        let request = try #require(try Self.requests("GET / HTTP/1.1\r\nHost: a\r\nX-Name: Zoë\r\n\r\n").first)
        #expect(request.headers["X-Name"] == "Zoë")
    }

    @Test func everySplitPoint_YieldsTheSameRequests() throws {
        let text =
            "POST /a?b=c HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello"
            + "PUT /chunked HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n"
            + "GET /last HTTP/1.1\r\nHost: a\r\n\r\n"
        let bytes = Array(text.utf8)
        for split in 0...bytes.count {
            let events = try Self.events([Array(bytes[..<split]), Array(bytes[split...])])
            let requests = events.compactMap { event -> HTTPRequest? in
                if case .request(let request) = event { return request }
                return nil
            }
            #expect(requests.map(\.path) == ["/a", "/chunked", "/last"], "split at \(split)")
            #expect(requests.map(\.bodyText) == ["hello", "abcde", ""], "split at \(split)")
        }
    }

    @Test func oneByteAtATime_YieldsTheSameRequest() throws {
        let bytes = Array(
            "POST /t HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nwiki\r\n0\r\n\r\n".utf8
        )
        let events = try Self.events(bytes.map { [$0] })
        guard case .request(let request) = try #require(events.last) else {
            Issue.record("expected a request")
            return
        }
        #expect(request.bodyText == "wiki")
    }

    // MARK: - Phases and 100-continue

    @Test func phase_MovesFromIdleThroughHeadAndBody() throws {
        var parser = RequestParser()
        #expect(parser.phase == .idle)
        parser.append(Array("POST / HTTP/1.1\r\n".utf8))
        #expect(try parser.next() == nil)
        #expect(parser.phase == .head)
        parser.append(Array("Host: a\r\nContent-Length: 4\r\n\r\nab".utf8))
        #expect(try parser.next() == nil)
        #expect(parser.phase == .body)
        parser.append(Array("cd".utf8))
        guard case .request = try parser.next() else {
            Issue.record("expected a request")
            return
        }
        #expect(parser.phase == .idle)
    }

    @Test func expectContinue_IsReportedBeforeTheBody() throws {
        var parser = RequestParser()
        parser.append(Array("POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n".utf8))
        guard case .continueExpected = try #require(try parser.next()) else {
            Issue.record("expected continueExpected")
            return
        }
        #expect(try parser.next() == nil)
        parser.append(Array("ok".utf8))
        guard case .request(let request) = try #require(try parser.next()) else {
            Issue.record("expected a request")
            return
        }
        #expect(request.bodyText == "ok")
    }

    @Test func expectContinue_IsIgnoredWithoutABodyOrFromHTTP10() throws {
        let noBody = try Self.events([Array("GET / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n\r\n".utf8)])
        #expect(noBody.count == 1)
        let old = try Self.events([
            Array("POST / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\n".utf8), [0x41],
        ])
        #expect(old.count == 1)
    }

    @Test func expectContinue_WithOversizedLength_Is413AtOnce() {
        let error = Self.error(
            "POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 100\r\n\r\n",
            limits: .init(maxHeaderBytes: 1024, maxBodyBytes: 10)
        )
        #expect(error?.status == .payloadTooLarge)
    }

    // MARK: - Malformed request lines

    @Test(arguments: [
        "GET\r\n\r\n",
        "GET /\r\n\r\n",
        "GET  / HTTP/1.1\r\nHost: a\r\n\r\n",
        "GET / HTTP/1.1 \r\nHost: a\r\n\r\n",
        "GET / http/1.1\r\nHost: a\r\n\r\n",
        "GET / HTTP/1\r\nHost: a\r\n\r\n",
        "G(T / HTTP/1.1\r\nHost: a\r\n\r\n",
        " GET / HTTP/1.1\r\nHost: a\r\n\r\n",
        "GET relative HTTP/1.1\r\nHost: a\r\n\r\n",
        "GET * HTTP/1.1\r\nHost: a\r\n\r\n",
        "GET /a\u{7F}b HTTP/1.1\r\nHost: a\r\n\r\n",
        "GET /a\rb HTTP/1.1\r\nHost: a\r\n\r\n",
    ])
    func malformedRequestLine_Is400(_ text: String) {
        #expect(Self.error(text)?.status == .badRequest)
    }

    @Test(arguments: ["HTTP/2.0", "HTTP/1.2", "HTTP/0.9", "HTTP/3.0"])
    func unsupportedVersion_Is505(_ version: String) {
        #expect(Self.error("GET / \(version)\r\nHost: a\r\n\r\n")?.status == .httpVersionNotSupported)
    }

    @Test func nulInRequestTarget_Is400() {
        var bytes = Array("GET /a".utf8)
        bytes.append(0)
        bytes += Array(" HTTP/1.1\r\nHost: a\r\n\r\n".utf8)
        #expect(Self.error(bytes)?.status == .badRequest)
    }

    @Test func invalidUTF8InTarget_Is400() {
        var bytes = Array("GET /a".utf8)
        bytes += [0xC3, 0x28]
        bytes += Array(" HTTP/1.1\r\nHost: a\r\n\r\n".utf8)
        #expect(Self.error(bytes)?.status == .badRequest)
    }

    // MARK: - Malformed header fields

    @Test func obsFold_Is400() {
        #expect(Self.error("GET / HTTP/1.1\r\nHost: a\r\nX-Long: one\r\n two\r\n\r\n")?.status == .badRequest)
    }

    @Test func whitespaceBeforeColon_Is400() {
        #expect(Self.error("GET / HTTP/1.1\r\nHost : a\r\n\r\n")?.status == .badRequest)
        #expect(Self.error("GET / HTTP/1.1\r\nHost: a\r\nX-A\t: b\r\n\r\n")?.status == .badRequest)
    }

    @Test func headerLineWithoutColon_Is400() {
        #expect(Self.error("GET / HTTP/1.1\r\nHost: a\r\nnonsense\r\n\r\n")?.status == .badRequest)
    }

    @Test func emptyHeaderName_Is400() {
        #expect(Self.error("GET / HTTP/1.1\r\nHost: a\r\n: value\r\n\r\n")?.status == .badRequest)
    }

    @Test func nulInHeaderValue_Is400() {
        var bytes = Array("GET / HTTP/1.1\r\nHost: a\r\nX-A: b".utf8)
        bytes.append(0)
        bytes += Array("c\r\n\r\n".utf8)
        #expect(Self.error(bytes)?.status == .badRequest)
    }

    @Test func bareCarriageReturnInHeaderValue_Is400() {
        #expect(Self.error("GET / HTTP/1.1\r\nHost: a\r\nX-A: b\rc\r\n\r\n")?.status == .badRequest)
    }

    @Test func controlCharacterInHeaderValue_Is400() {
        #expect(Self.error("GET / HTTP/1.1\r\nHost: a\r\nX-A: b\u{1B}c\r\n\r\n")?.status == .badRequest)
    }

    @Test func missingHost_Is400ForHTTP11() {
        #expect(Self.error("GET / HTTP/1.1\r\nAccept: */*\r\n\r\n")?.status == .badRequest)
    }

    @Test func multipleHosts_Is400() {
        #expect(Self.error("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n")?.status == .badRequest)
    }

    // MARK: - Sizes

    @Test func headerSectionOverLimit_Is431() {
        let limits = RequestParser.Limits(maxHeaderBytes: 64, maxBodyBytes: 1024)
        let long = "GET / HTTP/1.1\r\nHost: a\r\nX-Big: \(String(repeating: "x", count: 100))\r\n\r\n"
        #expect(Self.error(long, limits: limits)?.status == .requestHeaderFieldsTooLarge)
    }

    @Test func unterminatedHugeHead_Is431BeforeItEnds() {
        let limits = RequestParser.Limits(maxHeaderBytes: 64, maxBodyBytes: 1024)
        // No line end at all: the parser must not buffer forever.
        #expect(Self.error(String(repeating: "A", count: 65), limits: limits)?.status == .requestHeaderFieldsTooLarge)
    }

    @Test func headAtExactlyTheLimit_IsAccepted() throws {
        let text = "GET / HTTP/1.1\r\nHost: a\r\n\r\n"
        let limits = RequestParser.Limits(maxHeaderBytes: text.utf8.count, maxBodyBytes: 0)
        #expect(try Self.requests(text, limits: limits).count == 1)
        let smaller = RequestParser.Limits(maxHeaderBytes: text.utf8.count - 1, maxBodyBytes: 0)
        #expect(Self.error(text, limits: smaller)?.status == .requestHeaderFieldsTooLarge)
    }

    @Test func endlessEmptyLines_CountTowardsTheHeadLimit() {
        let limits = RequestParser.Limits(maxHeaderBytes: 32, maxBodyBytes: 0)
        #expect(
            Self.error(String(repeating: "\r\n", count: 40), limits: limits)?.status == .requestHeaderFieldsTooLarge
        )
    }

    @Test func contentLengthOverLimit_Is413() {
        let limits = RequestParser.Limits(maxHeaderBytes: 1024, maxBodyBytes: 10)
        #expect(
            Self.error("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\n", limits: limits)?.status
                == .payloadTooLarge
        )
    }

    @Test func chunkedBodyOverLimitAcrossChunks_Is413() {
        let limits = RequestParser.Limits(maxHeaderBytes: 1024, maxBodyBytes: 10)
        let text =
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nabcdef\r\n6\r\nghijkl\r\n0\r\n\r\n"
        #expect(Self.error(text, limits: limits)?.status == .payloadTooLarge)
    }

    @Test func hugeChunkSize_Is413() {
        let text = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffffffff\r\n"
        #expect(Self.error(text)?.status == .payloadTooLarge)
    }

    @Test func endlessChunkExtension_Is400() {
        let text =
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n1;"
            + String(repeating: "x", count: RequestParser.maxChunkLineBytes + 1)
        #expect(Self.error(text)?.status == .badRequest)
    }

    // MARK: - Framing

    @Test(arguments: ["abc", "-1", "+5", "1.0", "0x10", "", "5 5", "99999999999999999999999"])
    func invalidContentLength_Is400(_ value: String) {
        #expect(Self.error("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: \(value)\r\n\r\n")?.status == .badRequest)
    }

    @Test func differingContentLengths_Are400() {
        #expect(
            Self.error("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd")?.status
                == .badRequest
        )
        #expect(Self.error("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3, 4\r\n\r\nabcd")?.status == .badRequest)
    }

    @Test func contentLengthWithTransferEncoding_Is400() {
        let text = "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
        #expect(Self.error(text)?.status == .badRequest)
    }

    @Test(arguments: ["gzip", "gzip, chunked", "identity", "deflate"])
    func unsupportedTransferCoding_Is501(_ coding: String) {
        #expect(
            Self.error("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: \(coding)\r\n\r\n")?.status == .notImplemented
        )
    }

    @Test func chunkedTwice_Is400() {
        #expect(
            Self.error("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, chunked\r\n\r\n")?.status
                == .badRequest
        )
    }

    @Test func transferEncodingInHTTP10_Is400() {
        #expect(Self.error("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")?.status == .badRequest)
    }

    @Test(arguments: ["zz\r\n", "-1\r\n", "\r\n", " 5\r\n", "5 x\r\n", "0x5\r\n"])
    func badChunkSize_Is400(_ line: String) {
        let text = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n\(line)"
        #expect(Self.error(text)?.status == .badRequest)
    }

    @Test func chunkDataLongerThanItsSize_Is400() {
        let text = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n"
        #expect(Self.error(text)?.status == .badRequest)
    }

    @Test func errors_AreSticky() {
        var parser = RequestParser()
        parser.append(Array("BAD\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n".utf8))
        #expect(throws: HTTPParseError.self) { try parser.next() }
        #expect(throws: HTTPParseError.self) { try parser.next() }
    }

    // MARK: - Hostile input

    @Test func randomBytes_NeverCrashTheParser() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let count = Int.random(in: 0..<400, using: &generator)
            var bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
            if Bool.random(using: &generator) {
                bytes = Array("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n".utf8) + bytes
            }
            var parser = RequestParser(limits: .init(maxHeaderBytes: 256, maxBodyBytes: 256))
            parser.append(bytes)
            while true {
                do {
                    guard try parser.next() != nil else { break }
                } catch {
                    break
                }
            }
        }
    }

    @Test func manyTinyAppends_StayFast() throws {
        // 200 KB of header bytes one at a time: quadratic rescanning would take far longer than the limit here.
        var parser = RequestParser(limits: .init(maxHeaderBytes: 400_000, maxBodyBytes: 0))
        let header = Array("X-Pad: \(String(repeating: "p", count: 200_000))\r\n".utf8)
        parser.append(Array("GET / HTTP/1.1\r\nHost: a\r\n".utf8))
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            for byte in header {
                parser.append(CollectionOfOne(byte))
                _ = try parser.next()
            }
        }
        #expect(elapsed < .seconds(5))
        parser.append(Array("\r\n".utf8))
        #expect(try parser.next() != nil)
    }
}

extension RequestParser.Event: Equatable {
    /// Events compare by kind and, for requests, by method, target and body (tests only).
    public static func == (lhs: RequestParser.Event, rhs: RequestParser.Event) -> Bool {
        switch (lhs, rhs) {
        case (.continueExpected, .continueExpected):
            return true
        case (.request(let left), .request(let right)):
            return left.method == right.method && left.target == right.target && left.body == right.body
        default:
            return false
        }
    }
}
