import Bias
import Inference

/// A masked LM of the inference engine (BERT) seen through `MaskedPredictor`: the tokenizer gives
/// the ids and special tokens, the model's logits at the asked positions give the log-softmax.
public struct EngineMaskedPredictor: MaskedPredictor {
    /// The engine's model.
    public let model: any Inference.MaskedLanguageModel
    /// How many masked copies go through the model in one batch.
    public var batchSize: Int
    /// The mask token's text (`[MASK]`).
    public let maskToken: String
    /// The mask token's id.
    public let maskTokenID: Int
    /// The tokenizer's special-token ids.
    public let specialTokenIDs: Set<Int>
    /// The model's output width.
    public var vocabularySize: Int { model.vocabularySize }

    /// Wraps `model`; throws when its tokenizer has no mask token.
    public init(model: any Inference.MaskedLanguageModel, batchSize: Int = 32) throws {
        guard let mask = model.tokenizer.specialTokens.mask else {
            throw BiasError(problem: "the model's tokenizer has no mask token", fix: "use a masked language model such as bert-base-uncased")
        }
        self.model = model
        self.batchSize = batchSize
        maskToken = mask.text
        maskTokenID = mask.id
        specialTokenIDs = model.tokenizer.specialTokens.ids
    }

    /// Token ids with `[CLS]` … `[SEP]`.
    public func encode(_ text: String) throws -> [Int] {
        model.tokenizer.encode(text, addSpecialTokens: true).ids
    }

    /// The token's text as fill-mask's `token_str` gives it (the tokenizer's decode of that id).
    public func tokenString(_ id: Int) -> String {
        model.tokenizer.decode([id], skipSpecialTokens: false)
    }

    /// The log-softmax at `position`.
    public func logProbabilities(tokenIDs: [Int], at position: Int) throws -> [Float] {
        try logProbabilities(batch: [(tokenIDs, position)])[0]
    }

    /// The log-softmax of each query, `batchSize` sequences per forward pass.
    public func logProbabilities(batch: [(tokenIDs: [Int], position: Int)]) throws -> [[Float]] {
        var results: [[Float]] = []
        var start = 0
        while start < batch.count {
            let chunk = batch[start..<min(batch.count, start + max(1, batchSize))]
            let logits = try model.logits(for: chunk.map(\.tokenIDs), at: chunk.map { [$0.position] })
            let width = logits.shape.last ?? 0
            for row in 0..<chunk.count {
                results.append(LogSoftmax.of(logits.scalars[(row * width)..<((row + 1) * width)]))
            }
            start += chunk.count
        }
        return results
    }
}
