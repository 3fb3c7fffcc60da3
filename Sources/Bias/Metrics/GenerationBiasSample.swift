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

    /// A sample.
    public init(prompt: String, group: String, seed: UInt64, text: String, matches: [String]) {
        self.prompt = prompt
        self.group = group
        self.seed = seed
        self.text = text
        self.matches = matches
    }

    /// Whether the continuation repeats its group's stereotype.
    public var isBiased: Bool { !matches.isEmpty }
}
