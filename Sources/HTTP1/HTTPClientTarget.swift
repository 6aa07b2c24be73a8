// workos-emulator — HTTP1 module.
// Licensed under the MIT License.

/// Where an `http://` URL points: host, port and request target (RFC 9110 §4.2.1, RFC 3986 §3).
public struct HTTPClientTarget: Sendable, Hashable {
    /// The host: a name, an IPv4 literal or an IPv6 literal without brackets.
    public var host: String
    /// The TCP port (80 when the URL names none, RFC 9110 §4.2.1).
    public var port: Int
    /// The origin-form request target: the path (at least `/`) and the query, without the fragment
    /// (RFC 9112 §3.2.1).
    public var requestTarget: String

    /// Parses `http://host[:port][/path][?query][#fragment]`. `https://` throws `unsupportedScheme` (this client has
    /// no TLS); user information, an empty host, a bad port, and spaces or control characters throw `invalidURL`.
    public init(url: String) throws(HTTPClientError) {
        guard let schemeEnd = url.range(of: "://") else {
            throw HTTPClientError(.invalidURL, "'\(url)' is not an absolute http:// URL")
        }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "http" else {
            throw HTTPClientError(.unsupportedScheme, "\(scheme):// URLs are not supported, only http://")
        }
        // RFC 3986 §2: no spaces or control characters anywhere in a URI.
        guard !url.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F }) else {
            throw HTTPClientError(.invalidURL, "the URL contains spaces or control characters")
        }
        var rest = url[schemeEnd.upperBound...]
        if let hash = rest.firstIndex(of: "#") {
            rest = rest[..<hash]
        }
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        var target = String(rest[authorityEnd...])
        if target.isEmpty || target.hasPrefix("?") {
            target = "/" + target
        }
        guard !authority.contains("@") else {
            throw HTTPClientError(.invalidURL, "user information in the URL is not supported")
        }
        var host: Substring
        var portText: Substring?
        if authority.hasPrefix("[") {
            // RFC 3986 §3.2.2: an IPv6 literal is bracketed.
            guard let close = authority.firstIndex(of: "]") else {
                throw HTTPClientError(.invalidURL, "unterminated IPv6 literal in '\(url)'")
            }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else {
                    throw HTTPClientError(.invalidURL, "unexpected characters after the IPv6 literal in '\(url)'")
                }
                portText = after.dropFirst()
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        } else {
            host = authority
        }
        guard !host.isEmpty else {
            throw HTTPClientError(.invalidURL, "the URL '\(url)' has no host")
        }
        var port = 80
        // RFC 3986 §3.2.3: an empty port after the colon means the default.
        if let portText, !portText.isEmpty {
            guard portText.allSatisfy(\.isASCII), portText.allSatisfy(\.isNumber), portText.count <= 5,
                let number = Int(portText), (1...65535).contains(number)
            else {
                throw HTTPClientError(.invalidURL, "the port '\(portText)' is not between 1 and 65535")
            }
            port = number
        }
        self.host = String(host)
        self.port = port
        self.requestTarget = target
    }

    /// The `Host` header value (RFC 9110 §7.2): the host, bracketed when IPv6, and the port unless it is 80.
    public var hostHeader: String {
        let name = self.host.contains(":") ? "[\(self.host)]" : self.host
        return self.port == 80 ? name : "\(name):\(self.port)"
    }
}
