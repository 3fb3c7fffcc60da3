/// How a class did on one question: the numbers an instructor reads to find broken questions.
public struct ItemStatistics: Sendable, Hashable, Codable {
    /// Something about a question worth a second look.
    public enum Flag: String, Sendable, Hashable, Codable, CaseIterable {
        /// Nobody answered it exactly right: too hard, badly worded, or a wrong key.
        case nobodyCorrect = "nobody-correct"
        /// Everybody answered it exactly right: it tells students apart no more.
        case everybodyCorrect = "everybody-correct"
        /// The top group chose some distractor more often than a keyed option: check the key.
        case keyLooksWrong = "key-looks-wrong"
        /// A distractor's choosers have higher rest scores than its non-choosers (a positive
        /// point-biserial): it attracts the students who know the rest of the quiz, so it may be
        /// right too, or the stem may be ambiguous.
        case positiveDistractor = "positive-distractor"
    }

    /// How often one option was chosen.
    public struct OptionCount: Sendable, Hashable, Codable {
        /// The canonical letter.
        public let letter: String
        /// Whether it is in the key.
        public let isKey: Bool
        /// Students who chose it.
        public let chosen: Int
        /// Students of the top group who chose it.
        public let chosenByTopGroup: Int
        /// Students of the bottom group who chose it.
        public let chosenByBottomGroup: Int
        /// The point-biserial correlation of choosing it (1) or not (0) with the rest score (the
        /// total without this question); `nil` below the minimum responses, or when everybody or
        /// nobody chose it.
        public let pointBiserial: Double?
    }

    /// The canonical question id.
    public let questionID: String
    /// Students graded.
    public let students: Int
    /// Students whose chosen set was exactly the key.
    public let correct: Int
    /// Students who left it blank.
    public let blank: Int
    /// Each option in canonical order with how often it was chosen.
    public let options: [OptionCount]
    /// The mean share of the weight earned, in [0, 1] (differs from `shareCorrect` under partial credit).
    public let meanCredit: Double
    /// Share correct in the top group minus share correct in the bottom group, in [−1, 1]; the
    /// groups are the best and the worst 27% of students by total score. `nil` for fewer than 2 students.
    public let discrimination: Double?
    /// The corrected item-total correlation: Pearson's r of the question's points with each
    /// student's rest score (total minus this question), so the question is not correlated with
    /// itself. `nil` below the minimum responses or when either column has no spread.
    public let itemRestCorrelation: Double?
    /// Covariance of the question's points with the rest scores over the largest covariance their
    /// values allow (see `Psychometrics.discriminativeEfficiency`); `nil` like `itemRestCorrelation`.
    public let discriminativeEfficiency: Double?
    /// Size of each of the top and bottom groups.
    public let groupSize: Int
    /// What to look at, in `Flag` order.
    public let flags: [Flag]

    /// The facility index: the mean share of the question's weight earned, in [0, 1] (the same as
    /// `shareCorrect` when the question is scored all-or-nothing).
    public var facility: Double { meanCredit }

    /// `correct / students`, 0 for an empty class.
    public var shareCorrect: Double { students > 0 ? Double(correct) / Double(students) : 0 }

    /// The options not in the key, with their counts.
    public var distractors: [OptionCount] { options.filter { !$0.isKey } }
}
