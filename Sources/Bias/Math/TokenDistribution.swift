import Foundation

/// A probability distribution over a vocabulary, from a model's log-probabilities, with the
/// comparisons the counterfactual sweep reports.
public struct TokenDistribution: Sendable, Equatable {
    /// P(token) for every vocabulary id (they sum to 1).
    public let probabilities: [Double]

    /// A distribution from log-probabilities (natural log); they are exponentiated and renormalised
    /// so that rounding in the model's log-softmax does not leak into the gap metrics.
    public init(logProbabilities: [Float]) {
        let top = Double(logProbabilities.max() ?? 0)
        let weights = logProbabilities.map { exp(Double($0) - top) }
        let sum = weights.reduce(0, +)
        probabilities = sum > 0 ? weights.map { $0 / sum } : weights
    }

    /// A distribution from probabilities that already sum to 1.
    public init(probabilities: [Double]) {
        self.probabilities = probabilities
    }

    /// The `k` most likely token ids, most likely first (ties: smaller id first).
    public func top(_ k: Int) -> [Int] {
        let order = probabilities.indices.sorted {
            probabilities[$0] > probabilities[$1] || (probabilities[$0] == probabilities[$1] && $0 < $1)
        }
        return Array(order.prefix(max(0, k)))
    }

    /// Total variation distance ½ Σ |p(w) − q(w)| over the whole vocabulary, in [0, 1].
    /// Throws when the vocabularies differ in size.
    public func totalVariationDistance(to other: TokenDistribution) throws -> Double {
        guard probabilities.count == other.probabilities.count else {
            throw BiasError(problem: "the two distributions have \(probabilities.count) and \(other.probabilities.count) entries",
                            fix: "compare distributions from the same model")
        }
        var total = 0.0
        for index in probabilities.indices { total += abs(probabilities[index] - other.probabilities[index]) }
        return total / 2
    }

    /// |top-k of self ∩ top-k of other| / k, in [0, 1].
    public func topOverlap(with other: TokenDistribution, k: Int) -> Double {
        guard k > 0 else { return 0 }
        let mine = Set(top(k))
        return Double(other.top(k).filter { mine.contains($0) }.count) / Double(k)
    }

    /// The index of the largest value (the first one on ties).
    static func argmax(_ values: [Float]) -> Int {
        var best = 0
        for index in values.indices where values[index] > values[best] { best = index }
        return best
    }
}
