import Foundation
import Inference

/// Cross-entropy of logits against integer targets, ignoring target −100, as
/// `nn.functional.cross_entropy(reduction="mean", ignore_index=-100)`: the mean over the rows
/// whose target counts.
enum CrossEntropy {
    /// The label that marks a position the loss ignores.
    static let ignored = -100

    /// Returns the mean loss over counted rows and overwrites `logits[rows, vocabulary]` with the
    /// gradient of that mean (`(softmax − onehot) / counted`, zero for ignored rows).
    /// `targets[rows]`; `counted` is the number of targets that are not `ignored` (> 0).
    /// Rows are spread over the pool's threads (a SmolLM2 batch of 512 rows is 25 M exponentials);
    /// their losses are summed in row order afterwards, as one thread would.
    static func lossAndGradient(_ logits: UnsafeMutablePointer<Float>, targets: [Int], rows: Int, vocabulary: Int, counted: Int) -> Double {
        let share = 1 / Float(counted)
        var losses = [Double](repeating: 0, count: rows)
        losses.withUnsafeMutableBufferPointer { lossBuffer in
            guard let rowLoss = lossBuffer.baseAddress else { return }
            Parallel.forEach(rows) { row in
                rowLoss[row] = lossAndGradient(logits + row * vocabulary, target: targets[row], vocabulary: vocabulary, share: share)
            }
        }
        return losses.reduce(0, +) / Double(counted)
    }

    /// One row: returns its loss and overwrites `z[vocabulary]` with `share · (softmax − onehot)`
    /// (zeros and a loss of 0 for an ignored target).
    private static func lossAndGradient(_ z: UnsafeMutablePointer<Float>, target: Int, vocabulary: Int, share: Float) -> Double {
        guard target != ignored else {
            z.update(repeating: 0, count: vocabulary)
            return 0
        }
        var maximum = -Float.infinity
        for j in 0..<vocabulary { maximum = max(maximum, z[j]) }
        let shiftedTarget = z[target] - maximum
        // exp(z − max) eight at a time, summed in eight lanes.
        var lanes = SIMD8<Float>()
        for j in stride(from: 0, to: vocabulary, by: 8) {
            var e = VectorMath.exp(Activations.load(z, j, vocabulary) - maximum)
            if j + 8 > vocabulary {
                for lane in (vocabulary - j)..<8 { e[lane] = 0 }
            }
            lanes += e
            Activations.store(e, z, j, vocabulary)
        }
        let sum = lanes.sum()
        let inverse = share / sum
        for j in 0..<vocabulary { z[j] *= inverse }
        z[target] -= share
        return Double(logf(sum) - shiftedTarget)
    }
}
