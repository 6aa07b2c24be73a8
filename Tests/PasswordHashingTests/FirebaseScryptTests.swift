// workos-emulator — PasswordHashing tests.
// Licensed under the MIT License.

import Testing

@testable import PasswordHashing

@Suite struct FirebaseScryptTests {
    /// The sample project and user from Firebase's own README (https://github.com/firebase/scrypt), in the layout
    /// of WorkOS's Firebase migration guide; the hash was also recomputed independently with Python (hashlib.scrypt
    /// and AES-256-CTR from `cryptography`).
    static let readmeHash =
        "$firebase-scrypt$hash=lSrfV15cpx95/sZS2W9c9Kp6i/LVgQNDNC/qzrCnh1SAyZvqmZqAjTdn3aoItz+VHjoZilo78198JAdRuid5lQ=="
        + "$salt=42xEC+ixf3L2lw==$sk=jxspr8Ki0RYycVU8zykbdLGjFQ3McFUH0uiiTvC8pVMXAn210wjLNmdZJzxUECKbm0QsEmYUSDzZvpjeJ9"
        + "WmXA==$ss=Bw==$r=8$m=14"

    @Test func importedFirebaseReadmeHash_VerifiesTheRightPasswordAndRejectsAWrongOne() throws {
        let stored = try PasswordHasher.importHash(Self.readmeHash, type: .firebaseScrypt, saltPosition: nil)
        #expect(stored == Self.readmeHash)
        #expect(PasswordHasher.verify("user1password", against: stored))
        #expect(!PasswordHasher.verify("user1passwore", against: stored))
    }

    @Test func importHash_AcceptsUnpaddedURLSafeBase64InAnyFieldOrder() throws {
        // Computed with Python for the same signer key and separator, rounds 4 and memory cost 6.
        let hash =
            "$firebase-scrypt$m=6$r=4$ss=Bw$sk=jxspr8Ki0RYycVU8zykbdLGjFQ3McFUH0uiiTvC8pVMXAn210wjLNmdZJzx"
            + "UECKbm0QsEmYUSDzZvpjeJ9WmXA$salt=zOlFFTpgsShlfA$hash=dnQzV9PREqhqo6zcL2A7NW90xcfGtnOG3Oi10SS0Hg67-gs"
            + "JIdXjohCRI0F9ZxnRr589UwEeLi1DJu1-4jhh4Q"
        let stored = try PasswordHasher.importHash(hash, type: .firebaseScrypt, saltPosition: nil)
        #expect(stored.hasPrefix("$firebase-scrypt$hash=dnQzV9PREqhqo6zcL2A7NW90xcfGtnOG3Oi10SS0Hg67+gsJ"))
        let suffix =
            "$salt=zOlFFTpgsShlfA==$sk=jxspr8Ki0RYycVU8zykbdLGjFQ3McFUH0uiiTvC8pVMXAn210wjLNmdZJzxUECKbm0QsEmYUSDzZv"
            + "pjeJ9WmXA==$ss=Bw==$r=4$m=6"
        #expect(stored.hasSuffix(suffix))
        #expect(PasswordHasher.verify("pässwörd 🔑", against: stored))
        #expect(!PasswordHasher.verify("passwörd 🔑", against: stored))
    }

    @Test(
        arguments: [
            ("$firebase-scrypt$hash=AAAA$salt=AAAA$sk=AAAA$ss=Bw$r=8", "m (mem_cost)"),
            ("$firebase-scrypt$hash=AAAA$salt=AAAA$sk=AAAA$ss=Bw$r=0$m=14", "r (rounds)"),
            ("$firebase-scrypt$hash=AAAA$salt=AAAA$sk=AAAA$ss=Bw$r=8$m=21", "m (mem_cost)"),
            ("$firebase-scrypt$hash=AAAA$salt=AAAA$ss=Bw$r=8$m=14", "sk (the signer key)"),
            ("$firebase-scrypt$hash=AAAA$sk=AAAA$ss=Bw$r=8$m=14", "salt must be base64"),
            ("$firebase-scrypt$hash=A$salt=AAAA$sk=AAAA$ss=Bw$r=8$m=14", "hash must be base64"),
            ("$firebase-scrypt$hash=AAAA$salt=AAAA$sk=AAAAAAAA$ss=Bw$r=8$m=14", "as long as the signer key"),
            ("$firebase-scrypt$hash=AAAA$salt=AAAA$sk=AAAA$ss=Bw$r=8$m=14$x=1", "expected $firebase-scrypt$hash="),
            ("$firebase-scrypt$hash=AAAA$hash=AAAA$salt=AAAA$sk=AAAA$r=8$m=14", "expected $firebase-scrypt$hash="),
            ("$scrypt$hash=AAAA$salt=AAAA$sk=AAAA$ss=Bw$r=8$m=14", "expected $firebase-scrypt$hash="),
        ]
    )
    func importHash_RefusesMalformedFirebaseScryptWithAReason(hash: String, reason: String) {
        #expect {
            try PasswordHasher.importHash(hash, type: .firebaseScrypt, saltPosition: nil)
        } throws: { error in
            isRefusal(error, of: .firebaseScrypt, mentioning: reason)
        }
    }
}
