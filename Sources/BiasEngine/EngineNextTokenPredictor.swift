import Bias
import Inference

/// A causal LM of the inference engine (GPT-2, Llama / SmolLM2) seen through `NextTokenPredictor`.
/// Sentences start after `<|endoftext|>` when the vocabulary has it (GPT-2, SmolLM2), else after the
/// tokenizer's BOS. Generation uses the model's key/value cache.
public struct EngineNextTokenPredictor: NextTokenPredictor {
    /// The engine's model.
    public let model: any Inference.CausalLanguageModel
    /// `<|endoftext|>` when the vocabulary has it, else the BOS token.
    public let beginningTokenID: Int
    /// The model's end-of-sequence ids.
    public var endTokenIDs: Set<Int> { model.endOfSequenceTokenIDs }
    /// The model's output width.
    public var vocabularySize: Int { model.vocabularySize }

    /// Wraps `model`; throws when its tokenizer has neither `<|endoftext|>` nor a BOS token.
    public init(model: any Inference.CausalLanguageModel) throws {
        let tokenizer = model.tokenizer
        guard let beginning = tokenizer.id(of: "<|endoftext|>") ?? tokenizer.specialTokens.beginning?.id ?? tokenizer.specialTokens.end?.id else {
            throw BiasError(problem: "the model's tokenizer has no <|endoftext|> or BOS token to start a sentence after",
                            fix: "use a causal model whose tokenizer defines one")
        }
        self.model = model
        beginningTokenID = beginning
    }

    /// Token ids without special tokens.
    public func encode(_ text: String) throws -> [Int] {
        model.tokenizer.encode(text, addSpecialTokens: false).ids
    }

    /// The text of `ids` (special tokens kept).
    public func decode(_ ids: [Int]) -> String {
        model.tokenizer.decode(ids, skipSpecialTokens: false)
    }

    /// One forward pass over `ids`; row i − 1 of the logits predicts ids[i].
    public func conditionalLogProbabilities(_ ids: [Int]) throws -> [Double] {
        try conditionalLogProbabilities(batch: [ids])[0]
    }

    /// One batched forward pass over all sequences (those of one token or fewer give []). When
    /// every sequence starts with the same tokens (a CrowS-Pairs pair, StereoSet's options), that
    /// prefix runs once and each sequence continues a copy of its cache: the same log-probabilities
    /// (a token's products never depend on the rest of the batch) for less work.
    public func conditionalLogProbabilities(batch: [[Int]]) throws -> [[Double]] {
        let scored = batch.indices.filter { batch[$0].count > 1 }
        var results = [[Double]](repeating: [], count: batch.count)
        guard !scored.isEmpty else { return results }
        for index in scored { try checkLength(batch[index].count) }
        let sequences = scored.map { batch[$0] }
        let shared = sequences.count > 1 ? Self.sharedPrefixLength(sequences) : 0
        // Row r of the prefix's logits predicts token r + 1 (the last one, every sequence's first
        // own token); row r of a sequence's continuation predicts its token shared + r + 1.
        var prefixRows: [ArraySlice<Float>] = []
        let cache: KeyValueCache
        if shared >= 2 {
            let prefixCache = model.makeCache(batchSize: 1)
            let logits = try model.logits(for: [Array(sequences[0].prefix(shared))], cache: prefixCache, allPositions: true)
            let width = logits.shape.last ?? 0
            prefixRows = (0..<shared).map { logits.scalars[($0 * width)..<(($0 + 1) * width)] }
            cache = KeyValueCache(repeating: 0, of: prefixCache, count: sequences.count)
        } else {
            cache = model.makeCache(batchSize: sequences.count)
        }
        let start = shared >= 2 ? shared : 0
        let logits = try model.logits(for: sequences.map { Array($0[start...]) }, cache: cache, allPositions: true)
        let width = logits.shape.last ?? 0
        var row = 0
        for (index, ids) in zip(scored, sequences) {
            results[index] = (1..<ids.count).map { position in
                let predicting = position - 1
                let scores = predicting < prefixRows.count ? prefixRows[predicting]
                    : logits.scalars[((row + predicting - start) * width)..<((row + predicting - start + 1) * width)]
                return LogSoftmax.value(scores, at: ids[position])
            }
            row += ids.count - start
        }
        return results
    }

    /// The number of leading tokens every sequence has in common, kept one short of the shortest
    /// sequence so that each still has a token of its own to run.
    static func sharedPrefixLength(_ sequences: [[Int]]) -> Int {
        guard let shortest = sequences.map(\.count).min(), let first = sequences.first else { return 0 }
        var length = 0
        while length < shortest - 1, sequences.allSatisfy({ $0[length] == first[length] }) { length += 1 }
        return length
    }

    /// The log-softmax after `context`.
    public func nextTokenLogProbabilities(_ context: [Int]) throws -> [Float] {
        try checkLength(context.count)
        let logits = try model.logits(for: [context], cache: model.makeCache(batchSize: 1), allPositions: false)
        return LogSoftmax.of(logits.scalars[...])
    }

    /// Cached generation: the prompt is run once, then one new token per step; picks with
    /// `sampling` and a `SplitMix64` seeded with `seed`, so results match the default
    /// implementation token for token.
    public func generate(promptIDs: [Int], sampling: Sampling, seed: UInt64) throws -> [Int] {
        var generator = SplitMix64(seed: seed)
        let prompt = promptIDs.isEmpty ? [beginningTokenID] : promptIDs
        try checkLength(prompt.count)
        let cache = model.makeCache(batchSize: 1)
        var logits = try model.logits(for: [prompt], cache: cache, allPositions: false)
        var added: [Int] = []
        for _ in 0..<max(0, sampling.maxNewTokens) {
            let next = sampling.pick(from: LogSoftmax.of(logits.scalars[...]), using: &generator)
            if endTokenIDs.contains(next) { break }
            added.append(next)
            if prompt.count + added.count >= model.maximumSequenceLength { break }
            logits = try model.logits(for: [[next]], cache: cache, allPositions: false)
        }
        return added
    }

    /// A session over the model's key/value cache.
    public func makeSession(context: [Int]) throws -> any DecodingSession {
        try EngineDecodingSession(model: model, context: context.isEmpty ? [beginningTokenID] : context)
    }

    private func checkLength(_ count: Int) throws {
        guard count <= model.maximumSequenceLength else {
            throw BiasError(problem: "the text is \(count) tokens long but the model reads at most \(model.maximumSequenceLength)",
                            fix: "use shorter texts")
        }
    }
}
