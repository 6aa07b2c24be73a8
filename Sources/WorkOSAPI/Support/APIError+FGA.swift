// workos-emulator — the error bodies of FGA v1 (catalog-B §6.8): `{code, message, type, key}` for 404s,
// `{code, message, parameter?}` for 400s.
// Licensed MIT.

import JSONCodec

extension APIError {
    /// 404 `{"code":"not_found","message":"…","type":"resource","key":"document:d1"}` (catalog-B §6.8, the PY5
    /// test).
    static func fgaNotFound(_ type: String, key: String) -> APIError {
        APIError(
            status: .notFound,
            body: [
                "code": .string(APIErrorCode.notFound.rawValue),
                "message": .string("\(Self.fgaLabel(type)) \(key) not found."),
                "type": .string(type),
                "key": .string(key),
            ]
        )
    }

    /// 409 `{"code":"duplicate_record","message":"…","type":…,"key":…}` (the [OSS] shape; catalog-B §8).
    static func fgaDuplicate(_ type: String, key: String) -> APIError {
        APIError(
            status: .conflict,
            body: [
                "code": .string(APIErrorCode.fgaDuplicateRecord.rawValue),
                "message": .string("\(Self.fgaLabel(type)) \(key) already exists."),
                "type": .string(type),
                "key": .string(key),
            ]
        )
    }

    /// 400 `{"code":"invalid_parameter","message":…,"parameter":…}` (catalog-B §6.8).
    static func fgaInvalidParameter(_ parameter: String, _ message: String) -> APIError {
        APIError(
            status: .badRequest,
            body: [
                "code": .string(APIErrorCode.fgaInvalidParameter.rawValue),
                "message": .string(message),
                "parameter": .string(parameter),
            ]
        )
    }

    /// 400 `{"code":"invalid_request","message":…}` (catalog-B §6.8).
    static func fgaInvalidRequest(_ message: String) -> APIError {
        APIError(
            status: .badRequest,
            body: ["code": .string(APIErrorCode.fgaInvalidRequest.rawValue), "message": .string(message)]
        )
    }

    /// "resource_type" → "Resource type".
    private static func fgaLabel(_ type: String) -> String {
        let words = type.replacingUnderscores()
        return words.prefix(1).uppercased() + words.dropFirst()
    }
}

extension String {
    /// The string with `_` read as a space.
    fileprivate func replacingUnderscores() -> String {
        String(self.map { $0 == "_" ? " " : $0 })
    }
}
