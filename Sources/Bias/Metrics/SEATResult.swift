/// The outcome of a WEAT / SEAT test.
public struct SEATResult: Sendable, Equatable, Codable {
    /// Cohen's d: (mean_X s − mean_Y s) / std_{X∪Y} s with the sample standard deviation (ddof 1).
    /// Positive when X is closer to A (and Y to B).
    public let effectSize: Double
    /// The one-sided permutation p-value: the share of equal-size re-partitions of X∪Y whose test
    /// statistic is at least the observed one.
    public let pValue: Double
    /// |X|, the number of targets in the first set (SEAT's n; |Y| is `secondTargetCount`).
    public let n: Int
    /// |Y|.
    public let secondTargetCount: Int
    /// True when every partition was enumerated, false when the p-value is a Monte Carlo estimate.
    public let exact: Bool
    /// How many partitions the p-value counts (all of them, or the Monte Carlo samples).
    public let partitions: Int

    /// A result with every field given.
    public init(effectSize: Double, pValue: Double, n: Int, secondTargetCount: Int, exact: Bool, partitions: Int) {
        self.effectSize = effectSize
        self.pValue = pValue
        self.n = n
        self.secondTargetCount = secondTargetCount
        self.exact = exact
        self.partitions = partitions
    }
}
