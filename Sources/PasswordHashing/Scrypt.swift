// workos-emulator — PasswordHashing module.
// Licensed under the MIT License.

import Crypto
import _CryptoExtras

/// scrypt (RFC 7914).
///
/// swift-crypto's `KDF.Scrypt` (BoringSSL) does the work whenever it can. Its memory limit is computed as
/// 128·N·r·p plus one page, while BoringSSL needs 128·r·(N + p + 1) bytes, so with p = 1 and r > 16 it refuses
/// valid parameters (swift-crypto 4.5.2 also ignores its own `maxMemory` argument). For those, and as a fallback
/// if BoringSSL fails for any other reason, `deriveInSwift` computes the same function in plain Swift.
enum Scrypt {
    /// Salsa20/8's words per 64-byte block.
    private static let wordsPerBlock = 16

    /// DK = scrypt(P, S, N, r, p, dkLen) for parameters a caller has already validated: N = 2^`logN` with
    /// 1 ≤ `logN` < 16·r, r ≥ 1, p ≥ 1, `length` ≥ 1.
    static func derive(password: [UInt8], salt: [UInt8], logN: Int, r: Int, p: Int, length: Int) -> [UInt8] {
        let n = 1 << logN
        let needed = 128 * r * (n + p + 1)
        let granted = 128 * n * r * p + 4096
        if needed <= granted,
            let key = try? KDF.Scrypt.deriveKey(
                from: password,
                salt: salt,
                outputByteCount: length,
                rounds: n,
                blockSize: r,
                parallelism: p
            )
        {
            return key.withUnsafeBytes { Array($0) }
        }
        return Self.deriveInSwift(password: password, salt: salt, logN: logN, r: r, p: p, length: length)
    }

    /// RFC 7914 §6 in Swift: B = PBKDF2-HMAC-SHA256(P, S, 1, p·128·r); each B_i = scryptROMix(r, B_i, N);
    /// DK = PBKDF2-HMAC-SHA256(P, B, 1, dkLen).
    static func deriveInSwift(password: [UInt8], salt: [UInt8], logN: Int, r: Int, p: Int, length: Int) -> [UInt8] {
        let blockBytes = 128 * r
        let b = PBKDF2.derive(password: password, salt: salt, digest: .sha256, iterations: 1, length: p * blockBytes)
        guard var b else {
            return []
        }
        let n = 1 << logN
        let wordsPerChunk = 32 * r
        var x = [UInt32](repeating: 0, count: wordsPerChunk)
        var y = [UInt32](repeating: 0, count: wordsPerChunk)
        var v = [UInt32](repeating: 0, count: wordsPerChunk * n)
        for chunk in 0..<p {
            // Bytes to little-endian words (RFC 7914 §5 reads every block as little-endian 32-bit words).
            for word in 0..<wordsPerChunk {
                let offset = chunk * blockBytes + word * 4
                x[word] =
                    UInt32(b[offset]) | UInt32(b[offset + 1]) << 8 | UInt32(b[offset + 2]) << 16
                    | UInt32(b[offset + 3]) << 24
            }
            Self.roMix(&x, &y, &v, r: r, n: n)
            for word in 0..<wordsPerChunk {
                let offset = chunk * blockBytes + word * 4
                b[offset] = UInt8(x[word] & 0xFF)
                b[offset + 1] = UInt8((x[word] >> 8) & 0xFF)
                b[offset + 2] = UInt8((x[word] >> 16) & 0xFF)
                b[offset + 3] = UInt8(x[word] >> 24)
            }
        }
        return PBKDF2.derive(password: password, salt: b, digest: .sha256, iterations: 1, length: length) ?? []
    }

    /// scryptROMix (RFC 7914 §5): fill V with N successive BlockMix outputs, then N data-dependent mixes.
    private static func roMix(_ x: inout [UInt32], _ y: inout [UInt32], _ v: inout [UInt32], r: Int, n: Int) {
        let chunk = 32 * r
        x.withUnsafeMutableBufferPointer { x in
            y.withUnsafeMutableBufferPointer { y in
                v.withUnsafeMutableBufferPointer { v in
                    let x = x.baseAddress!
                    let y = y.baseAddress!
                    let v = v.baseAddress!
                    for i in 0..<n {
                        (v + i * chunk).update(from: x, count: chunk)
                        Self.blockMix(x, y, r: r)
                    }
                    for _ in 0..<n {
                        // Integerify: the first word of the last 64-byte block; N is a power of two ≤ 2^32.
                        let j = Int(x[(2 * r - 1) * Self.wordsPerBlock]) & (n - 1)
                        let source = v + j * chunk
                        for word in 0..<chunk {
                            x[word] ^= source[word]
                        }
                        Self.blockMix(x, y, r: r)
                    }
                }
            }
        }
    }

    /// scryptBlockMix (RFC 7914 §4) in place on `b` (2r blocks), using `y` as scratch: X = B[2r−1];
    /// Y_i = Salsa20/8(X ⊕ B_i); B' = (Y_0, Y_2, …, Y_{2r−2}, Y_1, Y_3, …, Y_{2r−1}).
    private static func blockMix(_ b: UnsafeMutablePointer<UInt32>, _ y: UnsafeMutablePointer<UInt32>, r: Int) {
        var state = Array(UnsafeBufferPointer(start: b + (2 * r - 1) * Self.wordsPerBlock, count: 16))
        for i in 0..<(2 * r) {
            let block = b + i * Self.wordsPerBlock
            for word in 0..<16 {
                state[word] ^= block[word]
            }
            Self.salsa20_8(&state)
            // Even-numbered outputs go to the first half, odd-numbered to the second.
            let destination = y + ((i & 1) * r + (i >> 1)) * Self.wordsPerBlock
            for word in 0..<16 {
                destination[word] = state[word]
            }
        }
        b.update(from: y, count: 2 * r * Self.wordsPerBlock)
    }

    /// Salsa20/8 core (RFC 7914 §3): four double rounds, then the input added back word by word.
    private static func salsa20_8(_ block: inout [UInt32]) {
        var x = block
        @inline(__always) func rotl(_ value: UInt32, _ count: UInt32) -> UInt32 {
            (value << count) | (value >> (32 - count))
        }
        for _ in 0..<4 {
            // Column round.
            x[4] ^= rotl(x[0] &+ x[12], 7)
            x[8] ^= rotl(x[4] &+ x[0], 9)
            x[12] ^= rotl(x[8] &+ x[4], 13)
            x[0] ^= rotl(x[12] &+ x[8], 18)
            x[9] ^= rotl(x[5] &+ x[1], 7)
            x[13] ^= rotl(x[9] &+ x[5], 9)
            x[1] ^= rotl(x[13] &+ x[9], 13)
            x[5] ^= rotl(x[1] &+ x[13], 18)
            x[14] ^= rotl(x[10] &+ x[6], 7)
            x[2] ^= rotl(x[14] &+ x[10], 9)
            x[6] ^= rotl(x[2] &+ x[14], 13)
            x[10] ^= rotl(x[6] &+ x[2], 18)
            x[3] ^= rotl(x[15] &+ x[11], 7)
            x[7] ^= rotl(x[3] &+ x[15], 9)
            x[11] ^= rotl(x[7] &+ x[3], 13)
            x[15] ^= rotl(x[11] &+ x[7], 18)
            // Row round.
            x[1] ^= rotl(x[0] &+ x[3], 7)
            x[2] ^= rotl(x[1] &+ x[0], 9)
            x[3] ^= rotl(x[2] &+ x[1], 13)
            x[0] ^= rotl(x[3] &+ x[2], 18)
            x[6] ^= rotl(x[5] &+ x[4], 7)
            x[7] ^= rotl(x[6] &+ x[5], 9)
            x[4] ^= rotl(x[7] &+ x[6], 13)
            x[5] ^= rotl(x[4] &+ x[7], 18)
            x[11] ^= rotl(x[10] &+ x[9], 7)
            x[8] ^= rotl(x[11] &+ x[10], 9)
            x[9] ^= rotl(x[8] &+ x[11], 13)
            x[10] ^= rotl(x[9] &+ x[8], 18)
            x[12] ^= rotl(x[15] &+ x[14], 7)
            x[13] ^= rotl(x[12] &+ x[15], 9)
            x[14] ^= rotl(x[13] &+ x[12], 13)
            x[15] ^= rotl(x[14] &+ x[13], 18)
        }
        for word in 0..<16 {
            block[word] = block[word] &+ x[word]
        }
    }
}
