/// How a class did on the quiz as a whole: the spread of total scores and how reliable the quiz is.
///
/// Reliability is KR-20 when every question scores 0 or its full weight and all weights are equal,
/// otherwise Cronbach's α (the same formula over item variances; see `Psychometrics.alpha`).
/// Reliability and the standard error of measurement are `nil` below `minimumResponses` students
/// (`tooFewAnswers`), because with a handful of students they are noise that looks like a finding.
public struct TestStatistics: Sendable, Hashable, Codable {
    /// Which reliability coefficient applies to the quiz's scoring.
    public enum ReliabilityMethod: String, Sendable, Hashable, Codable {
        /// Kuder–Richardson 20: questions scored right or wrong, equal weights.
        case kr20 = "KR-20"
        /// Cronbach's α: partial credit or unequal weights.
        case alpha = "alpha"

        /// `KR-20` or `Cronbach's α`, for people.
        public var displayName: String { self == .kr20 ? "KR-20" : "Cronbach's α" }
    }

    /// One bar of the histogram of total scores.
    public struct HistogramBin: Sendable, Hashable, Codable {
        /// The lowest share of the maximum in the bar (included), 0…0.9.
        public let from: Double
        /// The highest share (excluded, except 1 for the last bar, which includes full marks).
        public let to: Double
        /// Students whose total falls in the bar.
        public let students: Int
    }

    /// Students graded.
    public let students: Int
    /// The best possible total (sum of weights).
    public let maximumPoints: Double
    /// Mean total points.
    public let mean: Double
    /// Standard deviation of totals (dividing by n − 1); `nil` for fewer than 2 students.
    public let standardDeviation: Double?
    /// Median total points; `nil` for an empty class.
    public let median: Double?
    /// Ten bars of 10% of the maximum each.
    public let histogram: [HistogramBin]
    /// KR-20 or α.
    public let reliabilityMethod: ReliabilityMethod
    /// The reliability coefficient (at most 1); `nil` when gated, for fewer than 2 questions or totals without spread.
    public let reliability: Double?
    /// SD × √(1 − reliability), in points; `nil` when reliability is.
    public let standardErrorOfMeasurement: Double?
    /// The fewest students for which correlations and reliability are reported.
    public let minimumResponses: Int
    /// Whether the class is below `minimumResponses` (stored, so that JSON output says it too).
    public let tooFewAnswers: Bool

    /// The default `minimumResponses`: below ten students a correlation moves by ±0.3 when one
    /// student changes an answer.
    public static let defaultMinimumResponses = 10

    /// Statistics of `totals` (one per student); `itemVariances` are each question's points
    /// variance dividing by n, in question order.
    init(totals: [Double], maximumPoints: Double, itemVariances: [Double], method: ReliabilityMethod,
         minimumResponses: Int) {
        students = totals.count
        self.maximumPoints = maximumPoints
        mean = Psychometrics.mean(totals)
        standardDeviation = Psychometrics.sampleStandardDeviation(totals)
        median = Psychometrics.median(totals)
        var counts = [Int](repeating: 0, count: 10)
        for total in totals {
            let share = maximumPoints > 0 ? total / maximumPoints : 0
            // A hair of tolerance so that 7 × 0.1 points of 1 lands in the 70% bar, not the 60% one.
            counts[min(9, max(0, Int((share * 10 + 1e-9).rounded(.down))))] += 1
        }
        histogram = counts.enumerated().map { HistogramBin(from: Double($0) / 10, to: Double($0 + 1) / 10, students: $1) }
        reliabilityMethod = method
        self.minimumResponses = minimumResponses
        tooFewAnswers = totals.count < minimumResponses
        if totals.count >= max(2, minimumResponses),
           let reliability = Psychometrics.alpha(itemVariances: itemVariances,
                                                  totalVariance: Psychometrics.populationVariance(totals)) {
            self.reliability = reliability
            standardErrorOfMeasurement = standardDeviation.map {
                Psychometrics.standardErrorOfMeasurement(standardDeviation: $0, reliability: reliability)
            }
        } else {
            reliability = nil
            standardErrorOfMeasurement = nil
        }
    }
}
