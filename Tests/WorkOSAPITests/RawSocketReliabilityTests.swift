// workos-emulator — a raw-socket client for the reliability tests (exact bytes, half-close, every response back),
// and tests of its decoder.
// Licensed MIT.

import EmulatorTesting
import Foundation
import SQLite
import Sockets
import Testing

/// One response as read off the wire by `RawSocketExchange` (status, headers, Content-Length body).
struct RawResponse: Sendable {
    var status: Int
    var headers: [(String, String)]
    var body: [UInt8]

    /// The first value of `name`, case-insensitively.
    func header(_ name: String) -> String? {
        self.headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    /// The body as text.
    var text: String { String(decoding: self.body, as: UTF8.self) }
}

/// What came back for some raw bytes: the responses in order, and whether the server closed the connection.
struct RawOutcome: Sendable, CustomStringConvertible {
    var responses: [RawResponse]
    /// True when the server closed (end of stream or reset) before the read timeout.
    var isClosed: Bool
    /// Bytes after the last complete response (should be empty).
    var leftover: [UInt8]

    var statuses: [Int] { self.responses.map(\.status) }

    var description: String {
        "statuses \(self.statuses), closed: \(self.isClosed), leftover \(self.leftover.count) bytes"
    }
}

/// Sends bytes on a fresh connection, then (by default) shuts down the write side, so that a server waiting for
/// more input sees end of stream at once instead of timing out, and reads until the server closes. The server
/// writes `Content-Length` on every response (README), so responses are split on that alone: this decoder shares
/// no code with the server.
enum RawSocketExchange {
    static func run(
        _ bytes: [UInt8],
        port: Int,
        halfClose: Bool = true,
        timeout: Duration = .seconds(10)
    ) throws -> RawOutcome {
        let socket = try Socket.connected(to: SocketAddress(host: "127.0.0.1", port: port))
        defer { socket.close() }
        try socket.setReadTimeout(timeout)
        try socket.setWriteTimeout(timeout)
        // The server may answer and close before everything is written (431, 413): a failed write is not an error.
        _ = try? socket.write(bytes)
        if halfClose {
            socket.shutdown(.write)
        }
        var received: [UInt8] = []
        var isClosed = false
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            do {
                let chunk = try socket.read(maxCount: 64 * 1024)
                if chunk.isEmpty {
                    isClosed = true
                    break
                }
                received += chunk
            } catch {
                if error.isTimeout {
                    break
                }
                // A reset reads as the end of the connection.
                isClosed = true
                break
            }
        }
        return Self.decode(received, isClosed: isClosed)
    }

    /// Splits a byte stream into responses (Content-Length framing; 1xx and 204 have no body).
    static func decode(_ bytes: [UInt8], isClosed: Bool) -> RawOutcome {
        var responses: [RawResponse] = []
        var rest = bytes[...]
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        while let end = rest.firstRange(of: separator) {
            let head = String(decoding: rest[rest.startIndex..<end.lowerBound], as: UTF8.self)
            var lines = head.components(separatedBy: "\r\n")
            let statusLine = lines.removeFirst().split(separator: " ")
            guard statusLine.count >= 2, statusLine[0].hasPrefix("HTTP/1."), let status = Int(statusLine[1]) else {
                break
            }
            let headers = lines.compactMap { line -> (String, String)? in
                guard let colon = line.firstIndex(of: ":") else { return nil }
                return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
            }
            let length = headers.first { $0.0.lowercased() == "content-length" }.flatMap { Int($0.1) } ?? 0
            let bodyStart = end.upperBound
            guard rest.distance(from: bodyStart, to: rest.endIndex) >= length else {
                break
            }
            let bodyEnd = rest.index(bodyStart, offsetBy: length)
            responses.append(RawResponse(status: status, headers: headers, body: Array(rest[bodyStart..<bodyEnd])))
            rest = rest[bodyEnd...]
        }
        return RawOutcome(responses: responses, isClosed: isClosed, leftover: Array(rest))
    }
}

/// Every row of every table (idempotency replays excluded), to prove that a refused request wrote nothing.
struct StoreSnapshot: Equatable {
    /// Rows per table, in rowid order.
    var tables: [String: [Row]]

    /// Rows of `table`.
    func count(_ table: String) -> Int { self.tables[table]?.count ?? 0 }

    /// Tables whose rows differ from `other`'s, for failure messages.
    func differences(from other: StoreSnapshot) -> [String] {
        Set(self.tables.keys).union(other.tables.keys).filter { self.tables[$0] != other.tables[$0] }.sorted()
    }
}

extension TestServer {
    /// The whole store, read directly (not through the API under test).
    func storeSnapshot() throws -> StoreSnapshot {
        try self.application.services.database.read { connection in
            let names: [String] = try connection.fetchAll(
                """
                SELECT name FROM sqlite_master
                WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'idempotency_keys'
                """
            ).map { $0["name"] }
            var tables: [String: [Row]] = [:]
            for name in names {
                tables[name] = try connection.fetchAll("SELECT * FROM \"\(name)\" ORDER BY rowid")
            }
            return StoreSnapshot(tables: tables)
        }
    }
}

@Suite struct RawSocketReliabilityTests {
    @Test func decode_SplitsPipelinedResponsesOnContentLength() {
        let text =
            "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
            + "HTTP/1.1 400 Bad\r\ncontent-length: 0\r\n\r\nxy"
        let bytes = Array(text.utf8)
        let outcome = RawSocketExchange.decode(bytes, isClosed: true)
        #expect(outcome.statuses == [100, 200, 400])
        #expect(outcome.responses[1].text == "ok")
        #expect(outcome.leftover == Array("xy".utf8))
    }

    @Test func decode_KeepsATruncatedResponseAsLeftover() {
        let outcome = RawSocketExchange.decode(
            Array("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nab".utf8), isClosed: true)
        #expect(outcome.statuses.isEmpty)
        #expect(outcome.leftover.count > 0)
    }
}
