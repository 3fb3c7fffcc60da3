import Foundation
import CKernels
import Testing
@testable import Inference

/// The fast kernels against float32 products of the dequantized weights, at every instruction
/// set level this CPU has (portable C, AVX2).
@Suite struct QuantizedMatrixTests {
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 { state ^= state << 13; state ^= state >> 7; state ^= state << 17; return state }
        mutating func byte() -> UInt8 { UInt8(truncatingIfNeeded: next()) }
        mutating func float(_ range: ClosedRange<Float>) -> Float {
            range.lowerBound + (range.upperBound - range.lowerBound) * Float(next() % 1_000_000) / 1_000_000
        }
    }

    /// Random blocks of `type` for a `[rows, columns]` matrix.
    func randomMatrix(_ type: GGMLType, rows: Int, columns: Int, seed: UInt64) -> [UInt8] {
        var generator = Generator(state: seed)
        var bytes: [UInt8] = []
        for _ in 0..<(rows * columns / 32) {
            bytes += halfBits(generator.float(0.001...0.05))
            switch type {
            case .q4_1:
                bytes += halfBits(generator.float(-0.3...0))
                bytes += (0..<16).map { _ in generator.byte() }
            case .q4_0:
                bytes += (0..<16).map { _ in generator.byte() }
            default:
                bytes += (0..<32).map { _ in generator.byte() }
            }
        }
        return bytes
    }

    @Test(arguments: [GGMLType.q4_0, .q4_1, .q8_0], [1, 2, 3, 4, 6, 7, 13])
    func kernelsMatchFloatProductsAtEveryLevel(type: GGMLType, tokens: Int) throws {
        let rows = 40, columns = 192
        let bytes = randomMatrix(type, rows: rows, columns: columns, seed: 42 + UInt64(tokens))
        var generator = Generator(state: 7)
        let input = (0..<(tokens * columns)).map { _ in generator.float(-2...2) }
        let weights = try bytes.withUnsafeBytes { raw -> [Float] in
            var out = [Float](repeating: 0, count: rows * columns)
            try out.withUnsafeMutableBufferPointer { try Dequantization.dequantize(type, from: raw, count: rows * columns, into: $0.baseAddress!) }
            return out
        }
        var expected = [Float](repeating: 0, count: tokens * rows)
        for t in 0..<tokens {
            for r in 0..<rows {
                var sum: Float = 0
                for c in 0..<columns { sum += weights[r * columns + c] * input[t * columns + c] }
                expected[t * rows + r] = sum
            }
        }
        let matrix = try #require(bytes.withUnsafeBytes { QuantizedMatrix(type: type, rows: rows, columns: columns, bytes: $0) })
        var results: [[Float]] = []
        for level in 0...Int(lr_kernel_level()) {
            lr_set_kernel_level(Int32(level))
            defer { lr_set_kernel_level(99) }
            let activations = try #require(input.withUnsafeBufferPointer { QuantizedActivations($0.baseAddress!, tokens: tokens, columns: columns) })
            var output = [Float](repeating: .nan, count: tokens * rows)
            output.withUnsafeMutableBufferPointer { matrix.multiply(activations, rows: 0..<rows, into: $0.baseAddress!, ldy: rows) }
            // 16-bit activations: error up to half a step (max|x|/65534) per value, plus float
            // rounding of the sums.
            let scale = weights.map(abs).max()! * 2 / 65534 * Float(columns) / 4 + 1e-4
            for i in output.indices {
                #expect(abs(output[i] - expected[i]) < scale, "level \(level) item \(i): \(output[i]) vs \(expected[i])")
            }
            results.append(output)
        }
        for result in results.dropFirst() {
            for (a, b) in zip(result, results[0]) { #expect(abs(a - b) <= 1e-4 * max(1, abs(b))) }
        }
    }

    /// A token's outputs are bit-identical whether it is multiplied alone, in a batch of any
    /// size, or with the rows split between threads at any boundary: the kernels' tiles differ
    /// (4 rows × 1 token, 2 × 2, 2 × 3, 1 × 4…6) but every output sums in the same order.
    @Test(arguments: [GGMLType.q4_0, .q4_1, .q8_0])
    func outputsDoNotDependOnTheBatchOrTheRowSplit(type: GGMLType) throws {
        let rows = 37, columns = 96, tokens = 13
        let bytes = randomMatrix(type, rows: rows, columns: columns, seed: 5)
        let matrix = try #require(bytes.withUnsafeBytes { QuantizedMatrix(type: type, rows: rows, columns: columns, bytes: $0) })
        var generator = Generator(state: 11)
        let input = (0..<(tokens * columns)).map { _ in generator.float(-3...3) }
        func product(tokens range: Range<Int>, rows rowRange: Range<Int>) throws -> [Float] {
            let activations = try #require(input.withUnsafeBufferPointer {
                QuantizedActivations($0.baseAddress! + range.lowerBound * columns, tokens: range.count, columns: columns)
            })
            var output = [Float](repeating: .nan, count: range.count * rows)
            output.withUnsafeMutableBufferPointer { matrix.multiply(activations, rows: rowRange, into: $0.baseAddress!, ldy: rows) }
            return output
        }
        let whole = try product(tokens: 0..<tokens, rows: 0..<rows)
        for t in 0..<tokens {
            let alone = try product(tokens: t..<(t + 1), rows: 0..<rows)
            #expect(alone.map(\.bitPattern) == whole[(t * rows)..<((t + 1) * rows)].map(\.bitPattern), "token \(t)")
        }
        for batch in [2, 3, 5, 6, 7] {
            let part = try product(tokens: 4..<(4 + batch), rows: 0..<rows)
            #expect(part.map(\.bitPattern) == whole[(4 * rows)..<((4 + batch) * rows)].map(\.bitPattern), "batch \(batch)")
        }
        for split in [1, 5, 16, 17, 33] {
            var output = [Float](repeating: .nan, count: tokens * rows)
            let activations = try #require(input.withUnsafeBufferPointer { QuantizedActivations($0.baseAddress!, tokens: tokens, columns: columns) })
            output.withUnsafeMutableBufferPointer {
                matrix.multiply(activations, rows: 0..<split, into: $0.baseAddress!, ldy: rows)
                matrix.multiply(activations, rows: split..<rows, into: $0.baseAddress!, ldy: rows)
            }
            #expect(output.map(\.bitPattern) == whole.map(\.bitPattern), "split at \(split)")
        }
    }

    /// Matrices cut from one arena hold the same repacked weights as ones that own their memory,
    /// each slice 64-byte aligned; a full arena falls back to memory of their own.
    @Test(arguments: [GGMLType.q4_0, .q4_1, .q8_0])
    func matricesCutFromAnArenaEqualOwnedOnes(type: GGMLType) throws {
        let rows = 16, columns = 128
        let bytes = randomMatrix(type, rows: rows, columns: columns, seed: 9)
        let needed = try #require(QuantizedMatrix.arenaBytes(type: type, rows: rows, columns: columns))
        let arena = WeightArena(capacity: needed), full = WeightArena(capacity: 0)
        #expect(full.take(full.capacity) != nil)
        let (owned, first, second) = try bytes.withUnsafeBytes { raw in
            (try #require(QuantizedMatrix(type: type, rows: rows, columns: columns, bytes: raw)),
             try #require(QuantizedMatrix(type: type, rows: rows, columns: columns, bytes: raw, arena: arena)),
             try #require(QuantizedMatrix(type: type, rows: rows, columns: columns, bytes: raw, arena: full)))
        }
        let weightBytes = type == .q8_0 ? rows * columns : rows * columns / 2
        #expect(Int(bitPattern: first.weights) % 64 == 0 && Int(bitPattern: first.scales) % 64 == 0)
        for matrix in [first, second] {
            #expect(memcmp(matrix.weights, owned.weights, weightBytes) == 0)
            #expect(memcmp(matrix.scales, owned.scales, 4 * rows * columns / 32) == 0)
        }
        #expect(arena.take(arena.capacity) == nil)
        #expect(full.take(1) == nil)
    }

    /// The C conversion used when repacking scales agrees with the Swift one (`HalfPrecision`)
    /// on every bit pattern (normals, subnormals, zeros, infinities; NaN stays NaN).
    @Test func halfPrecisionScalesConvertExactly() {
        for bits in 0...UInt16.max {
            let expected = HalfPrecision.float(fromHalf: bits), converted = lr_half_to_float(bits)
            if expected.isNaN {
                #expect(converted.isNaN)
            } else if converted.bitPattern != expected.bitPattern {
                Issue.record("half 0x\(String(bits, radix: 16)): \(converted) instead of \(expected)")
                return
            }
        }
    }

    @Test func formatsWithoutFastKernelsAreDeclined() {
        let bytes = [UInt8](repeating: 0, count: 4 * 64 * 4)
        bytes.withUnsafeBytes { raw in
            #expect(QuantizedMatrix(type: .f32, rows: 4, columns: 64, bytes: raw) == nil)
            #expect(QuantizedMatrix(type: .q4_1, rows: 4, columns: 48, bytes: raw) == nil)
        }
    }

    @Test func rowsSplitIntoDisjointPartsCoveringTheMatrix() throws {
        let bytes = randomMatrix(.q4_1, rows: 100, columns: 64, seed: 3)
        let matrix = try #require(bytes.withUnsafeBytes { QuantizedMatrix(type: .q4_1, rows: 100, columns: 64, bytes: $0) })
        for parts in 1...5 {
            let ranges = (0..<parts).map { matrix.rows(part: $0, of: parts) }
            #expect(ranges.map(\.count).reduce(0, +) == 100)
            for (a, b) in zip(ranges, ranges.dropFirst()) { #expect(a.upperBound == b.lowerBound || b.isEmpty) }
        }
    }
}
