/// One multiple-choice question as the grader sees it: option letters, the key, how it is scored.
///
/// Options are identified by their canonical letters (`A`, `B`, … in the order the quiz file lists
/// them). The stem and option texts are not needed to grade and live in LabKit's `Quiz`.
public struct GradableQuestion: Sendable, Hashable {
    /// Whether the student picks one option or any number of them.
    public enum Kind: String, Sendable, Hashable, Codable {
        case single
        case multiple
    }

    /// The question's id, `Q1`, `Q2`, … (canonical numbering, as in the quiz file).
    public let id: String
    /// Canonical option letters in file order, e.g. `["A", "B", "C", "D"]`.
    public let options: [String]
    /// The correct letters (the key); never empty, a subset of `options`.
    public let correct: Set<String>
    /// Single- or multiple-answer.
    public let kind: Kind
    /// This question's scoring policy; `nil` uses the quiz's.
    public let policy: ScoringPolicy?
    /// The points the question is worth when fully right; positive.
    public let weight: Double

    /// A checked question.
    /// - Throws: `GradingError` when options are empty or repeated, the key is empty, names a letter
    ///   that is not an option, a single-answer question has more than one correct option, or the
    ///   weight is not a positive number.
    public init(
        id: String, options: [String], correct: Set<String>, kind: Kind,
        policy: ScoringPolicy? = nil, weight: Double = 1
    ) throws(GradingError) {
        guard !options.isEmpty else {
            throw GradingError.invalidQuestion(id, "has no options", fix: "list its options as `- [ ] A. …`")
        }
        guard Set(options).count == options.count else {
            throw GradingError.invalidQuestion(id, "repeats an option letter", fix: "give every option its own letter")
        }
        guard !correct.isEmpty else {
            throw GradingError.invalidQuestion(id, "has an empty key", fix: "name the correct option(s) in Solutions/")
        }
        let unknown = correct.subtracting(options)
        guard unknown.isEmpty else {
            throw GradingError.invalidQuestion(
                id, "its key names \(unknown.sorted().joined(separator: ", ")), which is not an option",
                fix: "use one of \(options.joined(separator: ", "))")
        }
        guard kind == .multiple || correct.count == 1 else {
            throw GradingError.invalidQuestion(
                id, "is single-answer but its key has \(correct.count) correct options",
                fix: "mark it as multiple-answer or keep one correct option")
        }
        guard weight.isFinite, weight > 0 else {
            throw GradingError.invalidQuestion(id, "has weight \(weight)", fix: "use a positive weight")
        }
        self.id = id
        self.options = options
        self.correct = correct
        self.kind = kind
        self.policy = policy
        self.weight = weight
    }

    /// The options that are not in the key.
    public var distractors: [String] { options.filter { !correct.contains($0) } }
}
