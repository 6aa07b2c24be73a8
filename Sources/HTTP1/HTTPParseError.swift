// workos-emulator — HTTP1 module.
// Licensed under the MIT License.

/// A request the parser rejected, with the status that answers it (400, 413, 431, 501 or 505).
/// After one of these the connection cannot be trusted to be in sync, so the server closes it.
public struct HTTPParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The status to answer with.
    public var status: HTTPStatus
    /// A short human-readable reason, used as the error body's message.
    public var message: String

    /// An error answered with `status`.
    public init(status: HTTPStatus, message: String) {
        self.status = status
        self.message = message
    }

    /// `status: message`.
    public var description: String {
        "\(self.status.code): \(self.message)"
    }

    static func badRequest(_ message: String) -> HTTPParseError {
        HTTPParseError(status: .badRequest, message: message)
    }
}
