/// A quiz as the grader sees it: its questions in canonical order and the quiz-level rules.
public struct GradableQuiz: Sendable, Hashable {
    /// The quiz id (`generative-bias`); part of every student's shuffle seed.
    public let id: String
    /// Questions in canonical (file) order.
    public let questions: [GradableQuestion]
    /// The policy for questions that do not set their own.
    public let policy: ScoringPolicy
    /// The share of the maximum score needed to pass, in [0, 1].
    public let passThreshold: Double
    /// How many attempts a student may make; `nil` for unlimited.
    public let attemptsLimit: Int?
    /// Whether each student sees the questions in their own order.
    public let shuffleQuestions: Bool
    /// Whether each student sees each question's options in their own order.
    public let shuffleOptions: Bool

    private let indexByID: [String: Int]

    /// A checked quiz.
    /// - Throws: `GradingError` when there are no questions, two share an id, the threshold is
    ///   outside [0, 1] or the attempts limit is below 1.
    public init(
        id: String, questions: [GradableQuestion], policy: ScoringPolicy = .allOrNothing,
        passThreshold: Double = 0.5, attemptsLimit: Int? = nil,
        shuffleQuestions: Bool = false, shuffleOptions: Bool = false
    ) throws(GradingError) {
        guard !questions.isEmpty else {
            throw GradingError("quiz '\(id)' has no questions; add headings `## Q1` … to Quizzes/\(id).md")
        }
        var indexByID: [String: Int] = [:]
        for (index, question) in questions.enumerated() {
            guard indexByID.updateValue(index, forKey: question.id) == nil else {
                throw GradingError("quiz '\(id)' has two questions with id \(question.id); number them Q1, Q2, … once each")
            }
        }
        guard passThreshold.isFinite, (0...1).contains(passThreshold) else {
            throw GradingError("quiz '\(id)': pass threshold \(passThreshold) is outside 0…1; write e.g. `pass: 0.7` or `pass: 70%`")
        }
        if let attemptsLimit, attemptsLimit < 1 {
            throw GradingError("quiz '\(id)': attempts must be at least 1 (or left out for unlimited), not \(attemptsLimit)")
        }
        self.id = id
        self.questions = questions
        self.policy = policy
        self.passThreshold = passThreshold
        self.attemptsLimit = attemptsLimit
        self.shuffleQuestions = shuffleQuestions
        self.shuffleOptions = shuffleOptions
        self.indexByID = indexByID
    }

    /// The canonical index of the question with `id`, or `nil`.
    public func index(ofQuestion id: String) -> Int? { indexByID[id] }

    /// The sum of all weights: the best possible score.
    public var maximumPoints: Double { questions.reduce(0) { $0 + $1.weight } }

    /// The policy that scores `question`: its own, else the quiz's.
    public func policy(for question: GradableQuestion) -> ScoringPolicy { question.policy ?? policy }

    /// Grades one attempt. Letters that are not options of a question earn nothing and count as
    /// wrong choices under partial credit; questions not on the sheet score 0.
    public func grade(_ sheet: AnswerSheet) -> QuizScore {
        var scores: [QuestionScore] = []
        scores.reserveCapacity(questions.count)
        var points = 0.0
        for question in questions {
            let chosen = sheet.choices[question.id] ?? []
            let credit = question.credit(chosen, policy: policy(for: question))
            let earned = credit * question.weight
            points += earned
            scores.append(QuestionScore(
                questionID: question.id, chosen: chosen, points: earned, weight: question.weight,
                isCorrect: question.response.isTyped ? credit == 1 : chosen == question.correct))
        }
        let maximum = maximumPoints
        let fraction = maximum > 0 ? points / maximum : 0
        // A tiny tolerance so that 7 × (1/10) reaches a 0.7 threshold despite rounding.
        return QuizScore(quizID: id, questions: scores, points: points, maximumPoints: maximum,
                         passed: fraction + 1e-9 >= passThreshold)
    }

    /// Checks that a student who has already made `previousAttempts` attempts may start another.
    /// - Throws: `GradingError.attemptsExhausted` when the limit is reached.
    public func checkAttemptAllowed(previousAttempts: Int) throws(GradingError) {
        if let attemptsLimit, previousAttempts >= attemptsLimit {
            throw GradingError.attemptsExhausted(quiz: id, limit: attemptsLimit)
        }
    }

    /// Attempts left after `previousAttempts`; `nil` when unlimited.
    public func attemptsLeft(previousAttempts: Int) -> Int? {
        attemptsLimit.map { max(0, $0 - previousAttempts) }
    }
}
