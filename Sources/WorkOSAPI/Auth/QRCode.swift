// workos-emulator — QR codes (ISO/IEC 18004) of TOTP enrollment URIs, drawn as PNG (RFC 2083) data URIs: the
// `totp.qr_code` of an enrolled factor (spec `AuthenticationFactorEnrolled`), scannable by authenticator apps.
// Byte mode, error correction level M, versions 1–40. Licensed MIT.

import Foundation

/// A QR code symbol: `size` × `size` modules, true = dark.
struct QRCode {
    let size: Int
    private(set) var modules: [Bool]
    /// Modules that belong to function patterns (never masked, never data).
    private var isFunction: [Bool]

    /// Level M error correction per version 1–40 (ISO/IEC 18004 Table 9): EC codewords per block, and blocks.
    private static let ecPerBlock = [
        10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28, 28, 28, 28, 28, 28,
        28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28,
    ]
    private static let blockCount = [
        1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31,
        33, 35, 37, 38, 40, 43, 45, 47, 49,
    ]

    /// Codewords of a version's symbol: the modules left after function patterns, in bytes (§6.4.10 Table 1).
    private static func totalCodewords(version: Int) -> Int {
        var modules = (16 * version + 128) * version + 64
        if version >= 2 {
            let alignments = version / 7 + 2
            modules -= (25 * alignments - 10) * alignments - 55
            if version >= 7 { modules -= 36 }
        }
        return modules / 8
    }

    /// The data codewords of each block, short blocks first (§7.5.2).
    private static func dataBlocks(version: Int) -> (ecPerBlock: Int, sizes: [Int]) {
        let total = self.totalCodewords(version: version)
        let blocks = self.blockCount[version - 1]
        let ec = self.ecPerBlock[version - 1]
        let shortLength = total / blocks
        let longBlocks = total % blocks
        return (ec, (0..<blocks).map { shortLength - ec + ($0 >= blocks - longBlocks ? 1 : 0) })
    }

    /// Alignment pattern centres (Annex E), evenly spaced from the far edge back to 6.
    private static func alignmentCentres(version: Int) -> [Int] {
        guard version > 1 else { return [] }
        let count = version / 7 + 2
        let step = version == 32 ? 26 : (version * 4 + count * 2 + 1) / (count * 2 - 2) * 2
        var result = [6]
        var position = 17 + 4 * version - 7
        while result.count < count {
            result.insert(position, at: 1)
            position -= step
        }
        return result
    }

    /// The symbol of `bytes`, or nil when they do not fit version 40-M (2331 bytes).
    init?(bytes: [UInt8]) {
        var chosen: Int?
        for version in 1...Self.ecPerBlock.count {
            let capacity = Self.dataBlocks(version: version).sizes.reduce(0, +) * 8
            let countBits = version < 10 ? 8 : 16
            if 4 + countBits + bytes.count * 8 <= capacity {
                chosen = version
                break
            }
        }
        guard let version = chosen else { return nil }
        self.size = 17 + 4 * version
        self.modules = Array(repeating: false, count: self.size * self.size)
        self.isFunction = Array(repeating: false, count: self.size * self.size)
        self.drawFunctionPatterns(version: version)
        let codewords = Self.interleave(Self.dataCodewords(bytes, version: version), version: version)
        self.placeData(codewords)
        var best = (mask: 0, penalty: Int.max)
        for mask in 0..<8 {
            var candidate = self
            candidate.applyMask(mask)
            candidate.drawFormatBits(mask: mask)
            let penalty = candidate.penalty()
            if penalty < best.penalty { best = (mask, penalty) }
        }
        self.applyMask(best.mask)
        self.drawFormatBits(mask: best.mask)
    }

    /// True for a dark module.
    func isDark(_ x: Int, _ y: Int) -> Bool { self.modules[y * self.size + x] }

    private mutating func set(_ x: Int, _ y: Int, _ dark: Bool, function: Bool = true) {
        self.modules[y * self.size + x] = dark
        if function { self.isFunction[y * self.size + x] = true }
    }

    // MARK: Function patterns (§6.3)

    private mutating func drawFunctionPatterns(version: Int) {
        for i in 0..<self.size {
            self.set(6, i, i % 2 == 0)
            self.set(i, 6, i % 2 == 0)
        }
        for (x, y) in [(3, 3), (self.size - 4, 3), (3, self.size - 4)] { self.drawFinder(x, y) }
        let centres = Self.alignmentCentres(version: version)
        for cy in centres {
            for cx in centres {
                let nearFinder =
                    (cx == 6 && cy == 6) || (cx == 6 && cy == centres.last) || (cx == centres.last && cy == 6)
                if nearFinder { continue }
                for dy in -2...2 {
                    for dx in -2...2 { self.set(cx + dx, cy + dy, max(abs(dx), abs(dy)) != 1) }
                }
            }
        }
        self.drawFormatBits(mask: 0)  // reserves the format areas; redrawn with the chosen mask
        if version >= 7 {
            // §6.10: 6 version bits + 12 BCH bits (generator 0x1F25).
            var remainder = version
            for _ in 0..<12 { remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25) }
            let bits = version << 12 | remainder
            for i in 0..<18 {
                let dark = (bits >> i) & 1 == 1
                let a = self.size - 11 + i % 3
                let b = i / 3
                self.set(a, b, dark)
                self.set(b, a, dark)
            }
        }
    }

    private mutating func drawFinder(_ cx: Int, _ cy: Int) {
        for dy in -4...4 {
            for dx in -4...4 {
                let x = cx + dx
                let y = cy + dy
                guard x >= 0, x < self.size, y >= 0, y < self.size else { continue }
                let distance = max(abs(dx), abs(dy))
                self.set(x, y, distance != 2 && distance != 4)
            }
        }
    }

    /// §6.9: level M (00) + 3 mask bits, BCH(15,5) with generator 0x537, XOR 0x5412.
    private mutating func drawFormatBits(mask: Int) {
        let data = (0b00 << 3) | mask
        var remainder = data
        for _ in 0..<10 { remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537) }
        let bits = ((data << 10) | remainder) ^ 0x5412
        func bit(_ i: Int) -> Bool { (bits >> i) & 1 == 1 }
        for i in 0...5 { self.set(8, i, bit(i)) }
        self.set(8, 7, bit(6))
        self.set(8, 8, bit(7))
        self.set(7, 8, bit(8))
        for i in 9..<15 { self.set(14 - i, 8, bit(i)) }
        for i in 0..<8 { self.set(self.size - 1 - i, 8, bit(i)) }
        for i in 8..<15 { self.set(8, self.size - 15 + i, bit(i)) }
        self.set(8, self.size - 8, true)  // the dark module
    }

    // MARK: Data (§7.4–7.7)

    /// Mode indicator 0100 (byte), the character count, the bytes, terminator and padding `0xEC 0x11`.
    private static func dataCodewords(_ bytes: [UInt8], version: Int) -> [UInt8] {
        let capacity = self.dataBlocks(version: version).sizes.reduce(0, +)
        var bits: [Bool] = []
        func append(_ value: Int, _ count: Int) {
            for i in stride(from: count - 1, through: 0, by: -1) { bits.append((value >> i) & 1 == 1) }
        }
        append(0b0100, 4)
        append(bytes.count, version < 10 ? 8 : 16)
        for byte in bytes { append(Int(byte), 8) }
        append(0, min(4, capacity * 8 - bits.count))
        while bits.count % 8 != 0 { bits.append(false) }
        var codewords: [UInt8] = stride(from: 0, to: bits.count, by: 8).map { start in
            bits[start..<start + 8].reduce(0) { ($0 << 1) | ($1 ? 1 : 0) }
        }
        var pad: UInt8 = 0xEC
        while codewords.count < capacity {
            codewords.append(pad)
            pad = pad == 0xEC ? 0x11 : 0xEC
        }
        return codewords
    }

    /// Splits into blocks, appends each block's Reed–Solomon codewords, and interleaves (§7.6).
    private static func interleave(_ data: [UInt8], version: Int) -> [UInt8] {
        let (ecCount, sizes) = self.dataBlocks(version: version)
        var dataBlocks: [[UInt8]] = []
        var offset = 0
        for size in sizes {
            dataBlocks.append(Array(data[offset..<offset + size]))
            offset += size
        }
        let generator = ReedSolomon.generator(degree: ecCount)
        let ecBlocks = dataBlocks.map { ReedSolomon.remainder($0, generator: generator) }
        var result: [UInt8] = []
        for i in 0..<(sizes.max() ?? 0) {
            for block in dataBlocks where i < block.count { result.append(block[i]) }
        }
        for i in 0..<ecCount {
            for block in ecBlocks { result.append(block[i]) }
        }
        return result
    }

    /// §7.7.3: two-module columns, right to left, alternately upwards and downwards, skipping the timing column.
    private mutating func placeData(_ codewords: [UInt8]) {
        var bitIndex = 0
        let totalBits = codewords.count * 8
        var right = self.size - 1
        var upward = true
        while right >= 1 {
            if right == 6 { right = 5 }
            for step in 0..<self.size {
                let y = upward ? self.size - 1 - step : step
                for column in [right, right - 1] where !self.isFunction[y * self.size + column] {
                    var dark = false
                    if bitIndex < totalBits {
                        dark = (codewords[bitIndex / 8] >> (7 - bitIndex % 8)) & 1 == 1
                        bitIndex += 1
                    }
                    self.modules[y * self.size + column] = dark
                }
            }
            upward.toggle()
            right -= 2
        }
    }

    /// §7.8.2 data mask patterns.
    private mutating func applyMask(_ mask: Int) {
        for y in 0..<self.size {
            for x in 0..<self.size where !self.isFunction[y * self.size + x] {
                let flip: Bool
                switch mask {
                case 0: flip = (x + y) % 2 == 0
                case 1: flip = y % 2 == 0
                case 2: flip = x % 3 == 0
                case 3: flip = (x + y) % 3 == 0
                case 4: flip = (y / 2 + x / 3) % 2 == 0
                case 5: flip = (x * y) % 2 + (x * y) % 3 == 0
                case 6: flip = ((x * y) % 2 + (x * y) % 3) % 2 == 0
                default: flip = ((x + y) % 2 + (x * y) % 3) % 2 == 0
                }
                if flip { self.modules[y * self.size + x].toggle() }
            }
        }
    }

    /// §7.8.3 penalty: runs of five or more, 2×2 blocks, finder-like patterns, dark/light balance.
    private func penalty() -> Int {
        var total = 0
        let finderLike: [Bool] = [true, false, true, true, true, false, true, false, false, false, false]
        for pass in 0..<2 {
            for a in 0..<self.size {
                var line: [Bool] = []
                for b in 0..<self.size { line.append(pass == 0 ? self.isDark(b, a) : self.isDark(a, b)) }
                var run = 1
                for i in 1..<line.count {
                    if line[i] == line[i - 1] {
                        run += 1
                    } else {
                        if run >= 5 { total += run - 2 }
                        run = 1
                    }
                }
                if run >= 5 { total += run - 2 }
                if line.count >= 11 {
                    for i in 0...(line.count - 11) {
                        let window = Array(line[i..<i + 11])
                        if window == finderLike || window == Array(finderLike.reversed()) { total += 40 }
                    }
                }
            }
        }
        for y in 0..<(self.size - 1) {
            for x in 0..<(self.size - 1) {
                let c = self.isDark(x, y)
                if c == self.isDark(x + 1, y), c == self.isDark(x, y + 1), c == self.isDark(x + 1, y + 1) { total += 3 }
            }
        }
        let dark = self.modules.filter { $0 }.count
        total += (abs(dark * 20 - self.modules.count * 10) / self.modules.count) * 10
        return total
    }

    // MARK: Output

    /// A `data:image/png;base64,…` URI of a QR code of `text`; a 1×1 white PNG when the text is too long.
    static func pngDataURI(for text: String, scale: Int = 4) -> String {
        let png: [UInt8]
        if let code = QRCode(bytes: Array(text.utf8)) {
            png = PNG.monochrome(width: (code.size + 8) * scale, height: (code.size + 8) * scale) { x, y in
                let mx = x / scale - 4
                let my = y / scale - 4
                return mx >= 0 && my >= 0 && mx < code.size && my < code.size && code.isDark(mx, my)
            }
        } else {
            png = PNG.monochrome(width: 1, height: 1) { _, _ in false }
        }
        return "data:image/png;base64," + Data(png).base64EncodedString()
    }
}

/// Reed–Solomon error correction over GF(2⁸) with the QR polynomial x⁸+x⁴+x³+x²+1 (ISO/IEC 18004 §7.5.2).
enum ReedSolomon {
    private static let (exp, log): ([UInt8], [Int]) = {
        var exp = [UInt8](repeating: 0, count: 512)
        var log = [Int](repeating: 0, count: 256)
        var value = 1
        for i in 0..<255 {
            exp[i] = UInt8(value)
            log[value] = i
            value <<= 1
            if value & 0x100 != 0 { value ^= 0x11D }
        }
        for i in 255..<512 { exp[i] = exp[i - 255] }
        return (exp, log)
    }()

    static func multiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
        a == 0 || b == 0 ? 0 : self.exp[self.log[Int(a)] + self.log[Int(b)]]
    }

    /// The generator polynomial ∏(x − αⁱ), i < degree, highest coefficient first (leading 1 dropped).
    static func generator(degree: Int) -> [UInt8] {
        var result: [UInt8] = [1]
        for i in 0..<degree {
            var next = [UInt8](repeating: 0, count: result.count + 1)
            for (j, coefficient) in result.enumerated() {
                next[j] ^= coefficient
                next[j + 1] ^= self.multiply(coefficient, self.exp[i])
            }
            result = next
        }
        return Array(result.dropFirst())
    }

    /// The remainder of data·x^degree divided by the generator: the error correction codewords.
    static func remainder(_ data: [UInt8], generator: [UInt8]) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: generator.count)
        for byte in data {
            let factor = byte ^ result[0]
            result.removeFirst()
            result.append(0)
            for i in 0..<generator.count { result[i] ^= self.multiply(generator[i], factor) }
        }
        return result
    }
}

/// Minimal PNG writing: 1-bit greyscale, stored (uncompressed) deflate blocks (RFC 1950/1951), CRC-32 per chunk.
enum PNG {
    /// A black-and-white image; `isDark(x, y)` is true for black pixels.
    static func monochrome(width: Int, height: Int, isDark: (Int, Int) -> Bool) -> [UInt8] {
        var raw: [UInt8] = []
        let rowBytes = (width + 7) / 8
        for y in 0..<height {
            raw.append(0)  // filter type None
            var row = [UInt8](repeating: 0xFF, count: rowBytes)
            for x in 0..<width where isDark(x, y) { row[x / 8] &= ~(0x80 >> UInt8(x % 8)) }
            raw += row
        }
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        var header: [UInt8] = []
        header += self.bigEndian(UInt32(width))
        header += self.bigEndian(UInt32(height))
        header += [1, 0, 0, 0, 0]  // bit depth 1, greyscale, deflate, adaptive filtering, no interlace
        png += self.chunk("IHDR", header)
        png += self.chunk("IDAT", self.zlibStored(raw))
        png += self.chunk("IEND", [])
        return png
    }

    private static func zlibStored(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]
        var offset = 0
        repeat {
            let length = min(65_535, data.count - offset)
            let isLast = offset + length == data.count
            out.append(isLast ? 1 : 0)
            out += [UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8((~length >> 8) & 0xFF)]
            out += data[offset..<offset + length]
            offset += length
        } while offset < data.count
        var a: UInt32 = 1
        var b: UInt32 = 0
        for byte in data {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        return out + self.bigEndian(b << 16 | a)
    }

    private static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typeBytes = Array(type.utf8)
        return self.bigEndian(UInt32(data.count)) + typeBytes + data + self.bigEndian(self.crc32(typeBytes + data))
    }

    private static let crcTable: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    private static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for byte in bytes { c = self.crcTable[Int((c ^ UInt32(byte)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }
}
