/// A counterfactual sweep: one template, several fill-ins for its placeholder (`{group}` →
/// `man`, `woman`), the same model action for each, and gap metrics between the answers — the
/// lab's "where is the bias" moment, measured.
public struct CounterfactualSweep: Sendable {
    /// Which model action the sweep runs.
    public enum Task: String, Sendable, Codable, CaseIterable {
        /// The masked LM's distribution at the template's `[MASK]`.
        case fillMask = "fill-mask"
        /// The causal LM's distribution for the token after the template.
        case nextToken = "next-token"
        /// Sampled continuations of the template.
        case textGeneration = "text-generation"
    }

    /// The template, with `placeholder` where the fill-ins go (and `[MASK]` or `<mask>` for fill-mask).
    public let template: String
    /// The fill-ins, in the order the rows are shown.
    public let fills: [String]
    /// The text in `template` that each fill-in replaces.
    public let placeholder: String

    /// A sweep of `template` over `fills`. Throws when the template lacks the placeholder or when
    /// fewer than one fill-in is given.
    public init(template: String, fills: [String], placeholder: String = "{group}") throws {
        guard template.contains(placeholder) else {
            throw BiasError(problem: "the template \"\(template)\" has no \(placeholder)",
                            fix: "write \(placeholder) where the fill-ins go, e.g. \"The \(placeholder) worked as a [MASK].\"")
        }
        guard !fills.isEmpty else {
            throw BiasError(problem: "no fill-ins were given", fix: "pass a list such as [\"man\", \"woman\"]")
        }
        self.template = template
        self.fills = fills
        self.placeholder = placeholder
    }

    /// The template with `fill` put in.
    public func text(for fill: String) -> String {
        template.replacingOccurrences(of: placeholder, with: fill)
    }

    /// Runs fill-mask at the template's mask for every fill-in; `targets` are words whose
    /// probabilities are compared (each by its first token).
    public func fillMask(model: any MaskedPredictor, topK: Int = 5, targets: [String] = [], progress: ProgressHandler? = nil) throws -> SweepResult {
        var distributions: [TokenDistribution] = []
        var rows: [SweepResult.Row] = []
        let targetIDs = try targets.map { target -> (String, Int) in
            let ids = try model.encode(target).filter { !model.specialTokenIDs.contains($0) }
            guard let first = ids.first else {
                throw BiasError(problem: "the target \"\(target)\" has no tokens", fix: "give a non-empty target word")
            }
            return (target, first)
        }
        for (index, fill) in fills.enumerated() {
            var text = text(for: fill)
            for marker in ["[MASK]", "<mask>"] where marker != model.maskToken {
                text = text.replacingOccurrences(of: marker, with: model.maskToken)
            }
            let ids = try model.encode(text)
            guard let position = ids.firstIndex(of: model.maskTokenID) else {
                throw BiasError(problem: "\"\(text)\" has no mask token", fix: "write [MASK] where the model should fill in a word")
            }
            let distribution = TokenDistribution(logProbabilities: try model.logProbabilities(tokenIDs: ids, at: position))
            distributions.append(distribution)
            rows.append(Self.row(fill: fill, text: text, distribution: distribution, topK: topK, targetIDs: targetIDs, tokenString: model.tokenString))
            progress?(index + 1, fills.count)
        }
        return SweepResult(task: .fillMask, rows: rows, gaps: try Self.gaps(rows: rows, distributions: distributions, topK: topK))
    }

    /// Runs the causal LM's next-token distribution after the filled template; each target word is
    /// compared by its first token, with a leading space added when the template does not end in one.
    public func nextToken(model: any NextTokenPredictor, topK: Int = 5, targets: [String] = [], progress: ProgressHandler? = nil) throws -> SweepResult {
        var distributions: [TokenDistribution] = []
        var rows: [SweepResult.Row] = []
        for (index, fill) in fills.enumerated() {
            let text = text(for: fill)
            let targetIDs = try targets.map { target -> (String, Int) in
                let spaced = (text.last?.isWhitespace ?? true) || target.first?.isWhitespace == true ? target : " " + target
                guard let first = try model.encode(spaced).first else {
                    throw BiasError(problem: "the target \"\(target)\" has no tokens", fix: "give a non-empty target word")
                }
                return (target, first)
            }
            let distribution = TokenDistribution(logProbabilities: try model.nextTokenLogProbabilities([model.beginningTokenID] + model.encode(text)))
            distributions.append(distribution)
            rows.append(Self.row(fill: fill, text: text, distribution: distribution, topK: topK, targetIDs: targetIDs) { model.decode([$0]) })
            progress?(index + 1, fills.count)
        }
        return SweepResult(task: .nextToken, rows: rows, gaps: try Self.gaps(rows: rows, distributions: distributions, topK: topK))
    }

    /// Samples `samples` continuations of each filled template, with seeds `seed`, `seed + 1`, …
    /// (the same seeds for every fill-in, so the rows differ only by the fill-in).
    public func textGeneration(model: any NextTokenPredictor, sampling: Sampling = Sampling(), samples: Int = 3, seed: UInt64 = 0,
                               progress: ProgressHandler? = nil) throws -> SweepResult {
        var rows: [SweepResult.Row] = []
        for (index, fill) in fills.enumerated() {
            let text = text(for: fill)
            let prompt = [model.beginningTokenID] + (try model.encode(text))
            var generations: [String] = []
            for sample in 0..<max(0, samples) {
                generations.append(model.decode(try model.generate(promptIDs: prompt, sampling: sampling, seed: seed &+ UInt64(sample))))
            }
            rows.append(SweepResult.Row(fill: fill, text: text, predictions: [], targetProbabilities: [:], generations: generations))
            progress?(index + 1, fills.count)
        }
        return SweepResult(task: .textGeneration, rows: rows, gaps: [])
    }

    static func row(fill: String, text: String, distribution: TokenDistribution, topK: Int, targetIDs: [(String, Int)],
                    tokenString: (Int) -> String) -> SweepResult.Row {
        let predictions = distribution.top(topK).map {
            SweepResult.Prediction(token: $0, tokenString: tokenString($0), score: distribution.probabilities[$0])
        }
        var targets: [String: Double] = [:]
        for (word, id) in targetIDs where id >= 0 && id < distribution.probabilities.count {
            targets[word] = distribution.probabilities[id]
        }
        return SweepResult.Row(fill: fill, text: text, predictions: predictions, targetProbabilities: targets, generations: [])
    }

    static func gaps(rows: [SweepResult.Row], distributions: [TokenDistribution], topK: Int) throws -> [SweepResult.Gap] {
        var gaps: [SweepResult.Gap] = []
        for i in rows.indices {
            for j in rows.indices where j > i {
                var ratios: [String: Double] = [:]
                for (word, p) in rows[i].targetProbabilities {
                    let q = rows[j].targetProbabilities[word] ?? 0
                    ratios[word] = q > 0 ? p / q : (p > 0 ? .infinity : .nan)
                }
                gaps.append(SweepResult.Gap(first: rows[i].fill, second: rows[j].fill,
                                            topKOverlap: distributions[i].topOverlap(with: distributions[j], k: topK),
                                            totalVariationDistance: try distributions[i].totalVariationDistance(to: distributions[j]),
                                            probabilityRatios: ratios))
            }
        }
        return gaps
    }
}
