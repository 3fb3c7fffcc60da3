import CKernels
import Testing
@testable import Inference

/// `lr_sgemm_nt` (BERT's products) at every instruction-set level this CPU has, against a
/// double-precision product, over shapes that exercise every tile edge: input rows that do not
/// fill a tile, weight-row groups of fewer than four, and k not a multiple of the vector width.
@Suite struct DenseKernelTests {
    /// `[count]` values in [-1, 1) from a seeded generator.
    func random(_ count: Int, seed: UInt64) -> [Float] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in generator.uniform() * 2 - 1 }
    }

    /// `y[i, j]` for outputs `n0..<n1` of `ldy`, at the given kernel level (NaN elsewhere).
    func product(_ x: [Float], m: Int, ldx: Int, _ w: [Float], k: Int, outputs: Range<Int>, ldy: Int,
                 level: Int) -> [Float] {
        var y = [Float](repeating: .nan, count: m * ldy)
        lr_set_kernel_level(Int32(level))
        defer { lr_set_kernel_level(99) }
        lr_sgemm_nt(x, Int32(m), Int32(ldx), w, Int32(k), Int32(outputs.lowerBound), Int32(outputs.upperBound),
                    &y, Int32(ldy))
        return y
    }

    @Test(arguments: [1, 2, 5, 6, 7, 13], [1, 15, 16, 17, 40, 64])
    func everyLevelMatchesADoublePrecisionProduct(m: Int, k: Int) {
        let n = 11, ldx = k + 3
        let x = random(m * ldx, seed: UInt64(m * 100 + k)), w = random(n * k, seed: UInt64(k))
        for level in 0...Int(lr_kernel_level()) {
            let y = product(x, m: m, ldx: ldx, w, k: k, outputs: 0..<n, ldy: n, level: level)
            for i in 0..<m {
                for j in 0..<n {
                    var exact = 0.0
                    for p in 0..<k { exact += Double(x[i * ldx + p]) * Double(w[j * k + p]) }
                    #expect(abs(Double(y[i * n + j]) - exact) <= 1e-5 * Double(k), "level \(level) y[\(i), \(j)]")
                }
            }
        }
    }

    /// A row's outputs are bit-identical whether it is multiplied alone or inside a batch, and
    /// whichever output range (thread part) computes them.
    @Test func resultsDoNotDependOnTheBatchOrTheOutputSplit() {
        let m = 9, k = 100, n = 23
        let x = random(m * k, seed: 1), w = random(n * k, seed: 2)
        for level in 0...Int(lr_kernel_level()) {
            let whole = product(x, m: m, ldx: k, w, k: k, outputs: 0..<n, ldy: n, level: level)
            for i in 0..<m {
                let alone = product(Array(x[i * k ..< (i + 1) * k]), m: 1, ldx: k, w, k: k, outputs: 0..<n, ldy: n,
                                    level: level)
                #expect(alone == Array(whole[i * n ..< (i + 1) * n]), "level \(level) row \(i)")
            }
            var split = [Float](repeating: .nan, count: m * n)
            for range in [0..<3, 3..<10, 10..<23] {
                let part = product(x, m: m, ldx: k, w, k: k, outputs: range, ldy: n, level: level)
                for i in 0..<m { for j in range { split[i * n + j] = part[i * n + j] } }
            }
            #expect(split == whole, "level \(level)")
        }
    }

    /// Only the requested outputs are written.
    @Test func writesNothingOutsideTheOutputRange() {
        let m = 7, k = 32, n = 10
        let y = product(random(m * k, seed: 3), m: m, ldx: k, random(n * k, seed: 4), k: k, outputs: 2..<5, ldy: n,
                        level: Int(lr_kernel_level()))
        for i in 0..<m {
            for j in 0..<n { #expect(y[i * n + j].isNaN == !(2..<5).contains(j)) }
        }
    }
}
