import Foundation

/// transformers' `pipeline("feature-extraction")` and sentence-transformers' `encode`: the hidden
/// states of a text's tokens, or one pooled vector per sentence.
public struct FeatureExtractionPipeline: Sendable {
    /// The model it runs on.
    public let model: any TextEncoder

    /// A pipeline over `model`.
    public init(model: any TextEncoder) {
        self.model = model
    }

    /// The last hidden state of every token of `text` (special tokens included): `[tokens][hidden]`
    /// (transformers wraps this in one more list for the batch).
    /// - Throws: model errors (e.g. a text longer than the model's positions).
    public func callAsFunction(_ text: String) throws -> [[Float]] {
        let states = try model.hiddenStates(for: [model.tokenizer.encode(text).ids])[0]
        return (0..<states.shape[0]).map { states.row($0) }
    }

    /// One vector per text, pooled as the model's sentence-transformers files say (mean pooling,
    /// L2-normalised for all-MiniLM-L6-v2), computed in batches of `batchSize`. As
    /// sentence-transformers does, a text longer than `max_seq_length` (else the model's limit)
    /// is cut to that many tokens, its last (`[SEP]`) token kept.
    /// - Throws: model errors.
    public func sentenceEmbeddings(_ texts: [String], batchSize: Int = 32) throws -> [[Float]] {
        var vectors: [[Float]] = []
        vectors.reserveCapacity(texts.count)
        var start = 0
        while start < texts.count {
            let chunk = texts[start ..< min(texts.count, start + max(batchSize, 1))]
            let limit = min(model.pooling.maximumSequenceLength ?? model.maximumSequenceLength, model.maximumSequenceLength)
            let batch = chunk.map { text -> [Int] in
                let ids = model.tokenizer.encode(text).ids
                guard ids.count > limit, let last = ids.last else { return ids }
                return Array(ids.prefix(limit - 1)) + [last]
            }
            let states = try model.hiddenStates(for: batch)
            vectors += states.map { model.pooling.apply($0) }
            start += chunk.count
        }
        return vectors
    }
}
