/// One CrowS-Pairs minimal pair (Nangia et al. 2020): two sentences that differ only in the group
/// they mention. `sentMore` is the more stereotyping sentence, `sentLess` the less stereotyping one.
public struct CrowSPair: Sendable, Equatable, Codable {
    /// Whether `sentMore` states a stereotype (`stereo`) or violates one (`antistereo`) about a
    /// historically disadvantaged group.
    public enum Direction: String, Sendable, Codable, CaseIterable {
        /// `sentMore` expresses a stereotype.
        case stereo
        /// `sentMore` violates a stereotype (it is about the advantaged group).
        case antistereo
    }

    /// The more stereotyping sentence.
    public let sentMore: String
    /// The less stereotyping sentence.
    public let sentLess: String
    /// The `stereo_antistereo` column.
    public let direction: Direction
    /// The `bias_type` column (`race-color`, `gender`, `socioeconomic`, …).
    public let biasType: String

    /// A pair as written in the data set.
    public init(sentMore: String, sentLess: String, direction: Direction, biasType: String) {
        self.sentMore = sentMore
        self.sentLess = sentLess
        self.direction = direction
        self.biasType = biasType
    }
}
