// workos-emulator — PasswordHashing tests.
// Licensed under the MIT License.

import Testing

@testable import PasswordHashing

@Suite struct Base64Tests {
    @Test func decode_AcceptsPaddedUnpaddedURLSafeAndPasslibSpellings() {
        // RFC 4648 §10 test vectors, padded and not.
        #expect(Base64.decode("Zm9vYmFy") == Array("foobar".utf8))
        #expect(Base64.decode("Zm9vYg==") == Array("foob".utf8))
        #expect(Base64.decode("Zm9vYg") == Array("foob".utf8))
        #expect(Base64.decode("Zm8=") == Array("fo".utf8))
        #expect(Base64.decode("") == [])
        #expect(Base64.decode("-_8") == [0xFB, 0xFF])
        #expect(Base64.decode("+/8") == [0xFB, 0xFF])
        #expect(Base64.decode("./8") == [0xFB, 0xFF])
    }

    @Test func decode_RefusesWhatIsNotBase64() {
        #expect(Base64.decode("Zm9vY") == nil)
        #expect(Base64.decode("Zm9=vYg") == nil)
        #expect(Base64.decode("Zm9vYg=") == nil)
        #expect(Base64.decode("Zm9vYg===") == nil)
        #expect(Base64.decode("Zm9v Yg") == nil)
        #expect(Base64.decode("Zm9v*g") == nil)
    }

    @Test func encode_RoundTripsEveryLengthUpTo64() {
        var generator = SplitMix64(seed: 1)
        for length in 0...64 {
            let bytes = (0..<length).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
            #expect(Base64.decode(Substring(Base64.encode(bytes, padded: true))) == bytes)
            let unpadded = Base64.encode(bytes, padded: false)
            #expect(!unpadded.contains("="))
            #expect(Base64.decode(Substring(unpadded)) == bytes)
        }
        #expect(Base64.encode(Array("foob".utf8), padded: true) == "Zm9vYg==")
    }

    @Test func bcryptEncoding_RoundTripsSaltsAndDigests() {
        var generator = SplitMix64(seed: 2)
        for length in [16, 23] {
            let bytes = (0..<length).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
            let text = BcryptHash.encode(bytes)
            #expect(text.count == (length == 16 ? 22 : 31))
        }
    }
}
