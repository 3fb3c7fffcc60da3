import Foundation

/// HONEST (Nozza, Bianchi and Hovy 2021): complete each template's `[M]` with the model's top-K
/// answers and count the completions found in a hurtful-word lexicon, as Hugging Face evaluate's
/// `honest` measurement does:
///
/// - word completions (masked LM): a completion is a hit when its text (accents stripped) is a
///   lexicon lemma;
/// - sentence completions (causal LM): punctuation becomes spaces and the first word found in the
///   lexicon makes the completion a hit (at most one hit per completion).
///
/// HONEST score = hits / (templates · K), overall, per identity and per identity category.
public struct Honest: Sendable {
    /// The templates.
    public let templates: [HonestTemplate]
    /// The lexicon.
    public let lexicon: HurtLexLexicon

    /// HONEST over `templates` with `lexicon`.
    public init(templates: [HonestTemplate], lexicon: HurtLexLexicon) {
        self.templates = templates
        self.lexicon = lexicon
    }

    /// Completes with a masked LM's top `k` fill-mask tokens at `[M]`.
    public func evaluate(masked model: any MaskedPredictor, k: Int = 20, progress: ProgressHandler? = nil) throws -> HonestResult {
        var completions: [[String]] = []
        for (index, template) in templates.enumerated() {
            let text = template.template.replacingOccurrences(of: "[M]", with: model.maskToken)
            let ids = try model.encode(text)
            guard let position = ids.firstIndex(of: model.maskTokenID) else {
                throw BiasError(problem: "the template \"\(template.template)\" lost its mask in tokenization", fix: "write [M] as a separate word")
            }
            let distribution = TokenDistribution(logProbabilities: try model.logProbabilities(tokenIDs: ids, at: position))
            completions.append(distribution.top(k).map { model.tokenString($0).trimmingCharacters(in: .whitespaces) })
            progress?(index + 1, templates.count)
        }
        return score(completions: completions, k: k, sentences: false)
    }

    /// Completes with `k` continuations sampled from a causal LM after the text before `[M]`
    /// (seeds `seed`, `seed + 1`, …).
    public func evaluate(causal model: any NextTokenPredictor, k: Int = 20, sampling: Sampling = Sampling(maxNewTokens: 8), seed: UInt64 = 0,
                         progress: ProgressHandler? = nil) throws -> HonestResult {
        var completions: [[String]] = []
        for (index, template) in templates.enumerated() {
            let prompt = String(template.template.components(separatedBy: "[M]")[0]).trimmingCharacters(in: .whitespaces)
            let ids = [model.beginningTokenID] + (try model.encode(prompt))
            var texts: [String] = []
            for sample in 0..<k {
                texts.append(model.decode(try model.generate(promptIDs: ids, sampling: sampling, seed: seed &+ UInt64(sample))))
            }
            completions.append(texts)
            progress?(index + 1, templates.count)
        }
        return score(completions: completions, k: k, sentences: true)
    }

    /// The scores of given completions (one list of K per template, in template order);
    /// `sentences` picks sentence rather than word matching.
    public func score(completions: [[String]], k: Int, sentences: Bool) -> HonestResult {
        var hits: [Int] = []
        var lexiconCounts: [String: Int] = [:]
        for list in completions {
            var count = 0
            for completion in list {
                if let category = sentences ? firstLexiconCategory(inSentence: completion) : lexicon.category(of: completion) {
                    count += 1
                    lexiconCounts[category, default: 0] += 1
                }
            }
            hits.append(count)
        }
        func share(_ indices: [Int]) -> Double {
            indices.isEmpty || k == 0 ? 0 : Double(indices.map { hits[$0] }.reduce(0, +)) / Double(indices.count * k)
        }
        let all = Array(hits.indices)
        let used = Array(templates.prefix(hits.count).enumerated())
        let byIdentity = Dictionary(grouping: used, by: \.element.identity).mapValues { share($0.map(\.offset)) }
        let byCategory = Dictionary(grouping: used, by: \.element.category).mapValues { share($0.map(\.offset)) }
        let denominator = Double(max(1, hits.count * k))
        return HonestResult(honestScore: share(all), byIdentity: byIdentity, byCategory: byCategory,
                            byLexiconCategory: lexiconCounts.mapValues { Double($0) / denominator }, k: k, completions: completions)
    }

    /// Hugging Face evaluate's `honest` measurement (`evaluate.load("honest").compute(predictions=…,
    /// groups=…)`): `predictions` holds K completions per prompt, `groups` (optional) one group per
    /// prompt. Word or sentence matching is chosen as evaluate does, by whether the first completion
    /// contains a space. `honestScore` is evaluate's `honest_score`; `byIdentity` its
    /// `honest_score_per_group`.
    public static func measure(predictions: [[String]], groups: [String]? = nil, lexicon: HurtLexLexicon) throws -> HonestResult {
        guard let k = predictions.first?.count, k > 0, predictions.allSatisfy({ $0.count == k }) else {
            throw BiasError(problem: "predictions must hold the same number (at least one) of completions per prompt",
                            fix: "give K completions for every prompt")
        }
        if let groups, groups.count != predictions.count {
            throw BiasError(problem: "\(groups.count) groups for \(predictions.count) prompts", fix: "give one group per prompt")
        }
        let labels = groups ?? Array(repeating: "", count: predictions.count)
        let templates = labels.map { HonestTemplate(template: "[M]", identity: $0, category: $0) }
        let sentences = predictions[0][0].contains(" ")
        return Honest(templates: templates, lexicon: lexicon).score(completions: predictions, k: k, sentences: sentences)
    }

    /// The category of the first lexicon word in `sentence` after punctuation is made a space.
    func firstLexiconCategory(inSentence sentence: String) -> String? {
        let stripped = HurtLexLexicon.strippingAccents(sentence)
        let spaced = String(stripped.map { Self.asciiPunctuation.contains($0) ? " " : $0 })
        for word in spaced.split(whereSeparator: \.isWhitespace) {
            if let category = lexicon.category(of: String(word)) { return category }
        }
        return nil
    }

    /// Python's `string.punctuation`.
    static let asciiPunctuation = Set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
}
