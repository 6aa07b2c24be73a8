// workos-emulator — PasswordHashing module.
// Licensed under the MIT License.

/// Argon2 (RFC 9106), single-threaded: lanes are filled one after another, which gives the same result as
/// filling them in parallel because a segment never reads the segments of its own slice in other lanes (§3.4).
enum Argon2 {
    /// The type y (RFC 9106 §3.1).
    enum Variant: UInt32, Sendable {
        /// Data-dependent addressing.
        case d = 0
        /// Data-independent addressing.
        case i = 1
        /// Data-independent for the first half of the first pass, data-dependent after.
        case id = 2
    }

    /// The version number v: 0x10 (the original) or 0x13 (which XORs instead of overwriting on later passes).
    enum Version: UInt32, Sendable {
        /// Argon2 1.0.
        case v10 = 0x10
        /// Argon2 1.3, the RFC's version.
        case v13 = 0x13
    }

    /// Everything Argon2 takes as input besides the password (RFC 9106 §3.1).
    struct Parameters: Sendable, Equatable {
        /// The type y.
        var variant: Variant
        /// The version v.
        var version: Version
        /// Memory size m in KiB (1 KiB blocks); at least 8·p.
        var memoryKiB: Int
        /// Number of passes t, at least 1.
        var iterations: Int
        /// Degree of parallelism p (lanes), at least 1.
        var parallelism: Int
        /// Tag length T in bytes, at least 4.
        var tagLength: Int
    }

    /// Words in one 1 KiB block.
    private static let blockWords = 128
    /// Slices per pass (SL in RFC 9106 §3.4).
    private static let syncPoints = 4

    /// The tag of `password` under `salt`, with the optional secret K and associated data X (RFC 9106 §3.2).
    static func hash(
        password: [UInt8],
        salt: [UInt8],
        secret: [UInt8] = [],
        associatedData: [UInt8] = [],
        parameters: Parameters
    ) -> [UInt8] {
        let lanes = parameters.parallelism
        // §3.2 step 2: H_0 over every input, each length as a 32-bit little-endian integer.
        var h0Input: [UInt8] = []
        for value in [
            UInt32(lanes), UInt32(parameters.tagLength), UInt32(parameters.memoryKiB),
            UInt32(parameters.iterations), parameters.version.rawValue, parameters.variant.rawValue,
        ] {
            h0Input += Self.littleEndian(value)
        }
        for field in [password, salt, secret, associatedData] {
            h0Input += Self.littleEndian(UInt32(field.count))
            h0Input += field
        }
        let h0 = BLAKE2b.hash(h0Input, outputLength: 64)

        // §3.2 step 3: m' = 4·p·floor(m / 4p) blocks in p lanes of q columns.
        let segmentLength = parameters.memoryKiB / (Self.syncPoints * lanes)
        let laneLength = segmentLength * Self.syncPoints
        var memory = [UInt64](repeating: 0, count: laneLength * lanes * Self.blockWords)
        memory.withUnsafeMutableBufferPointer { buffer in
            let memory = buffer.baseAddress!
            // §3.2 steps 4–5: the first two columns from H'^(1024)(H_0 || LE32(0 or 1) || LE32(lane)).
            for lane in 0..<lanes {
                for column in 0..<2 {
                    let block = Self.variableHash(
                        h0 + Self.littleEndian(UInt32(column)) + Self.littleEndian(UInt32(lane)),
                        outputLength: 1024
                    )
                    Self.load(block, into: memory + (lane * laneLength + column) * Self.blockWords)
                }
            }
            let context = Context(
                memory: memory,
                parameters: parameters,
                lanes: lanes,
                laneLength: laneLength,
                segmentLength: segmentLength
            )
            for pass in 0..<parameters.iterations {
                for slice in 0..<Self.syncPoints {
                    for lane in 0..<lanes {
                        Self.fillSegment(context, pass: pass, slice: slice, lane: lane)
                    }
                }
            }
        }
        // §3.2 steps 7–8: XOR the last column of every lane, then H'^(T).
        var final = [UInt64](repeating: 0, count: Self.blockWords)
        for lane in 0..<lanes {
            let base = (lane * laneLength + laneLength - 1) * Self.blockWords
            for word in 0..<Self.blockWords {
                final[word] ^= memory[base + word]
            }
        }
        var finalBytes: [UInt8] = []
        finalBytes.reserveCapacity(1024)
        for word in final {
            for shift in stride(from: 0, to: 64, by: 8) {
                finalBytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift)))
            }
        }
        return Self.variableHash(finalBytes, outputLength: parameters.tagLength)
    }

    /// The fixed facts every segment needs.
    private struct Context {
        let memory: UnsafeMutablePointer<UInt64>
        let parameters: Parameters
        let lanes: Int
        let laneLength: Int
        let segmentLength: Int
    }

    /// Computes one segment (RFC 9106 §3.4): every block from the previous block and a reference block whose
    /// position comes from J1 and J2.
    private static func fillSegment(_ context: Context, pass: Int, slice: Int, lane: Int) {
        let parameters = context.parameters
        // §3.4.1.2: Argon2i throughout, Argon2id for slices 0 and 1 of the first pass.
        let isDataIndependent =
            parameters.variant == .i || (parameters.variant == .id && pass == 0 && slice < Self.syncPoints / 2)
        var addresses = [UInt64](repeating: 0, count: Self.blockWords)
        var input = [UInt64](repeating: 0, count: Self.blockWords)
        if isDataIndependent {
            // The input block Z of §3.4.1.2: r, l, sl, m', t, y, then the counter i.
            input[0] = UInt64(pass)
            input[1] = UInt64(lane)
            input[2] = UInt64(slice)
            input[3] = UInt64(context.laneLength * context.lanes)
            input[4] = UInt64(parameters.iterations)
            input[5] = UInt64(parameters.variant.rawValue)
        }
        // The first two blocks of each lane were made from H_0.
        let startIndex = (pass == 0 && slice == 0) ? 2 : 0
        if isDataIndependent && startIndex != 0 {
            Self.nextAddresses(&addresses, &input)
        }
        let memory = context.memory
        var scratch = [UInt64](repeating: 0, count: 2 * Self.blockWords)
        for index in startIndex..<context.segmentLength {
            let column = slice * context.segmentLength + index
            let current = lane * context.laneLength + column
            let previous = column == 0 ? current + context.laneLength - 1 : current - 1
            let pseudoRandom: UInt64
            if isDataIndependent {
                if index % Self.blockWords == 0 {
                    Self.nextAddresses(&addresses, &input)
                }
                pseudoRandom = addresses[index % Self.blockWords]
            } else {
                pseudoRandom = memory[previous * Self.blockWords]
            }
            // §3.4.2: J2 picks the lane (the current one in the very first slice), J1 the block within it.
            let j1 = pseudoRandom & 0xFFFF_FFFF
            let j2 = pseudoRandom >> 32
            let referenceLane = (pass == 0 && slice == 0) ? lane : Int(j2 % UInt64(context.lanes))
            let referenceColumn = Self.referenceColumn(
                context,
                pass: pass,
                slice: slice,
                index: index,
                isSameLane: referenceLane == lane,
                j1: j1
            )
            let reference = referenceLane * context.laneLength + referenceColumn
            // Version 0x13 XORs the new block into the old one on every pass after the first.
            let xorsIntoCurrent = parameters.version == .v13 && pass > 0
            scratch.withUnsafeMutableBufferPointer { scratch in
                Self.compress(
                    memory + previous * Self.blockWords,
                    memory + reference * Self.blockWords,
                    into: memory + current * Self.blockWords,
                    xorsIntoOutput: xorsIntoCurrent,
                    scratch: scratch.baseAddress!
                )
            }
        }
    }

    /// The reference block's column (RFC 9106 §3.4.2): the set W of blocks already computed and not in the
    /// current slice of another lane, then a non-uniform pick x = J1²/2³², y = |W|·x/2³², zz = |W| − 1 − y.
    private static func referenceColumn(
        _ context: Context,
        pass: Int,
        slice: Int,
        index: Int,
        isSameLane: Bool,
        j1: UInt64
    ) -> Int {
        let areaSize: Int
        if pass == 0 {
            if isSameLane {
                areaSize = slice * context.segmentLength + index - 1
            } else {
                areaSize = slice * context.segmentLength + (index == 0 ? -1 : 0)
            }
        } else {
            if isSameLane {
                areaSize = context.laneLength - context.segmentLength + index - 1
            } else {
                areaSize = context.laneLength - context.segmentLength + (index == 0 ? -1 : 0)
            }
        }
        let x = (j1 &* j1) >> 32
        let y = (UInt64(areaSize) &* x) >> 32
        let relative = areaSize - 1 - Int(y)
        // On later passes W starts just after the current slice and wraps around the lane.
        let start = pass == 0 ? 0 : ((slice + 1) % Self.syncPoints) * context.segmentLength
        return (start + relative) % context.laneLength
    }

    /// The next block of pseudo-random J1‖J2 values for data-independent addressing: G(0, G(0, Z‖i‖0…)).
    private static func nextAddresses(_ addresses: inout [UInt64], _ input: inout [UInt64]) {
        input[6] &+= 1
        let zero = [UInt64](repeating: 0, count: Self.blockWords)
        var scratch = [UInt64](repeating: 0, count: 2 * Self.blockWords)
        var first = [UInt64](repeating: 0, count: Self.blockWords)
        zero.withUnsafeBufferPointer { zero in
            input.withUnsafeBufferPointer { input in
                first.withUnsafeMutableBufferPointer { first in
                    addresses.withUnsafeMutableBufferPointer { addresses in
                        scratch.withUnsafeMutableBufferPointer { scratch in
                            let zero = UnsafeMutablePointer(mutating: zero.baseAddress!)
                            Self.compress(
                                zero,
                                UnsafeMutablePointer(mutating: input.baseAddress!),
                                into: first.baseAddress!,
                                xorsIntoOutput: false,
                                scratch: scratch.baseAddress!
                            )
                            Self.compress(
                                zero,
                                first.baseAddress!,
                                into: addresses.baseAddress!,
                                xorsIntoOutput: false,
                                scratch: scratch.baseAddress!
                            )
                        }
                    }
                }
            }
        }
    }

    /// The compression function G(X, Y) (RFC 9106 §3.5): R = X ⊕ Y; P on each row of R's 8×8 matrix of 16-byte
    /// registers, then on each column, giving Z; the result is Z ⊕ R, XORed into the output's old value when
    /// `xorsIntoOutput`. `scratch` holds 256 words.
    private static func compress(
        _ x: UnsafeMutablePointer<UInt64>,
        _ y: UnsafeMutablePointer<UInt64>,
        into output: UnsafeMutablePointer<UInt64>,
        xorsIntoOutput: Bool,
        scratch: UnsafeMutablePointer<UInt64>
    ) {
        let r = scratch
        let z = scratch + Self.blockWords
        for word in 0..<Self.blockWords {
            r[word] = x[word] ^ y[word]
            z[word] = r[word]
        }
        // Rows: registers 8i..8i+7 are the 16 consecutive words 16i..16i+15.
        for row in 0..<8 {
            Self.permute(z, base: 16 * row, pairStride: 2)
        }
        // Columns: register j of every row, that is words 2j and 2j+1 of rows 0 to 7.
        for column in 0..<8 {
            Self.permute(z, base: 2 * column, pairStride: 16)
        }
        for word in 0..<Self.blockWords {
            let value = z[word] ^ r[word]
            output[word] = xorsIntoOutput ? output[word] ^ value : value
        }
    }

    /// The permutation P (RFC 9106 §3.6): BLAKE2b's round without message words, with GB's multiplications, on
    /// eight 16-byte registers. Word k of the 16 lies at `base + (k / 2)·pairStride + k % 2`, so a stride of 2 reads
    /// a row of the block's 8×8 register matrix and a stride of 16 reads a column.
    @inline(__always)
    private static func permute(_ v: UnsafeMutablePointer<UInt64>, base: Int, pairStride: Int) {
        let w0 = base
        let w2 = base + pairStride
        let w4 = base + 2 * pairStride
        let w6 = base + 3 * pairStride
        let w8 = base + 4 * pairStride
        let w10 = base + 5 * pairStride
        let w12 = base + 6 * pairStride
        let w14 = base + 7 * pairStride
        // Columns of the 4×4 word matrix, then its diagonals.
        Self.mix(v, w0, w4, w8, w12)
        Self.mix(v, w0 + 1, w4 + 1, w8 + 1, w12 + 1)
        Self.mix(v, w2, w6, w10, w14)
        Self.mix(v, w2 + 1, w6 + 1, w10 + 1, w14 + 1)
        Self.mix(v, w0, w4 + 1, w10, w14 + 1)
        Self.mix(v, w0 + 1, w6, w10 + 1, w12)
        Self.mix(v, w2, w6 + 1, w8, w12 + 1)
        Self.mix(v, w2 + 1, w4, w8 + 1, w14)
    }

    /// GB (RFC 9106 §3.6): BLAKE2b's G with each addition a + b replaced by a + b + 2·trunc(a)·trunc(b).
    @inline(__always)
    private static func mix(_ v: UnsafeMutablePointer<UInt64>, _ a: Int, _ b: Int, _ c: Int, _ d: Int) {
        var va = v[a]
        var vb = v[b]
        var vc = v[c]
        var vd = v[d]
        va = va &+ vb &+ 2 &* (va & 0xFFFF_FFFF) &* (vb & 0xFFFF_FFFF)
        vd = BLAKE2b.rotateRight(vd ^ va, 32)
        vc = vc &+ vd &+ 2 &* (vc & 0xFFFF_FFFF) &* (vd & 0xFFFF_FFFF)
        vb = BLAKE2b.rotateRight(vb ^ vc, 24)
        va = va &+ vb &+ 2 &* (va & 0xFFFF_FFFF) &* (vb & 0xFFFF_FFFF)
        vd = BLAKE2b.rotateRight(vd ^ va, 16)
        vc = vc &+ vd &+ 2 &* (vc & 0xFFFF_FFFF) &* (vd & 0xFFFF_FFFF)
        vb = BLAKE2b.rotateRight(vb ^ vc, 63)
        v[a] = va
        v[b] = vb
        v[c] = vc
        v[d] = vd
    }

    /// H' (RFC 9106 §3.3): BLAKE2b of LE32(T)‖X, extended past 64 bytes by chaining 64-byte hashes and keeping
    /// the first 32 bytes of each.
    static func variableHash(_ input: [UInt8], outputLength: Int) -> [UInt8] {
        let prefixed = Self.littleEndian(UInt32(outputLength)) + input
        if outputLength <= 64 {
            return BLAKE2b.hash(prefixed, outputLength: outputLength)
        }
        let r = (outputLength + 31) / 32 - 2
        var v = BLAKE2b.hash(prefixed, outputLength: 64)
        var output = Array(v.prefix(32))
        for _ in 1..<r {
            v = BLAKE2b.hash(v, outputLength: 64)
            output += v.prefix(32)
        }
        output += BLAKE2b.hash(v, outputLength: outputLength - 32 * r)
        return output
    }

    /// Reads 1024 bytes as 128 little-endian 64-bit words into `block`.
    private static func load(_ bytes: [UInt8], into block: UnsafeMutablePointer<UInt64>) {
        for word in 0..<Self.blockWords {
            var value: UInt64 = 0
            for byte in 0..<8 {
                value |= UInt64(bytes[word * 8 + byte]) << UInt64(8 * byte)
            }
            block[word] = value
        }
    }

    /// `value` as 4 little-endian bytes.
    private static func littleEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value & 0xFF), UInt8((value >> 8) & 0xFF), UInt8((value >> 16) & 0xFF), UInt8(value >> 24)]
    }
}
