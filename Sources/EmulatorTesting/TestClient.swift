// workos-emulator — EmulatorTesting module.
// Licensed under the MIT License.

import Foundation
import Sockets

/// A small blocking HTTP/1.1 client on raw sockets for tests.
///
/// It has its own encoder and response decoder and does not import `HTTP1`, so a bug shared by the server's
/// parser and writer cannot hide behind a symmetric bug here. `send` reuses one keep-alive connection and
/// reconnects when the server has closed it; `sendRaw` + `readResponse` give byte-level control. Every read has a
/// timeout, so a test never hangs forever. Not thread-safe: use one client per task or thread.
public final class TestClient {
    /// The server's host.
    public let host: String
    /// The server's port.
    public let port: Int
    /// How long one read may wait before the client gives up with a `TestClientError`.
    public var readTimeout: Duration

    private var socket: Socket?
    /// Bytes received and not yet decoded (a read can return the start of the next pipelined response).
    private var buffer: [UInt8] = []

    /// A client for `host:port`; nothing is connected until the first request.
    public init(host: String = "127.0.0.1", port: Int, readTimeout: Duration = .seconds(10)) {
        self.host = host
        self.port = port
        self.readTimeout = readTimeout
    }

    deinit {
        self.socket?.close()
    }

    /// True while the client holds an open connection.
    public var isConnected: Bool {
        self.socket != nil
    }

    /// Sends a request on the kept-alive connection (reconnecting if the server closed it) and returns the final
    /// response (interim 1xx responses are skipped). Adds `Host` and `Content-Length` unless given in `headers`.
    public func send(
        method: String,
        path: String,
        headers: [(String, String)] = [],
        body: [UInt8] = []
    ) throws -> TestResponse {
        let request = self.encode(method: method, path: path, headers: headers, body: body)
        let isReusingConnection = self.socket != nil
        do {
            return try self.exchange(request, isHeadRequest: method == "HEAD")
        } catch {
            self.close()
            // The server closed an idle keep-alive connection between requests: reconnect once.
            guard isReusingConnection, Self.isStaleConnection(error) else {
                throw error
            }
            return try self.exchange(request, isHeadRequest: method == "HEAD")
        }
    }

    private func exchange(_ request: [UInt8], isHeadRequest: Bool) throws -> TestResponse {
        try self.sendRaw(request)
        var response = try self.readResponse(isHeadRequest: isHeadRequest)
        while (100..<200).contains(response.status) {
            response = try self.readResponse(isHeadRequest: isHeadRequest)
        }
        if response.closesConnection {
            self.close()
        }
        return response
    }

    private static func isStaleConnection(_ error: any Error) -> Bool {
        if let error = error as? TestClientError {
            return error.isClosedBeforeResponse
        }
        if let error = error as? SocketError {
            return error.isDisconnect
        }
        return false
    }

    /// Sends a request with a UTF-8 body.
    public func send(
        method: String,
        path: String,
        headers: [(String, String)] = [],
        body: String
    ) throws
        -> TestResponse
    {
        try self.send(method: method, path: path, headers: headers, body: Array(body.utf8))
    }

    /// Writes bytes as they are, connecting first if needed.
    public func sendRaw(_ bytes: [UInt8]) throws {
        let socket = try self.connectIfNeeded()
        try socket.write(bytes)
    }

    /// Writes the UTF-8 of `text` as it is.
    public func sendRaw(_ text: String) throws {
        try self.sendRaw(Array(text.utf8))
    }

    /// Reads and decodes the next response, including interim 1xx ones. For a response to HEAD pass
    /// `isHeadRequest`, since it has headers describing a body that is not sent.
    public func readResponse(isHeadRequest: Bool = false) throws -> TestResponse {
        var decoder = ResponseDecoder(isHeadRequest: isHeadRequest)
        while true {
            switch try decoder.decode(&self.buffer, isAtEnd: false) {
            case .response(let response):
                return response
            case .needMore:
                let received = try self.receive()
                if received.isEmpty {
                    // End of stream: a response delimited by close is complete now; anything else is truncated.
                    if case .response(let response) = try decoder.decode(&self.buffer, isAtEnd: true) {
                        self.close()
                        return response
                    }
                    let hadBytes = decoder.hasStarted || !self.buffer.isEmpty
                    self.close()
                    throw TestClientError(
                        hadBytes ? "Connection closed in the middle of a response" : "Connection closed by server",
                        isClosedBeforeResponse: !hadBytes
                    )
                }
                self.buffer.append(contentsOf: received)
            }
        }
    }

    /// Reads until the server closes the connection and returns whatever arrived first (normally nothing).
    /// Throws if the connection is still open after the read timeout.
    public func readUntilClosed() throws -> [UInt8] {
        var collected = self.buffer
        self.buffer = []
        guard self.socket != nil else {
            return collected
        }
        while true {
            let received = try self.receive()
            if received.isEmpty {
                self.close()
                return collected
            }
            collected += received
        }
    }

    /// Closes the connection; the next request opens a new one.
    public func close() {
        self.socket?.close()
        self.socket = nil
        self.buffer = []
    }

    // MARK: - Plumbing

    private func connectIfNeeded() throws -> Socket {
        if let socket = self.socket {
            return socket
        }
        let address = try SocketAddress(host: self.host, port: self.port)
        let socket = try Socket.connected(to: address)
        try socket.setReadTimeout(self.readTimeout)
        try socket.setWriteTimeout(self.readTimeout)
        try? socket.setNoDelay()
        self.socket = socket
        self.buffer = []
        return socket
    }

    private func receive() throws -> [UInt8] {
        guard let socket = self.socket else {
            throw TestClientError("Not connected", isClosedBeforeResponse: true)
        }
        let result = Result { () throws(SocketError) -> [UInt8] in try socket.read(maxCount: 64 * 1024) }
        switch result {
        case .success(let bytes):
            return bytes
        case .failure(let error):
            if error.isTimeout {
                throw TestClientError("Timed out after \(self.readTimeout) waiting for the server")
            }
            // A reset or shutdown connection reads as its end.
            if error.isDisconnect {
                return []
            }
            throw error
        }
    }

    private func encode(method: String, path: String, headers: [(String, String)], body: [UInt8]) -> [UInt8] {
        let names = Set(headers.map { $0.0.lowercased() })
        let has = { (name: String) -> Bool in names.contains(name.lowercased()) }
        var head = "\(method) \(path) HTTP/1.1\r\n"
        if !has("Host") {
            let host = self.host.contains(":") ? "[\(self.host)]" : self.host
            head += "Host: \(host):\(self.port)\r\n"
        }
        for (name, value) in headers {
            head += "\(name): \(value)\r\n"
        }
        let sendsLength = !body.isEmpty || ["POST", "PUT", "PATCH"].contains(method)
        if sendsLength && !has("Content-Length") && !has("Transfer-Encoding") {
            head += "Content-Length: \(body.count)\r\n"
        }
        head += "\r\n"
        return Array(head.utf8) + body
    }
}
