// workos-emulator — the one place errors become responses (catalog-A §1.8).
// Licensed MIT.

import HTTP1
import JSONCodec
import SQLite

/// Renders anything a handler throws: `APIError` as its WorkOS body, a SQLite busy/locked store as 503 with
/// `Retry-After: 0` (SDKs retry 503 and would otherwise sleep), everything else as a logged 500 with no details.
enum ErrorRendering {
    /// The response for `error`; unexpected errors are logged with the request line.
    static func response(for error: any Error, request: HTTPRequest, log: @Sendable (String) -> Void) -> HTTPResponse {
        switch error {
        case let error as APIError:
            return self.response(for: error)
        case let error as SQLiteError where error.code == 5 || error.code == 6:  // SQLITE_BUSY, SQLITE_LOCKED
            log("store busy on \(request.method.rawValue) \(request.path): \(error)")
            var response = HTTPResponse.json(
                ["code": "store_busy", "message": "The emulator's store is busy; retry the request."],
                status: .serviceUnavailable
            )
            response.headers.add(name: "Retry-After", value: "0")
            return response
        default:
            log("internal error on \(request.method.rawValue) \(request.path): \(error)")
            return self.response(for: APIError.internalError)
        }
    }

    /// The response for an `APIError`.
    static func response(for error: APIError) -> HTTPResponse {
        var response = HTTPResponse.json(.object(error.body), status: error.status)
        for (name, value) in error.headers { response.headers.add(name: name, value: value) }
        return response
    }
}
