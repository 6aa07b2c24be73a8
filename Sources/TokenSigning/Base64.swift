// workos-emulator — standard padded base64 (RFC 4648 §4), for the JWK `x5c` member.
// Licensed MIT.

import Foundation

/// Standard base64 with padding.
enum Base64 {
    /// Encodes bytes in the standard alphabet, padded.
    static func standard(_ bytes: some Collection<UInt8>) -> String {
        Data(bytes).base64EncodedString()
    }
}
