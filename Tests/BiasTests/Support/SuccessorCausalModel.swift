import Bias
import Foundation

/// A tiny deterministic causal LM for tests: the next-token logits are 2 for the id after the
/// previous token's id and 0 for every other id, so log P(next | prev) is 2 − ln Z for the
/// successor and −ln Z otherwise, with Z = e² + V − 1. Id 0 is `<|endoftext|>` (the BOS).
/// `boost` adds extra logit to chosen ids after chosen contexts (for Self-Debias tests).
struct SuccessorCausalModel: NextTokenPredictor {
    let words = ["<|endoftext|>", "the", "man", "woman", "is", "a", "nurse", "doctor", "kind", "biased", "text", ":", "he", "she"]
    /// When the context contains `trigger`, the logit of `boosted` gains `amount`.
    var boost: (trigger: Int, boosted: Int, amount: Double)?

    var beginningTokenID: Int { 0 }
    var endTokenIDs: Set<Int> { [] }
    var vocabularySize: Int { words.count }

    func encode(_ text: String) throws -> [Int] {
        try text.lowercased().replacingOccurrences(of: ":", with: " : ").split(whereSeparator: \.isWhitespace).map { piece in
            guard let id = words.firstIndex(of: String(piece)) else {
                throw BiasError(problem: "unknown word \(piece)", fix: "test vocabulary only")
            }
            return id
        }
    }

    func decode(_ ids: [Int]) -> String { ids.map { words[$0] }.joined(separator: " ") }

    func logits(after context: [Int]) -> [Double] {
        let successor = (context.last ?? 0) + 1
        var logits = (0..<words.count).map { $0 == successor ? 2.0 : 0.0 }
        if let boost, context.contains(boost.trigger) { logits[boost.boosted] += boost.amount }
        return logits
    }

    func nextTokenLogProbabilities(_ context: [Int]) throws -> [Float] {
        let logits = logits(after: context)
        let logZ = log(logits.map(exp).reduce(0, +))
        return logits.map { Float($0 - logZ) }
    }

    func conditionalLogProbabilities(_ ids: [Int]) throws -> [Double] {
        (1..<max(1, ids.count)).map { index in
            let logits = logits(after: Array(ids[..<index]))
            return logits[ids[index]] - log(logits.map(exp).reduce(0, +))
        }
    }
}
