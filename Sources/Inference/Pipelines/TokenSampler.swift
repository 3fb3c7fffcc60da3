import Foundation

/// Picks the next token from a row of logits the way transformers' `generate` does: greedy
/// (first maximum), or sampling after temperature → top-k → top-p filtering, drawing from the
/// remaining softmax with a `SeededGenerator`.
public struct TokenSampler: Sendable {
    /// The options (only the sampling fields are read).
    public let options: GenerationOptions
    private var generator: SeededGenerator

    /// A sampler; its random sequence is fixed by `options.seed`.
    public init(options: GenerationOptions) {
        self.options = options
        generator = SeededGenerator(seed: options.seed ?? UInt64.random(in: 0 ... .max))
    }

    /// The chosen id among `logits` (one row of `vocabularySize` values).
    public mutating func next(from logits: [Float]) -> Int {
        guard options.doSample else { return TopK.indices(of: logits, count: 1).first ?? 0 }
        let temperature = options.temperature > 0 ? options.temperature : 1
        var candidates: [Int]
        if let k = options.topK, k > 0, k < logits.count {
            // Keep every token whose logit reaches the k-th largest (ties kept, as torch's threshold does).
            let top = TopK.indices(of: logits, count: k)
            let threshold = logits[top[top.count - 1]]
            candidates = logits.indices.filter { logits[$0] >= threshold }
        } else {
            candidates = Array(logits.indices)
        }
        candidates.sort { logits[$0] != logits[$1] ? logits[$0] > logits[$1] : $0 < $1 }
        let maximum = Double(logits[candidates[0]]) / temperature
        var weights = candidates.map { exp(Double(logits[$0]) / temperature - maximum) }
        var total = weights.reduce(0, +)
        if options.topP < 1 {
            // Drop the least likely tokens whose cumulative probability stays within 1 − top_p; keep at least one.
            var keep = candidates.count
            var tail = 0.0
            while keep > 1 {
                let next = tail + weights[keep - 1] / total
                if next > 1 - options.topP { break }
                tail = next
                keep -= 1
            }
            candidates.removeLast(candidates.count - keep)
            weights.removeLast(weights.count - keep)
            total = weights.reduce(0, +)
        }
        let target = Double(generator.uniform()) * total
        var cumulative = 0.0
        for (index, weight) in weights.enumerated() {
            cumulative += weight
            if target < cumulative { return candidates[index] }
        }
        return candidates[candidates.count - 1]
    }
}
