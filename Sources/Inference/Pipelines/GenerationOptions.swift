/// How `TextGenerationPipeline` picks tokens, named after transformers' generation arguments.
public struct GenerationOptions: Sendable, Equatable {
    /// New tokens to generate at most (`max_new_tokens`).
    public var maxNewTokens: Int
    /// Sample (`do_sample=True`) instead of taking the most likely token (greedy).
    public var doSample: Bool
    /// Logits are divided by this before sampling (`temperature`, > 0).
    public var temperature: Double
    /// Sample only among the `topK` most likely tokens (`top_k`; nil or 0 for no limit).
    public var topK: Int?
    /// Sample only among the most likely tokens whose probabilities add up to `topP` (`top_p`, 1 = no limit).
    public var topP: Double
    /// The seed of the `SeededGenerator` (`set_seed`); nil draws one at random.
    public var seed: UInt64?
    /// Sequences to return per prompt (`num_return_sequences`; more than one needs sampling).
    public var numReturnSequences: Int
    /// Return prompt + continuation (`return_full_text=True`) or the continuation only.
    public var returnFullText: Bool
    /// Stop a sequence when it produces an end-of-sequence token.
    public var stopAtEndOfSequence: Bool

    /// Options; the defaults are transformers' (greedy, 20 new tokens, `top_k` 50 when sampling).
    public init(maxNewTokens: Int = 20, doSample: Bool = false, temperature: Double = 1, topK: Int? = 50,
                topP: Double = 1, seed: UInt64? = nil, numReturnSequences: Int = 1, returnFullText: Bool = true,
                stopAtEndOfSequence: Bool = true) {
        self.maxNewTokens = maxNewTokens
        self.doSample = doSample
        self.temperature = temperature
        self.topK = topK
        self.topP = topP
        self.seed = seed
        self.numReturnSequences = numReturnSequences
        self.returnFullText = returnFullText
        self.stopAtEndOfSequence = stopAtEndOfSequence
    }
}
