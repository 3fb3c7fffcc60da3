import Testing
@testable import Inference

/// Each block is built byte by byte and its weights computed by hand from ggml's definition.
@Suite struct DequantizationTests {
    func run(_ type: GGMLType, _ bytes: [UInt8], count: Int) throws -> [Float] {
        var out = [Float](repeating: .nan, count: count)
        try bytes.withUnsafeBytes { source in
            try out.withUnsafeMutableBufferPointer { try Dequantization.dequantize(type, from: source, count: count, into: $0.baseAddress!) }
        }
        return out
    }

    @Test func f32AndF16() throws {
        #expect(try run(.f32, [0, 0, 0x80, 0x3F, 0, 0, 0, 0xC0], count: 2) == [1, -2])
        // 0x3C00 = 1.0, 0xC500 = -5.0, 0x3555 ≈ 0.33325
        #expect(try run(.f16, [0x00, 0x3C, 0x00, 0xC5, 0x55, 0x35], count: 3) == [1, -5, 0.333251953125])
    }

    @Test func q4_0SubtractsEightAndSplitsNibbles() throws {
        // d = 0.5; qs[j] = j | (15 − j) << 4  → weight j = (j − 8)/2, weight j+16 = (7 − j)/2
        let qs = (0..<16).map { UInt8($0) | UInt8(15 - $0) << 4 }
        let out = try run(.q4_0, halfBits(0.5) + qs, count: 32)
        for j in 0..<16 {
            #expect(out[j] == Float(j - 8) * 0.5)
            #expect(out[j + 16] == Float(7 - j) * 0.5)
        }
    }

    @Test func q4_1AddsTheMinimum() throws {
        // d = 0.25, m = −1; qs[j] = 0x3A → low 10, high 3 → 1.5 and −0.25
        let block = halfBits(0.25) + halfBits(-1) + [UInt8](repeating: 0x3A, count: 16)
        let out = try run(.q4_1, block + block, count: 64)
        #expect(out[0..<16].allSatisfy { $0 == 1.5 })
        #expect(out[16..<32].allSatisfy { $0 == -0.25 })
        #expect(out[32] == 1.5 && out[63] == -0.25)
    }

    @Test func q8_0IsSignedBytesTimesScale() throws {
        let qs: [UInt8] = (0..<32).map { UInt8(bitPattern: Int8($0 - 16)) }
        let out = try run(.q8_0, halfBits(2) + qs, count: 32)
        #expect(out == (0..<32).map { Float($0 - 16) * 2 })
    }

    @Test func q4_KUsesSixBitScalesAndMinimums() throws {
        // d = 1, dmin = 0.5. Scales/minimums of sub-blocks 0..7:
        // j < 4: scale = s[j] & 63, min = s[j+4] & 63
        // j ≥ 4: scale = (s[j+4] & 15) | (s[j−4] >> 6) << 4, min = (s[j+4] >> 4) | (s[j] >> 6) << 4
        var s = [UInt8](repeating: 0, count: 12)
        s[0] = 1 | (1 << 6)   // sub-block 0 scale 1; contributes 16 to sub-block 4's scale
        s[1] = 2; s[2] = 3; s[3] = 4
        s[4] = 5 | (2 << 6)   // sub-block 0 min 5; contributes 32 to sub-block 4's min
        s[5] = 6; s[6] = 7; s[7] = 8
        s[8] = 0x21           // sub-block 4: scale 1 + 16 = 17, min 2 + 32 = 34
        s[9] = 0x43; s[10] = 0x65; s[11] = 0x87
        // Every nibble byte = 0x52: low 2, high 5.
        let block = halfBits(1) + halfBits(0.5) + s + [UInt8](repeating: 0x52, count: 128)
        let out = try run(.q4_K, block, count: 256)
        let scales: [Float] = [1, 2, 3, 4, 17, 3, 5, 7]
        let mins: [Float] = [5, 6, 7, 8, 34, 4, 6, 8]
        for sub in 0..<8 {
            let q: Float = sub % 2 == 0 ? 2 : 5
            let expected = scales[sub] * q - 0.5 * mins[sub]
            #expect(out[(32 * sub)..<(32 * sub + 32)].allSatisfy { $0 == expected }, "sub-block \(sub)")
        }
    }

    @Test func q6_KCombinesLowAndHighBits() throws {
        // ql: first 64 bytes 0x21 (low nibble 1, high 2), next 64 bytes 0x43; qh: all 0b11_10_01_00.
        // scales: 16 signed bytes 1, −1, 2, −2, ...; d = 0.5
        let ql = [UInt8](repeating: 0x21, count: 64) + [UInt8](repeating: 0x43, count: 64)
        let qh = [UInt8](repeating: 0b11_10_01_00, count: 64)
        let scales: [Int8] = (0..<16).map { (i: Int) -> Int8 in
            let magnitude = i / 2 + 1
            return Int8(i % 2 == 0 ? magnitude : -magnitude)
        }
        let block = ql + qh + scales.map { UInt8(bitPattern: $0) } + halfBits(0.5)
        let out = try run(.q6_K, block, count: 256)
        for half in 0..<2 {
            let low0: Int = half == 0 ? 0x21 : 0x43   // ql[l] of this half
            let low1: Int = low0                      // ql[l+32] (same bytes within the half)
            let q1: Int = (low0 & 15) | (0 << 4)   // qh bits 0-1 = 0
            let q2: Int = (low1 & 15) | (1 << 4)   // bits 2-3 = 1
            let q3: Int = (low0 >> 4) | (2 << 4)   // bits 4-5 = 2
            let q4: Int = (low1 >> 4) | (3 << 4)   // bits 6-7 = 3
            let quarter: [Int] = [q1 - 32, q2 - 32, q3 - 32, q4 - 32]
            for l in 0..<32 {
                for k in 0..<4 {
                    let scale = Float(scales[8 * half + l / 16 + 2 * k])
                    let expected = 0.5 * scale * Float(quarter[k])
                    #expect(out[128 * half + 32 * k + l] == expected, "half \(half) l \(l) k \(k)")
                }
            }
        }
    }

    @Test func refusesShortInput() {
        #expect(throws: GGUFError.self) { try run(.q4_1, [UInt8](repeating: 0, count: 19), count: 32) }
        #expect(throws: GGUFError.self) { try run(.q8_0, [UInt8](repeating: 0, count: 34), count: 16) }
    }
}
