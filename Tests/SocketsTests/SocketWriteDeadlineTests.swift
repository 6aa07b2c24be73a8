// workos-emulator — Sockets tests.
// Licensed under the MIT License.

import Foundation
import Sockets
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `Socket.write(_:deadline:)` against a peer that never reads.
@Suite struct SocketWriteDeadlineTests {
    private static func connectedPair() throws -> (listener: Socket, client: Socket, server: Socket) {
        let listener = try Socket.listening(on: SocketAddress(host: "127.0.0.1", port: 0))
        let port = try listener.localAddress().port
        let client = try Socket.connected(to: SocketAddress(host: "127.0.0.1", port: port))
        let (server, _) = try listener.accept()
        return (listener, client, server)
    }

    private static func sendTimeout(_ socket: Socket) throws -> timeval {
        var value = timeval()
        var length = socklen_t(MemoryLayout<timeval>.size)
        #expect(getsockopt(socket.fileDescriptor, SOL_SOCKET, SO_SNDTIMEO, &value, &length) == 0)
        return value
    }

    @Test func write_ToAPeerThatNeverReads_FailsAtTheDeadlineAndRestoresTheTimeout() throws {
        let (listener, client, server) = try Self.connectedPair()
        defer { withExtendedLifetime((listener, client)) {} }
        try client.setOption(SOL_SOCKET, SO_RCVBUF, 4096)
        try server.setWriteTimeout(.milliseconds(400))
        let bytes = [UInt8](repeating: 0x61, count: 32 << 20)
        let start = ContinuousClock.now
        #expect {
            try server.write(bytes, deadline: start + .milliseconds(400))
        } throws: { error in
            (error as? SocketError)?.isTimeout == true
        }
        let elapsed = ContinuousClock.now - start
        // Without the deadline, partial sends each restart SO_SNDTIMEO and this takes several timeouts.
        #expect(elapsed < .milliseconds(1_200), "took \(elapsed)")
        let restored = try Self.sendTimeout(server)
        #expect(restored.tv_sec == 0 && restored.tv_usec == 400_000)
    }

    @Test func write_WithTimeLeft_SendsEverything() throws {
        let (listener, client, server) = try Self.connectedPair()
        defer { withExtendedLifetime(listener) {} }
        try client.setReadTimeout(.seconds(5))
        let bytes = [UInt8](repeating: 0x62, count: 4 << 20)
        let reader = Thread {
            var received = 0
            while received < bytes.count, let chunk = try? client.read(maxCount: 1 << 20), !chunk.isEmpty {
                received += chunk.count
            }
        }
        reader.start()
        try server.write(bytes, deadline: ContinuousClock.now + .seconds(10))
    }

    @Test func write_PastItsDeadline_StillSendsWhatFitsInOneCall() throws {
        let (listener, client, server) = try Self.connectedPair()
        defer { withExtendedLifetime(listener) {} }
        // The first send always runs (with the socket's own timeout), so a small write succeeds.
        try server.write(Array("late".utf8), deadline: ContinuousClock.now - .seconds(1))
        #expect(try client.read(maxCount: 10) == Array("late".utf8))
    }
}
