// workos-emulator — HTTP1 tests.
// Licensed under the MIT License.

import EmulatorTesting
import Foundation
import Sockets
import Testing

/// The test client's own decoder, against a canned server written with raw sockets (no HTTP1 involved).
@Suite struct TestClientTests {
    /// Accepts one connection, reads one request head, writes `response`, and closes if `closeAfter`.
    private static func cannedServer(_ response: String, closeAfter: Bool) throws -> (listener: Socket, port: Int) {
        let listener = try Socket.listening(on: SocketAddress(host: "127.0.0.1", port: 0))
        let port = try listener.localAddress().port
        Thread {
            guard let (connection, _) = try? listener.accept() else {
                return
            }
            try? connection.setReadTimeout(.seconds(5))
            var received: [UInt8] = []
            while !String(decoding: received, as: UTF8.self).contains("\r\n\r\n"),
                let bytes = try? connection.read(maxCount: 4096), !bytes.isEmpty
            {
                received += bytes
            }
            try? connection.write(Array(response.utf8))
            if closeAfter {
                connection.close()
            } else {
                Thread.sleep(forTimeInterval: 1)
                connection.close()
            }
        }.start()
        return (listener, port)
    }

    @Test func chunkedResponse_IsDecoded() throws {
        let (listener, port) = try Self.cannedServer(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\nhello\r\n6\r\n world\r\n0\r\nT: 1\r\n\r\n",
            closeAfter: false
        )
        defer { listener.close() }
        let response = try TestClient(port: port).send(method: "GET", path: "/")
        #expect(response.status == 200)
        #expect(response.text == "hello world")
    }

    @Test func responseWithoutLength_IsReadUntilClose() throws {
        let (listener, port) = try Self.cannedServer(
            "HTTP/1.1 201 Created\r\nX-A: b\r\n\r\nuntil close",
            closeAfter: true
        )
        defer { listener.close() }
        let response = try TestClient(port: port).send(method: "POST", path: "/", body: "x")
        #expect(response.status == 201)
        #expect(response.reasonPhrase == "Created")
        #expect(response.header("x-a") == "b")
        #expect(response.text == "until close")
    }

    @Test func silentServer_TimesOutInsteadOfHanging() throws {
        let listener = try Socket.listening(on: SocketAddress(host: "127.0.0.1", port: 0))
        defer { listener.close() }
        let client = TestClient(port: try listener.localAddress().port, readTimeout: .milliseconds(200))
        #expect(throws: TestClientError.self) { try client.send(method: "GET", path: "/") }
    }

    @Test func malformedStatusLine_IsAnError() throws {
        let (listener, port) = try Self.cannedServer("HTTP/1.1 OK\r\n\r\n", closeAfter: true)
        defer { listener.close() }
        #expect(throws: TestClientError.self) { try TestClient(port: port).send(method: "GET", path: "/") }
    }
}
