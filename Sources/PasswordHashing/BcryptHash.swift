// workos-emulator — PasswordHashing module.
// Licensed under the MIT License.

/// A bcrypt hash in modular crypt format: `$2b$10$` + 22 characters of salt + 31 characters of hash.
///
/// Provos and Mazières, "A Future-Adaptable Password Scheme", USENIX 1999; version letters as OpenBSD's
/// bcrypt(3) and Solar Designer's crypt_blowfish use them. `$2a$`, `$2b$` and `$2y$` all hash a password the
/// same way here: the password's bytes up to its first NUL, then a NUL, cut at 72 bytes (OpenBSD's `$2b$`
/// rules; `$2y$` is crypt_blowfish's name for the same; `$2a$` differs only in OpenBSD's old 8-bit length
/// wrap-around for passwords of 255+ bytes, which crypt_blowfish never had). `$2x$` (crypt_blowfish's
/// sign-extension bug) is refused.
struct BcryptHash: Equatable {
    /// The version letter after `$2`: `a`, `b` or `y`.
    var minor: UInt8
    /// log2 of the number of key-expansion rounds, 4...31.
    var cost: Int
    /// The 16-byte salt.
    var salt: [UInt8]
    /// The first 23 bytes of the encrypted "OrpheanBeholderScryDoubt".
    var digest: [UInt8]

    /// bcrypt's own base64 alphabet (it is not RFC 4648's order).
    private static let alphabet = Array("./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)

    /// Parses a 60-character `$2a$`/`$2b$`/`$2y$` string.
    init(parsing text: Substring) throws(PasswordHashError) {
        let bytes = Array(text.utf8)
        guard bytes.count == 60 else {
            throw .invalid(.bcrypt, "expected 60 characters in the form $2b$<cost>$<salt and hash>")
        }
        guard bytes[0] == UInt8(ascii: "$"), bytes[1] == UInt8(ascii: "2"), bytes[3] == UInt8(ascii: "$"),
            bytes[6] == UInt8(ascii: "$")
        else {
            throw .invalid(.bcrypt, "expected the form $2b$<cost>$<salt and hash>")
        }
        guard [UInt8(ascii: "a"), UInt8(ascii: "b"), UInt8(ascii: "y")].contains(bytes[2]) else {
            throw .invalid(.bcrypt, "the version must be $2a$, $2b$ or $2y$")
        }
        guard let cost = PHCString.decimal(text.dropFirst(4).prefix(2)), (4...31).contains(cost) else {
            throw .invalid(.bcrypt, "the cost must be two digits from 04 to 31")
        }
        guard let salt = Self.decode(bytes[7..<29]), let digest = Self.decode(bytes[29..<60]) else {
            throw .invalid(.bcrypt, "the salt and hash must use bcrypt's base64 alphabet")
        }
        self.minor = bytes[2]
        self.cost = cost
        self.salt = salt
        self.digest = digest
    }

    /// A hash from its parts, as `hash(password:)` would produce it.
    init(minor: UInt8, cost: Int, salt: [UInt8], digest: [UInt8]) {
        self.minor = minor
        self.cost = cost
        self.salt = salt
        self.digest = digest
    }

    /// The 60-character modular crypt string.
    var encoded: String {
        let costText = self.cost < 10 ? "0\(self.cost)" : "\(self.cost)"
        let version = String(decoding: [self.minor], as: UTF8.self)
        return "$2\(version)$\(costText)$" + Self.encode(self.salt) + Self.encode(self.digest)
    }

    /// True when `password` hashes to this digest under this salt and cost.
    func matches(_ password: [UInt8]) -> Bool {
        ConstantTime.isEqual(Self.digest(password: password, salt: self.salt, cost: self.cost), self.digest)
    }

    /// bcrypt(cost, salt, password): EksBlowfishSetup, then "OrpheanBeholderScryDoubt" encrypted 64 times in ECB
    /// mode; the first 23 of its 24 bytes are the hash.
    static func digest(password: [UInt8], salt: [UInt8], cost: Int) -> [UInt8] {
        // The key is the C string including its terminating NUL, read cyclically; only its first 72 bytes can
        // reach the 18 subkeys (OpenBSD bcrypt.c, `$2b$`).
        var key = Array(password.prefix { $0 != 0 })
        key.append(0)
        key = Array(key.prefix(72))
        var blowfish = Blowfish()
        var text: [UInt32] = [0x4F72_7068, 0x6561_6E42, 0x6568_6F6C, 0x6465_7253, 0x6372_7944, 0x6F75_6274]
        blowfish.withState { state in
            key.withUnsafeBufferPointer { key in
                salt.withUnsafeBufferPointer { salt in
                    // EksBlowfishSetup (Provos–Mazières §4): one salted expansion, then 2^cost rounds of
                    // ExpandKey(state, 0, key) and ExpandKey(state, 0, salt).
                    Blowfish.expandKey(state, key: key, salt: salt)
                    for _ in 0..<(1 << cost) {
                        Blowfish.expandKey(state, key: key, salt: nil)
                        Blowfish.expandKey(state, key: salt, salt: nil)
                    }
                }
            }
            for _ in 0..<64 {
                for block in stride(from: 0, to: 6, by: 2) {
                    var left = text[block]
                    var right = text[block + 1]
                    Blowfish.encrypt(state, &left, &right)
                    text[block] = left
                    text[block + 1] = right
                }
            }
        }
        var output: [UInt8] = []
        output.reserveCapacity(24)
        for word in text {
            output.append(contentsOf: [
                UInt8(word >> 24), UInt8((word >> 16) & 0xFF), UInt8((word >> 8) & 0xFF),
                UInt8(word & 0xFF),
            ])
        }
        return Array(output.prefix(23))
    }

    /// Decodes bcrypt base64 (most significant bits first, no padding); the leftover low bits of the last
    /// character are ignored, as OpenBSD's decoder does.
    private static func decode(_ characters: ArraySlice<UInt8>) -> [UInt8]? {
        var bytes: [UInt8] = []
        var accumulator: UInt32 = 0
        var bitCount = 0
        for character in characters {
            guard let value = Self.alphabet.firstIndex(of: character) else {
                return nil
            }
            accumulator = (accumulator << 6) | UInt32(value)
            bitCount += 6
            if bitCount >= 8 {
                bitCount -= 8
                bytes.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bitCount)))
            }
        }
        return bytes
    }

    /// Encodes with bcrypt's alphabet, without padding: 16 bytes give 22 characters and 23 bytes give 31.
    static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        var accumulator: UInt32 = 0
        var bitCount = 0
        for byte in bytes {
            accumulator = (accumulator << 8) | UInt32(byte)
            bitCount += 8
            while bitCount >= 6 {
                bitCount -= 6
                output.append(Self.alphabet[Int((accumulator >> UInt32(bitCount)) & 63)])
            }
        }
        if bitCount > 0 {
            output.append(Self.alphabet[Int((accumulator << UInt32(6 - bitCount)) & 63)])
        }
        return String(decoding: output, as: UTF8.self)
    }
}
