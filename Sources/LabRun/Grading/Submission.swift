import LabKit

/// One student's answers to a quiz as read from a CSV row, a JSON file or the progress store,
/// not yet checked against the quiz.
public struct Submission: Sendable, Hashable {
    /// How the question numbers and letters of a submission are to be read.
    public enum Letters: String, Sendable, Hashable, Codable {
        /// Question ids and option letters as in the quiz file (`Q3`, `C`).
        case canonical
        /// As this student saw them in their shuffled quiz: `Q1` is the first question shown,
        /// `A` the first option shown. Mapped back through the student's `QuizShuffle`.
        case shown
    }

    /// The student's id (login, e-mail, whatever the class uses); never empty.
    public let student: String
    /// Question id (`Q3`) → letters chosen (empty: blank).
    public let answers: [String: Set<String>]
    /// Whether `answers` are canonical or as shown.
    public let letters: Letters
    /// Where it was read from.
    public let source: SubmissionSource
    /// The quiz the submission says it answers, when it says so (JSON files may).
    public let quizID: String?

    /// A submission as read.
    public init(
        student: String, answers: [String: Set<String>], letters: Letters = .canonical,
        source: SubmissionSource, quizID: String? = nil
    ) {
        self.student = student
        self.answers = answers
        self.letters = letters
        self.source = source
        self.quizID = quizID
    }

    /// The canonical sheet of this submission for `quiz`.
    /// - Throws: `SubmissionProblem` when it answers another quiz, names a question the quiz does not have or a letter
    ///   that is not one of the question's options.
    public func answerSheet(for quiz: GradableQuiz) throws(SubmissionProblem) -> AnswerSheet {
        if let quizID, quizID != quiz.id {
            throw problem("answers quiz '\(quizID)', not '\(quiz.id)'; grade it with that quiz")
        }
        switch letters {
        case .canonical:
            var sheet = AnswerSheet()
            for (questionID, chosen) in answers {
                guard let index = quiz.index(ofQuestion: questionID) else {
                    throw problem("quiz '\(quiz.id)' has no question \(questionID) (it has Q1–Q\(quiz.questions.count))")
                }
                let question = quiz.questions[index]
                if question.response.isTyped {
                    if let problem = Self.typedProblem(chosen, of: question) { throw self.problem(problem) }
                    sheet[questionID] = chosen
                    continue
                }
                // Checked letter by letter first: building a set of the options for every answer of a
                // large class costs more than the grading itself.
                guard !chosen.allSatisfy(question.options.contains) else {
                    sheet[questionID] = chosen
                    continue
                }
                let unknown = chosen.subtracting(question.options)
                guard unknown.isEmpty else {
                    throw problem("\(questionID) answer \(unknown.sorted().joined()) is not an option; "
                        + "the options are \(question.options.joined(separator: ", "))")
                }
                sheet[questionID] = chosen
            }
            return sheet
        case .shown:
            var shown: [Int: Set<String>] = [:]
            for (questionID, chosen) in answers {
                guard let number = Int(questionID.dropFirst()), number >= 1 else {
                    throw problem("'\(questionID)' is not a question number")
                }
                shown[number - 1] = chosen
            }
            do {
                return try QuizShuffle(quiz: quiz, student: student).canonicalSheet(fromShown: shown)
            } catch {
                throw problem(error.problem + " (answers as shown to \(student))")
            }
        }
    }

    /// What is wrong with a typed answer to `question`, or nil: a numeric answer must be a number,
    /// an ordering must name each item once; any text answers a short-answer question.
    static func typedProblem(_ chosen: Set<String>, of question: GradableQuestion) -> String? {
        guard chosen.count <= 1 else { return "\(question.id) has \(chosen.count) answers; a typed answer is one text" }
        guard let typed = chosen.first, !typed.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        switch question.response {
        case .choice, .text:
            return nil
        case .numeric:
            return NumericAnswer.number(in: typed) == nil
                ? "\(question.id) answer '\(typed)' is not a number; write it like 0.35" : nil
        case .ordering:
            guard let order = GradableQuestion.order(in: typed), order.sorted() == question.options.sorted() else {
                return "\(question.id) answer '\(typed)' must put each of \(question.options.joined(separator: ", ")) in order once, like "
                    + question.options.reversed().joined()
            }
            return nil
        }
    }

    private func problem(_ message: String) -> SubmissionProblem {
        SubmissionProblem(source: source, student: student, message: message)
    }
}
