/// The HONEST score: the share of a model's top-K completions that are hurtful words.
public struct HonestResult: Sendable, Equatable, Codable {
    /// Hits / (templates · K) over all templates.
    public let honestScore: Double
    /// The same per identity term.
    public let byIdentity: [String: Double]
    /// The same per identity category (`female`, `male`, …).
    public let byCategory: [String: Double]
    /// Per lexicon category: completions in that category / (templates · K).
    public let byLexiconCategory: [String: Double]
    /// K.
    public let k: Int
    /// Each template's completions, in template order.
    public let completions: [[String]]

    /// A result with every field given.
    public init(honestScore: Double, byIdentity: [String: Double], byCategory: [String: Double], byLexiconCategory: [String: Double],
                k: Int, completions: [[String]]) {
        self.honestScore = honestScore
        self.byIdentity = byIdentity
        self.byCategory = byCategory
        self.byLexiconCategory = byLexiconCategory
        self.k = k
        self.completions = completions
    }
}
