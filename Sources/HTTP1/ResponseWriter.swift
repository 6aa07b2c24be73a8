// workos-emulator — HTTP1 module.
// Licensed under the MIT License.

import Foundation

/// Serializes a response into one byte buffer (status line, fields, body) so it can leave in one `send`.
///
/// Adds `Content-Length` (always computed from the body; none for 1xx, 204 and 304, RFC 9110 §8.6), `Date`
/// (RFC 9110 §6.6.1, cached per second) unless the responder set one, and `Connection: close` when the connection
/// is about to close (`Connection: keep-alive` for a persistent HTTP/1.0 connection). Never adds `Content-Type`.
/// CR, LF and NUL in responder-provided names or values are removed, so a header built from client input cannot
/// split the response (RFC 9110 §5.5).
public struct ResponseWriter: Sendable {
    private var cachedSecond = Int.min
    private var cachedDate = ""
    private let clock: @Sendable () -> Int

    /// A writer that reads the wall clock for `Date`.
    public init() {
        self.init(clock: { Int(Date().timeIntervalSince1970) })
    }

    /// A writer with a given clock (seconds since 1970), for tests.
    public init(clock: @escaping @Sendable () -> Int) {
        self.clock = clock
    }

    /// The interim response sent before reading a body that was announced with `Expect: 100-continue`.
    public static let continueResponse: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    /// The bytes of `response`. `requestMethod` HEAD (or nil for "no request", e.g. a protocol error) controls
    /// whether the body is sent; `requestVersion` and `shouldClose` control the `Connection` field.
    public mutating func serialize(
        _ response: HTTPResponse,
        requestMethod: HTTPMethod?,
        requestVersion: HTTPVersion = .http1_1,
        shouldClose: Bool
    ) -> [UInt8] {
        let status = response.status
        let isHead = requestMethod == .head
        let sendsBody = !isHead && !status.forbidsContent
        var bytes: [UInt8] = []
        bytes.reserveCapacity(160 + response.headers.count * 40 + (sendsBody ? response.body.count : 0))

        // RFC 9112 §4: status-line = HTTP-version SP status-code SP [ reason-phrase ] CRLF
        bytes.append(contentsOf: "HTTP/1.1 ".utf8)
        bytes.append(contentsOf: String(status.code).utf8)
        bytes.append(.space)
        Self.appendSanitized(status.reasonPhrase, to: &bytes)
        bytes.append(contentsOf: Self.crlf)

        var hasDate = false
        var headContentLength: String?
        for field in response.headers {
            let name = field.name
            if name.equalsIgnoringASCIICase("Content-Length") {
                // For HEAD the handler may state the GET's length without producing the body (RFC 9110 §9.3.2).
                if isHead && response.body.isEmpty && headContentLength == nil {
                    headContentLength = field.value
                }
                continue
            }
            // The server frames every response with Content-Length and owns persistence, so the responder's
            // Transfer-Encoding and Connection fields are replaced rather than duplicated.
            if name.equalsIgnoringASCIICase("Transfer-Encoding") || name.equalsIgnoringASCIICase("Connection") {
                continue
            }
            if name.equalsIgnoringASCIICase("Date") {
                hasDate = true
            }
            Self.appendSanitized(name, to: &bytes)
            bytes.append(contentsOf: ": ".utf8)
            Self.appendSanitized(field.value, to: &bytes)
            bytes.append(contentsOf: Self.crlf)
        }

        // RFC 9110 §8.6: a server MUST NOT send Content-Length in a 1xx or 204 response; for 304 it is optional and
        // omitted here. For HEAD it is the length a GET would have sent.
        if !status.forbidsContent {
            bytes.append(contentsOf: "Content-Length: ".utf8)
            if let headContentLength, headContentLength.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                !headContentLength.isEmpty
            {
                bytes.append(contentsOf: headContentLength.utf8)
            } else {
                bytes.append(contentsOf: String(response.body.count).utf8)
            }
            bytes.append(contentsOf: Self.crlf)
        }
        // RFC 9110 §6.6.1: an origin server with a clock MUST send Date in 2xx, 3xx and 4xx responses (MAY in 5xx).
        if !hasDate && !status.isInformational {
            bytes.append(contentsOf: "Date: ".utf8)
            bytes.append(contentsOf: self.currentDate().utf8)
            bytes.append(contentsOf: Self.crlf)
        }
        // RFC 9112 §9.6: a server that will close the connection sends "close"; §9.3: an HTTP/1.0 client needs an
        // explicit "keep-alive" to keep a persistent connection.
        if shouldClose {
            bytes.append(contentsOf: "Connection: close\r\n".utf8)
        } else if requestVersion == .http1_0 {
            bytes.append(contentsOf: "Connection: keep-alive\r\n".utf8)
        }
        bytes.append(contentsOf: Self.crlf)
        if sendsBody {
            bytes.append(contentsOf: response.body)
        }
        return bytes
    }

    /// The IMF-fixdate for now, formatted at most once per second.
    private mutating func currentDate() -> String {
        let second = self.clock()
        if second != self.cachedSecond {
            self.cachedSecond = second
            self.cachedDate = IMFDate.format(secondsSince1970: second)
        }
        return self.cachedDate
    }

    private static let crlf: [UInt8] = [.carriageReturn, .lineFeed]

    /// Appends `text`'s UTF-8 without CR, LF or NUL.
    private static func appendSanitized(_ text: String, to bytes: inout [UInt8]) {
        let utf8 = text.utf8
        if !utf8.contains(where: { $0 == .carriageReturn || $0 == .lineFeed || $0 == 0 }) {
            bytes.append(contentsOf: utf8)
            return
        }
        for byte in utf8 where byte != .carriageReturn && byte != .lineFeed && byte != 0 {
            bytes.append(byte)
        }
    }
}
