// workos-emulator — a tiny HTTP receiver on 127.0.0.1:0 for webhook tests, on the project's own Sockets module.
// Licensed MIT.

import Foundation
import Sockets
import Synchronization

/// Accepts connections on its own thread, reads one request each (head + `Content-Length` body), records it and
/// answers the next scripted status (200 once the script is used up), then closes the connection.
final class WebhookReceiver: Sendable {
    /// One request as received.
    struct Request: Sendable {
        var requestLine: String
        /// Header names lower-cased.
        var headers: [String: String]
        var body: [UInt8]

        var bodyText: String { String(decoding: self.body, as: UTF8.self) }
    }

    private struct State {
        var requests: [Request] = []
        var statuses: [Int]
    }

    /// The bound port.
    let port: Int
    /// `http://127.0.0.1:<port><path>`.
    var url: String { "http://127.0.0.1:\(self.port)/hooks" }

    private let listener: Socket
    private let state: Mutex<State>

    /// Listens on a free port; answers `statuses` in order, then 200.
    init(statuses: [Int] = []) throws {
        self.listener = try Socket.listening(on: SocketAddress(host: "127.0.0.1", port: 0))
        self.port = try self.listener.localAddress().port
        self.state = Mutex(State(statuses: statuses))
        let thread = Thread { [self] in self.acceptLoop() }
        thread.start()
    }

    /// Stops listening.
    func stop() {
        self.listener.shutdown(.both)
        self.listener.close()
    }

    /// The requests received so far.
    var requests: [Request] {
        self.state.withLock { $0.requests }
    }

    /// Waits until `count` requests arrived (or `timeout` passed) and returns them all.
    func waitForRequests(_ count: Int, timeout: Duration = .seconds(10)) -> [Request] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let requests = self.requests
            if requests.count >= count { return requests }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return self.requests
    }

    private func acceptLoop() {
        while true {
            guard let (connection, _) = try? self.listener.accept() else { return }
            self.handle(connection)
        }
    }

    private func handle(_ connection: Socket) {
        defer { connection.close() }
        try? connection.setReadTimeout(.seconds(5))
        var buffer: [UInt8] = []
        let terminator = Array("\r\n\r\n".utf8)
        var headEnd: Int?
        while headEnd == nil {
            guard let bytes = try? connection.read(maxCount: 4096), !bytes.isEmpty else { return }
            buffer += bytes
            headEnd = Self.find(terminator, in: buffer)
        }
        guard let headEnd else { return }
        let lines = String(decoding: buffer[..<headEnd], as: UTF8.self).components(separatedBy: "\r\n")
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...]
                .trimmingCharacters(in: .whitespaces)
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        var body = Array(buffer[(headEnd + 4)...])
        while body.count < length {
            guard let bytes = try? connection.read(maxCount: 4096), !bytes.isEmpty else { return }
            body += bytes
        }
        let status = self.state.withLock { state in
            state.requests.append(Request(requestLine: lines.first ?? "", headers: headers, body: body))
            return state.statuses.isEmpty ? 200 : state.statuses.removeFirst()
        }
        let response = "HTTP/1.1 \(status) Scripted\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
        try? connection.write(Array(response.utf8))
    }

    private static func find(_ pattern: [UInt8], in bytes: [UInt8]) -> Int? {
        guard bytes.count >= pattern.count else { return nil }
        return (0...(bytes.count - pattern.count)).first { bytes[$0..<($0 + pattern.count)].elementsEqual(pattern) }
    }
}
