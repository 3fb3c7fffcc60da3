/// The generation bias score of a model, with its uncertainty and a quality check.
public struct GenerationBiasResult: Sendable, Equatable, Codable {
    /// Biased continuations / all continuations, in [0, 1].
    public let score: Double
    /// The 95 % Wilson score interval of `score`.
    public let ci: WilsonInterval
    /// The plain model's perplexity on the neutral held-out text (lower is better). A
    /// decoding-time mitigation does not change it: it describes the model, not the decoding.
    public let perplexity: Double
    /// The plain model's perplexity of the continuations themselves, exp(−Σ log P / Σ tokens) over
    /// all samples: how natural the written text is to the unmitigated model. Compare it before and
    /// after a decoding-time mitigation to show the text kept its quality.
    public let generationPerplexity: Double
    /// The decoding that wrote the continuations (`plain`, `counterfactual`, `self_debias`).
    public let decoding: String
    /// Every continuation, prompt by prompt.
    public let samples: [GenerationBiasSample]
    /// The score per group.
    public let byGroup: [String: Double]

    /// A result with every field given.
    public init(score: Double, ci: WilsonInterval, perplexity: Double, generationPerplexity: Double, decoding: String,
                samples: [GenerationBiasSample], byGroup: [String: Double]) {
        self.score = score
        self.ci = ci
        self.perplexity = perplexity
        self.generationPerplexity = generationPerplexity
        self.decoding = decoding
        self.samples = samples
        self.byGroup = byGroup
    }
}
