// workos-emulator — HTTP1 module.
// Licensed under the MIT License.

/// A complete request: method, target, headers and the whole (de-chunked) body.
public struct HTTPRequest: Sendable {
    /// The request method.
    public var method: HTTPMethod
    /// The raw request-target as received (RFC 9112 §3.2), e.g. `/organizations?limit=5`.
    public var target: String
    /// The path of `target` before percent-decoding, without the query (what `Router.match` takes).
    public var rawPath: String
    /// The percent-decoded path, without the query.
    public var path: String
    /// The decoded query string.
    public var query: QueryItems
    /// The header fields, in the order received.
    public var headers: HTTPHeaders
    /// The body; empty when the request had none.
    public var body: [UInt8]
    /// Path parameters filled in by the router (percent-decoded segment values), keyed by template name.
    public var parameters: [String: String]
    /// The client's IP address, when the request came over a socket.
    public var remoteAddress: String?
    /// The protocol version of the request line.
    public var version: HTTPVersion

    /// A request for `target`; `rawPath`, `path` and `query` are derived from it.
    public init(
        method: HTTPMethod,
        target: String,
        headers: HTTPHeaders = .init(),
        body: [UInt8] = [],
        version: HTTPVersion = .http1_1
    ) {
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
        self.version = version
        self.parameters = [:]
        self.remoteAddress = nil
        let (rawPath, rawQuery) = Self.split(target: target)
        self.rawPath = String(rawPath)
        self.path = PercentDecoding.decode(rawPath)
        self.query = QueryItems(parsing: rawQuery)
    }

    /// Form fields of an `application/x-www-form-urlencoded` body; empty for any other content type.
    public var formFields: QueryItems {
        guard let contentType = self.headers["Content-Type"] else {
            return QueryItems()
        }
        let mediaType = contentType.split(separator: ";", maxSplits: 1).first.map { $0.trimmingOWS() } ?? ""
        guard mediaType.equalsIgnoringASCIICase("application/x-www-form-urlencoded") else {
            return QueryItems()
        }
        return QueryItems(parsing: String(decoding: self.body, as: UTF8.self))
    }

    /// The body decoded as UTF-8 (invalid sequences become U+FFFD).
    public var bodyText: String {
        String(decoding: self.body, as: UTF8.self)
    }

    /// Splits a request-target into its raw path and raw query (RFC 9112 §3.2). The absolute-form
    /// (`http://host/path?q`, §3.2.2) is reduced to its path; a fragment, which clients must not send, is dropped.
    static func split(target: String) -> (path: Substring, query: Substring) {
        var rest = target[...]
        if let hash = rest.firstIndex(of: "#") {
            rest = rest[..<hash]
        }
        if !rest.hasPrefix("/"), let scheme = rest.firstRange(of: "://") {
            let authorityAndPath = rest[scheme.upperBound...]
            if let slash = authorityAndPath.firstIndex(where: { $0 == "/" || $0 == "?" }) {
                rest = authorityAndPath[slash...]
            } else {
                rest = "/"
            }
            if rest.hasPrefix("?") {
                // `http://host?q` has an empty path, which means "/" (RFC 9112 §3.2.2).
                return ("/", rest.dropFirst())
            }
        }
        guard let question = rest.firstIndex(of: "?") else {
            return (rest, "")
        }
        return (rest[..<question], rest[rest.index(after: question)...])
    }
}
