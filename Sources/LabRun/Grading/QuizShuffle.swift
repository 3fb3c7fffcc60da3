import Bias
/// The order in which one student sees a quiz: questions and each question's options, stable for
/// a given (student, quiz) pair so that re-grading and reviewing an attempt are reproducible.
///
/// The seed is `FNV1a.hash64("<student>|<quiz id>")`. A `SplitMix64` generator from that seed
/// first draws the question order (when the quiz shuffles questions), then, for each question in
/// canonical order, its option order (when the quiz shuffles options). Shown letters are the
/// positions on screen: the first option shown is `A`, the second `B`, whatever its canonical letter.
/// Shown question numbers are likewise positions: `Q1` is the first question shown.
public struct QuizShuffle: Sendable, Hashable {
    /// The student the order was drawn for.
    public let student: String
    /// The quiz it was drawn for.
    public let quizID: String
    /// `questionOrder[shown position]` = the canonical index of the question shown there.
    public let questionOrder: [Int]
    /// `optionOrders[canonical question index][shown position]` = the canonical option index shown there.
    public let optionOrders: [[Int]]

    private let questions: [GradableQuestion]
    private let shownPositionOfQuestion: [Int]

    /// The seed of `student`'s shuffle of quiz `quizID`.
    public static func seed(student: String, quizID: String) -> UInt64 {
        FNV1a.hash64("\(student)|\(quizID)")
    }

    /// Draws `student`'s order for `quiz`; the identity order for quizzes that do not shuffle.
    public init(quiz: GradableQuiz, student: String) {
        var generator = SplitMix64(seed: Self.seed(student: student, quizID: quiz.id))
        let questionOrder = quiz.shuffleQuestions
            ? generator.permutation(of: quiz.questions.count)
            : Array(quiz.questions.indices)
        let optionOrders = quiz.questions.map { question in
            quiz.shuffleOptions ? generator.permutation(of: question.options.count) : Array(question.options.indices)
        }
        var shownPosition = [Int](repeating: 0, count: questionOrder.count)
        for (position, canonical) in questionOrder.enumerated() { shownPosition[canonical] = position }
        self.student = student
        self.quizID = quiz.id
        self.questionOrder = questionOrder
        self.optionOrders = optionOrders
        self.questions = quiz.questions
        self.shownPositionOfQuestion = shownPosition
    }

    /// The letter of the option at `position` on screen: 0 → `A`, 1 → `B`, …
    public static func shownLetter(at position: Int) -> String {
        guard position >= 0, position < 26, let scalar = Unicode.Scalar(65 + position) else { return "?" }
        return String(Character(scalar))
    }

    /// The position a shown letter stands for (`A` → 0), or `nil` for anything but one letter A–Z.
    public static func position(ofShownLetter letter: String) -> Int? {
        guard letter.unicodeScalars.count == 1, let scalar = letter.uppercased().unicodeScalars.first,
              scalar.value >= 65, scalar.value < 91 else { return nil }
        return Int(scalar.value) - 65
    }

    /// The canonical question shown at `position` (0-based), or `nil` past the end.
    public func question(atShownPosition position: Int) -> GradableQuestion? {
        guard questionOrder.indices.contains(position) else { return nil }
        return questions[questionOrder[position]]
    }

    /// The 0-based position at which the canonical question `index` is shown.
    public func shownPosition(ofQuestion index: Int) -> Int? {
        shownPositionOfQuestion.indices.contains(index) ? shownPositionOfQuestion[index] : nil
    }

    /// The canonical letters of the question with canonical `index`, in the order they are shown.
    public func shownOptions(ofQuestion index: Int) -> [String] {
        guard questions.indices.contains(index) else { return [] }
        return optionOrders[index].map { questions[index].options[$0] }
    }

    /// The canonical letter behind shown letter `shown` of canonical question `index`, or `nil`
    /// when the question has no option at that position.
    public func canonicalLetter(shown: String, ofQuestion index: Int) -> String? {
        guard questions.indices.contains(index), let position = Self.position(ofShownLetter: shown),
              optionOrders[index].indices.contains(position) else { return nil }
        return questions[index].options[optionOrders[index][position]]
    }

    /// The shown letter of canonical letter `canonical` of canonical question `index`, or `nil`.
    public func shownLetter(canonical: String, ofQuestion index: Int) -> String? {
        guard questions.indices.contains(index),
              let optionIndex = questions[index].options.firstIndex(of: canonical),
              let position = optionOrders[index].firstIndex(of: optionIndex) else { return nil }
        return Self.shownLetter(at: position)
    }

    /// Maps answers written as the student saw them (shown question position, 0-based → shown
    /// letters) to a canonical sheet.
    /// - Throws: `ShuffleMappingError` for a position past the last question or a letter past the
    ///   last option of its question.
    public func canonicalSheet(fromShown shown: [Int: Set<String>]) throws(ShuffleMappingError) -> AnswerSheet {
        var sheet = AnswerSheet()
        for (position, letters) in shown {
            guard questionOrder.indices.contains(position) else {
                throw ShuffleMappingError(problem: "there is no question \(position + 1); the quiz has \(questionOrder.count)")
            }
            let index = questionOrder[position]
            switch questions[index].response {
            case .choice:
                break
            case .numeric, .text:
                // Typed words and numbers do not depend on the order the student saw.
                sheet[questions[index].id] = letters
                continue
            case .ordering:
                // The student typed shown letters in order; the order is kept, each letter mapped.
                guard let typed = letters.first, let order = GradableQuestion.order(in: typed) else {
                    sheet[questions[index].id] = letters
                    continue
                }
                var mapped: [String] = []
                for letter in order {
                    guard let canonical = canonicalLetter(shown: letter, ofQuestion: index) else {
                        throw ShuffleMappingError(problem: "question \(position + 1) has no item \(letter)")
                    }
                    mapped.append(canonical)
                }
                sheet[questions[index].id] = [mapped.joined()]
                continue
            }
            var canonical = Set<String>()
            for letter in letters {
                guard let mapped = canonicalLetter(shown: letter, ofQuestion: index) else {
                    throw ShuffleMappingError(
                        problem: "question \(position + 1) has no option \(letter); its options are "
                            + "A–\(Self.shownLetter(at: optionOrders[index].count - 1))")
                }
                canonical.insert(mapped)
            }
            sheet[questions[index].id] = canonical
        }
        return sheet
    }

    /// The inverse of `canonicalSheet(fromShown:)`: what the student would have typed to give
    /// `sheet`. Letters that are not options of their question are dropped.
    public func shownAnswers(for sheet: AnswerSheet) -> [Int: Set<String>] {
        var shown: [Int: Set<String>] = [:]
        for (index, question) in questions.enumerated() {
            let letters = sheet[question.id]
            guard !letters.isEmpty else { continue }
            shown[shownPositionOfQuestion[index]] = Set(letters.compactMap { shownLetter(canonical: $0, ofQuestion: index) })
        }
        return shown
    }
}
