/// A model that predicts the next token (GPT-2, Llama): what `TextGenerationPipeline` and
/// causal scoring run on. Conform a new architecture to plug it into both.
public protocol CausalLanguageModel: AnyObject, Sendable {
    /// The tokenizer that goes with the weights.
    var tokenizer: any Tokenizer { get }
    /// Logits per position (the output width).
    var vocabularySize: Int { get }
    /// Ids that end generation (`eos_token_id` of config.json and the tokenizer's end token).
    var endOfSequenceTokenIDs: Set<Int> { get }
    /// The longest sequence the model accepts (positions).
    var maximumSequenceLength: Int { get }
    /// An empty key/value cache for `batchSize` sequences.
    func makeCache(batchSize: Int) -> KeyValueCache
    /// Runs the new tokens of each sequence after what `cache` holds for it, appending to the cache.
    ///
    /// `tokens[b]` are the new ids of sequence `b` (lengths may differ; each at least 1).
    /// Returns logits `[Σ tokens[b].count, vocabularySize]` (every new position, sequences one
    /// after another) when `allPositions`, else `[tokens.count, vocabularySize]` (each sequence's
    /// last new position).
    /// - Throws: `ModelError` for an id outside the vocabulary or a sequence longer than the model allows.
    func logits(for tokens: [[Int]], cache: KeyValueCache, allPositions: Bool) throws -> Tensor
    /// The same for some sequences of the cache: `tokens[b]` continues sequence `sequences[b]`
    /// (each at most once, in any order); the others are left as they are.
    func logits(for tokens: [[Int]], sequences: [Int], cache: KeyValueCache, allPositions: Bool) throws -> Tensor
}

extension CausalLanguageModel {
    /// Sequence `b` of the cache continues with `tokens[b]`.
    public func logits(for tokens: [[Int]], cache: KeyValueCache, allPositions: Bool) throws -> Tensor {
        try logits(for: tokens, sequences: Array(tokens.indices), cache: cache, allPositions: allPositions)
    }
}
