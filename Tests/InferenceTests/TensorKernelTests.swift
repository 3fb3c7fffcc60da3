import Foundation
import Testing
@testable import Inference

@Suite struct TensorKernelTests {
    @Test func linearMatchesANaiveProductInBothLayoutsWithFusedActivation() {
        let weight = Tensor(shape: [3, 2], scalars: [1, 2, 3, 4, 5, 6])       // [out 3, in 2]
        let bias = Tensor(shape: [3], scalars: [0.5, -100, 1])
        let input: [Float] = [1, -1, 2, 0.5]                                  // [2 rows, 2]
        var output = [Float](repeating: 0, count: 6)
        Linear(weight: weight, bias: bias).apply(input, rows: 2, into: &output, activation: .relu)
        #expect(output == [0, 0, 0, 3.5, 0, 14])
        // The same weight transposed, as Conv1D stores it.
        let conv = Tensor(shape: [2, 3], scalars: [1, 3, 5, 2, 4, 6])
        Linear(weight: conv, bias: bias, layout: .inputsByOutputs).apply(input, rows: 2, into: &output)
        #expect(output == [-0.5, -101, 0, 3.5, -92, 14])
        var single = [Float](repeating: 0, count: 3)
        Linear(weight: conv, bias: bias, layout: .inputsByOutputs).apply([2, 0.5], rows: 1, into: &single)
        #expect(single == [3.5, -92, 14])
    }

    @Test func geluVariantsMatchTheirFormulas() {
        #expect(abs(Activation.gelu(1) - 0.8413447) < 1e-6)
        #expect(abs(Activation.gelu(-2) - -0.04550026) < 1e-6)
        #expect(abs(Activation.geluTanh(1) - 0.8411920) < 1e-6)
        #expect(Activation(huggingFaceName: "gelu_new") == .geluTanh)
    }

    @Test func layerNormGivesZeroMeanUnitVariance() {
        var values: [Float] = [1, 2, 3, 4, 10, 10, 10, 10]
        let norm = LayerNorm(weight: Tensor(shape: [4], scalars: [1, 1, 1, 1]), bias: Tensor(zeros: [4]), epsilon: 1e-5)
        norm.apply(&values, rows: 2)
        #expect(maximumDifference(Array(values[0..<4]), [-1.3416355, -0.4472118, 0.4472118, 1.3416355]) < 1e-5)
        #expect(values[4...].allSatisfy { $0 == 0 })
    }

    @Test func softmaxIsStableForLargeLogits() {
        var values: [Float] = [1000, 1001, 1002]
        Softmax.apply(&values, rows: 1, width: 3)
        #expect(maximumDifference(values, [0.09003057, 0.24472847, 0.66524096]) < 1e-6)
        #expect(abs(Softmax.logSumExp([1000, 1000], width: 2) - (1000 + log(2))) < 1e-3)
    }

    /// Naive attention over one head for comparison.
    func naiveAttention(q: [[Float]], k: [[Float]], v: [[Float]], allowed: (Int, Int) -> Bool) -> [[Float]] {
        q.indices.map { i in
            let scores = k.indices.map { j -> Float in
                allowed(i, j) ? zip(q[i], k[j]).map(*).reduce(0, +) / Float(q[i].count).squareRoot() : -.infinity
            }
            let top = scores.max()!
            let weights = scores.map { exp($0 - top) }
            let total = weights.reduce(0, +)
            return (0..<v[0].count).map { c in k.indices.map { weights[$0] / total * v[$0][c] }.reduce(0, +) }
        }
    }

    @Test func attentionAppliesCausalAndPaddingMasks() {
        var generator = SeededGenerator(seed: 7)
        func random(_ rows: Int, _ columns: Int) -> [[Float]] {
            (0..<rows).map { _ in (0..<columns).map { _ in Float.random(in: -1...1, using: &generator) } }
        }
        let (length, size) = (5, 12)   // one head of 12: exercises the 8-lane loop and its tail
        let q = random(length, size), k = random(length, size), v = random(length, size)
        let mask: [Bool] = [true, true, false, true, true]
        for causal in [false, true] {
            var output = [Float](repeating: 0, count: length * size)
            var scratch = [Float](repeating: 0, count: length)
            let shape = Attention.Shape(queryLength: length, keyLength: length, heads: 1, headSize: size,
                                        causalOffset: causal ? 0 : nil)
            Attention.apply(shape: shape, query: q.flatMap { $0 }, queryStride: size, key: k.flatMap { $0 }, keyStride: size,
                            value: v.flatMap { $0 }, valueStride: size, output: &output, outputStride: size,
                            keyMask: mask, scratch: &scratch)
            let expected = naiveAttention(q: q, k: k, v: v) { i, j in mask[j] && (!causal || j <= i) }
            #expect(maximumDifference(output, expected.flatMap { $0 }) < 1e-5)
        }
    }
}

@Suite struct VectorMathTests {
    @Test func vectorErfStaysWithin6e7OfLibm() {
        var worst: Float = 0
        var x: Float = -9
        while x < 9 {
            let lanes = SIMD8<Float>((0..<8).map { x + Float($0) * 1e-4 })
            let y = VectorMath.erf(lanes)
            for lane in 0..<8 { worst = max(worst, abs(y[lane] - erff(lanes[lane]))) }
            x += 8e-4
        }
        #expect(worst < 6e-7)
    }

    @Test func vectorExpIsAccurateToAFewUlps() {
        var worst: Float = 0
        for step in 0..<20_000 {
            let x = -80 + Float(step) * 0.0084
            let y = VectorMath.exp(SIMD8(repeating: x))[0]
            worst = max(worst, abs(y - expf(x)) / expf(x))
        }
        #expect(worst < 5e-7)
    }

    @Test func fusedGELUEpilogueMatchesTheScalarFormIncludingTheTail() {
        let count = 21
        var values = (0..<count).map { Float($0) * 0.37 - 4 }
        let bias = (0..<count).map { Float($0) * -0.01 }
        let expected = zip(values, bias).map { Activation.gelu($0 + $1) }
        Activation.gelu.applyAddingBias(&values, rows: 1, columns: count, bias: bias)
        #expect(maximumDifference(values, expected) < 1e-6)
    }
}
