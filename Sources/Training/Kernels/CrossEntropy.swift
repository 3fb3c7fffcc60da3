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
    static func lossAndGradient(_ logits: UnsafeMutablePointer<Float>, targets: [Int], rows: Int, vocabulary: Int, counted: Int) -> Double {
        var total = 0.0
        let share = 1 / Float(counted)
        for row in 0..<rows {
            let z = logits + row * vocabulary
            let target = targets[row]
            guard target != ignored else {
                for j in 0..<vocabulary { z[j] = 0 }
                continue
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
            total += Double(logf(sum) - shiftedTarget)
            let inverse = share / sum
            for j in 0..<vocabulary { z[j] *= inverse }
            z[target] -= share
        }
        return total / Double(counted)
    }
}
