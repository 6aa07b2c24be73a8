// workos-emulator — PasswordHashing module.
// Licensed under the MIT License.

/// Comparisons whose running time does not depend on where two secrets first differ.
enum ConstantTime {
    /// True when `lhs` and `rhs` hold the same bytes. The lengths are not secret (they follow from the stored
    /// hash's format), so a length mismatch returns at once; equal lengths are compared in full.
    static func isEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else {
            return false
        }
        var difference: UInt8 = 0
        for index in lhs.indices {
            difference |= lhs[index] ^ rhs[index]
        }
        return difference == 0
    }
}
