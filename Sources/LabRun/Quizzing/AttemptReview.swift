import LabKit

/// What a student may read about a graded attempt: per question, their letters, points, the
/// feedback for each wrong option they chose, and — only when the question's reveal policy
/// allows — the correct letters and the explanation.
///
/// Letters and question numbers are written the way the student saw them: through their
/// `QuizShuffle` when `shuffle` is given, else canonical.
public struct AttemptReview: Sendable, Codable {
    /// Feedback written for one wrong option the student chose.
    public struct OptionNote: Sendable, Hashable, Codable {
        /// The option's letter as the student saw it.
        public let option: String
        /// The author's feedback.
        public let text: String
    }

    /// One question's review.
    public struct Item: Sendable, Hashable, Codable {
        /// `Q2`: the question as numbered for the student.
        public let question: String
        /// The letters chosen, as the student saw them, sorted.
        public let chosen: [String]
        /// Points earned.
        public let points: Double
        /// Points possible.
        public let weight: Double
        /// Whether the answer was exactly the key.
        public let correct: Bool
        /// Feedback for each chosen wrong option that has some.
        public let feedback: [OptionNote]
        /// The correct letters as the student saw them; absent unless the reveal policy allows.
        public let answer: [String]?
        /// Why; absent unless the reveal policy allows.
        public let explanation: String?
        /// When a wrong answer's key is withheld, when it will be shown (absent otherwise).
        public let withheld: String?
    }

    /// Items in the order the student saw the questions.
    public let items: [Item]

    /// Reviews `score` of `keyed`; `passed` is the attempt's result (`nil` while it is running,
    /// which withholds after-pass keys).
    public init(keyed: KeyedQuiz, score: QuizScore, shuffle: QuizShuffle?, passed: Bool?) {
        let count = keyed.gradable.questions.count
        let order = shuffle?.questionOrder ?? Array(0..<count)
        items = order.enumerated().compactMap { position, index in
            guard score.questions.indices.contains(index) else { return nil }
            return Self.item(keyed: keyed, index: index, result: score.questions[index], shuffle: shuffle,
                             label: shuffle == nil ? keyed.gradable.questions[index].id : "Q\(position + 1)",
                             passed: passed)
        }
    }

    /// What to say under a wrong answer whose key `policy` withholds.
    static func withheldNote(_ policy: RevealPolicy, passed: Bool?) -> String? {
        switch policy {
        case .afterAttempt: return nil
        case .afterPass: return "The answer is shown once you pass the quiz."
        case .never: return "This quiz does not show its answers."
        }
    }

    /// The review of one question (used after each answer in practice mode).
    public static func item(
        keyed: KeyedQuiz, index: Int, result: QuestionScore, shuffle: QuizShuffle?, label: String, passed: Bool?
    ) -> Item {
        let question = keyed.gradable.questions[index]
        let display: (String) -> String = { letter in
            shuffle?.shownLetter(canonical: letter, ofQuestion: index) ?? letter
        }
        let key = keyed.questionKey(at: index)
        let notes = result.chosen.subtracting(question.correct).sorted { display($0) < display($1) }.compactMap { letter in
            key?.feedback(for: letter).map { OptionNote(option: display(letter), text: $0) }
        }
        let reveal = keyed.reveal(at: index).allowsReveal(attempted: true, passedQuiz: passed)
        let explanation = key?.explanation ?? ""
        // A typed answer is shown as typed; an order as the letters the student saw, in order.
        let chosen: [String]
        let answer: [String]
        switch question.response {
        case .choice:
            chosen = result.chosen.map(display).sorted()
            answer = question.correct.map(display).sorted()
        case let .numeric(numeric):
            chosen = result.chosen.sorted()
            answer = ["\(AttemptText.number(numeric.value)) ± \(AttemptText.number(numeric.tolerance))"]
        case let .text(forms, patterns):
            chosen = result.chosen.sorted()
            answer = forms.isEmpty ? patterns.prefix(1).map { "/\($0)/" } : [forms[0]]
        case let .ordering(order):
            chosen = result.chosen.map { typed in (GradableQuestion.order(in: typed) ?? []).map(display).joined(separator: " ") }
            answer = [order.map(display).joined(separator: " ")]
        }
        return Item(
            question: label, chosen: chosen, points: result.points,
            weight: result.weight, correct: result.isCorrect, feedback: notes,
            answer: reveal ? answer : nil,
            explanation: reveal && !explanation.isEmpty ? explanation : nil,
            withheld: reveal || result.isCorrect ? nil : withheldNote(keyed.reveal(at: index), passed: passed))
    }
}
