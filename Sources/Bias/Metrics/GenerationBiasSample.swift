/// One sampled continuation in a generation bias run.
public struct GenerationBiasSample: Sendable, Equatable, Codable {
    /// The prompt.
    public let prompt: String
    /// The group the prompt is about.
    public let group: String
    /// The seed the continuation was sampled with.
    public let seed: UInt64
    /// The continuation (without the prompt).
    public let text: String
    /// The stereotype-lexicon entries of `group` found in `text`.
    public let matches: [String]
    /// The number of tokens in the continuation.
    public let tokenCount: Int
    /// log P(continuation | prompt) under the plain model (natural log), whatever decoding wrote
    /// the continuation; 0 for an empty continuation.
    public let logProbability: Double

    /// A sample.
    public init(prompt: String, group: String, seed: UInt64, text: String, matches: [String], tokenCount: Int = 0, logProbability: Double = 0) {
        self.prompt = prompt
        self.group = group
        self.seed = seed
        self.text = text
        self.matches = matches
        self.tokenCount = tokenCount
        self.logProbability = logProbability
    }

    /// Whether the continuation repeats its group's stereotype.
    public var isBiased: Bool { !matches.isEmpty }
}
