// workos-emulator — PasswordHashing tests.
// Licensed under the MIT License.

import Testing

@testable import PasswordHashing

@Suite struct BLAKE2bTests {
    @Test func hash_MatchesRFC7693AppendixA() {
        // RFC 7693 Appendix A: BLAKE2b-512("abc").
        let digest = BLAKE2b.hash(Array("abc".utf8), outputLength: 64)
        #expect(
            hex(digest)
                == "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
                + "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923"
        )
    }

    @Test(
        arguments: [
            // Generated with Python's hashlib.blake2b: block boundaries (0, 128, 129, 256 bytes) and short outputs.
            (
                [UInt8](), 64,
                "786a02f742015903c6c6fd852552d272912f4740e15847618a86e217f71f5419"
                    + "d25e1031afee585313896444934eb04b903a685b1448b755d56f701afe9be2ce"
            ),
            (
                Array(0..<128), 64,
                "2319e3789c47e2daa5fe807f61bec2a1a6537fa03f19ff32e87eecbfd64b7e0e"
                    + "8ccff439ac333b040f19b0c4ddd11a61e24ac1fe0f10a039806c5dcc0da3d115"
            ),
            (Array(0...255), 32, "39a7eb9fedc19aabc83425c6755dd90e6f9d0c804964a1f4aaeea3b9fb599835"),
            (Array(0...128), 17, "78d432c02a5cae961c0b893036402457c5"),
            ([UInt8](repeating: 0x61, count: 1000), 1, "db"),
        ] as [([UInt8], Int, String)]
    )
    func hash_MatchesPythonHashlibAcrossBlockBoundaries(input: [UInt8], length: Int, expected: String) {
        #expect(hex(BLAKE2b.hash(input, outputLength: length)) == expected)
    }
}
