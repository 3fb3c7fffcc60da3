import Bias
import Foundation

/// A tiny deterministic masked LM for tests: a fixed word vocabulary, and at a masked position the
/// logits are 2 for the id that follows the left neighbour's id and 0 for every other id. So with
/// V ids and Z = e² + V − 1, log P = 2 − ln Z for the "successor" and −ln Z otherwise — easy to
/// compute by hand. It records every position it was asked about and rejects unmasked positions.
final class SuccessorMaskedModel: MaskedPredictor, @unchecked Sendable {
    let words = ["[CLS]", "[SEP]", "[MASK]", "the", "man", "woman", "is", "a", "nurse", "doctor", "he", "she", "works", "as", "."]
    var maskToken: String { "[MASK]" }
    var maskTokenID: Int { 2 }
    var specialTokenIDs: Set<Int> { [0, 1, 2] }
    var vocabularySize: Int { words.count }
    private(set) var askedPositions: [Int] = []

    /// ln Z for this vocabulary.
    var logZ: Double { log(exp(2) + Double(words.count - 1)) }

    func encode(_ text: String) throws -> [Int] {
        let pieces = text.lowercased().replacingOccurrences(of: ".", with: " . ").split(separator: " ").map(String.init)
        return try [0] + pieces.map { piece in
            guard let id = words.firstIndex(of: piece) ?? (piece == "[mask]" ? 2 : nil) else {
                throw BiasError(problem: "unknown word \(piece)", fix: "test vocabulary only")
            }
            return id
        } + [1]
    }

    func tokenString(_ id: Int) -> String { words[id] }

    func logProbabilities(tokenIDs: [Int], at position: Int) throws -> [Float] {
        guard tokenIDs[position] == maskTokenID else {
            throw BiasError(problem: "position \(position) is not masked", fix: "mask it")
        }
        askedPositions.append(position)
        let successor = position > 0 ? tokenIDs[position - 1] + 1 : -1
        return (0..<words.count).map { Float(($0 == successor ? 2 : 0) - logZ) }
    }
}
