// workos-emulator — PasswordHashing module.
// Licensed under the MIT License.

/// BLAKE2b (RFC 7693) without a key, for Argon2's H and H'.
enum BLAKE2b {
    /// RFC 7693 §2.6: the same initialization vector as SHA-512.
    private static let iv: [UInt64] = [
        0x6A09_E667_F3BC_C908, 0xBB67_AE85_84CA_A73B, 0x3C6E_F372_FE94_F82B, 0xA54F_F53A_5F1D_36F1,
        0x510E_527F_ADE6_82D1, 0x9B05_688C_2B3E_6C1F, 0x1F83_D9AB_FB41_BD6B, 0x5BE0_CD19_137E_2179,
    ]

    /// RFC 7693 §2.7: the message word schedule SIGMA; rounds 10 and 11 reuse rows 0 and 1.
    private static let sigma: [[Int]] = [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
        [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
        [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4],
        [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
        [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13],
        [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
        [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11],
        [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
        [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5],
        [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0],
    ]

    /// BLAKE2b-`outputLength`(`input`) for 1 ≤ `outputLength` ≤ 64 (RFC 7693 §3.3, with kk = 0).
    static func hash(_ input: [UInt8], outputLength: Int) -> [UInt8] {
        precondition((1...64).contains(outputLength), "BLAKE2b output length must be 1...64")
        var h = Self.iv
        // Parameter block: digest length, key length 0, fanout 1, depth 1.
        h[0] ^= 0x0101_0000 ^ UInt64(outputLength)
        var counter: UInt64 = 0
        var offset = 0
        var block = [UInt64](repeating: 0, count: 16)
        // Every block but the last is compressed as it comes; the last (possibly empty, zero-padded) is final.
        repeat {
            let count = min(128, input.count - offset)
            for index in 0..<16 {
                block[index] = 0
            }
            for index in 0..<count {
                block[index >> 3] |= UInt64(input[offset + index]) << UInt64((index & 7) * 8)
            }
            offset += count
            counter &+= UInt64(count)
            Self.compress(&h, block, counter: counter, isFinal: offset == input.count)
        } while offset < input.count
        var output: [UInt8] = []
        output.reserveCapacity(64)
        for word in h {
            for shift in stride(from: 0, to: 64, by: 8) {
                output.append(UInt8(truncatingIfNeeded: word >> UInt64(shift)))
            }
        }
        return Array(output.prefix(outputLength))
    }

    /// The compression function F (RFC 7693 §3.2), with the byte counter's high word always zero here.
    private static func compress(_ h: inout [UInt64], _ m: [UInt64], counter: UInt64, isFinal: Bool) {
        var v = h + Self.iv
        v[12] ^= counter
        if isFinal {
            v[14] = ~v[14]
        }
        for round in 0..<12 {
            let s = Self.sigma[round % 10]
            Self.mix(&v, 0, 4, 8, 12, m[s[0]], m[s[1]])
            Self.mix(&v, 1, 5, 9, 13, m[s[2]], m[s[3]])
            Self.mix(&v, 2, 6, 10, 14, m[s[4]], m[s[5]])
            Self.mix(&v, 3, 7, 11, 15, m[s[6]], m[s[7]])
            Self.mix(&v, 0, 5, 10, 15, m[s[8]], m[s[9]])
            Self.mix(&v, 1, 6, 11, 12, m[s[10]], m[s[11]])
            Self.mix(&v, 2, 7, 8, 13, m[s[12]], m[s[13]])
            Self.mix(&v, 3, 4, 9, 14, m[s[14]], m[s[15]])
        }
        for index in 0..<8 {
            h[index] ^= v[index] ^ v[index + 8]
        }
    }

    /// The mixing function G (RFC 7693 §3.1) with rotations R1..R4 = 32, 24, 16, 63.
    @inline(__always)
    private static func mix(_ v: inout [UInt64], _ a: Int, _ b: Int, _ c: Int, _ d: Int, _ x: UInt64, _ y: UInt64) {
        v[a] = v[a] &+ v[b] &+ x
        v[d] = Self.rotateRight(v[d] ^ v[a], 32)
        v[c] = v[c] &+ v[d]
        v[b] = Self.rotateRight(v[b] ^ v[c], 24)
        v[a] = v[a] &+ v[b] &+ y
        v[d] = Self.rotateRight(v[d] ^ v[a], 16)
        v[c] = v[c] &+ v[d]
        v[b] = Self.rotateRight(v[b] ^ v[c], 63)
    }

    /// Rotates `value` right by `count` bits, 0 < `count` < 64.
    @inline(__always)
    static func rotateRight(_ value: UInt64, _ count: UInt64) -> UInt64 {
        (value >> count) | (value << (64 - count))
    }
}
