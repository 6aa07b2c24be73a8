// workos-emulator — PasswordHashing tests.
// Licensed under the MIT License.

import Testing

@testable import PasswordHashing

@Suite struct Argon2Tests {
    /// RFC 9106 §5: P = 32 × 0x01, S = 16 × 0x02, K = 8 × 0x03, X = 12 × 0x04, m = 32, t = 3, p = 4, T = 32.
    private func rfcTag(_ variant: Argon2.Variant, _ version: Argon2.Version) -> String {
        let parameters = Argon2.Parameters(
            variant: variant,
            version: version,
            memoryKiB: 32,
            iterations: 3,
            parallelism: 4,
            tagLength: 32
        )
        let tag = Argon2.hash(
            password: [UInt8](repeating: 1, count: 32),
            salt: [UInt8](repeating: 2, count: 16),
            secret: [UInt8](repeating: 3, count: 8),
            associatedData: [UInt8](repeating: 4, count: 12),
            parameters: parameters
        )
        return hex(tag)
    }

    @Test func argon2d_MatchesRFC9106Section5_1() {
        #expect(self.rfcTag(.d, .v13) == "512b391b6f1162975371d30919734294f868e3be3984f3c1a13a4db9fabe4acb")
    }

    @Test func argon2i_MatchesRFC9106Section5_2() {
        #expect(self.rfcTag(.i, .v13) == "c814d9d1dc7f37aa13f0d77f2494bda1c8de6b016dd388d29952a4c4672b6ce8")
    }

    @Test func argon2id_MatchesRFC9106Section5_3() {
        #expect(self.rfcTag(.id, .v13) == "0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659")
    }

    @Test func version0x10_MatchesTheReferenceImplementation() {
        // The RFC's inputs with v = 0x10, computed with argon2-cffi's bundled reference implementation.
        #expect(self.rfcTag(.d, .v10) == "96a9d4e5a1734092c85e29f410a45914a5dd1f5cbf08b2670da68a0285abf32b")
        #expect(self.rfcTag(.i, .v10) == "87aeedd6517ab830cd9765cd8231abb2e647a5dee08f7c05e02fcb763335d0fd")
        #expect(self.rfcTag(.id, .v10) == "b64615f07789b66b645b67ee9ed3b377ae350b6bfcbb0fc95141ea8f322613c0")
    }

    /// PHC strings written by argon2-cffi 25.1.0 (`PasswordHasher(...).hash` and `low_level.hash_secret`).
    static let vectors: [(password: String, hash: String)] = [
        ("password", "$argon2id$v=19$m=64,t=2,p=1$WVS7zoT4q/Q8wL2G1x8Dcw$8Di9QA+9bngYhgdkpeq2/+wA5RioFW4a8U+uUYf6BXs"),
        (
            "pässwörd 🔑",
            "$argon2i$v=19$m=128,t=3,p=2$KNG5q8zgLQ3tsAV/Bjh3jg$fL4GbPTcrTAI3v/JS2yoe689TqQmQ2NgcMz7l9Azd2o"
        ),
        ("hunter2", "$argon2d$v=19$m=256,t=1,p=4$csajlcWOZBviYDVEkzfUHw$bAEvY+Ddy85Z8JvLvF6Nc+ceo7zTgHDBL/SWYli6fLE"),
        ("", "$argon2id$v=19$m=32,t=2,p=1$Zr+Y0HUAh+TjYgdaz9hS+A$PywNl0eP0fOqgvp8LZyHzny1eqNzAG5k4Q0sfzq3IEI"),
        ("password", "$argon2id$v=16$m=64,t=2,p=2$ENVz4H2thxKjoKxN$I/5nJB23lekTYs/gq1kxZg9YiYw"),
    ]

    /// Edge cases from argon2-cffi's `low_level.hash_secret`: m not a multiple of 4·p (m' = 96 and 48), an odd
    /// number of lanes, 8- and 9-byte salts, tags of 100 bytes (H' chaining past 64), 64 bytes and 4 bytes, and
    /// 2048 blocks, so data-independent addressing needs more than one address block per segment.
    static let edgeVectors: [(password: String, hash: String)] = [
        (
            "edge",
            "$argon2i$v=19$m=100,t=1,p=3$auwCQkVlznc$yA5jmATOgjsxCYNzAW0KmxNxDYbXf3H1+sfOxnYsMKzI+LKJXOxPDHuwjDHnVF1q5"
                + "YKY/1wYlR4N0b8YC5HITQCBcepKcI38H1d1+9xaL4z3kKNljQZ+bLKhcWT8wW6Gcl1Weg"
        ),
        (
            "edge",
            "$argon2id$v=19$m=50,t=2,p=2$GSjpoGhPM7F8$tRLUxT/dIyGqKD47fXqZ/+gmqCslvWfLdA/anUUGJVj08Rdk008J1KqcsRbLlNqs"
                + "mTfp+1qutJFVsZQOmnPLOg"
        ),
        ("edge", "$argon2d$v=19$m=24,t=3,p=3$ZrOxnEj1HBg$SsZHUQ"),
        ("edge", "$argon2id$v=19$m=2048,t=1,p=1$aIZAhtHAhDRZGx3D5z5GOg$B+jFi8eu2TCBC+Oq7QKiGsBQUlpD3+mKTwxeft/mj6Q"),
    ]

    @Test(arguments: Self.vectors + Self.edgeVectors)
    func importedArgon2_VerifiesTheRightPasswordAndRejectsAWrongOne(password: String, hash: String) throws {
        let stored = try PasswordHasher.importHash(hash, type: .argon2, saltPosition: nil)
        #expect(stored == hash)
        #expect(PasswordHasher.verify(password, against: stored))
        #expect(!PasswordHasher.verify(password + "x", against: stored))
    }

    @Test func importHash_ReadsAMissingVersionAsVersion16() throws {
        let stored = try PasswordHasher.importHash(
            "$argon2id$m=64,t=2,p=2$ENVz4H2thxKjoKxN$I/5nJB23lekTYs/gq1kxZg9YiYw",
            type: .argon2,
            saltPosition: nil
        )
        #expect(stored == "$argon2id$v=16$m=64,t=2,p=2$ENVz4H2thxKjoKxN$I/5nJB23lekTYs/gq1kxZg9YiYw")
        #expect(PasswordHasher.verify("password", against: stored))
    }

    @Test(
        arguments: [
            ("$argon2x$v=19$m=64,t=2,p=1$WVS7zoT4q/Q8wL2G1x8Dcw$8Di9QA", "the identifier must be argon2id"),
            ("$argon2id$v=18$m=64,t=2,p=1$WVS7zoT4q/Q8wL2G1x8Dcw$8Di9QA", "v=16 or v=19"),
            ("$argon2id$v=19$m=64,t=2$WVS7zoT4q/Q8wL2G1x8Dcw$8Di9QA", "p must be"),
            ("$argon2id$v=19$m=7,t=2,p=1$WVS7zoT4q/Q8wL2G1x8Dcw$8Di9QA", "m must be at least 8·p"),
            ("$argon2id$v=19$m=64,t=0,p=1$WVS7zoT4q/Q8wL2G1x8Dcw$8Di9QA", "t must be at least 1"),
            ("$argon2id$v=19$m=64,t=2,p=1,keyid=abc$WVS7zoT4q/Q8wL2G1x8Dcw$8Di9QA", "only the m, t and p"),
            ("$argon2id$v=19$m=64,t=2,p=1$c2FsdA$8Di9QA+9bngYhgdkpeq2", "the salt must be 8 to 1024 bytes"),
            ("$argon2id$v=19$m=64,t=2,p=1$WVS7zoT4q/Q8wL2G1x8Dcw$8Di", "the hash must be 4 to 1024 bytes"),
            ("$argon2id$v=19$m=64,t=2,p=1$WVS7zoT4q/Q8wL2G1x8Dcw", "expected $argon2id$v=19"),
            ("$argon2id$v=19$m=2097152,t=1,p=1$WVS7zoT4q/Q8wL2G1x8Dcw$8Di9QA", "at most 1048576 KiB"),
        ]
    )
    func importHash_RefusesMalformedArgon2WithAReason(hash: String, reason: String) {
        #expect {
            try PasswordHasher.importHash(hash, type: .argon2, saltPosition: nil)
        } throws: { error in
            isRefusal(error, of: .argon2, mentioning: reason)
        }
    }
}
