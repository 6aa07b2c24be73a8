// workos-emulator — HTTP1 module.
// Licensed under the MIT License.

/// An incremental HTTP/1.1 request parser (RFC 9112): feed it byte chunks with `append`, pull events with `next`.
///
/// Pure: no I/O, no clock. Bytes are kept in one buffer with a read index (compacted rarely, so the cost of
/// parsing stays linear however the input is split), and the search for the end of a line resumes where the
/// previous search stopped, so a client trickling one byte at a time cannot make parsing quadratic.
/// Once `next` throws, the parser keeps throwing the same error: the connection is out of sync and must close.
public struct RequestParser: Sendable {
    /// Size limits; exceeding them is an error (431 for the head, 413 for the body).
    public struct Limits: Sendable, Equatable {
        /// Request line plus header section, including line endings.
        public var maxHeaderBytes: Int
        /// Decoded body size (after removing chunked framing).
        public var maxBodyBytes: Int

        /// Limits with the given sizes.
        public init(maxHeaderBytes: Int = 16 * 1024, maxBodyBytes: Int = 1 << 20) {
            self.maxHeaderBytes = maxHeaderBytes
            self.maxBodyBytes = maxBodyBytes
        }
    }

    /// What `next` produced.
    public enum Event: Sendable {
        /// The head asked for `Expect: 100-continue` and a body is due: send `100 Continue` now (RFC 9110 §10.1.1).
        case continueExpected
        /// A complete request.
        case request(HTTPRequest)
    }

    /// Where the parser is within the current request.
    public enum Phase: Sendable, Equatable {
        /// No byte of the next request has arrived.
        case idle
        /// Some of the request line or header section has arrived.
        case head
        /// The head is complete; body bytes are due.
        case body
    }

    private enum Stage: Sendable {
        case head
        case fixedBody
        case chunkSize
        case chunkData
        case chunkDataEnd
        case trailers
    }

    /// Longest accepted chunk-size line, extensions included (they are ignored, but must not grow unbounded).
    static let maxChunkLineBytes = 4096

    private let limits: Limits
    private var buffer: [UInt8] = []
    /// First byte not yet consumed.
    private var readIndex = 0
    /// Where the search for the next LF resumes (never before `readIndex`).
    private var scanIndex = 0
    /// First byte of the current request (or of the trailer section), for the size limits; may go negative
    /// after compaction, which only ever moves bytes that were already consumed.
    private var sectionStart = 0
    private var stage = Stage.head
    private var failure: HTTPParseError?

    private var hasRequestLine = false
    private var method = HTTPMethod.get
    private var target = ""
    private var version = HTTPVersion.http1_1
    private var headers = HTTPHeaders()
    private var body: [UInt8] = []
    /// Remaining bytes of a `Content-Length` body or of the current chunk.
    private var remainingBodyBytes = 0

    /// A parser with the given limits.
    public init(limits: Limits = Limits()) {
        self.limits = limits
        self.buffer.reserveCapacity(4096)
    }

    /// Where the parser is within the current request.
    public var phase: Phase {
        switch self.stage {
        case .head:
            return self.buffer.count == self.sectionStart && !self.hasRequestLine ? .idle : .head
        default:
            return .body
        }
    }

    /// True when bytes were received that no event has accounted for yet.
    public var hasUnconsumedBytes: Bool {
        self.readIndex < self.buffer.count
    }

    // MARK: - Input

    /// Appends received bytes.
    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        self.compact()
        self.buffer.append(contentsOf: bytes)
    }

    /// Appends received bytes.
    public mutating func append(_ bytes: some Sequence<UInt8>) {
        self.compact()
        self.buffer.append(contentsOf: bytes)
    }

    /// Drops consumed bytes: for free when everything was consumed, otherwise only once they are a large share of
    /// the buffer, so each byte is moved O(1) times.
    private mutating func compact() {
        guard self.readIndex > 0 else {
            return
        }
        let shift: Int
        if self.readIndex == self.buffer.count {
            shift = self.readIndex
            self.buffer.removeAll(keepingCapacity: true)
        } else if self.readIndex >= 4096 && self.readIndex * 2 >= self.buffer.count {
            shift = self.readIndex
            self.buffer.removeSubrange(0..<self.readIndex)
        } else {
            return
        }
        self.readIndex -= shift
        self.scanIndex -= shift
        self.sectionStart -= shift
    }

    // MARK: - Output

    /// The next event, or nil when more bytes are needed. Throws `HTTPParseError` for a malformed or oversized
    /// request, and keeps throwing it afterwards.
    public mutating func next() throws(HTTPParseError) -> Event? {
        if let failure = self.failure {
            throw failure
        }
        do {
            return try self.step()
        } catch {
            self.failure = error
            throw error
        }
    }

    private mutating func step() throws(HTTPParseError) -> Event? {
        while true {
            switch self.stage {
            case .head:
                guard let line = try self.nextLine(limit: self.limits.maxHeaderBytes, overflow: Self.headTooLarge)
                else {
                    return nil
                }
                if !self.hasRequestLine {
                    // RFC 9112 §2.2: a server SHOULD ignore at least one empty line received before the request-line.
                    // They still count towards the head's size limit (sectionStart is not moved).
                    if !line.isEmpty {
                        try self.parseRequestLine(line)
                        self.hasRequestLine = true
                    }
                } else if line.isEmpty {
                    // RFC 9112 §2.1: an empty line ends the header section.
                    if let event = try self.finishHead() {
                        return event
                    }
                } else {
                    try self.parseFieldLine(line)
                }

            case .fixedBody:
                self.takeBodyBytes()
                if self.remainingBodyBytes > 0 {
                    return nil
                }
                return .request(self.finishRequest())

            case .chunkSize:
                guard
                    let line = try self.nextLine(
                        limit: Self.maxChunkLineBytes,
                        overflow: .badRequest("Chunk size line too long")
                    )
                else {
                    return nil
                }
                try self.parseChunkSize(line)

            case .chunkData:
                self.takeBodyBytes()
                if self.remainingBodyBytes > 0 {
                    return nil
                }
                self.stage = .chunkDataEnd

            case .chunkDataEnd:
                // RFC 9112 §7.1: chunk = chunk-size [ chunk-ext ] CRLF chunk-data CRLF
                let available = self.buffer.count - self.readIndex
                guard available > 0 else {
                    return nil
                }
                if self.buffer[self.readIndex] == .lineFeed {
                    self.readIndex += 1
                } else if self.buffer[self.readIndex] == .carriageReturn {
                    guard available >= 2 else {
                        return nil
                    }
                    guard self.buffer[self.readIndex + 1] == .lineFeed else {
                        throw .badRequest("Chunk data not followed by CRLF")
                    }
                    self.readIndex += 2
                } else {
                    throw .badRequest("Chunk data longer than its chunk size")
                }
                self.stage = .chunkSize

            case .trailers:
                // RFC 9112 §7.1.2: trailer fields may be discarded; only their size is limited.
                guard let line = try self.nextLine(limit: self.limits.maxHeaderBytes, overflow: Self.headTooLarge)
                else {
                    return nil
                }
                if line.isEmpty {
                    return .request(self.finishRequest())
                }
            }
        }
    }

    private static let headTooLarge = HTTPParseError(
        status: .requestHeaderFieldsTooLarge,
        message: "Request header fields too large"
    )

    /// The next line's content range (without CRLF or LF), consuming it; nil until a LF arrives.
    /// RFC 9112 §2.2: a recipient MAY recognize a single LF as a line terminator and ignore any preceding CR.
    /// A bare CR anywhere else is rejected by the field checks (it is a CTL).
    private mutating func nextLine(limit: Int, overflow: HTTPParseError) throws(HTTPParseError) -> Range<Int>? {
        let start = max(self.scanIndex, self.readIndex)
        guard let lineFeed = self.buffer[start...].firstIndex(of: .lineFeed) else {
            self.scanIndex = self.buffer.count
            if self.buffer.count - self.sectionStart > limit {
                throw overflow
            }
            return nil
        }
        if lineFeed + 1 - self.sectionStart > limit {
            throw overflow
        }
        var end = lineFeed
        if end > self.readIndex && self.buffer[end - 1] == .carriageReturn {
            end -= 1
        }
        let line = self.readIndex..<end
        self.readIndex = lineFeed + 1
        self.scanIndex = self.readIndex
        return line
    }

    // MARK: - Head

    /// RFC 9112 §3: request-line = method SP request-target SP HTTP-version
    private mutating func parseRequestLine(_ line: Range<Int>) throws(HTTPParseError) {
        let bytes = self.buffer[line]
        guard let firstSpace = bytes.firstIndex(of: .space) else {
            throw .badRequest("Malformed request line")
        }
        let methodBytes = bytes[..<firstSpace]
        // RFC 9110 §9.1: method = token
        guard !methodBytes.isEmpty, methodBytes.allSatisfy(Self.isTokenCharacter) else {
            throw .badRequest("Malformed request method")
        }
        let afterMethod = bytes[(firstSpace + 1)...]
        guard let secondSpace = afterMethod.firstIndex(of: .space) else {
            throw .badRequest("Malformed request line")
        }
        let targetBytes = afterMethod[..<secondSpace]
        let versionBytes = afterMethod[(secondSpace + 1)...]

        // RFC 9112 §2.3: HTTP-version = HTTP-name "/" DIGIT "." DIGIT
        guard versionBytes.count == 8, versionBytes.starts(with: Self.httpName),
            let major = Self.digit(versionBytes[versionBytes.startIndex + 5]),
            versionBytes[versionBytes.startIndex + 6] == UInt8(ascii: "."),
            let minor = Self.digit(versionBytes[versionBytes.startIndex + 7])
        else {
            throw .badRequest("Malformed HTTP version")
        }
        guard major == 1, minor == 0 || minor == 1 else {
            // RFC 9110 §15.6.6: 505 for a major version the server does not support.
            throw HTTPParseError(status: .httpVersionNotSupported, message: "HTTP version not supported")
        }

        // RFC 9112 §3.2: the request-target contains no whitespace (a single SP separates it) and no CTL.
        guard !targetBytes.isEmpty, targetBytes.allSatisfy({ $0 > .space && $0 != .delete }) else {
            throw .badRequest("Malformed request target")
        }
        guard let target = String(validating: targetBytes, as: UTF8.self) else {
            throw .badRequest("Request target is not valid UTF-8")
        }
        self.method = Self.makeMethod(methodBytes)
        // RFC 9112 §3.2: origin-form, absolute-form, or asterisk-form for OPTIONS.
        let isOriginForm = target.utf8.first == UInt8(ascii: "/")
        let isAbsoluteForm = target.hasPrefix("http://") || target.hasPrefix("https://")
        let isAsteriskForm = target == "*" && self.method == .options
        guard isOriginForm || isAbsoluteForm || isAsteriskForm else {
            throw .badRequest("Unsupported request target form")
        }
        self.target = target
        self.version = HTTPVersion(major: major, minor: minor)
    }

    /// RFC 9112 §5: field-line = field-name ":" OWS field-value OWS
    private mutating func parseFieldLine(_ line: Range<Int>) throws(HTTPParseError) {
        let bytes = self.buffer[line]
        // RFC 9112 §5.2: obs-fold (a line starting with SP/HTAB) — a server MUST reject it with 400
        // (or replace it; rejecting is the choice made here).
        if let first = bytes.first, first == .space || first == .tab {
            throw .badRequest("Obsolete line folding in header section")
        }
        guard let colon = bytes.firstIndex(of: .colon) else {
            throw .badRequest("Header field without a colon")
        }
        let nameBytes = bytes[..<colon]
        // RFC 9112 §5.1: no whitespace is allowed between the field name and colon; a server MUST reject it with
        // 400. RFC 9110 §5.1: field-name = token.
        guard !nameBytes.isEmpty, nameBytes.allSatisfy(Self.isTokenCharacter) else {
            throw .badRequest("Malformed header field name")
        }
        var valueStart = colon + 1
        var valueEnd = line.upperBound
        while valueStart < valueEnd, self.buffer[valueStart] == .space || self.buffer[valueStart] == .tab {
            valueStart += 1
        }
        while valueEnd > valueStart, self.buffer[valueEnd - 1] == .space || self.buffer[valueEnd - 1] == .tab {
            valueEnd -= 1
        }
        let valueBytes = self.buffer[valueStart..<valueEnd]
        // RFC 9110 §5.5: field values containing CR, LF or NUL are invalid and MUST be rejected or replaced;
        // other CTLs (except HTAB) are also invalid. Rejected here.
        var isASCII = true
        for byte in valueBytes {
            if (byte < .space && byte != .tab) || byte == .delete {
                throw .badRequest("Invalid character in header field value")
            }
            if byte >= 0x80 {
                isASCII = false
            }
        }
        let name = String(decoding: nameBytes, as: UTF8.self)
        let value: String
        if isASCII {
            value = String(decoding: valueBytes, as: UTF8.self)
        } else {
            // RFC 9110 §5.5: obs-text; take UTF-8 when it is valid, otherwise read the bytes as ISO-8859-1.
            value = String(validating: valueBytes, as: UTF8.self) ?? Self.latin1(valueBytes)
        }
        self.headers.add(name: name, value: value)
    }

    /// True when `value` has only the characters of RFC 3986 `host [":" port]`: reg-name, IPv4 and IP-literal
    /// (unreserved, pct-encoded, sub-delims, ":", "[" and "]"). Empty is allowed (RFC 9112 §3.2: no authority).
    static func isValidHost(_ value: String) -> Bool {
        value.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"):
                return true
            default:
                return "-._~%!$&'()*+,;=:[]".utf8.contains(byte)
            }
        }
    }

    /// Decides how the body is framed (RFC 9112 §6.3) and moves to the body stage; returns an event when the
    /// request is already complete or the client waits for `100 Continue`.
    private mutating func finishHead() throws(HTTPParseError) -> Event? {
        // RFC 9112 §3.2: a server MUST respond with 400 to an HTTP/1.1 request without a Host header field and to
        // any request with more than one Host field line.
        let hostCount = self.headers.values(for: "Host").count
        if hostCount > 1 || (hostCount == 0 && self.version == .http1_1) {
            throw .badRequest(hostCount == 0 ? "Missing Host header" : "Multiple Host headers")
        }
        // RFC 9112 §3.2: ... and to a Host header field with an invalid field value. The value is uri-host [":" port]
        // (RFC 3986 §3.2.2-3.2.3), so userinfo, a path, a fragment, a backslash or a space in it is a 400, and never
        // reaches the absolute URLs (redirect Locations, links) that handlers build from it.
        if let host = self.headers["Host"], !Self.isValidHost(host) {
            throw .badRequest("Invalid Host header")
        }

        let transferEncodings = self.headers.values(for: "Transfer-Encoding")
        let contentLengths = self.headers.values(for: "Content-Length")
        var expectsBody = false
        if !transferEncodings.isEmpty {
            // RFC 9112 §6.3 ¶3: Transfer-Encoding together with Content-Length might be a smuggling attempt and
            // ought to be handled as an error.
            guard contentLengths.isEmpty else {
                throw .badRequest("Both Transfer-Encoding and Content-Length")
            }
            // RFC 9112 §6.1: Transfer-Encoding in an HTTP/1.0 message means faulty framing.
            guard self.version == .http1_1 else {
                throw .badRequest("Transfer-Encoding in an HTTP/1.0 request")
            }
            let codings = transferEncodings.flatMap { $0.commaSeparatedElements() }
            // RFC 9112 §6.1: a server that receives a transfer coding it does not understand SHOULD respond
            // with 501.
            for coding in codings where !coding.equalsIgnoringASCIICase("chunked") {
                throw HTTPParseError(status: .notImplemented, message: "Unsupported transfer coding: \(coding)")
            }
            // RFC 9112 §6.1: chunked MUST NOT be applied more than once; §6.3 ¶4: if chunked is not the final
            // coding the length cannot be determined, 400.
            guard codings.count == 1 else {
                throw .badRequest("Invalid Transfer-Encoding")
            }
            self.stage = .chunkSize
            expectsBody = true
        } else if !contentLengths.isEmpty {
            let length = try Self.parseContentLength(contentLengths)
            // RFC 9110 §15.5.14: 413 when the content is larger than the server is willing to process.
            guard length <= self.limits.maxBodyBytes else {
                throw HTTPParseError(status: .payloadTooLarge, message: "Request body too large")
            }
            if length > 0 {
                self.remainingBodyBytes = length
                self.body.reserveCapacity(length)
                self.stage = .fixedBody
                expectsBody = true
            }
        }
        // RFC 9112 §6.3 ¶7: a request with neither field has a body of length zero.
        guard expectsBody else {
            return .request(self.finishRequest())
        }
        // RFC 9110 §10.1.1: 100-continue is honoured for HTTP/1.1 only (MUST ignore it from 1.0), and a server
        // MAY omit the 100 when some of the body has already arrived.
        if self.version == .http1_1, self.readIndex == self.buffer.count,
            self.headers.containsToken("100-continue", in: "Expect")
        {
            return .continueExpected
        }
        return nil
    }

    /// RFC 9110 §8.6: Content-Length = 1*DIGIT. A list of identical values (repeated fields or `5, 5`) may be
    /// accepted as one; differing values, non-digits, or a value too large to represent are unrecoverable (400).
    private static func parseContentLength(_ values: [String]) throws(HTTPParseError) -> Int {
        var result: Int?
        for value in values {
            let elements = value.split(separator: ",", omittingEmptySubsequences: false)
            for element in elements {
                let digits = element.trimmingOWS()
                guard !digits.isEmpty, digits.utf8.allSatisfy({ Self.digit($0) != nil }) else {
                    throw .badRequest("Invalid Content-Length")
                }
                var length = 0
                for byte in digits.utf8 {
                    let (shifted, overflow1) = length.multipliedReportingOverflow(by: 10)
                    let (sum, overflow2) = shifted.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
                    guard !overflow1, !overflow2 else {
                        throw .badRequest("Content-Length out of range")
                    }
                    length = sum
                }
                if let previous = result, previous != length {
                    throw .badRequest("Conflicting Content-Length values")
                }
                result = length
            }
        }
        guard let result else {
            throw .badRequest("Invalid Content-Length")
        }
        return result
    }

    // MARK: - Body

    private mutating func takeBodyBytes() {
        let count = min(self.buffer.count - self.readIndex, self.remainingBodyBytes)
        guard count > 0 else {
            return
        }
        self.body.append(contentsOf: self.buffer[self.readIndex..<(self.readIndex + count)])
        self.readIndex += count
        self.remainingBodyBytes -= count
    }

    /// RFC 9112 §7.1: chunk-size = 1*HEXDIG, then optional chunk extensions (ignored, §7.1.1).
    private mutating func parseChunkSize(_ line: Range<Int>) throws(HTTPParseError) {
        var index = line.lowerBound
        var size = 0
        while index < line.upperBound, let value = PercentDecoding.hexValue(self.buffer[index]) {
            let (shifted, overflow1) = size.multipliedReportingOverflow(by: 16)
            let (sum, overflow2) = shifted.addingReportingOverflow(Int(value))
            guard !overflow1, !overflow2 else {
                throw HTTPParseError(status: .payloadTooLarge, message: "Request body too large")
            }
            size = sum
            index += 1
        }
        guard index > line.lowerBound else {
            throw .badRequest("Invalid chunk size")
        }
        // RFC 9112 §7.1.1: chunk-ext = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] )
        while index < line.upperBound, self.buffer[index] == .space || self.buffer[index] == .tab {
            index += 1
        }
        if index < line.upperBound {
            guard self.buffer[index] == .semicolon else {
                throw .badRequest("Invalid chunk size")
            }
            let hasControl = self.buffer[index..<line.upperBound].contains {
                ($0 < .space && $0 != .tab) || $0 == .delete
            }
            guard !hasControl else {
                throw .badRequest("Invalid chunk extension")
            }
        }
        if size == 0 {
            // RFC 9112 §7.1: last-chunk, then the trailer section and the final CRLF.
            self.stage = .trailers
            self.sectionStart = self.readIndex
            return
        }
        // The body limit applies to the decoded body, across all chunks.
        guard size <= self.limits.maxBodyBytes - self.body.count else {
            throw HTTPParseError(status: .payloadTooLarge, message: "Request body too large")
        }
        self.remainingBodyBytes = size
        self.stage = .chunkData
    }

    // MARK: - Completion

    private mutating func finishRequest() -> HTTPRequest {
        let request = HTTPRequest(
            method: self.method,
            target: self.target,
            headers: self.headers,
            body: self.body,
            version: self.version
        )
        self.stage = .head
        self.hasRequestLine = false
        self.headers = HTTPHeaders()
        self.body = []
        self.target = ""
        self.remainingBodyBytes = 0
        self.sectionStart = self.readIndex
        self.scanIndex = self.readIndex
        return request
    }

    // MARK: - Character classes

    private static let httpName: [UInt8] = Array("HTTP/".utf8)

    /// RFC 9110 §5.6.2: tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|"
    /// / "~" / DIGIT / ALPHA
    static func isTokenCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
            UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
            UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    private static func digit(_ byte: UInt8) -> Int? {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") ? Int(byte - UInt8(ascii: "0")) : nil
    }

    /// Reuses the method constants for the common methods instead of building a new string.
    private static func makeMethod(_ bytes: ArraySlice<UInt8>) -> HTTPMethod {
        for known in Self.knownMethods where bytes.elementsEqual(known.bytes) {
            return known.method
        }
        return HTTPMethod(rawValue: String(decoding: bytes, as: UTF8.self))
    }

    private static let knownMethods: [(bytes: [UInt8], method: HTTPMethod)] = [
        HTTPMethod.get, .post, .put, .patch, .delete, .head, .options,
    ].map { (Array($0.rawValue.utf8), $0) }

    private static func latin1(_ bytes: ArraySlice<UInt8>) -> String {
        var result = ""
        result.unicodeScalars.append(contentsOf: bytes.map { Unicode.Scalar($0) })
        return result
    }
}

extension UInt8 {
    static let tab = UInt8(ascii: "\t")
    static let lineFeed = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")
    static let space = UInt8(ascii: " ")
    static let colon = UInt8(ascii: ":")
    static let semicolon = UInt8(ascii: ";")
    static let delete: UInt8 = 0x7F
}
