// workos-emulator — base64url without padding (RFC 4648 §5), the encoding of every JWT and JWK field.
// Licensed MIT.

import Foundation

/// The URL- and filename-safe base64 alphabet of RFC 4648 §5, unpadded as JWS requires (RFC 7515 §2).
public enum Base64URL {
    /// Encodes bytes: standard base64 with `+` → `-`, `/` → `_` and the `=` padding dropped.
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Encodes the UTF-8 bytes of a string.
    public static func encode(_ text: String) -> String {
        self.encode(Array(text.utf8))
    }

    /// Decodes unpadded (or padded) base64url; nil when the text has characters outside the alphabet or a length
    /// no encoding produces.
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        guard text.utf8.allSatisfy({ Self.isAlphabet($0) || $0 == UInt8(ascii: "=") }) else { return nil }
        var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        if !standard.contains("=") {
            switch standard.utf8.count % 4 {
            case 0: break
            case 2: standard += "=="
            case 3: standard += "="
            default: return nil
            }
        }
        return Data(base64Encoded: standard).map { Array($0) }
    }

    private static func isAlphabet(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
            return true
        default:
            return false
        }
    }
}
