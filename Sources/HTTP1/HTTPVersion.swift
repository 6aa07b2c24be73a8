// workos-emulator — HTTP1 module.
// Licensed under the MIT License.

/// The protocol version of a request line (RFC 9112 §2.3); only 1.0 and 1.1 are accepted.
public struct HTTPVersion: Hashable, Sendable, CustomStringConvertible {
    /// The major version digit.
    public let major: Int
    /// The minor version digit.
    public let minor: Int

    /// A version `major.minor`.
    public init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// `HTTP/1.0`.
    public static let http1_0 = HTTPVersion(major: 1, minor: 0)
    /// `HTTP/1.1`.
    public static let http1_1 = HTTPVersion(major: 1, minor: 1)

    /// `HTTP/major.minor`.
    public var description: String {
        "HTTP/\(self.major).\(self.minor)"
    }
}
