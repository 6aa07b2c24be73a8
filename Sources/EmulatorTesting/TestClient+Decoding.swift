// workos-emulator — EmulatorTesting module.
// Licensed under the MIT License.

/// Decodes one response from received bytes: status line, fields, then a body delimited by Content-Length,
/// chunked coding, or the end of the connection. Deliberately strict about CRLF: it checks the server's output.
struct ResponseDecoder {
    enum Outcome {
        case needMore
        case response(TestResponse)
    }

    private enum Framing {
        case none
        case length(Int)
        case chunked
        case untilClose
    }

    let isHeadRequest: Bool
    private var head: TestResponse?
    private var framing = Framing.none
    private(set) var hasStarted = false

    init(isHeadRequest: Bool) {
        self.isHeadRequest = isHeadRequest
    }

    /// Consumes one response from the front of `buffer` when it is complete.
    mutating func decode(_ buffer: inout [UInt8], isAtEnd: Bool) throws -> Outcome {
        if !buffer.isEmpty {
            self.hasStarted = true
        }
        if self.head == nil {
            guard let end = Self.find([13, 10, 13, 10], in: buffer[...]) else {
                return .needMore
            }
            let headText = String(decoding: buffer[..<end], as: UTF8.self)
            buffer.removeSubrange(..<(end + 4))
            try self.parseHead(headText)
        }
        guard var response = self.head else {
            return .needMore
        }
        switch self.framing {
        case .none:
            break
        case .length(let length):
            guard buffer.count >= length else {
                return .needMore
            }
            response.body = Array(buffer[..<length])
            buffer.removeSubrange(..<length)
        case .chunked:
            guard let (body, consumed) = try Self.decodeChunked(buffer[...]) else {
                return .needMore
            }
            response.body = body
            buffer.removeSubrange(..<consumed)
        case .untilClose:
            guard isAtEnd else {
                return .needMore
            }
            response.body = buffer
            buffer.removeAll()
        }
        return .response(response)
    }

    private mutating func parseHead(_ text: String) throws {
        var lines = text.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst()
        let parts = statusLine.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let status = Int(parts[1]), parts[1].count == 3 else {
            throw TestClientError("Malformed status line: \(statusLine)")
        }
        var headers: [(String, String)] = []
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else {
                throw TestClientError("Malformed header line: \(line)")
            }
            let name = String(line[..<colon])
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers.append((name, value))
        }
        let response = TestResponse(
            status: status,
            reasonPhrase: parts.count > 2 ? String(parts[2]) : "",
            headers: headers
        )
        self.head = response
        // RFC 9112 §6.3: HEAD, 1xx, 204 and 304 responses end after the header section.
        if self.isHeadRequest || (100..<200).contains(status) || status == 204 || status == 304 {
            self.framing = .none
        } else if response.header("Transfer-Encoding")?.lowercased().contains("chunked") == true {
            self.framing = .chunked
        } else if let lengthText = response.header("Content-Length") {
            guard let length = Int(lengthText), length >= 0 else {
                throw TestClientError("Malformed Content-Length: \(lengthText)")
            }
            self.framing = .length(length)
        } else {
            self.framing = .untilClose
        }
    }

    /// The decoded body and the bytes consumed, or nil when the chunked body is not complete yet.
    private static func decodeChunked(_ bytes: ArraySlice<UInt8>) throws -> ([UInt8], Int)? {
        var body: [UInt8] = []
        var index = bytes.startIndex
        while true {
            guard let lineEnd = Self.find([13, 10], in: bytes[index...]) else {
                return nil
            }
            let sizeText = String(decoding: bytes[index..<lineEnd], as: UTF8.self)
            let digits = sizeText.split(separator: ";").first.map(String.init) ?? ""
            guard let size = Int(digits.trimmingCharacters(in: .whitespaces), radix: 16) else {
                throw TestClientError("Malformed chunk size: \(sizeText)")
            }
            index = lineEnd + 2
            if size == 0 {
                // Skip trailer fields up to the empty line.
                while true {
                    guard let end = Self.find([13, 10], in: bytes[index...]) else {
                        return nil
                    }
                    let isEmpty = end == index
                    index = end + 2
                    if isEmpty {
                        return (body, index - bytes.startIndex)
                    }
                }
            }
            guard bytes.endIndex - index >= size + 2 else {
                return nil
            }
            body.append(contentsOf: bytes[index..<(index + size)])
            index += size + 2
        }
    }

    private static func find(_ pattern: [UInt8], in bytes: ArraySlice<UInt8>) -> Int? {
        guard bytes.count >= pattern.count else {
            return nil
        }
        var index = bytes.startIndex
        while index <= bytes.endIndex - pattern.count {
            if bytes[index] == pattern[0] && bytes[index..<(index + pattern.count)].elementsEqual(pattern) {
                return index
            }
            index += 1
        }
        return nil
    }
}
