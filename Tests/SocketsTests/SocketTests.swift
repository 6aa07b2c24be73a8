// workos-emulator — Sockets tests.
// Licensed under the MIT License.

import Foundation
import Sockets
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite struct SocketTests {
    /// A listener on 127.0.0.1:0, a client connected to it, and the accepted server side.
    private static func connectedPair() throws -> (listener: Socket, client: Socket, server: Socket) {
        let listener = try Socket.listening(on: SocketAddress(host: "127.0.0.1", port: 0))
        let port = try listener.localAddress().port
        let client = try Socket.connected(to: SocketAddress(host: "127.0.0.1", port: port))
        let (server, _) = try listener.accept()
        return (listener, client, server)
    }

    @Test func listeningOnPortZero_ReportsTheRealPort() throws {
        let listener = try Socket.listening(on: SocketAddress(host: "127.0.0.1", port: 0))
        let address = try listener.localAddress()
        #expect(address.port > 0)
        #expect(address.host == "127.0.0.1")
        #expect(address.family == .ipv4)
    }

    @Test func acceptedSocket_ExchangesBytesBothWays() throws {
        let (listener, client, server) = try Self.connectedPair()
        defer { withExtendedLifetime(listener) {} }
        try client.write(Array("ping".utf8))
        #expect(try server.read(maxCount: 100) == Array("ping".utf8))
        try server.write(Array("pong".utf8))
        #expect(try client.read(maxCount: 100) == Array("pong".utf8))
        #expect(try server.peerAddress().port == client.localAddress().port)
    }

    @Test func accept_ReportsThePeerAddress() throws {
        let listener = try Socket.listening(on: SocketAddress(host: "127.0.0.1", port: 0))
        let client = try Socket.connected(to: listener.localAddress())
        let (_, peer) = try listener.accept()
        #expect(peer?.host == "127.0.0.1")
        #expect(peer?.port == (try client.localAddress().port))
    }

    @Test func read_ReturnsZeroAfterThePeerCloses() throws {
        let (listener, client, server) = try Self.connectedPair()
        defer { withExtendedLifetime(listener) {} }
        client.close()
        #expect(try server.read(maxCount: 100).isEmpty)
    }

    @Test func readTimeout_ThrowsATimeoutError() throws {
        let (listener, client, server) = try Self.connectedPair()
        defer { withExtendedLifetime((listener, server)) {} }
        try client.setReadTimeout(.milliseconds(50))
        let start = ContinuousClock.now
        #expect {
            _ = try client.read(maxCount: 10)
        } throws: { error in
            (error as? SocketError)?.isTimeout == true
        }
        #expect(ContinuousClock.now - start < .seconds(2))
    }

    @Test func shutdownRead_WakesABlockedReaderOnAnotherThread() throws {
        let (listener, client, server) = try Self.connectedPair()
        defer { withExtendedLifetime(listener) {} }
        try server.setReadTimeout(.seconds(10))
        let done = DispatchSemaphore(value: 0)
        let result = ResultBox()
        Thread {
            result.set((try? server.read(maxCount: 10))?.count ?? -1)
            done.signal()
        }.start()
        Thread.sleep(forTimeInterval: 0.05)
        server.shutdown(.read)
        #expect(done.wait(timeout: .now() + 5) == .success)
        #expect(result.value == 0)
        withExtendedLifetime(client) {}
    }

    @Test func shutdownListener_WakesABlockedAccept() throws {
        let listener = try Socket.listening(on: SocketAddress(host: "127.0.0.1", port: 0))
        let done = DispatchSemaphore(value: 0)
        Thread {
            _ = try? listener.accept()
            done.signal()
        }.start()
        Thread.sleep(forTimeInterval: 0.05)
        listener.shutdown(.both)
        #expect(done.wait(timeout: .now() + 5) == .success)
    }

    @Test func writeToAClosedPeer_FailsWithoutSIGPIPE() throws {
        let (listener, client, server) = try Self.connectedPair()
        defer { withExtendedLifetime(listener) {} }
        server.close()
        Thread.sleep(forTimeInterval: 0.05)
        // The first write may succeed (the peer answers it with RST); a later one must fail with EPIPE/ECONNRESET.
        let chunk = [UInt8](repeating: 1, count: 64 * 1024)
        var failure: SocketError?
        for _ in 0..<50 where failure == nil {
            do {
                try client.write(chunk)
            } catch {
                failure = error
            }
        }
        #expect(failure?.isDisconnect == true)
    }

    @Test func close_IsIdempotentAndShutdownAfterCloseIsHarmless() throws {
        let (listener, client, server) = try Self.connectedPair()
        defer { withExtendedLifetime((listener, server)) {} }
        #expect(client.isOpen)
        client.close()
        client.close()
        client.shutdown(.both)
        #expect(!client.isOpen)
    }

    @Test func connectToAClosedPort_FailsWithConnectError() throws {
        let listener = try Socket.listening(on: SocketAddress(host: "127.0.0.1", port: 0))
        let port = try listener.localAddress().port
        listener.close()
        #expect {
            _ = try Socket.connected(to: SocketAddress(host: "127.0.0.1", port: port))
        } throws: { error in
            (error as? SocketError)?.call == "connect" && (error as? SocketError)?.errno == ECONNREFUSED
        }
    }

    @Test func ipv6Loopback_ListensAndConnects() throws {
        let listener = try Socket.listening(on: SocketAddress(host: "::1", port: 0))
        let address = try listener.localAddress()
        #expect(address.family == .ipv6)
        #expect(address.host == "::1")
        let client = try Socket.connected(to: address)
        let (server, peer) = try listener.accept()
        #expect(peer?.host == "::1")
        try client.write([42])
        #expect(try server.read(maxCount: 1) == [42])
    }

    @Test func setNoDelay_SetsTCPNoDelay() throws {
        let (listener, client, server) = try Self.connectedPair()
        defer { withExtendedLifetime((listener, client)) {} }
        #expect(!server.isNoDelay)
        try server.setNoDelay()
        #expect(server.isNoDelay)
    }

    @Test func listeningSocket_HasReuseAddress() throws {
        let listener = try Socket.listening(on: SocketAddress(host: "127.0.0.1", port: 0))
        #expect(try listener.option(SOL_SOCKET, SO_REUSEADDR) != 0)
    }

    @Test func reuseAddress_AllowsRebindingRightAfterClose() throws {
        let (listener, client, server) = try Self.connectedPair()
        let port = try listener.localAddress().port
        // Closing the accepted side first leaves it in TIME_WAIT, which only SO_REUSEADDR lets a new bind ignore.
        server.close()
        client.close()
        listener.close()
        let again = try Socket.listening(on: SocketAddress(host: "127.0.0.1", port: port))
        #expect(try again.localAddress().port == port)
    }
}

/// A thread-safe slot for one result from a helper thread.
private final class ResultBox: Sendable {
    private let storage = Mutex<Int?>(nil)

    func set(_ value: Int) {
        self.storage.withLock { $0 = value }
    }

    var value: Int? {
        self.storage.withLock { $0 }
    }
}
