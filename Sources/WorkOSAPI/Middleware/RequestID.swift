// workos-emulator — `X-Request-ID` on every response (catalog-A §1.5: every SDK reads it into its errors).
// Licensed MIT.

import HTTP1

/// Echoes the client's `X-Request-ID` when it is a sane token, else generates `req_<ULID>`.
enum RequestID {
    /// Longest client request id echoed back.
    static let maximumLength = 200

    /// Sets `X-Request-ID` on `response` unless the handler already did.
    static func apply(to response: inout HTTPResponse, for request: HTTPRequest?, ids: IDGenerator) {
        guard response.headers["X-Request-ID"] == nil else { return }
        response.headers.add(name: "X-Request-ID", value: self.value(for: request, ids: ids))
    }

    /// The id to send for a request.
    static func value(for request: HTTPRequest?, ids: IDGenerator) -> String {
        if let given = request?.headers["X-Request-ID"], !given.isEmpty, given.utf8.count <= self.maximumLength,
            given.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F })
        {
            return given
        }
        return ids.makeUnordered(.request)
    }
}
