import Foundation
import LabKit

/// `labrun quiz ID`: show a quiz, take it at the terminal, or grade answers given on the command
/// line or in a file, and record the attempt.
public struct QuizSession {
    /// How the answers come.
    public enum Answers: Sendable {
        /// Asked one question at a time at the terminal.
        case interactive
        /// `--answers "1=B,2=AC"`.
        case list(String)
        /// `--answers-file FILE` (JSON or CSV).
        case file(String)
    }

    /// The quiz and its key.
    public let keyed: KeyedQuiz
    /// Lint warnings of the quiz and key files (errors refuse the quiz), for standard error.
    public let warnings: [String]

    /// Loads quiz `id` of `course` (Quizzes/<id>.md keyed by Solutions/<id>.md).
    /// - Throws: `CommandFailure`, status 2 for an unknown quiz and 1 for an invalid one.
    public init(id: String, course: URL) throws {
        do {
            let loaded = try KeyedQuiz.load(id: id, course: course)
            keyed = loaded.quiz
            warnings = loaded.warnings.map(\.description)
        } catch {
            throw CommandFailure(error.description, status: error.kind == .unknownQuiz ? 2 : 1)
        }
    }

    /// The quiz as anyone may see it (never its answers): `labrun quiz ID --show`.
    public var outline: QuizOutline { QuizOutline(keyed.quiz) }

    /// Takes the quiz for `student` (nil: the current one), grades and records the attempt.
    /// `asShown` reads given numbers and letters as this student's shuffled quiz shows them.
    /// - Throws: `UsageError` for malformed answers or a missing terminal; `CommandFailure` when
    ///   the store fails or the quiz is abandoned (after saying so).
    public func take(answers: Answers, asShown: Bool, student: String?, database: String?, plain: Bool,
                     state: LabRunState = LabRunState()) async throws -> QuizAttemptResult {
        let identity: StudentIdentity
        do {
            identity = try StudentIdentity.current(override: student, state: state)
        } catch {
            throw UsageError("\(error)")
        }
        let interactive: Bool
        if case .interactive = answers { interactive = true } else { interactive = false }
        if interactive && !Terminal.isTerminal(STDIN_FILENO) {
            throw UsageError("labrun quiz needs a terminal to ask questions; for scripts pass --answers \"1=C,2=A\" or --answers-file FILE")
        }
        // Answers given on the command line are checked before the store is touched.
        let letters: Submission.Letters = interactive || asShown ? .shown : .canonical
        let given = try sheet(for: answers, letters: letters, asShown: asShown, student: identity.id)
        let store: ProgressQuizAttempts
        do {
            store = try await ProgressQuizAttempts.open(ProgressSession(databaseOverride: database, state: state))
        } catch {
            throw CommandFailure("\(error)")
        }
        let taker = QuizTaker(keyed: keyed, student: identity.id, store: store)
        let number: Int
        do {
            number = try await taker.nextAttemptNumber()
        } catch {
            await store.close()
            throw CommandFailure("\(error)")
        }
        let attempt: GradedAttempt
        if let given {
            attempt = taker.grade(sheet: given, number: number)
        } else {
            QuizInterrupt.abandonOnControlC()
            let quiz = InteractiveQuiz(keyed: keyed, student: identity.id, attemptNumber: number,
                                       terminal: .standardOutput(plain: plain))
            let outcome = quiz.run(read: { readLine(strippingNewline: true) }, write: { ConsoleStream.standardOutput.write($0) })
            QuizInterrupt.ignoreWhileRecording()
            guard case .finished(let sheet, _) = outcome else {
                await store.close()
                ConsoleStream.standardOutput.write("Quiz abandoned (end of input): nothing was saved.\n")
                throw CommandFailure.quiet()
            }
            attempt = taker.grade(sheet: sheet, number: number)
        }
        var recordingError: (any Error)?
        do {
            try await taker.record(attempt)
        } catch {
            recordingError = error
        }
        await store.close()
        let report = taker.report(for: attempt, letters: letters, recorded: recordingError == nil)
        return QuizAttemptResult(report: report, title: keyed.quiz.title, interactive: interactive,
                                 attemptsLimit: keyed.gradable.attemptsLimit,
                                 recordingError: recordingError.map { "the attempt was not recorded: \($0)" })
    }

    /// The answer sheet of answers given on the command line, checked against the quiz; nil when
    /// the quiz is taken interactively.
    private func sheet(for answers: Answers, letters: Submission.Letters, asShown: Bool, student: String) throws -> AnswerSheet? {
        let checker = QuizTaker(keyed: keyed, student: student, store: NoAttempts())
        do {
            switch answers {
            case .interactive:
                return nil
            case let .list(text):
                return try checker.sheet(for: Submission(student: student, answers: try AnswerList.parse(text, typed: keyed.typedQuestionIDs), letters: letters,
                                                         source: SubmissionSource(file: "--answers")))
            case let .file(path):
                let read = try AnswerFile.read(URL(fileURLWithPath: path), label: path, student: student, typed: keyed.typedQuestionIDs)
                return try checker.sheet(for: Submission(student: student, answers: read.answers,
                                                         letters: asShown ? .shown : read.letters, source: read.source))
            }
        } catch let error as AnswerListError {
            throw UsageError(error.description)
        } catch let error as QuizAnswerError {
            throw UsageError(error.description)
        }
    }
}

/// A graded attempt as `labrun quiz` prints it; when it could not be recorded, exit status 1.
public struct QuizAttemptResult: CommandResult {
    /// The attempt and the review the student may see.
    public let report: AttemptReport
    let title: String
    let interactive: Bool
    let attemptsLimit: Int?
    /// Why the attempt was not recorded, if it was not.
    public let recordingError: String?

    public func encode(to encoder: any Encoder) throws {
        try report.encode(to: encoder)
    }

    public var exitStatus: Int32 { recordingError == nil ? 0 : 1 }

    public func text(on terminal: Terminal) -> String {
        if interactive {
            // The interactive quiz has shown the feedback already.
            guard report.recorded else { return "" }
            let limit = attemptsLimit.map { " of \($0)" } ?? ""
            return TerminalStyle.dim.apply("Attempt \(report.attempt)\(limit) recorded for \(report.student).", on: terminal) + "\n"
        }
        var lines = [TerminalStyle.bold.apply("\(title) — attempt \(report.attempt) for \(report.student)", on: terminal)]
        for item in report.questions {
            let chosen = item.chosen.isEmpty ? "blank" : item.chosen.joined()
            lines.append("\(item.question) \(chosen): " + AttemptText.feedback(item, terminal: terminal))
        }
        lines.append(AttemptText.summary(points: report.points, maximum: report.maximumPoints, passed: report.passed,
                                         passThreshold: report.passThreshold, terminal: terminal))
        if report.recorded { lines.append(TerminalStyle.dim.apply("Attempt \(report.attempt) recorded.", on: terminal)) }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension QuizOutline: CommandResult {
    public func text(on terminal: Terminal) -> String {
        text(terminal: terminal) + "\n"
    }
}
