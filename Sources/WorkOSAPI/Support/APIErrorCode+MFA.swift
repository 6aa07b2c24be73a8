// workos-emulator — error codes of the standalone MFA API (catalog-B §5).
// Licensed MIT.

extension APIErrorCode {
    /// 422 on `POST /auth/factors/enroll`: an sms factor's `phone_number` is not E.164
    /// (`{"code":"invalid_phone_number","message":"Phone number is invalid: 'foo'"}`, catalog-B §5).
    public static let invalidPhoneNumber = APIErrorCode(rawValue: "invalid_phone_number")
}
