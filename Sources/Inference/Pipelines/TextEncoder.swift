/// A model that turns text into vectors (BERT, sentence-transformers): what `FeatureExtractionPipeline` runs on.
public protocol TextEncoder: AnyObject, Sendable {
    /// The tokenizer that goes with the weights.
    var tokenizer: any Tokenizer { get }
    /// The width of each hidden state.
    var hiddenSize: Int { get }
    /// The most tokens one sequence may have (learned positions).
    var maximumSequenceLength: Int { get }
    /// How token states become one sentence vector (from sentence-transformers' files, else mean pooling).
    var pooling: Pooling { get }
    /// The last layer's hidden states of each sequence: `batch.count` tensors `[length, hiddenSize]`.
    /// - Throws: `ModelError` for bad ids or lengths.
    func hiddenStates(for batch: [[Int]]) throws -> [Tensor]
}
