/// A model that predicts tokens at masked positions (BERT): what `FillMaskPipeline` and
/// pseudo-log-likelihood scoring run on.
public protocol MaskedLanguageModel: AnyObject, Sendable {
    /// The tokenizer that goes with the weights (it defines the mask token).
    var tokenizer: any Tokenizer { get }
    /// Logits per position (the output width).
    var vocabularySize: Int { get }
    /// The logits at chosen positions of each sequence.
    ///
    /// `batch[b]` are the ids of sequence `b` (special tokens included); `positions[b]` the
    /// indices into it to predict. Returns `[Σ positions[b].count, vocabularySize]`, rows in order.
    /// - Throws: `ModelError` when the model has no masked-LM head, or for bad ids or lengths.
    func logits(for batch: [[Int]], at positions: [[Int]]) throws -> Tensor
}
