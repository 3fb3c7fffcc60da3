import Foundation
import LabKit

/// A quiz together with its answer key, ready to be taken and graded.
///
/// The quiz comes from `Quizzes/<id>.md` and the key only from `Solutions/<id>.md`. Multiple-choice
/// questions become the `gradable` quiz (ids `Q<n>`); open questions are asked and recorded but
/// not graded. The quiz's `shuffle: true` shuffles both question order and option order, per
/// student and stable for that student (see `QuizShuffle`).
public struct KeyedQuiz: Sendable {
    /// The parsed quiz (stems, options, settings).
    public let quiz: Quiz
    /// The parsed answer key (answers, explanations, hints, feedback, reveal policies).
    public let key: AnswerKey
    /// What the grader uses.
    public let gradable: GradableQuiz
    /// The graded questions (choice and typed), in the order of `gradable.questions`.
    public let choiceQuestions: [Question]
    /// The open questions (no options), in file order: recorded, never graded.
    public let openQuestions: [Question]

    /// Joins a quiz and its key.
    /// - Throws: `QuizLoadError.invalid` when the quiz has no multiple-choice question, a question
    ///   has no key, or a key does not fit its question (checked again here even though
    ///   `labrun check` reports the same, so a broken key can never grade a student).
    public init(quiz: Quiz, key: AnswerKey) throws(QuizLoadError) {
        let policy = ScoringPolicy(quiz.scoring)
        var gradable: [GradableQuestion] = []
        var choice: [Question] = []
        var open: [Question] = []
        var problems: [Diagnostic] = []
        for question in quiz.questions {
            guard question.isGraded else {
                open.append(question)
                continue
            }
            if let typed = Self.typedResponse(question, key: key.key(for: question.reference)) {
                do {
                    gradable.append(try GradableQuestion(
                        id: question.reference.description, typed: typed,
                        options: question.format == .ordering ? question.options.map(\.letter) : [],
                        policy: question.scoring.map { ScoringPolicy($0) }, weight: question.weight))
                    choice.append(question)
                } catch {
                    problems.append(.error(error.description, file: key.file, at: question.position, rule: "answer-key"))
                }
                continue
            }
            if question.format != .choice && question.format != .trueFalse {
                problems.append(.error(
                    "\(question.reference) is \(question.format.rawValue) but \(key.file) has no key for it; see docs/authoring.md",
                    file: quiz.file, at: question.position, rule: "answer-key"))
                continue
            }
            guard let questionKey = key.key(for: question.reference), !questionKey.answers.isEmpty else {
                problems.append(.error(
                    "\(question.reference) has no `Answer:` in \(key.file); add a `## \(question.reference)` section with `Answer: <letter>`",
                    file: quiz.file, at: question.position, rule: "answer-key"))
                continue
            }
            do {
                gradable.append(try GradableQuestion(
                    id: question.reference.description, options: question.options.map(\.letter),
                    correct: Set(questionKey.answers), kind: question.allowsMultipleAnswers ? .multiple : .single,
                    policy: question.scoring.map { ScoringPolicy($0) }, weight: question.weight))
                choice.append(question)
            } catch {
                problems.append(.error(error.description, file: key.file, at: questionKey.answerPosition, rule: "answer-key"))
            }
        }
        if choice.isEmpty && problems.isEmpty {
            problems.append(.error("the quiz has no multiple-choice question to grade; add options `- [ ] A. …` under a `## Q1` heading",
                                   file: quiz.file, at: .start, rule: "question-options"))
        }
        guard problems.isEmpty else { throw QuizLoadError.invalid(problems) }
        do {
            self.gradable = try GradableQuiz(
                id: quiz.id, questions: gradable, policy: policy, passThreshold: quiz.passThreshold,
                attemptsLimit: quiz.attempts, shuffleQuestions: quiz.shuffle, shuffleOptions: quiz.shuffle)
        } catch {
            throw QuizLoadError.invalid([.error(error.description, file: quiz.file, at: .start, rule: "quiz")])
        }
        self.quiz = quiz
        self.key = key
        self.choiceQuestions = choice
        self.openQuestions = open
    }

    /// Loads quiz `id` of the course in `course`: `Quizzes/<id>.md` and `Solutions/<id>.md`, both
    /// linted with LabKit's rules first (errors refuse the quiz; warnings are returned).
    /// - Throws: `QuizLoadError.unknownQuiz` when there is no such quiz, `.invalid` for errors.
    public static func load(id: String, course: URL) throws(QuizLoadError) -> (quiz: KeyedQuiz, warnings: [Diagnostic]) {
        let quizPath = "Quizzes/\(id).md"
        let keyPath = "Solutions/\(id).md"
        let isSafeID = !id.isEmpty && !id.contains("/") && !id.hasPrefix(".")
        guard isSafeID, FileManager.default.fileExists(atPath: course.appendingPathComponent(quizPath).path) else {
            throw QuizLoadError.unknown(id, known: available(in: course), folder: "Quizzes")
        }
        guard FileManager.default.fileExists(atPath: course.appendingPathComponent(keyPath).path) else {
            throw QuizLoadError(kind: .invalid, description: "quiz '\(id)' has no answer key; write \(keyPath) (see docs/authoring.md)")
        }
        let files = LabFileSet(paths: [quizPath, keyPath], relativeTo: course)
        let report = LabLinter().lint(files)
        let errors = report.diagnostics.filter { $0.severity == .error }
        guard errors.isEmpty else { throw QuizLoadError.invalid(errors) }
        guard let quiz = files.quizzes.first?.content, let key = files.answerKeys.first?.content else {
            throw QuizLoadError(kind: .invalid, description: "cannot read \(quizPath) and \(keyPath); check that both are Markdown files")
        }
        return (try KeyedQuiz(quiz: quiz, key: key), report.diagnostics.filter { $0.severity == .warning })
    }

    /// The ids of the quizzes in `course/Quizzes`, sorted.
    public static func available(in course: URL) -> [String] {
        let folder = course.appendingPathComponent("Quizzes")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".md") && $0 != "README.md" }.map { String($0.dropLast(3)) }.sorted()
    }

    /// The grader's response for a numeric, short-answer or ordering question with a usable key;
    /// nil for choice questions and for keys that lack what the format needs.
    static func typedResponse(_ question: Question, key: QuestionKey?) -> GradableQuestion.Response? {
        guard let key else { return nil }
        switch question.format {
        case .choice, .trueFalse: return nil
        case .numeric: return key.numeric.map { .numeric($0) }
        case .shortAnswer:
            return key.acceptedForms.isEmpty && key.acceptedPatterns.isEmpty
                ? nil : .text(forms: key.acceptedForms, patterns: key.acceptedPatterns)
        case .ordering: return key.order.isEmpty ? nil : .ordering(key.order)
        }
    }

    /// The ids of the questions answered by typing (numbers, words, orders), whose answers readers keep as text.
    public var typedQuestionIDs: Set<String> {
        Set(gradable.questions.filter(\.response.isTyped).map(\.id))
    }

    /// The key of the multiple-choice question at canonical `index`.
    public func questionKey(at index: Int) -> QuestionKey? {
        choiceQuestions.indices.contains(index) ? key.key(for: choiceQuestions[index].reference) : nil
    }

    /// The reveal policy of the question at canonical `index` (the key file's default when unkeyed).
    public func reveal(at index: Int) -> RevealPolicy {
        questionKey(at: index)?.reveal ?? key.reveal
    }
}

extension ScoringPolicy {
    /// The grader's policy for a quiz file's `scoring:` (or a question heading's) setting.
    init(_ scoring: Quiz.Scoring) {
        switch scoring {
        case .allOrNothing: self = .allOrNothing
        case .partial: self = .partialCredit
        }
    }
}
