// workos-emulator — HTTP1 tests.
// Licensed under the MIT License.

import Foundation
import Sockets
import Testing

@testable import HTTP1

/// Clients that stop reading their responses: the write timeout bounds the whole response write, not each `send`.
@Suite struct SlowReaderTests {
    private static func makeServer(writeTimeout: Duration) throws -> (HTTPServer, Int) {
        let configuration = HTTPServer.Configuration(port: 0, writeTimeout: writeTimeout)
        let server = HTTPServer(configuration: configuration) { _ in
            HTTPResponse(status: .ok, body: [UInt8](repeating: 0x78, count: 16 << 20))
        }
        return (server, try server.start())
    }

    /// Found by Tests/Reliability/heavy_clients.py (nonreader): with `SO_SNDTIMEO` alone, a `send` that times out
    /// after copying a few bytes returns them instead of failing, so the write loop started over with a fresh
    /// timeout and a client that never read held its connection thread for minutes instead of 30 s.
    @Test func clientThatNeverReads_IsDroppedOnceTheWriteTimeoutPasses() throws {
        let (server, port) = try Self.makeServer(writeTimeout: .seconds(1))
        defer { server.stop() }
        let client = try Socket.connected(to: SocketAddress(host: "127.0.0.1", port: port))
        defer { client.close() }
        try client.setOption(SOL_SOCKET, SO_RCVBUF, 4096)
        try client.write(Array("GET /big HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
        let start = ContinuousClock.now
        while server.connectionCount == 0, ContinuousClock.now - start < .seconds(5) {
            Thread.sleep(forTimeInterval: 0.01)
        }
        #expect(server.connectionCount == 1)
        while server.connectionCount > 0, ContinuousClock.now - start < .seconds(20) {
            Thread.sleep(forTimeInterval: 0.02)
        }
        let elapsed = ContinuousClock.now - start
        #expect(server.connectionCount == 0)
        // One write timeout, plus slack for a loaded machine; before the fix this took several timeouts.
        #expect(elapsed < .milliseconds(2_500), "dropped after \(elapsed)")
    }

    @Test func slowButSteadyReader_GetsTheWholeResponseWithinTheTimeout() throws {
        let (server, port) = try Self.makeServer(writeTimeout: .seconds(5))
        defer { server.stop() }
        let client = try Socket.connected(to: SocketAddress(host: "127.0.0.1", port: port))
        defer { client.close() }
        try client.setReadTimeout(.seconds(10))
        try client.write(Array("GET /big HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8))
        var received = 0
        while true {
            let chunk = try client.read(maxCount: 256 * 1024)
            if chunk.isEmpty { break }
            received += chunk.count
        }
        #expect(received > 16 << 20)
    }
}
