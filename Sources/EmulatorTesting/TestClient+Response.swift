// workos-emulator — EmulatorTesting module.
// Licensed under the MIT License.

/// A response as `TestClient` decoded it, independently of the server's own HTTP code.
public struct TestResponse: Sendable {
    /// The status code.
    public var status: Int
    /// The reason phrase from the status line.
    public var reasonPhrase: String
    /// The header fields in the order received.
    public var headers: [(String, String)]
    /// The body (de-chunked).
    public var body: [UInt8]

    /// A response with the given parts.
    public init(status: Int, reasonPhrase: String = "", headers: [(String, String)] = [], body: [UInt8] = []) {
        self.status = status
        self.reasonPhrase = reasonPhrase
        self.headers = headers
        self.body = body
    }

    /// The first value of header `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        self.headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    /// Every value of header `name` (case-insensitive), in order.
    public func headerValues(_ name: String) -> [String] {
        self.headers.filter { $0.0.lowercased() == name.lowercased() }.map(\.1)
    }

    /// The body decoded as UTF-8.
    public var text: String {
        String(decoding: self.body, as: UTF8.self)
    }

    /// True when the response announces that the server closes the connection.
    public var closesConnection: Bool {
        self.headerValues("Connection").contains { value in
            value.split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces).lowercased() == "close" }
        }
    }
}

/// Why `TestClient` could not produce a response.
public struct TestClientError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public var message: String
    /// True when the server closed the connection before sending any byte of a response.
    public var isClosedBeforeResponse: Bool

    /// An error with `message`.
    public init(_ message: String, isClosedBeforeResponse: Bool = false) {
        self.message = message
        self.isClosedBeforeResponse = isClosedBeforeResponse
    }

    /// The message.
    public var description: String {
        self.message
    }
}
