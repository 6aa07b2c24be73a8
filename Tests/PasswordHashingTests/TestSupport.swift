// workos-emulator — PasswordHashing tests.
// Licensed under the MIT License.

import PasswordHashing

/// Bytes from a hexadecimal string literal (test vectors are written that way in their specifications).
func bytes(hex: String) -> [UInt8] {
    let characters = Array(hex.utf8)
    return stride(from: 0, to: characters.count, by: 2).map { index in
        UInt8(String(decoding: characters[index..<index + 2], as: UTF8.self), radix: 16)!
    }
}

/// Lower-case hexadecimal, for comparing against vectors.
func hex(_ bytes: [UInt8]) -> String {
    bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
}

/// A small deterministic generator (SplitMix64), so a failing fuzz case can be replayed.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        self.state = seed
    }

    mutating func next() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        var z = self.state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// True when `error` is the `PasswordHashError` for an invalid `type` hash whose reason mentions `reason`.
func isRefusal(_ error: any Error, of type: PasswordHashType, mentioning reason: String) -> Bool {
    guard let error = error as? PasswordHashError else {
        return false
    }
    return error.message.hasPrefix("password_hash is not a valid \(type.rawValue) hash: ")
        && error.message.contains(reason) && error.message.hasSuffix(".")
}
