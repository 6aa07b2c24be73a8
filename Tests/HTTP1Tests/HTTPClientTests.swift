// workos-emulator — HTTP1 tests: the outbound client against a fake server that answers literal bytes.
// Licensed under the MIT License.

import Foundation
import Sockets
import Synchronization
import Testing

@testable import HTTP1

/// A one-connection server: records what the client sent (up to the end of its body) and answers `reply`.
private final class FakeServer: Sendable {
    let port: Int
    private let listener: Socket
    private let received = Mutex<[UInt8]>([])
    private let done = DispatchSemaphore(value: 0)

    /// `reply` nil: accept, read, and never answer (until the client gives up).
    init(reply: [UInt8]?, readsRequest: Bool = true) throws {
        self.listener = try Socket.listening(on: SocketAddress(host: "127.0.0.1", port: 0))
        self.port = try self.listener.localAddress().port
        let thread = Thread { [self] in
            defer { self.done.signal() }
            guard let (connection, _) = try? self.listener.accept() else { return }
            defer { connection.close() }
            try? connection.setReadTimeout(.seconds(5))
            if readsRequest {
                var bytes: [UInt8] = []
                while !Self.isComplete(bytes), let chunk = try? connection.read(maxCount: 4096), !chunk.isEmpty {
                    bytes += chunk
                }
                self.received.withLock { $0 = bytes }
            }
            if let reply {
                try? connection.write(reply)
            } else {
                // Hold the connection open until the client closes it.
                _ = try? connection.read(maxCount: 1)
            }
        }
        thread.start()
    }

    var url: String { "http://127.0.0.1:\(self.port)" }

    /// What the client sent; waits for the connection to end.
    func request() -> String {
        _ = self.done.wait(timeout: .now() + 10)
        self.listener.close()
        return String(decoding: self.received.withLock { $0 }, as: UTF8.self)
    }

    private static func isComplete(_ bytes: [UInt8]) -> Bool {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let end = text.range(of: "\r\n\r\n") else { return false }
        let length = text[..<end.lowerBound].components(separatedBy: "\r\n")
            .first { $0.lowercased().hasPrefix("content-length:") }
            .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
        return text.utf8.count - text[..<end.upperBound].utf8.count >= length
    }
}

@Suite struct HTTPClientTests {
    private let client = HTTPClient(
        configuration: .init(connectTimeout: .seconds(2), responseTimeout: .milliseconds(300))
    )

    @Test func post_SendsTheExactRequestBytes_AndReturnsTheStatusLine() throws {
        let server = try FakeServer(reply: Array("HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok".utf8))
        let response = try self.client.post(
            url: server.url + "/hooks/in?x=1#frag",
            headers: [("Content-Type", "application/json"), ("WorkOS-Signature", "t=1, v1=ab")],
            body: Array(#"{"a":1}"#.utf8)
        )
        #expect(response == HTTPClientResponse(status: 201, reasonPhrase: "Created"))
        #expect(response.isSuccess)
        #expect(
            server.request()
                == "POST /hooks/in?x=1 HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\nContent-Type: application/json\r\n"
                + "WorkOS-Signature: t=1, v1=ab\r\nUser-Agent: workos-emulator\r\nContent-Length: 7\r\n"
                + "Connection: close\r\n\r\n{\"a\":1}"
        )
    }

    @Test func post_SkipsInterimResponses_AndKeepsNon2xxAndRedirectsAsTheyAre() throws {
        let continued = try FakeServer(
            reply: Array("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n".utf8)
        )
        #expect(try self.client.post(url: continued.url, headers: [], body: []).status == 204)
        let redirect = try FakeServer(
            reply: Array("HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:1/\r\nContent-Length: 0\r\n\r\n".utf8)
        )
        let response = try self.client.post(url: redirect.url, headers: [], body: [])
        #expect(response.status == 302 && !response.isSuccess)
        let failing = try FakeServer(
            reply: Array(
                "HTTP/1.0 500 Internal Server Error\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nbad\r\n0\r\n\r\n".utf8
            )
        )
        #expect(try self.client.post(url: failing.url, headers: [], body: []).status == 500)
    }

    @Test func post_RejectsWhatIsNotAnHTTPResponse() throws {
        let cases: [[UInt8]] = [
            Array("SSH-2.0-OpenSSH\r\n\r\n".utf8),
            Array("HTTP/1.1 20 OK\r\n\r\n".utf8),
            Array("HTTP/1.1 200".utf8),  // closed inside the head
            [],  // closed without a byte
            Array("HTTP/1.1 200 OK\r\nX: ".utf8) + [UInt8](repeating: 0x61, count: 20_000),
        ]
        for reply in cases {
            let server = try FakeServer(reply: reply)
            do {
                _ = try self.client.post(url: server.url, headers: [], body: [])
                Issue.record("accepted \(String(decoding: reply.prefix(40), as: UTF8.self))")
            } catch {
                #expect(error.code == .invalidResponse, "\(error)")
            }
        }
    }

    @Test func post_TimesOutWhenNoStatusLineComes() throws {
        let server = try FakeServer(reply: nil)
        let start = ContinuousClock.now
        do {
            _ = try self.client.post(url: server.url, headers: [], body: [])
            Issue.record("a server that never answers produced a response")
        } catch {
            #expect(error.code == .timedOut, "\(error)")
        }
        #expect(ContinuousClock.now - start < .seconds(3))
    }

    @Test func post_ReportsARefusedConnection() throws {
        let probe = try Socket.listening(on: SocketAddress(host: "127.0.0.1", port: 0))
        let port = try probe.localAddress().port
        probe.close()
        do {
            _ = try self.client.post(url: "http://127.0.0.1:\(port)/", headers: [], body: [])
            Issue.record("connected to a closed port")
        } catch {
            #expect(error.code == .connectFailed)
            #expect(error.message.contains("refused"), "\(error.message)")
        }
    }

    @Test func post_RefusesHTTPSAndHeaderInjection_BeforeConnecting() {
        #expect(throws: HTTPClientError(.unsupportedScheme, "https:// URLs are not supported, only http://")) {
            try self.client.post(url: "https://example.com/", headers: [], body: [])
        }
        do {
            _ = try self.client.post(url: "http://127.0.0.1:9/", headers: [("X-A", "1\r\nX-B: 2")], body: [])
            Issue.record("a value with CRLF was sent")
        } catch {
            #expect(error.code == .invalidRequest)
        }
    }

    @Test func cancellation_StopsARequestInProgress() throws {
        let server = try FakeServer(reply: nil)
        let slow = HTTPClient(configuration: .init(responseTimeout: .seconds(10)))
        let cancellation = HTTPClientCancellation()
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.2) { cancellation.cancel() }
        let start = ContinuousClock.now
        do {
            _ = try slow.post(url: server.url, headers: [], body: [], cancellation: cancellation)
            Issue.record("the cancelled request produced a response")
        } catch {
            #expect(error.code == .cancelled, "\(error)")
        }
        #expect(ContinuousClock.now - start < .seconds(5))
    }

    @Test func target_ParsesHostPortAndRequestTarget() throws {
        let plain = try HTTPClientTarget(url: "HTTP://Example.com")
        #expect(plain.host == "Example.com" && plain.port == 80 && plain.requestTarget == "/")
        #expect(plain.hostHeader == "Example.com")
        let query = try HTTPClientTarget(url: "http://localhost:3000?a=b")
        #expect(query.port == 3000 && query.requestTarget == "/?a=b" && query.hostHeader == "localhost:3000")
        let v6 = try HTTPClientTarget(url: "http://[::1]:8080/p/q#x")
        #expect(v6.host == "::1" && v6.port == 8080 && v6.requestTarget == "/p/q" && v6.hostHeader == "[::1]:8080")
        #expect(try HTTPClientTarget(url: "http://a.example:/x").port == 80)
        for bad in ["http://", "http://:80/", "http://u:p@a.example/", "http://a.example:0/", "http://a.example:x/",
            "http://[::1/", "a.example/x", "http://a b/"]
        {
            #expect(throws: HTTPClientError.self, "\(bad)") { try HTTPClientTarget(url: bad) }
        }
    }
}
