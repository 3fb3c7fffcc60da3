import Foundation

/// The log-softmax of one row of logits, computed in double precision (natural log).
enum LogSoftmax {
    /// log softmax(`logits`), max-shifted for stability.
    static func of(_ logits: ArraySlice<Float>) -> [Float] {
        let top = Double(logits.max() ?? 0)
        var sum = 0.0
        for value in logits { sum += exp(Double(value) - top) }
        let logZ = top + log(sum)
        return logits.map { Float(Double($0) - logZ) }
    }

    /// log P(`id`) from one row of logits, in double precision.
    static func value(_ logits: ArraySlice<Float>, at id: Int) -> Double {
        let top = Double(logits.max() ?? 0)
        var sum = 0.0
        for value in logits { sum += exp(Double(value) - top) }
        return Double(logits[logits.startIndex + id]) - top - log(sum)
    }
}
