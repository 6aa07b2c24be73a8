// workos-emulator — PasswordHashing module.
// Licensed under the MIT License.

/// Blowfish's key-dependent state, with the expensive key schedule ("EksBlowfish") bcrypt builds on.
///
/// Schneier, "Description of a New Variable-Length Key, 64-Bit Block Cipher (Blowfish)", 1993; Provos and
/// Mazières, "A Future-Adaptable Password Scheme", USENIX 1999, §4 for `expandKey`.
///
/// The 18 subkeys and 4 S-boxes live in one buffer: P at 0..<18, S-box n at 18 + 256·n.
struct Blowfish {
    private static let sBase = 18
    private var state: [UInt32]

    /// The initial state: the hexadecimal digits of pi.
    init() {
        self.state = Self.initialP + Self.initialS
    }

    /// Runs `body` with a pointer to the state, so the hot loops pay no bounds or uniqueness checks.
    mutating func withState<Result>(_ body: (UnsafeMutablePointer<UInt32>) -> Result) -> Result {
        self.state.withUnsafeMutableBufferPointer { buffer in
            // The buffer always holds 18 + 1024 words: `init` builds it and nothing resizes it.
            body(buffer.baseAddress!)
        }
    }

    /// Blowfish's round function F (Schneier 1993): ((S0[a] + S1[b]) ^ S2[c]) + S3[d] on the bytes of `x`.
    @inline(__always)
    private static func f(_ state: UnsafeMutablePointer<UInt32>, _ x: UInt32) -> UInt32 {
        let a = state[sBase + Int(x >> 24)]
        let b = state[sBase + 256 + Int((x >> 16) & 0xFF)]
        let c = state[sBase + 512 + Int((x >> 8) & 0xFF)]
        let d = state[sBase + 768 + Int(x & 0xFF)]
        return ((a &+ b) ^ c) &+ d
    }

    /// Encrypts one 64-bit block in place: 16 Feistel rounds, written two at a time so no swap is needed.
    @inline(__always)
    static func encrypt(_ state: UnsafeMutablePointer<UInt32>, _ left: inout UInt32, _ right: inout UInt32) {
        var l = left
        var r = right
        var round = 0
        while round < 16 {
            l ^= state[round]
            r ^= Self.f(state, l)
            r ^= state[round + 1]
            l ^= Self.f(state, r)
            round += 2
        }
        // After an even number of rounds the halves are in place; the final swap and output whitening.
        left = r ^ state[17]
        right = l ^ state[16]
    }

    /// The next 32-bit big-endian word of `bytes`, read cyclically from `index`.
    @inline(__always)
    private static func nextWord(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int) -> UInt32 {
        var word: UInt32 = 0
        for _ in 0..<4 {
            word = (word << 8) | UInt32(bytes[index])
            index += 1
            if index == bytes.count {
                index = 0
            }
        }
        return word
    }

    /// ExpandKey(state, salt, key) from Provos–Mazières §4: XOR the key cyclically into P, then re-encrypt the
    /// whole state in a chain, XORing each block with the next 64 bits of `salt` (cyclic) when a salt is given.
    static func expandKey(
        _ state: UnsafeMutablePointer<UInt32>,
        key: UnsafeBufferPointer<UInt8>,
        salt: UnsafeBufferPointer<UInt8>?
    ) {
        var keyIndex = 0
        for index in 0..<18 {
            state[index] ^= Self.nextWord(key, &keyIndex)
        }
        var saltIndex = 0
        var left: UInt32 = 0
        var right: UInt32 = 0
        var index = 0
        while index < 18 + 1024 {
            if let salt {
                left ^= Self.nextWord(salt, &saltIndex)
                right ^= Self.nextWord(salt, &saltIndex)
            }
            Self.encrypt(state, &left, &right)
            state[index] = left
            state[index + 1] = right
            index += 2
        }
    }
}
