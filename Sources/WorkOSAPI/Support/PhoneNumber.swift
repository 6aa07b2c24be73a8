// workos-emulator — E.164 phone numbers of sms factors (ITU-T E.164 §6: at most 15 digits, country code first).
// Licensed MIT.

/// Checks the phone numbers given to `POST /auth/factors/enroll` (catalog-B §5: "sms needs an E.164 phone_number").
enum PhoneNumber {
    /// True for `+` followed by 2 to 15 digits, the first not 0 (a country code never starts with 0), e.g.
    /// `+14155550123`. No spaces, dashes or parentheses: E.164 is the bare form WorkOS asks for.
    static func isE164(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count >= 3, bytes.count <= 16, bytes[0] == UInt8(ascii: "+") else { return false }
        let digits = bytes.dropFirst()
        guard digits.first != UInt8(ascii: "0") else { return false }
        return digits.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }
}
