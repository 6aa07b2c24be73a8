// workos-emulator — the error codes of FGA v1 (catalog-B §6.8).
// Licensed MIT.

extension APIErrorCode {
    /// 400: the request as a whole is wrong (catalog-B §6.8).
    public static let fgaInvalidRequest = APIErrorCode(rawValue: "invalid_request")
    /// 400: one parameter is wrong; the body names it in `parameter` (catalog-B §6.8).
    public static let fgaInvalidParameter = APIErrorCode(rawValue: "invalid_parameter")
    /// 409: the resource type, resource or warrant already exists ([OSS] `duplicate_record`; catalog-B §8 leaves the
    /// 409 body open).
    public static let fgaDuplicateRecord = APIErrorCode(rawValue: "duplicate_record")
}
