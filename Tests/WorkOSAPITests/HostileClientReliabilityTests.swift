// workos-emulator — the hostile raw-socket corpus (issue 7): smuggling shapes, malformed request lines and headers,
// absurd sizes, broken chunking, control bytes, non-UTF-8 and pathological JSON, against the real emulator.
// Licensed MIT.

import EmulatorTesting
import Foundation
import Synchronization
import Testing

/// One hostile input and what the server may answer.
struct HostileCase: Sendable, CustomTestStringConvertible {
    /// What the answer may be.
    enum Expectation: Sendable {
        /// Exactly these statuses, in order, then the connection closes (after the client's half-close).
        case statuses([Int])
        /// One response with a status in the set, then close.
        case oneOf(Set<Int>)
        /// Either no response at all (the server just closed) or one response with a status in the set.
        case closedOrOneOf(Set<Int>)
    }

    var name: String
    var bytes: [UInt8]
    var expectation: Expectation
    /// Extra check on the responses (e.g. the error code in the body).
    var check: (@Sendable ([RawResponse]) -> Bool)?

    var testDescription: String { self.name }

    init(
        _ name: String,
        _ bytes: [UInt8],
        _ expectation: Expectation,
        check: (@Sendable ([RawResponse]) -> Bool)? = nil
    ) {
        self.name = name
        self.bytes = bytes
        self.expectation = expectation
        self.check = check
    }

    init(
        _ name: String,
        _ text: String,
        _ expectation: Expectation,
        check: (@Sendable ([RawResponse]) -> Bool)? = nil
    ) {
        self.init(name, Array(text.utf8), expectation, check: check)
    }
}

/// The corpus. Requests that reach a WorkOS route carry the default key so they get past authentication and
/// exercise the body reader; none of them may write anything.
enum HostileCorpus {
    static let auth = "Authorization: Bearer \(TestServer.apiKey)\r\n"

    /// A POST /organizations with `body` as its exact bytes.
    static func postOrganization(_ body: [UInt8], contentType: String = "application/json") -> [UInt8] {
        Array("POST /organizations HTTP/1.1\r\nHost: a\r\n\(auth)Content-Type: \(contentType)\r\n".utf8)
            + Array("Content-Length: \(body.count)\r\n\r\n".utf8) + body
    }

    static func postOrganization(_ body: String) -> [UInt8] {
        Self.postOrganization(Array(body.utf8))
    }

    /// True when the single response is a WorkOS-shaped error with `code`.
    static func code(_ code: String) -> @Sendable ([RawResponse]) -> Bool {
        { responses in
            guard let body = responses.last?.body,
                let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]
            else { return false }
            return object["code"] as? String == code && object["message"] is String
        }
    }

    static let cases: [HostileCase] = smuggling + requestLines + headers + bodies + chunking + controlBytes + json

    // MARK: Smuggling (RFC 9112 §6.3, §11.2)

    static let smuggling: [HostileCase] = [
        HostileCase(
            "CL+TE: rejected, the smuggled request is never answered",
            "POST /organizations HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "0\r\n\r\nGET /health HTTP/1.1\r\nHost: a\r\n\r\n",
            .statuses([400]), check: code("bad_request")
        ),
        HostileCase(
            "TE+CL (reversed order)",
            "POST /organizations HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n"
                + "0\r\n\r\nGET /health HTTP/1.1\r\nHost: a\r\n\r\n",
            .statuses([400])
        ),
        HostileCase(
            "duplicate Content-Length with different values",
            "POST /organizations HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
            .statuses([400])
        ),
        HostileCase(
            "Content-Length list with different values",
            "POST /organizations HTTP/1.1\r\nHost: a\r\nContent-Length: 5, 6\r\n\r\nhello!",
            .statuses([400])
        ),
        HostileCase(
            "duplicate identical Content-Length is one length (RFC 9110 §8.6), no smuggled request",
            "POST /health HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\n{}",
            .statuses([405])
        ),
        HostileCase(
            "signed Content-Length", "POST /health HTTP/1.1\r\nHost: a\r\nContent-Length: +2\r\n\r\n{}",
            .statuses([400])),
        HostileCase(
            "negative Content-Length", "POST /health HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n",
            .statuses([400])),
        HostileCase(
            "hex Content-Length", "POST /health HTTP/1.1\r\nHost: a\r\nContent-Length: 0x2\r\n\r\n{}",
            .statuses([400])),
        HostileCase(
            "Content-Length beyond Int",
            "POST /health HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999999\r\n\r\n",
            .statuses([400])
        ),
        HostileCase(
            "Content-Length over the body limit is 413 before any body byte",
            "POST /organizations HTTP/1.1\r\nHost: a\r\nContent-Length: 1048577\r\n\r\n",
            .statuses([413]), check: code("payload_too_large")
        ),
        HostileCase(
            "chunked applied twice",
            "POST /health HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n",
            .statuses([400])
        ),
        HostileCase(
            "chunked not last (gzip after it)",
            "POST /health HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: gzip\r\n\r\n"
                + "0\r\n\r\n",
            .oneOf([400, 501])
        ),
        HostileCase(
            "unknown transfer coding is 501 (RFC 9112 §6.1)",
            "POST /health HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: xchunked\r\n\r\n0\r\n\r\n",
            .statuses([501])
        ),
        HostileCase(
            "Transfer-Encoding in HTTP/1.0",
            "POST /health HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            .statuses([400])
        ),
        HostileCase(
            "Transfer-Encoding with a vertical tab",
            Array("POST /health HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\u{0B}\r\n\r\n0\r\n\r\n".utf8),
            .statuses([400])
        ),
        HostileCase(
            "obs-fold continuation line (RFC 9112 §5.2)",
            "GET /health HTTP/1.1\r\nHost: a\r\nX-Long: one\r\n two\r\n\r\n",
            .statuses([400])
        ),
        HostileCase(
            "obs-fold hiding Transfer-Encoding",
            "POST /health HTTP/1.1\r\nHost: a\r\nX: y\r\n Transfer-Encoding: chunked\r\nContent-Length: 0\r\n\r\n",
            .statuses([400])
        ),
        HostileCase(
            "space before the colon (RFC 9112 §5.1)",
            "POST /health HTTP/1.1\r\nHost: a\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\n",
            .statuses([400])
        ),
        HostileCase(
            "tab before the colon",
            "GET /health HTTP/1.1\r\nHost\t: a\r\n\r\n",
            .statuses([400])
        ),
        HostileCase(
            "bare LF line ends are accepted (RFC 9112 §2.2 MAY) and answered normally",
            "GET /health HTTP/1.1\nHost: a\n\n",
            .statuses([200])
        ),
        HostileCase(
            "bare CR inside the head",
            "GET /health HTTP/1.1\rHost: a\r\n\r\n",
            .statuses([400])
        ),
        HostileCase(
            "bare CR in a header value",
            "GET /health HTTP/1.1\r\nHost: a\r\nX: a\rb\r\n\r\n",
            .statuses([400])
        ),
        HostileCase("two Host headers", "GET /health HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", .statuses([400])),
        HostileCase("no Host in HTTP/1.1", "GET /health HTTP/1.1\r\n\r\n", .statuses([400])),
    ]

    // MARK: Request lines

    static let requestLines: [HostileCase] = [
        HostileCase("method with a non-token byte", "G@T /health HTTP/1.1\r\nHost: a\r\n\r\n", .statuses([400])),
        HostileCase("empty method", " /health HTTP/1.1\r\nHost: a\r\n\r\n", .statuses([400])),
        HostileCase(
            "lower-case method is another method (405 with Allow)",
            "get /health HTTP/1.1\r\nHost: a\r\n\r\n",
            .statuses([405])
        ),
        HostileCase(
            "unknown method on a WorkOS route",
            "BREW /organizations HTTP/1.1\r\nHost: a\r\n\(auth)\r\n",
            .statuses([405])
        ),
        HostileCase(
            "10,000-byte method",
            String(repeating: "X", count: 10_000) + " /health HTTP/1.1\r\nHost: a\r\n\r\n",
            .statuses([405])
        ),
        HostileCase(
            "20,000-byte method is over the head limit",
            String(repeating: "X", count: 20_000) + " /health HTTP/1.1\r\nHost: a\r\n\r\n",
            .statuses([431])
        ),
        HostileCase("two spaces after the method", "GET  /health HTTP/1.1\r\nHost: a\r\n\r\n", .statuses([400])),
        HostileCase("no version (HTTP/0.9 style)", "GET /health\r\n\r\n", .statuses([400])),
        HostileCase("lower-case version", "GET /health http/1.1\r\nHost: a\r\n\r\n", .statuses([400])),
        HostileCase("HTTP/1.2 is 505", "GET /health HTTP/1.2\r\nHost: a\r\n\r\n", .statuses([505])),
        HostileCase("HTTP/2.0 is 505", "GET /health HTTP/2.0\r\nHost: a\r\n\r\n", .statuses([505])),
        HostileCase("HTTP/11", "GET /health HTTP/11\r\nHost: a\r\n\r\n", .statuses([400])),
        HostileCase("HTTP/1.1.1", "GET /health HTTP/1.1.1\r\nHost: a\r\n\r\n", .statuses([400])),
        HostileCase("trailing word after the version", "GET /health HTTP/1.1 x\r\nHost: a\r\n\r\n", .statuses([400])),
        HostileCase(
            "HTTP/2 connection preface",
            "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
            .oneOf([400, 505])
        ),
        HostileCase("asterisk target with GET", "GET * HTTP/1.1\r\nHost: a\r\n\r\n", .statuses([400])),
        HostileCase("relative target", "GET health HTTP/1.1\r\nHost: a\r\n\r\n", .statuses([400])),
        HostileCase(
            "absolute-form to another host is served by path",
            "GET http://evil.example/health HTTP/1.1\r\nHost: a\r\n\r\n",
            .statuses([200])
        ),
        HostileCase(
            "dot segments do not escape the route table",
            "GET /../../etc/passwd HTTP/1.1\r\nHost: a\r\n\(auth)\r\n",
            .statuses([404])
        ),
        HostileCase(
            "20,000-byte target is over the head limit",
            "GET /organizations/" + String(repeating: "a", count: 20_000) + " HTTP/1.1\r\nHost: a\r\n\r\n",
            .statuses([431]), check: code("request_header_fields_too_large")
        ),
        HostileCase(
            "12,000-byte id is a 404, not a crash",
            "GET /organizations/org_" + String(repeating: "A", count: 12_000) + " HTTP/1.1\r\nHost: a\r\n\(auth)\r\n",
            .statuses([404]), check: code("entity_not_found")
        ),
        HostileCase(
            "absurd query values are a 4xx",
            "GET /organizations?limit=99999999999999999999999&order=sideways&before=%00&after=%FF HTTP/1.1\r\n"
                + "Host: a\r\n\(auth)\r\n",
            .oneOf([400, 422])
        ),
        HostileCase(
            "2,000 query parameters",
            "GET /organizations?" + (0..<2_000).map { "d=\($0)" }.joined(separator: "&")
                + " HTTP/1.1\r\nHost: a\r\n\(auth)\r\n",
            .statuses([200])
        ),
    ]

    // MARK: Header sections

    static let headers: [HostileCase] = [
        HostileCase(
            "2,000 tiny headers (under the 16 KiB head limit) are served",
            "GET /health HTTP/1.1\r\nHost: a\r\n" + String(repeating: "a:b\r\n", count: 2_000) + "\r\n",
            .statuses([200])
        ),
        HostileCase(
            "10,000 headers are over the head limit",
            "GET /health HTTP/1.1\r\nHost: a\r\n" + String(repeating: "X-A: b\r\n", count: 10_000) + "\r\n",
            .statuses([431])
        ),
        HostileCase(
            "one 20,000-byte header value",
            "GET /health HTTP/1.1\r\nHost: a\r\nX: " + String(repeating: "v", count: 20_000) + "\r\n\r\n",
            .statuses([431])
        ),
        HostileCase(
            "endless empty lines before the request line",
            String(repeating: "\r\n", count: 10_000) + "GET /health HTTP/1.1\r\nHost: a\r\n\r\n",
            .statuses([431])
        ),
        HostileCase(
            "a few empty lines before the request line are ignored (RFC 9112 §2.2)",
            "\r\n\r\nGET /health HTTP/1.1\r\nHost: a\r\n\r\n",
            .statuses([200])
        ),
        HostileCase(
            "header line without a colon", "GET /health HTTP/1.1\r\nHost: a\r\nNoColon\r\n\r\n", .statuses([400])),
        HostileCase("empty header name", "GET /health HTTP/1.1\r\nHost: a\r\n: v\r\n\r\n", .statuses([400])),
        HostileCase(
            "15,000-byte bearer token is a 401",
            "GET /organizations HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer " + String(repeating: "k", count: 15_000)
                + "\r\n\r\n",
            .statuses([401]), check: code("unauthorized")
        ),
        HostileCase(
            "the right key followed by NUL is rejected by the parser",
            Array("GET /organizations HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer sk_test_emulator\u{0}\r\n\r\n".utf8),
            .statuses([400])
        ),
        HostileCase(
            "Latin-1 header value is accepted",
            Array("GET /health HTTP/1.1\r\nHost: a\r\nX-Name: caf".utf8) + [0xE9] + Array("\r\n\r\n".utf8),
            .statuses([200])
        ),
        HostileCase(
            "Upgrade to h2c is ignored",
            "GET /health HTTP/1.1\r\nHost: a\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"
                + "HTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA\r\n\r\n",
            .statuses([200])
        ),
        HostileCase(
            "Expect: 100-continue with an oversized body is 413 at once",
            "POST /organizations HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 5000000\r\n\r\n",
            .statuses([413])
        ),
        HostileCase(
            "unknown Expect is ignored",
            "GET /health HTTP/1.1\r\nHost: a\r\nExpect: 999-nonsense\r\n\r\n",
            .statuses([200])
        ),
    ]

    // MARK: Bodies

    static let bodies: [HostileCase] = [
        HostileCase(
            "body shorter than declared: the server closes without answering half a request",
            "POST /organizations HTTP/1.1\r\nHost: a\r\n\(auth)Content-Length: 100\r\n\r\n{\"name\":\"short",
            .closedOrOneOf([400, 408])
        ),
        HostileCase(
            "body longer than declared: the excess is a malformed next request",
            "POST /organizations HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\n{}garbage here\r\n\r\n",
            .statuses([401, 400])
        ),
        HostileCase(
            "1 MiB + 1 chunked body is 413",
            "POST /organizations HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n100001\r\n"
                + String(repeating: "x", count: 0x100001) + "\r\n0\r\n\r\n",
            .statuses([413])
        ),
        HostileCase(
            "1,000 pipelined requests are all answered in order",
            String(repeating: "GET /health HTTP/1.1\r\nHost: a\r\n\r\n", count: 1_000),
            .statuses(Array(repeating: 200, count: 1_000))
        ),
    ]

    // MARK: Chunked framing (RFC 9112 §7.1)

    static let chunking: [HostileCase] = [
        HostileCase(
            "NUL in a chunk extension",
            Array(
                "POST /health HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2;e\u{0}x\r\n{}\r\n0\r\n\r\n"
                    .utf8),
            .statuses([400])
        ),
        HostileCase(
            "chunk extension without a semicolon",
            "POST /health HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2 ext\r\n{}\r\n0\r\n\r\n",
            .statuses([400])
        ),
        HostileCase(
            "5,000-byte chunk extension",
            "POST /health HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2;"
                + String(repeating: "e", count: 5_000) + "\r\n{}\r\n0\r\n\r\n",
            .statuses([400])
        ),
        HostileCase(
            "negative chunk size",
            "POST /health HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n-2\r\n{}\r\n0\r\n\r\n",
            .statuses([400])
        ),
        HostileCase(
            "0x-prefixed chunk size",
            "POST /health HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0x2\r\n{}\r\n0\r\n\r\n",
            .statuses([400])
        ),
        HostileCase(
            "chunk size beyond Int",
            "POST /health HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffffffff\r\n",
            .statuses([413])
        ),
        HostileCase(
            "chunk data longer than its size",
            "POST /health HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n1\r\n{}\r\n0\r\n\r\n",
            .statuses([400])
        ),
        HostileCase(
            "chunked body cut off before the last chunk",
            "POST /organizations HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n",
            .closedOrOneOf([400, 408])
        ),
        HostileCase(
            "empty chunk-size line",
            "POST /health HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n\r\n{}\r\n0\r\n\r\n",
            .statuses([400])
        ),
        HostileCase(
            "huge trailer section",
            "POST /health HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n"
                + String(repeating: "T: x\r\n", count: 4_000) + "\r\n",
            .statuses([431])
        ),
    ]

    // MARK: NUL and control bytes

    static let controlBytes: [HostileCase] = [
        HostileCase("NUL in the target", Array("GET /hea\u{0}lth HTTP/1.1\r\nHost: a\r\n\r\n".utf8), .statuses([400])),
        HostileCase("DEL in the target", Array("GET /hea\u{7F}lth HTTP/1.1\r\nHost: a\r\n\r\n".utf8), .statuses([400])),
        HostileCase(
            "NUL in a header name", Array("GET /health HTTP/1.1\r\nHost: a\r\nX\u{0}: y\r\n\r\n".utf8), .statuses([400])
        ),
        HostileCase(
            "NUL in a header value", Array("GET /health HTTP/1.1\r\nHost: a\r\nX: \u{0}\r\n\r\n".utf8), .statuses([400])
        ),
        HostileCase(
            "SOH in a header value", Array("GET /health HTTP/1.1\r\nHost: a\r\nX: \u{1}\r\n\r\n".utf8), .statuses([400])
        ),
        HostileCase(
            "escape sequence in a header value", Array("GET /health HTTP/1.1\r\nHost: a\r\nX: \u{1B}[2J\r\n\r\n".utf8),
            .statuses([400])),
        HostileCase("only NUL bytes", [UInt8](repeating: 0, count: 4_096), .closedOrOneOf([400, 431])),
        HostileCase(
            "random binary",
            (0..<8_192).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) },
            .closedOrOneOf([400, 431, 505])
        ),
        HostileCase(
            "TLS ClientHello on the plain-text port",
            [0x16, 0x03, 0x01, 0x00, 0xC8, 0x01, 0x00, 0x00, 0xC4, 0x03, 0x03] + [UInt8](repeating: 0x42, count: 190),
            .closedOrOneOf([400])
        ),
        HostileCase(
            "non-UTF-8 bytes in the path",
            Array("GET /organizations/".utf8) + [0xFF, 0xFE, 0xC0, 0xAF] + Array(" HTTP/1.1\r\nHost: a\r\n\r\n".utf8),
            .statuses([400])
        ),
        HostileCase(
            "percent-encoded non-UTF-8 in the path is an unknown id",
            "GET /organizations/%FF%FE%C0%AF HTTP/1.1\r\nHost: a\r\n\(auth)\r\n",
            .statuses([404])
        ),
        HostileCase(
            "percent-encoded NUL in the path is an unknown id",
            "GET /organizations/org_%00 HTTP/1.1\r\nHost: a\r\n\(auth)\r\n",
            .statuses([404])
        ),
    ]

    // MARK: JSON bodies

    static let json: [HostileCase] = [
        HostileCase(
            "invalid UTF-8 in a JSON string",
            postOrganization([0x7B, 0x22, 0x6E, 0x61, 0x6D, 0x65, 0x22, 0x3A, 0x22, 0xFF, 0x22, 0x7D]),
            .statuses([400]), check: code("invalid_json")),
        HostileCase(
            "overlong UTF-8 slash",
            postOrganization(Array(#"{"name":""#.utf8) + [0xC0, 0xAF] + Array(#""}"#.utf8)),
            .statuses([400]), check: code("invalid_json")
        ),
        HostileCase(
            "UTF-8 encoded surrogate",
            postOrganization(Array(#"{"name":""#.utf8) + [0xED, 0xA0, 0x80] + Array(#""}"#.utf8)),
            .statuses([400]), check: code("invalid_json")
        ),
        HostileCase(
            "lone surrogate escape", postOrganization(#"{"name":"\ud800"}"#), .statuses([400]),
            check: code("invalid_json")),
        HostileCase(
            "arrays nested 10,000 deep",
            postOrganization(String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)),
            .statuses([400]), check: code("invalid_json")
        ),
        HostileCase(
            "objects nested 10,000 deep",
            postOrganization(String(repeating: #"{"a":"#, count: 10_000) + "1" + String(repeating: "}", count: 10_000)),
            .statuses([400]), check: code("invalid_json")
        ),
        HostileCase(
            "metadata nested 200 deep (within the parser's depth) is invalid metadata",
            postOrganization(
                #"{"name":"n","metadata":{"k":"# + String(repeating: "[", count: 200)
                    + String(repeating: "]", count: 200)
                    + "}}"
            ),
            .statuses([400]), check: code("invalid_metadata")
        ),
        HostileCase(
            "500,000 unclosed brackets (inside the 1 MiB body limit)",
            postOrganization(String(repeating: "[", count: 500_000)),
            .statuses([400]), check: code("invalid_json")
        ),
        HostileCase(
            "number beyond Double", postOrganization(#"{"name":"n","metadata":{"a":1e999999}}"#), .statuses([400]),
            check: code("invalid_json")),
        HostileCase(
            "huge integer where a string is due", postOrganization(#"{"name":123456789012345678901234567890}"#),
            .statuses([422])),
        HostileCase(
            "900,000-digit number",
            postOrganization(#"{"name":1"# + String(repeating: "0", count: 900_000) + "}"),
            .oneOf([400, 422])
        ),
        HostileCase(
            "900,000-digit fraction",
            postOrganization(#"{"name":0."# + String(repeating: "1", count: 900_000) + "}"),
            .statuses([422])
        ),
        HostileCase("NaN", postOrganization(#"{"name":NaN}"#), .statuses([400]), check: code("invalid_json")),
        HostileCase(
            "trailing comma", postOrganization(#"{"name":"n",}"#), .statuses([400]), check: code("invalid_json")),
        HostileCase(
            "comment", postOrganization(#"{"name":"n" /* x */}"#), .statuses([400]), check: code("invalid_json")),
        HostileCase(
            "two documents", postOrganization(#"{"name":"n"}{"name":"m"}"#), .statuses([400]),
            check: code("invalid_json")),
        HostileCase(
            "top-level array", postOrganization(#"[{"name":"n"}]"#), .statuses([400]), check: code("invalid_json")),
        HostileCase("top-level string", postOrganization(#""name""#), .statuses([400]), check: code("invalid_json")),
        HostileCase(
            "duplicate keys: the last value wins, so a bad last value is refused",
            postOrganization(#"{"name":"ok","name":42}"#),
            .statuses([422])
        ),
        HostileCase(
            "100,000 duplicate keys",
            postOrganization("{" + String(repeating: #""name":1,"#, count: 100_000) + #""name":2}"#),
            .statuses([422])
        ),
        HostileCase(
            "60,000 distinct metadata keys",
            postOrganization(
                #"{"name":"n","metadata":{"# + (0..<60_000).map { #""k\#($0)":"v""# }.joined(separator: ",") + "}}"),
            .statuses([400]), check: code("invalid_metadata")
        ),
        HostileCase(
            "JSON labelled as a form",
            postOrganization(Array("name=%FF%00&domain_data=x".utf8), contentType: "application/x-www-form-urlencoded"),
            .oneOf([400, 422])
        ),
        HostileCase(
            "BOM before the document", postOrganization([0xEF, 0xBB, 0xBF] + Array(#"{"name":"n"}"#.utf8)),
            .statuses([400])),
    ]
}

@Suite struct HostileClientReliabilityTests {
    /// Runs one case against `server` and checks the answer, that nothing was written and that the server still
    /// answers another client.
    static func run(_ hostile: HostileCase, on server: TestServer) throws {
        let before = try server.storeSnapshot()
        let outcome = try RawSocketExchange.run(hostile.bytes, port: server.port)
        #expect(outcome.isClosed, "\(hostile.name): connection still open after the half-close (\(outcome))")
        #expect(outcome.leftover.isEmpty, "\(hostile.name): unparseable bytes after the responses (\(outcome))")
        switch hostile.expectation {
        case .statuses(let statuses):
            #expect(outcome.statuses == statuses, "\(hostile.name): \(outcome)")
        case .oneOf(let allowed):
            #expect(outcome.statuses.count == 1 && allowed.contains(outcome.statuses[0]), "\(hostile.name): \(outcome)")
        case .closedOrOneOf(let allowed):
            #expect(
                outcome.statuses.isEmpty || (outcome.statuses.count == 1 && allowed.contains(outcome.statuses[0])),
                "\(hostile.name): \(outcome)"
            )
        }
        for response in outcome.responses where response.status >= 400 {
            // Every error the server writes is JSON with a message (protocol errors and WorkOS errors alike).
            let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
            #expect(object?["message"] is String, "\(hostile.name): error body \(response.text.prefix(200))")
            #expect(response.header("Content-Length") != nil)
        }
        if let check = hostile.check {
            #expect(check(outcome.responses), "\(hostile.name): \(outcome.responses.last?.text.prefix(300) ?? "")")
        }
        let after = try server.storeSnapshot()
        #expect(after == before, "\(hostile.name) changed \(after.differences(from: before))")
        let health = try server.client().send(method: "GET", path: "/health")
        #expect(health.status == 200, "\(hostile.name): /health after the case")
    }

    @Test(arguments: HostileCorpus.cases)
    func hostileInput_GetsA4xxOrACloseAndTheServerKeepsServing(_ hostile: HostileCase) throws {
        let log = Mutex<[String]>([])
        let server = try TestServer { $0.log = { line in log.withLock { $0.append(line) } } }
        defer { server.stop() }
        try Self.run(hostile, on: server)
        // A 500 is logged as "internal error": none of these inputs may reach one.
        #expect(
            !log.withLock { $0 }.contains { $0.contains("internal error") }, "\(hostile.name): \(log.withLock { $0 })")
    }

    /// Counters shared with the probing thread.
    private final class Probe: Sendable {
        let isStopping = Atomic<Bool>(false)
        let isDone = Atomic<Bool>(false)
        let answered = Atomic<Int>(0)
        let failures = Mutex<[String]>([])
    }

    @Test func wholeCorpus_OnOneServer_WhileAnotherClientKeepsGettingAnswers() throws {
        let server = try TestServer()
        defer { server.stop() }
        let probe = Probe()
        let prober = Thread {
            let client = server.client()
            while !probe.isStopping.load(ordering: .relaxed) {
                do {
                    let response = try client.send(method: "GET", path: "/health")
                    if response.status != 200 { probe.failures.withLock { $0.append("status \(response.status)") } }
                    probe.answered.add(1, ordering: .relaxed)
                } catch {
                    probe.failures.withLock { $0.append("\(error)") }
                }
            }
            probe.isDone.store(true, ordering: .releasing)
        }
        prober.start()
        for hostile in HostileCorpus.cases {
            try Self.run(hostile, on: server)
        }
        probe.isStopping.store(true, ordering: .relaxed)
        while !probe.isDone.load(ordering: .acquiring) { Thread.sleep(forTimeInterval: 0.01) }
        #expect(probe.failures.withLock { $0 }.isEmpty, "\(probe.failures.withLock { $0 })")
        #expect(probe.answered.load(ordering: .relaxed) > 0)
        // Every hostile connection was closed and forgotten: only the prober's (now idle) connection may remain.
        let deadline = ContinuousClock.now + .seconds(5)
        while server.application.server.connectionCount > 1, ContinuousClock.now < deadline {
            Thread.sleep(forTimeInterval: 0.01)
        }
        #expect(server.application.server.connectionCount <= 1)
    }
}
