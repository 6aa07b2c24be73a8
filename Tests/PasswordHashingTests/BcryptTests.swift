// workos-emulator — PasswordHashing tests.
// Licensed under the MIT License.

import Testing

@testable import PasswordHashing

@Suite struct BcryptTests {
    /// Solar Designer's crypt_blowfish test vectors (wrapper.c), also checked with Python's bcrypt 5.0.0.
    static let cryptBlowfishVectors: [(password: String, hash: String)] = [
        ("U*U", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"),
        ("U*U*", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.VGOzA784oUp/Z0DY336zx7pLYAy0lwK"),
        ("U*U*U", "$2a$05$XXXXXXXXXXXXXXXXXXXXXOAcXxm9kjPGEMsLznoKqmqw7tc8WCx4a"),
        ("", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.7uG0VCzI2bS7j6ymqJi9CdcdxiRTWNy"),
    ]

    /// Hashes written by Python's bcrypt 5.0.0 (`hashpw` with `gensalt(rounds:prefix:)`; `$2y$` relabelled from
    /// `$2b$`, which crypt_blowfish defines as the same algorithm).
    static let pythonVectors: [(password: String, hash: String)] = [
        ("password", "$2b$04$cgNjzV7puBopm5/KTV7cA.eh5feqBGIMThHHnRuAcarjsAZKrHBke"),
        ("", "$2b$04$aLPmfysqiRukMfJu.vN0d.U4XXDM69GD2Mp.z.dL.YlEqcbXA89RG"),
        ("pässwörd 🔑", "$2b$05$MycXrVI6/OxBCa5v8/KzZOs3cEO0vNnJYAK5Cq3R1DCh6qQ7URh0."),
        ("correct horse battery staple", "$2a$04$6OoTEmRnkXzTbU0k2NXAfeSt/vSgxotujv0.uU/D4.13WtjslN6mS"),
        (String(repeating: "x", count: 72), "$2y$04$r103GUDbsVAfNccOsyHWkOxb/X5ym2Bz0bXPnowaaS9ah113ys.wO"),
    ]

    @Test(arguments: Self.cryptBlowfishVectors + Self.pythonVectors)
    func importedBcrypt_VerifiesTheRightPasswordAndRejectsAWrongOne(password: String, hash: String) throws {
        let stored = try PasswordHasher.importHash(hash, type: .bcrypt, saltPosition: nil)
        #expect(PasswordHasher.verify(password, against: stored))
        #expect(!PasswordHasher.verify("!" + password, against: stored))
        #expect(!PasswordHasher.verify(String(password.dropLast()) + "?", against: stored))
    }

    @Test func importHash_KeepsACanonicalBcryptStringAsItIs() throws {
        for (_, hash) in Self.pythonVectors {
            #expect(try PasswordHasher.importHash(hash, type: .bcrypt, saltPosition: nil) == hash)
        }
    }

    @Test func verify_IgnoresEverythingAfterThe72ndByte() throws {
        // Python's bcrypt hashed exactly these 72 bytes (0x01…0x48); bcrypt never reads further.
        let password = String(decoding: Array(1...72) as [UInt8], as: UTF8.self)
        let stored = "$2b$04$oPnFSqFgX6vDenKre6haFe5LNlQE1YK1M5493iawLMQyNdYumvzyW"
        #expect(PasswordHasher.verify(password, against: stored))
        #expect(PasswordHasher.verify(password + "anything beyond 72 bytes", against: stored))
        #expect(!PasswordHasher.verify(String(password.dropLast()), against: stored))
    }

    @Test func digest_IsTheSameForEveryAcceptedVersionLetter() {
        let salt = [UInt8](repeating: 0x5A, count: 16)
        let base = BcryptHash(minor: UInt8(ascii: "b"), cost: 4, salt: salt, digest: [])
        let digest = BcryptHash.digest(password: Array("secret".utf8), salt: base.salt, cost: 4)
        for minor in ["a", "b", "y"] {
            let hash = BcryptHash(minor: UInt8(ascii: Unicode.Scalar(minor)!), cost: 4, salt: salt, digest: digest)
            #expect(PasswordHasher.verify("secret", against: hash.encoded))
        }
    }

    @Test(
        arguments: [
            ("$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOe", "expected 60 characters"),
            ("$2x$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW", "$2a$, $2b$ or $2y$"),
            ("$2a$03$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW", "from 04 to 31"),
            ("$2a$32$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW", "from 04 to 31"),
            ("$2a$x5$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW", "from 04 to 31"),
            ("$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyO+W", "base64 alphabet"),
            ("$2a$05-CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW", "expected the form"),
            ("$argon2id$v=19$m=64,t=2,p=1$WVS7zoT4q/Q8wL2G1x8Dcw$8Di9QA+9bngYhg", "expected 60 characters"),
        ]
    )
    func importHash_RefusesMalformedBcryptWithAReason(hash: String, reason: String) {
        #expect {
            try PasswordHasher.importHash(hash, type: .bcrypt, saltPosition: nil)
        } throws: { error in
            isRefusal(error, of: .bcrypt, mentioning: reason)
        }
    }
}
