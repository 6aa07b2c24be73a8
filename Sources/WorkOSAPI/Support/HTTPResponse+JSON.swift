// workos-emulator — JSON responses.
// Licensed MIT.

import HTTP1
import JSONCodec

extension HTTPResponse {
    /// A JSON response with `Content-Type: application/json` (Node's SDK returns null without it; catalog-A §1.5).
    public static func json(_ body: JSON, status: HTTPStatus = .ok) -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        return HTTPResponse(status: status, headers: headers, body: body.serialized())
    }

    /// A JSON response rendering a wire model.
    public static func json(_ model: some JSONRepresentable, status: HTTPStatus = .ok) -> HTTPResponse {
        .json(model.json, status: status)
    }

    /// 204 with no body and no content type: what deletes answer (catalog-A §1.5).
    public static var noContent: HTTPResponse {
        HTTPResponse(status: .noContent)
    }

    /// A redirect to `location`.
    public static func redirect(to location: String, status: HTTPStatus = .found) -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.add(name: "Location", value: location)
        return HTTPResponse(status: status, headers: headers)
    }
}
