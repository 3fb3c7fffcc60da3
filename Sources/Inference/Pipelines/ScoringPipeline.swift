import Foundation

/// The log-probability one token received.
public struct TokenScore: Sendable, Equatable {
    /// Index of the token in the encoding (special tokens counted).
    public var position: Int
    /// The token id.
    public var id: Int
    /// The token string.
    public var token: String
    /// Natural-log probability the model gave it.
    public var logProbability: Double

    /// A token score.
    public init(position: Int, id: Int, token: String, logProbability: Double) {
        self.position = position
        self.id = id
        self.token = token
        self.logProbability = logProbability
    }
}

/// A text's score: the sum of its tokens' log-probabilities and each term.
public struct SequenceScore: Sendable, Equatable {
    /// The text scored.
    public var text: String
    /// Σ `tokens[i].logProbability` (nats).
    public var total: Double
    /// Every term of the sum.
    public var tokens: [TokenScore]

    /// A score.
    public init(text: String, total: Double, tokens: [TokenScore]) {
        self.text = text
        self.total = total
        self.tokens = tokens
    }
}

/// Sentence scores for bias metrics: the pseudo-log-likelihood under a masked LM (Salazar et al.:
/// mask each token in turn and add the log-probability of the true token) and the
/// log-probability of a sequence under a causal LM (Σ_{i ≥ 1} log p(token_i | tokens before i)).
/// Both run batched.
public struct ScoringPipeline: Sendable {
    /// The model a scoring pipeline runs on: which one decides the score it can compute.
    public enum Model: Sendable {
        /// Pseudo-log-likelihood scoring.
        case masked(any MaskedLanguageModel)
        /// Sequence log-probability scoring.
        case causal(any CausalLanguageModel)
    }

    /// The model it runs on.
    public let model: Model
    /// Sequences per model call.
    public var batchSize: Int

    /// A pipeline over `model`.
    public init(model: Model, batchSize: Int = 32) {
        self.model = model
        self.batchSize = batchSize
    }

    /// A pseudo-log-likelihood pipeline over a masked model.
    public init(model: any MaskedLanguageModel, batchSize: Int = 32) {
        self.init(model: .masked(model), batchSize: batchSize)
    }

    /// A sequence log-probability pipeline over a causal model.
    public init(model: any CausalLanguageModel, batchSize: Int = 32) {
        self.init(model: .causal(model), batchSize: batchSize)
    }

    /// The pseudo-log-likelihood of each text: each scored position is replaced by the mask token
    /// in its own copy of the text, and the log-softmax of the original token is summed.
    ///
    /// `positions[t]`, when given, lists the token indices (into the encoding with `[CLS]`/`[SEP]`)
    /// to score for text `t`; by default every non-special token is scored.
    /// - Throws: `PipelineError` for a position outside the text; model errors.
    public func pseudoLogLikelihood(_ texts: [String], positions: [[Int]]? = nil) throws -> [SequenceScore] {
        guard case .masked(let model) = model else {
            throw PipelineError(pipeline: "scoring", problem: "pseudo-log-likelihood needs a masked language model such as BERT; score a causal model with sequenceLogProbability")
        }
        let tokenizer = model.tokenizer
        guard let mask = tokenizer.specialTokens.mask?.id else {
            throw PipelineError(pipeline: "scoring", problem: "the tokenizer has no mask token")
        }
        if let positions, positions.count != texts.count {
            throw PipelineError(pipeline: "scoring", problem: "\(positions.count) position lists for \(texts.count) texts")
        }
        let encodings = texts.map { tokenizer.encode($0) }
        var jobs: [(text: Int, position: Int)] = []
        for (index, encoding) in encodings.enumerated() {
            let chosen = positions?[index] ?? encoding.ids.indices.filter { !encoding.specialTokensMask[$0] }
            for position in chosen {
                guard position >= 0 && position < encoding.count else {
                    throw PipelineError(pipeline: "scoring", problem: "position \(position) is outside \"\(texts[index])\" (\(encoding.count) tokens with special tokens)")
                }
                jobs.append((index, position))
            }
        }
        var scores = texts.map { SequenceScore(text: $0, total: 0, tokens: []) }
        var start = 0
        while start < jobs.count {
            let chunk = jobs[start ..< min(jobs.count, start + max(batchSize, 1))]
            let batch = chunk.map { job -> [Int] in
                var ids = encodings[job.text].ids
                ids[job.position] = mask
                return ids
            }
            let logits = try model.logits(for: batch, at: chunk.map { [$0.position] })
            for (row, job) in chunk.enumerated() {
                let id = encodings[job.text].ids[job.position]
                let value = logProbability(logits, row: row, id: id)
                scores[job.text].tokens.append(TokenScore(position: job.position, id: id,
                                                          token: encodings[job.text].tokens[job.position], logProbability: value))
                scores[job.text].total += value
            }
            start += chunk.count
        }
        return scores
    }

    /// The log-probability of each text under a causal model: Σ_{i ≥ 1} log p(token_i | tokens < i)
    /// over the text's ids (encoded with the model's template; the first token is not scored).
    /// With `prependBeginningOfSequence`, a start token (`<|endoftext|>` when the vocabulary has it,
    /// else the tokenizer's beginning-of-sequence token) is put before the text so every token of
    /// the text is scored, the first one included.
    /// - Throws: `PipelineError` when a start token is asked for and the tokenizer has none; model
    ///   errors (e.g. a text longer than the model allows).
    public func sequenceLogProbability(_ texts: [String], prependBeginningOfSequence: Bool = false) throws -> [SequenceScore] {
        guard case .causal(let model) = model else {
            throw PipelineError(pipeline: "scoring", problem: "sequence log-probability needs a causal language model such as GPT-2; score a masked model with pseudoLogLikelihood")
        }
        let tokenizer = model.tokenizer
        var encodings = texts.map { tokenizer.encode($0) }
        if prependBeginningOfSequence {
            guard let start = tokenizer.id(of: "<|endoftext|>") ?? tokenizer.specialTokens.beginning?.id else {
                throw PipelineError(pipeline: "scoring", problem: "prepend_bos needs a start token and this tokenizer has none")
            }
            let startText = tokenizer.token(of: start) ?? ""
            encodings = encodings.map { encoding in
                var prefixed = Encoding()
                prefixed.append(id: start, token: startText, offset: 0..<0, special: true)
                prefixed.append(contentsOf: encoding)
                return prefixed
            }
        }
        var scores = texts.map { SequenceScore(text: $0, total: 0, tokens: []) }
        let scorable = encodings.indices.filter { !encodings[$0].ids.isEmpty }
        var start = 0
        while start < scorable.count {
            let chunk = Array(scorable[start ..< min(scorable.count, start + max(batchSize, 1))])
            let batch = chunk.map { encodings[$0].ids }
            let logits = try model.logits(for: batch, cache: model.makeCache(batchSize: batch.count), allPositions: true)
            var row = 0
            for (textIndex, ids) in zip(chunk, batch) {
                for position in 1..<max(ids.count, 1) {
                    let value = logProbability(logits, row: row + position - 1, id: ids[position])
                    scores[textIndex].tokens.append(TokenScore(position: position, id: ids[position],
                                                               token: encodings[textIndex].tokens[position], logProbability: value))
                    scores[textIndex].total += value
                }
                row += ids.count
            }
            start += chunk.count
        }
        return scores
    }

    /// log-softmax of `logits[row]` at `id`.
    private func logProbability(_ logits: Tensor, row: Int, id: Int) -> Double {
        let width = logits.shape[1]
        return logits.withUnsafeBufferPointer { buffer in
            let base = buffer.baseAddress! + row * width
            return Double(base[id] - Softmax.logSumExp(base, width: width))
        }
    }
}
