import Foundation

/// One whole-word candidate for the mask, ranked by a causal language model.
public struct CausalFillMaskPrediction: Sendable, Equatable {
    /// P(word | prefix) · P(suffix | prefix, word), normalised over the candidates considered.
    public var score: Double
    /// The word's first token id (`token`).
    public var token: Int
    /// Every token id of the word.
    public var tokenIDs: [Int]
    /// The word, without the space before it (`token_str`).
    public var tokenString: String
    /// The text with the word in place of the mask (`sequence`).
    public var sequence: String
    /// log P(word | prefix) + log P(suffix | prefix, word), in nats, before normalisation.
    public var logProbability: Double
    /// Always "causal": the ranking came from a left-to-right model, not a masked LM.
    public var rankedBy: String = "causal"
}

/// Fill-mask on a causal model (SmolLM2), so masked-LM labs can run on the bundled model offline.
///
/// Only a mask that ends the sentence can be filled (only punctuation and spaces after it): a
/// left-to-right model cannot see words after the gap. Each candidate word w is scored as
/// P(w | prefix) · P(suffix | prefix, w) — one pass over prefix + w + suffix, summing the
/// log-probabilities of every token after the prefix — and the scores are normalised over the
/// candidates considered (so they sum to 1 over them, not over the vocabulary).
///
/// Candidates, unless `targets` names them: the `candidateCount` most likely next tokens after
/// the prefix that start a word (a letter, after a space when the mask follows a space), each
/// extended greedily — while the most likely next token continues the word (letters with no
/// leading space), up to 4 more tokens — to a whole word; duplicates are dropped.
public struct CausalFillMaskPipeline: Sendable {
    /// The model it runs on.
    public let model: any CausalLanguageModel
    /// The mask spellings recognised in the text.
    public static let maskTokens = ["[MASK]", "<mask>"]

    /// A pipeline over `model`.
    public init(model: any CausalLanguageModel) {
        self.model = model
    }

    /// The `topK` best whole-word candidates for the single mask of `text` (at most the number of
    /// candidates), or the ranking of `targets` (words) when given.
    ///
    /// The prefix runs once; every candidate continues a copy of its key/value cache, and the
    /// candidates run together as one batch (see `candidateWords` and `score`).
    /// - Throws: `PipelineError` when the text has no mask, several masks, or words after the mask;
    ///   model errors.
    public func callAsFunction(_ text: String, topK: Int = 5, targets: [String]? = nil,
                               candidateCount: Int = 20) throws -> [CausalFillMaskPrediction] {
        let (prefix, suffix, spaced) = try Self.split(text)
        let prefixIDs = model.tokenizer.encode(prefix).ids
        guard !prefixIDs.isEmpty else {
            throw PipelineError(pipeline: "fill-mask", problem: "a causal model needs some text before the mask in \"\(text)\"")
        }
        let prefixCache = model.makeCache(batchSize: 1)
        let nextLogits = try model.logits(for: [prefixIDs], cache: prefixCache, allPositions: false).row(0)
        var words: [String] = []
        if let targets {
            words = targets.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard !words.isEmpty else {
                throw PipelineError(pipeline: "fill-mask", problem: "targets is empty; give at least one word")
            }
        } else {
            words = try candidateWords(model: model, prefixCache: prefixCache, nextLogits: nextLogits,
                                       spaced: spaced, count: candidateCount)
        }
        var seen = Set<String>()
        words = words.filter { seen.insert($0).inserted }
        let scored = try score(words, model: model, prefix: prefix, suffix: suffix, spaced: spaced,
                               prefixIDs: prefixIDs, prefixCache: prefixCache, nextLogits: nextLogits)
        guard let best = scored.map(\.logProbability).max() else {
            throw PipelineError(pipeline: "fill-mask", problem: "no candidate word could be scored for \"\(text)\"")
        }
        let normaliser = scored.reduce(0.0) { $0 + exp($1.logProbability - best) }
        let ranked = scored.sorted { $0.logProbability > $1.logProbability }.prefix(max(topK, 1))
        return ranked.map { candidate in
            CausalFillMaskPrediction(
                score: exp(candidate.logProbability - best) / normaliser,
                token: candidate.ids.first ?? -1, tokenIDs: candidate.ids, tokenString: candidate.word,
                sequence: prefix + (spaced ? " " : "") + candidate.word + suffix,
                logProbability: candidate.logProbability)
        }
    }

    /// log P(word | prefix) + log P(suffix | prefix, word) for each word, over the tokens of the
    /// filled text that follow the prefix's own encoding.
    ///
    /// When the filled text's encoding begins with the whole prefix (the usual case: the word
    /// starts a new pre-token), the first of those tokens is scored from `nextLogits` and the rest
    /// in one batch continuing copies of `prefixCache`; otherwise (the word merges with the
    /// prefix's last token) the filled text runs from the start.
    func score(_ words: [String], model: any CausalLanguageModel, prefix: String, suffix: String, spaced: Bool,
               prefixIDs: [Int], prefixCache: KeyValueCache, nextLogits: [Float]
    ) throws -> [(word: String, ids: [Int], logProbability: Double)] {
        let tokenizer = model.tokenizer
        let nextTotal = nextLogits.withUnsafeBufferPointer { Softmax.logSumExp($0.baseAddress!, width: $0.count) }
        var scored: [(word: String, ids: [Int], logProbability: Double)] = []
        // Candidates continuing the cached prefix: their index in `scored`, the tokens to run and
        // the tokens those rows predict (the same, one further on).
        var continuations: [(index: Int, inputs: [Int], targets: [Int])] = []
        for word in words {
            let filled = prefix + (spaced ? " " : "") + word
            let wordIDs = tokenizer.encode(filled).ids
            let fullIDs = tokenizer.encode(filled + suffix).ids
            var start = 0
            while start < min(prefixIDs.count, fullIDs.count) && prefixIDs[start] == fullIDs[start] { start += 1 }
            start = max(start, 1)
            guard start < fullIDs.count else { continue }
            let ids = Array(wordIDs.dropFirst(min(start, wordIDs.count)))
            if start == prefixIDs.count {
                let first = Double(nextLogits[fullIDs[start]] - nextTotal)
                scored.append((word, ids, first))
                if start + 1 < fullIDs.count {
                    continuations.append((scored.count - 1, Array(fullIDs[start..<(fullIDs.count - 1)]), Array(fullIDs[(start + 1)...])))
                }
                continue
            }
            let logits = try model.logits(for: [fullIDs], cache: model.makeCache(batchSize: 1), allPositions: true)
            scored.append((word, ids, Self.logProbability(of: Array(fullIDs[start...]), logits: logits, firstRow: start - 1)))
        }
        guard !continuations.isEmpty else { return scored }
        let cache = KeyValueCache(repeating: 0, of: prefixCache, count: continuations.count)
        let logits = try model.logits(for: continuations.map(\.inputs), cache: cache, allPositions: true)
        var row = 0
        for (index, inputs, targets) in continuations {
            scored[index].logProbability += Self.logProbability(of: targets, logits: logits, firstRow: row)
            row += inputs.count
        }
        return scored
    }

    /// Σ log-softmax(logits row firstRow + i)[targets[i]].
    static func logProbability(of targets: [Int], logits: Tensor, firstRow: Int) -> Double {
        let width = logits.shape[1]
        return logits.withUnsafeBufferPointer { buffer in
            var total = 0.0
            for (i, target) in targets.enumerated() {
                let row = buffer.baseAddress! + (firstRow + i) * width
                total += Double(row[target] - Softmax.logSumExp(row, width: width))
            }
            return total
        }
    }

    /// Splits `text` at its only mask into the prefix (trailing spaces removed), the suffix, and
    /// whether a space separated the prefix from the mask.
    /// - Throws: `PipelineError` for no mask, several masks, or anything but punctuation after it.
    static func split(_ text: String) throws -> (prefix: String, suffix: String, spaced: Bool) {
        var found: [Range<String.Index>] = []
        for mask in Self.maskTokens {
            var searchStart = text.startIndex
            while let range = text.range(of: mask, range: searchStart..<text.endIndex) {
                found.append(range)
                searchStart = range.upperBound
            }
        }
        guard found.count == 1, let mask = found.first else {
            throw PipelineError(pipeline: "fill-mask", problem: found.isEmpty
                ? "no [MASK] in \"\(text)\"; put [MASK] where a word should be predicted"
                : "\"\(text)\" has \(found.count) masks; a causal model fills exactly one [MASK] at the end of a sentence")
        }
        let suffix = String(text[mask.upperBound...])
        if let word = suffix.unicodeScalars.first(where: { CharacterSet.letters.contains($0) || CharacterSet.decimalDigits.contains($0) }) {
            _ = word
            throw PipelineError(pipeline: "fill-mask", problem: "a causal model (left to right) can only fill a [MASK] that ends the sentence, with only punctuation after it; \"\(text)\" has words after the mask. Move the mask to the end, or use a masked language model such as bert-base-uncased")
        }
        let before = String(text[..<mask.lowerBound])
        let prefix = before.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        return (prefix, suffix, prefix.count < before.count)
    }

    /// The top next tokens after the prefix that start a word, each extended greedily to a whole
    /// word; all candidates step together as one batch over copies of `prefixCache`.
    func candidateWords(model: any CausalLanguageModel, prefixCache: KeyValueCache, nextLogits logits: [Float],
                        spaced: Bool, count: Int) throws -> [String] {
        let tokenizer = model.tokenizer
        let order = logits.indices.sorted { logits[$0] > logits[$1] }
        var starts: [Int] = []
        for id in order.prefix(2000) where starts.count < max(count, 1) {
            let piece = tokenizer.decode([id], skipSpecialTokens: true)
            if Self.startsWord(piece, spaced: spaced) { starts.append(id) }
        }
        guard !starts.isEmpty else { return [] }
        var words = starts.map { [$0] }
        let cache = KeyValueCache(repeating: 0, of: prefixCache, count: starts.count)
        // The candidates still growing, and the token each runs next.
        var growing = starts.indices.map { (candidate: $0, next: starts[$0]) }
        for _ in 0..<4 where !growing.isEmpty {
            let next = try model.logits(for: growing.map { [$0.next] }, sequences: growing.map(\.candidate),
                                        cache: cache, allPositions: false)
            var stillGrowing: [(candidate: Int, next: Int)] = []
            for (row, entry) in growing.enumerated() {
                let scores = next.row(row)
                guard let best = scores.indices.max(by: { scores[$0] < scores[$1] }) else { continue }
                let piece = tokenizer.decode([best], skipSpecialTokens: true)
                guard !piece.isEmpty, piece.unicodeScalars.allSatisfy({ CharacterSet.letters.contains($0) }) else { continue }
                words[entry.candidate].append(best)
                stillGrowing.append((entry.candidate, best))
            }
            growing = stillGrowing
        }
        return words.compactMap { ids in
            let word = tokenizer.decode(ids, skipSpecialTokens: true).trimmingCharacters(in: .whitespaces)
            return word.isEmpty ? nil : word
        }
    }

    /// Whether a decoded token begins a new word: a space then a letter when the mask follows a
    /// space, else a letter.
    static func startsWord(_ piece: String, spaced: Bool) -> Bool {
        var scalars = Substring(piece).unicodeScalars[...]
        if spaced {
            guard scalars.first == " " else { return false }
            scalars = scalars.dropFirst()
        }
        guard let first = scalars.first, CharacterSet.letters.contains(first) else { return false }
        return scalars.allSatisfy { CharacterSet.letters.contains($0) || $0 == "'" || $0 == "-" }
    }
}
