import Foundation

/// How a continuation is drawn from next-token distributions: greedy when `temperature` is 0,
/// otherwise sampling after temperature scaling, top-k and top-p (nucleus) filtering.
public struct Sampling: Sendable, Equatable {
    /// The most tokens added after the prompt.
    public var maxNewTokens: Int
    /// Divides the log-probabilities before sampling; 0 means greedy (always the most likely token).
    public var temperature: Double
    /// Keep only the `topK` most likely tokens (0 keeps all).
    public var topK: Int
    /// Keep the smallest set of most likely tokens whose probability reaches `topP` (1 keeps all).
    public var topP: Double

    /// Sampling settings; the defaults follow transformers' `do_sample=True` defaults (top-k 50).
    public init(maxNewTokens: Int = 20, temperature: Double = 1.0, topK: Int = 50, topP: Double = 1.0) {
        self.maxNewTokens = maxNewTokens
        self.temperature = temperature
        self.topK = topK
        self.topP = topP
    }

    /// Greedy decoding of up to `maxNewTokens` tokens.
    public static func greedy(maxNewTokens: Int = 20) -> Sampling {
        Sampling(maxNewTokens: maxNewTokens, temperature: 0, topK: 0, topP: 1)
    }

    /// Picks the next token from `logProbabilities` (one entry per vocabulary id).
    public func pick(from logProbabilities: [Float], using generator: inout SplitMix64) -> Int {
        if temperature <= 0 { return TokenDistribution.argmax(logProbabilities) }
        var order = topK > 0 && topK < logProbabilities.count
            ? Self.topIndices(logProbabilities, k: topK)
            : Array(logProbabilities.indices)
        order.sort { logProbabilities[$0] > logProbabilities[$1] || (logProbabilities[$0] == logProbabilities[$1] && $0 < $1) }
        let scaled = order.map { Double(logProbabilities[$0]) / temperature }
        let top = scaled.first ?? 0
        var weights = scaled.map { exp($0 - top) }
        let sum = weights.reduce(0, +)
        weights = weights.map { $0 / sum }
        if topP < 1 {
            var cumulative = 0.0
            var keep = 0
            for weight in weights {
                cumulative += weight
                keep += 1
                if cumulative >= topP { break }
            }
            weights.removeSubrange(keep...)
            order.removeSubrange(keep...)
            let kept = weights.reduce(0, +)
            weights = weights.map { $0 / kept }
        }
        let draw = generator.nextUnit()
        var cumulative = 0.0
        for (index, weight) in weights.enumerated() {
            cumulative += weight
            if draw < cumulative { return order[index] }
        }
        return order[order.count - 1]
    }

    /// The indices of the `k` largest values (ties: smaller index first), in no particular order;
    /// one pass over the values, keeping the best `k` in a sorted buffer.
    static func topIndices(_ values: [Float], k: Int) -> [Int] {
        var best: [Int] = []
        best.reserveCapacity(k + 1)
        func better(_ a: Int, _ b: Int) -> Bool { values[a] > values[b] || (values[a] == values[b] && a < b) }
        for index in values.indices {
            if best.count == k, let worst = best.last, !better(index, worst) { continue }
            var position = best.count
            while position > 0 && better(index, best[position - 1]) { position -= 1 }
            best.insert(index, at: position)
            if best.count > k { best.removeLast() }
        }
        return best
    }
}
