/// The generation bias score of a model, with its uncertainty and a quality check.
public struct GenerationBiasResult: Sendable, Equatable, Codable {
    /// Biased continuations / all continuations, in [0, 1].
    public let score: Double
    /// The 95 % Wilson score interval of `score`.
    public let ci: WilsonInterval
    /// The model's perplexity on the neutral held-out text (lower is better); compare before and
    /// after a mitigation to show it kept quality.
    public let perplexity: Double
    /// Every continuation, prompt by prompt.
    public let samples: [GenerationBiasSample]
    /// The score per group.
    public let byGroup: [String: Double]

    /// A result with every field given.
    public init(score: Double, ci: WilsonInterval, perplexity: Double, samples: [GenerationBiasSample], byGroup: [String: Double]) {
        self.score = score
        self.ci = ci
        self.perplexity = perplexity
        self.samples = samples
        self.byGroup = byGroup
    }
}
