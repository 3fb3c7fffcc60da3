/// What the causal-LM metrics and mitigations (CrowS-Pairs causal, next-token sweeps, generation
/// bias, perplexity, counterfactual decoding, Self-Debias) need from a GPT-like model.
public protocol NextTokenPredictor {
    /// The token that starts a text: BOS, or `<|endoftext|>` for GPT-2. A sentence's first token is
    /// conditioned on it.
    var beginningTokenID: Int { get }
    /// The tokens that end generation (empty when the model has none).
    var endTokenIDs: Set<Int> { get }
    /// The number of entries in every distribution the model returns.
    var vocabularySize: Int { get }
    /// Token ids of `text`, without any special token added.
    func encode(_ text: String) throws -> [Int]
    /// The text of `ids`.
    func decode(_ ids: [Int]) -> String
    /// log P(ids[i] | ids[0..<i]) for every i in 1..<ids.count (natural log), from one forward
    /// pass over `ids`; the result has `ids.count - 1` entries.
    func conditionalLogProbabilities(_ ids: [Int]) throws -> [Double]
    /// `conditionalLogProbabilities` for several sequences at once, in order. Has a default
    /// implementation that runs them one at a time; an engine may batch them.
    func conditionalLogProbabilities(batch: [[Int]]) throws -> [[Double]]
    /// The log-softmax over the vocabulary for the token that follows `context` (not empty).
    func nextTokenLogProbabilities(_ context: [Int]) throws -> [Float]
    /// Continues `promptIDs` by up to `sampling.maxNewTokens` tokens drawn with a generator seeded
    /// by `seed`; returns the new tokens only. Has a default implementation over
    /// `nextTokenLogProbabilities`; an engine with a KV cache may supply a faster one.
    func generate(promptIDs: [Int], sampling: Sampling, seed: UInt64) throws -> [Int]
    /// A session that continues `context` one token at a time (decoding-time mitigations keep one
    /// per context they compare). Has a default implementation that re-reads the whole context at
    /// every step; an engine with a KV cache may supply a faster one.
    func makeSession(context: [Int]) throws -> any DecodingSession
}

extension NextTokenPredictor {
    /// A `RecomputingDecodingSession` (no cache).
    public func makeSession(context: [Int]) throws -> any DecodingSession {
        RecomputingDecodingSession(model: self, context: context)
    }

    /// One sequence at a time.
    public func conditionalLogProbabilities(batch: [[Int]]) throws -> [[Double]] {
        try batch.map { try conditionalLogProbabilities($0) }
    }

    /// The log-probabilities (natural log) of several whole sentences, each as
    /// `sentenceLogProbability` computes it, in one batch.
    public func sentenceLogProbabilities(_ texts: [String]) throws -> [Double] {
        let sequences = try texts.map { [beginningTokenID] + (try encode($0)) }
        return try conditionalLogProbabilities(batch: sequences).map { $0.reduce(0, +) }
    }

    /// Token-by-token generation: each step asks `nextTokenLogProbabilities` for the whole context
    /// and picks with `sampling`; stops at any of `endTokenIDs`.
    public func generate(promptIDs: [Int], sampling: Sampling, seed: UInt64) throws -> [Int] {
        var generator = SplitMix64(seed: seed)
        var context = promptIDs.isEmpty ? [beginningTokenID] : promptIDs
        var added: [Int] = []
        for _ in 0..<max(0, sampling.maxNewTokens) {
            let next = sampling.pick(from: try nextTokenLogProbabilities(context), using: &generator)
            if endTokenIDs.contains(next) { break }
            added.append(next)
            context.append(next)
        }
        return added
    }

    /// The log-probability (natural log) of `text` as a whole sentence: its first token is
    /// conditioned on `beginningTokenID`, every later token on all before it.
    public func sentenceLogProbability(_ text: String) throws -> Double {
        let ids = try encode(text)
        guard !ids.isEmpty else { return 0 }
        return try conditionalLogProbabilities([beginningTokenID] + ids).reduce(0, +)
    }

    /// The per-token log-probabilities of `text`'s tokens, the first conditioned on `beginningTokenID`.
    public func tokenLogProbabilities(_ text: String) throws -> [Double] {
        let ids = try encode(text)
        guard !ids.isEmpty else { return [] }
        return try conditionalLogProbabilities([beginningTokenID] + ids)
    }
}
