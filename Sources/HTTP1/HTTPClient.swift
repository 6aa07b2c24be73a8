// workos-emulator — HTTP1 module.
// Licensed under the MIT License.

import Sockets

/// A small blocking HTTP/1.1 client for `http://` URLs: one request per connection (`Connection: close`), a
/// `Content-Length` body, the status line kept and the rest read up to a cap and dropped, every step bounded in
/// time, no redirects followed. For outbound webhook deliveries, where the peer may be slow or hostile; it runs
/// on the caller's thread and never on the cooperative pool.
public struct HTTPClient: Sendable {
    /// Timeouts and limits.
    public var configuration: Configuration

    /// A client with `configuration`.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Sends `POST url` with `headers` and `body`; returns the final status line (1xx interim responses skipped).
    /// A 3xx is returned as it is: redirects are not followed.
    public func post(
        url: String,
        headers: [(String, String)],
        body: [UInt8],
        cancellation: HTTPClientCancellation? = nil
    ) throws(HTTPClientError) -> HTTPClientResponse {
        let target = try HTTPClientTarget(url: url)
        let request = try self.encode(method: "POST", target: target, headers: headers, body: body)
        let socket = try self.connect(to: target)
        defer {
            cancellation?.detach()
            socket.close()
        }
        try cancellation?.attach(socket)
        do {
            return try self.exchange(request, on: socket)
        } catch {
            if cancellation?.isCancelled == true {
                throw HTTPClientError(.cancelled, "the request was cancelled")
            }
            throw error
        }
    }

    /// The request bytes: request line, `Host`, the caller's headers, `User-Agent`, `Content-Length`,
    /// `Connection: close` (RFC 9112 §3, §6.2, §9.6).
    func encode(method: String, target: HTTPClientTarget, headers: [(String, String)], body: [UInt8])
        throws(HTTPClientError) -> [UInt8]
    {
        var lines = ["\(method) \(target.requestTarget) HTTP/1.1", "Host: \(target.hostHeader)"]
        var hasUserAgent = false
        for (name, value) in headers {
            // RFC 9110 §5.1 (a name is a token) and §5.5 (no CR, LF or NUL in a value): anything else could
            // smuggle a header or a second request.
            let isToken = !name.isEmpty && name.utf8.allSatisfy { Self.isTokenByte($0) }
            guard isToken, !value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0x00 }) else {
                throw HTTPClientError(.invalidRequest, "the header '\(name)' cannot be sent")
            }
            let lowered = name.lowercased()
            guard lowered != "host", lowered != "content-length", lowered != "connection",
                lowered != "transfer-encoding"
            else { continue }
            if lowered == "user-agent" { hasUserAgent = true }
            lines.append("\(name): \(value)")
        }
        if !hasUserAgent { lines.append("User-Agent: \(self.configuration.userAgent)") }
        lines.append("Content-Length: \(body.count)")
        lines.append("Connection: close")
        return Array((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8) + body
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }

    /// Tries each address of the host in turn within the connect timeout.
    private func connect(to target: HTTPClientTarget) throws(HTTPClientError) -> Socket {
        let deadline = ContinuousClock.now + self.configuration.connectTimeout
        let addresses: [SocketAddress]
        do {
            addresses = try SocketAddress.resolve(host: target.host, port: target.port)
        } catch {
            throw HTTPClientError(.resolutionFailed, "cannot resolve '\(target.host)'")
        }
        var lastError = HTTPClientError(.connectFailed, "no address for '\(target.host)'")
        for address in addresses {
            let left = deadline - ContinuousClock.now
            guard left > .zero else {
                throw HTTPClientError(.timedOut, "connect to \(target.hostHeader) timed out")
            }
            do {
                let socket = try Socket.connected(to: address, timeout: left)
                try? socket.setNoDelay()
                return socket
            } catch where error.isConnectTimeout {
                lastError = HTTPClientError(.timedOut, "connect to \(address) timed out")
            } catch {
                lastError = HTTPClientError(.connectFailed, "connect to \(address): \(Self.reason(error))")
            }
        }
        throw lastError
    }

    /// Writes the request and reads the response head, then drains the body up to the cap.
    private func exchange(_ request: [UInt8], on socket: Socket) throws(HTTPClientError) -> HTTPClientResponse {
        let deadline = ContinuousClock.now + self.configuration.responseTimeout
        do {
            try socket.setWriteTimeout(self.configuration.responseTimeout)
            try socket.write(request, deadline: deadline)
        } catch {
            throw error.isTimeout
                ? HTTPClientError(.timedOut, "sending the request timed out")
                : HTTPClientError(.sendFailed, "sending the request failed: \(Self.reason(error))")
        }
        var buffer: [UInt8] = []
        while true {
            let (head, headEnd) = try self.readHead(from: socket, into: &buffer, deadline: deadline)
            buffer.removeFirst(headEnd)
            if (100..<200).contains(head.status.status) {
                continue  // RFC 9110 §15.2: interim responses precede the final one.
            }
            self.drainBody(from: socket, buffered: buffer, head: head, deadline: deadline)
            return head.status
        }
    }

    /// A parsed head: the status line and the `Content-Length`/chunked framing needed to drain the body.
    struct Head {
        var status: HTTPClientResponse
        var contentLength: Int?
        var isChunked: Bool
    }

    private func readHead(from socket: Socket, into buffer: inout [UInt8], deadline: ContinuousClock.Instant)
        throws(HTTPClientError) -> (Head, Int)
    {
        let terminator: [UInt8] = [13, 10, 13, 10]
        while true {
            if let end = Self.find(terminator, in: buffer) {
                let head = try Self.parseHead(buffer[..<end])
                return (head, end + terminator.count)
            }
            guard buffer.count <= self.configuration.maxHeadBytes else {
                throw HTTPClientError(
                    .invalidResponse, "the response head is larger than \(self.configuration.maxHeadBytes) bytes"
                )
            }
            let bytes = try self.receive(from: socket, deadline: deadline, waitingFor: "the status line")
            guard !bytes.isEmpty else {
                throw HTTPClientError(
                    .invalidResponse,
                    buffer.isEmpty
                        ? "the connection closed without a response" : "the connection closed inside the response head"
                )
            }
            buffer += bytes
        }
    }

    /// Parses `HTTP/1.x SSS reason` (RFC 9112 §4) and the two framing headers; other headers are ignored.
    static func parseHead(_ bytes: ArraySlice<UInt8>) throws(HTTPClientError) -> Head {
        let text = String(decoding: bytes, as: UTF8.self)
        var lines = text.split(separator: "\r\n", omittingEmptySubsequences: false).makeIterator()
        let statusLine = lines.next() ?? ""
        let parts = statusLine.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0] == "HTTP/1.1" || parts[0] == "HTTP/1.0", parts[1].count == 3,
            parts[1].utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
            let code = Int(parts[1]), (100...599).contains(code)
        else {
            throw HTTPClientError(.invalidResponse, "not an HTTP/1.x status line: '\(statusLine.prefix(80))'")
        }
        var head = Head(
            status: HTTPClientResponse(status: code, reasonPhrase: parts.count > 2 ? String(parts[2]) : ""),
            contentLength: nil,
            isChunked: false
        )
        while let line = lines.next() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            // RFC 9112 §5.1: optional whitespace around the value.
            let value = line[line.index(after: colon)...].drop { $0 == " " || $0 == "\t" }
                .reversed().drop { $0 == " " || $0 == "\t" }.reversed()
            let text = String(value)
            if name == "content-length" {
                head.contentLength = Int(text)
            } else if name == "transfer-encoding" {
                head.isChunked = text.lowercased().hasSuffix("chunked")
            }
        }
        return head
    }

    /// Reads the body and drops it, so the peer is not reset mid-write: up to `Content-Length`, the last chunk, the
    /// end of the stream, the cap or the deadline, whichever comes first (RFC 9112 §6.3). Errors here do not matter:
    /// the status is already known.
    private func drainBody(
        from socket: Socket,
        buffered: [UInt8],
        head: Head,
        deadline: ContinuousClock.Instant
    ) {
        var received = buffered.count
        var tail = Array(buffered.suffix(5))
        let lastChunk: [UInt8] = Array("0\r\n\r\n".utf8)
        func isComplete() -> Bool {
            if let length = head.contentLength { return received >= length }
            if head.isChunked { return tail == lastChunk }
            return false
        }
        while !isComplete(), received < self.configuration.maxBodyBytes {
            guard let bytes = try? self.receive(from: socket, deadline: deadline, waitingFor: "the body"),
                !bytes.isEmpty
            else { return }
            received += bytes.count
            tail = Array((tail + bytes).suffix(5))
        }
    }

    /// One `recv` of at most 16 KiB, with `SO_RCVTIMEO` set to the time left before `deadline`, so a peer sending
    /// a byte at a time cannot stretch the exchange past it.
    private func receive(from socket: Socket, deadline: ContinuousClock.Instant, waitingFor what: String)
        throws(HTTPClientError) -> [UInt8]
    {
        let left = deadline - ContinuousClock.now
        guard left > .zero else {
            throw HTTPClientError(.timedOut, "no response within \(self.configuration.responseTimeout) (\(what))")
        }
        do {
            try socket.setReadTimeout(left)
            return try socket.read(maxCount: 16 * 1024)
        } catch {
            if error.isTimeout {
                throw HTTPClientError(.timedOut, "no response within \(self.configuration.responseTimeout) (\(what))")
            }
            throw HTTPClientError(.invalidResponse, "reading the response failed: \(Self.reason(error))")
        }
    }

    private static func find(_ pattern: [UInt8], in bytes: [UInt8]) -> Int? {
        guard bytes.count >= pattern.count else { return nil }
        return (0...(bytes.count - pattern.count)).first { index in
            bytes[index..<(index + pattern.count)].elementsEqual(pattern)
        }
    }

    /// `Connection refused (errno 111)` out of `connect: Connection refused (errno 111)`.
    private static func reason(_ error: SocketError) -> String {
        let text = error.description
        guard let colon = text.range(of: ": ") else { return text }
        return String(text[colon.upperBound...])
    }
}
