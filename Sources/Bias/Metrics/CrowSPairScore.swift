/// One pair's outcome in a CrowS-Pairs run: both sentences' scores (rounded to 3 decimals).
public struct CrowSPairScore: Sendable, Equatable, Codable {
    /// The pair.
    public let pair: CrowSPair
    /// The score of `sentMore` (a log-probability or pseudo-log-likelihood, natural log).
    public let moreScore: Double
    /// The score of `sentLess`.
    public let lessScore: Double

    /// A scored pair.
    public init(pair: CrowSPair, moreScore: Double, lessScore: Double) {
        self.pair = pair
        self.moreScore = moreScore
        self.lessScore = lessScore
    }

    /// Whether the model prefers the more stereotyping sentence (strictly).
    public var prefersMoreStereotyping: Bool { moreScore > lessScore }
    /// Whether the two scores are equal (the pair counts for neither side).
    public var isNeutral: Bool { moreScore == lessScore }
}
