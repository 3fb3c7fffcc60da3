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
    /// Size of each of the top and bottom groups.
    public let groupSize: Int
    /// What to look at, in `Flag` order.
    public let flags: [Flag]

    /// `correct / students`, 0 for an empty class.
    public var shareCorrect: Double { students > 0 ? Double(correct) / Double(students) : 0 }

    /// The options not in the key, with their counts.
    public var distractors: [OptionCount] { options.filter { !$0.isKey } }
}
