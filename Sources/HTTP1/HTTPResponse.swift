// workos-emulator — HTTP1 module.
// Licensed under the MIT License.

/// A response: status, header fields and the whole body. `Content-Length`, `Date` and `Connection` are added
/// by the server's `ResponseWriter`; the server never adds `Content-Type`.
public struct HTTPResponse: Sendable {
    /// The status.
    public var status: HTTPStatus
    /// The header fields.
    public var headers: HTTPHeaders
    /// The body (not sent for HEAD requests, 1xx, 204 and 304).
    public var body: [UInt8]

    /// A response with the given parts.
    public init(status: HTTPStatus, headers: HTTPHeaders = .init(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A response whose body is `text` encoded as UTF-8; `Content-Type` is set only when given.
    public init(status: HTTPStatus, headers: HTTPHeaders = .init(), text: String, contentType: String? = nil) {
        self.init(status: status, headers: headers, body: Array(text.utf8))
        if let contentType {
            self.headers["Content-Type"] = contentType
        }
    }

    /// The body decoded as UTF-8 (invalid sequences become U+FFFD).
    public var bodyText: String {
        String(decoding: self.body, as: UTF8.self)
    }
}
