import ArgumentParser
import Foundation
import LabKit
import LabRun

/// `labrun quiz <id>`: take a quiz at the terminal, or grade answers given on the command line.
struct QuizCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quiz",
        abstract: "Take a quiz: one question at a time at a terminal, or answers given with --answers.",
        discussion: """
            The quiz is Quizzes/<id>.md and its key Solutions/<id>.md, in the course folder. At a terminal \
            you answer by letter (several letters where a question says so), type ? for a hint, and get \
            feedback after each answer (in exam mode, at the end). Ctrl-C or Ctrl-D stops without saving. \
            Every finished attempt is recorded in the progress store.

            With --answers or --answers-file, question numbers and letters are those of the quiz file \
            (labrun quiz <id> --show), unless --as-shown says they are as shuffled for this student.

            Examples:
              labrun quiz generative-bias
              labrun quiz generative-bias --answers "1=B,2=B,3=C,4=ABD,5=A" --json
              labrun quiz generative-bias --answers-file my-answers.json
              labrun quiz generative-bias --show --json
            """
    )

    @Argument(help: "The quiz id (Quizzes/<id>.md).")
    var id: String

    @Option(help: ArgumentHelp("Answers as number=letters pairs, e.g. \"1=C,2=A,3=BD\".", valueName: "answers"))
    var answers: String?

    @Option(name: .customLong("answers-file"), help: ArgumentHelp(
        "Answers in a JSON file ({\"answers\": {\"Q1\": \"C\"}}) or a CSV (question,answer).", valueName: "file"))
    var answersFile: String?

    @Flag(name: .customLong("as-shown"), help: "Read --answers numbers and letters as this student's shuffled quiz shows them.")
    var asShown = false

    @Flag(help: "Print the quiz (never its answers) instead of taking it.")
    var show = false

    @Flag(help: "Print JSON for scripts (with --answers, --answers-file or --show).")
    var json = false

    @Flag(help: "No colours.")
    var plain = false

    @Option(help: ArgumentHelp("The student taking the quiz (default: the one `labrun login` saved, else $USER).", valueName: "name"))
    var student: String?

    @OptionGroup var options: CourseOptions

    func validate() throws {
        if answers != nil && answersFile != nil {
            throw CommandFailure.error("give --answers or --answers-file, not both", status: 2)
        }
        if show && (answers != nil || answersFile != nil) {
            throw CommandFailure.error("--show prints the quiz; leave out --answers to use it", status: 2)
        }
    }

    func run() async throws {
        let keyed: KeyedQuiz
        do {
            let loaded = try KeyedQuiz.load(id: id, course: options.courseURL)
            keyed = loaded.quiz
            for warning in loaded.warnings { CommandFailure.warn(warning.description) }
        } catch {
            throw CommandFailure.error(error.description, status: error.kind == .unknownQuiz ? 2 : 1)
        }
        let terminal = Terminal.standardOutput(plain: plain)

        if show {
            let outline = QuizOutline(keyed.quiz)
            print(json ? try Self.encode(outline) : outline.text(terminal: terminal))
            return
        }

        let identity: StudentIdentity
        do {
            identity = try StudentIdentity.current(override: student)
        } catch {
            throw CommandFailure.error("\(error)", status: 2)
        }
        let interactive = answers == nil && answersFile == nil
        if interactive && !Terminal.isTerminal(STDIN_FILENO) {
            throw CommandFailure.error(
                "labrun quiz needs a terminal to ask questions; for scripts pass --answers \"1=C,2=A\" or --answers-file FILE",
                status: 2)
        }

        // Answers given on the command line are checked before the store is touched.
        let letters: Submission.Letters = interactive ? .shown : (asShown ? .shown : .canonical)
        var given: AnswerSheet?
        if !interactive {
            let checker = QuizTaker(keyed: keyed, student: identity.id, store: NoAttempts())
            do {
                let submission: Submission
                if let answers {
                    submission = Submission(student: identity.id, answers: try AnswerList.parse(answers), letters: letters,
                                            source: SubmissionSource(file: "--answers"))
                } else {
                    let path = answersFile ?? ""
                    let read = try AnswerFile.read(URL(fileURLWithPath: path), label: path, student: identity.id)
                    submission = Submission(student: identity.id, answers: read.answers,
                                            letters: asShown ? .shown : read.letters, source: read.source)
                }
                given = try checker.sheet(for: submission)
            } catch let error as AnswerListError {
                throw CommandFailure.error(error.description, status: 2)
            } catch let error as QuizAnswerError {
                throw CommandFailure.error(error.description, status: 2)
            }
        }

        let store: ProgressQuizAttempts
        do {
            store = try await ProgressQuizAttempts.open(ProgressSession(databaseOverride: options.database))
        } catch {
            throw CommandFailure.error("\(error)")
        }
        let taker = QuizTaker(keyed: keyed, student: identity.id, store: store)
        let number: Int
        do {
            number = try await taker.nextAttemptNumber()
        } catch {
            await store.close()
            throw CommandFailure.error("\(error)")
        }

        let attempt: GradedAttempt
        if let given {
            attempt = taker.grade(sheet: given, number: number)
        } else {
            QuizInterrupt.abandonOnControlC()
            let quiz = InteractiveQuiz(keyed: keyed, student: identity.id, attemptNumber: number, terminal: terminal)
            let outcome = quiz.run(read: { readLine(strippingNewline: true) },
                                   write: { FileHandle.standardOutput.write(Data($0.utf8)) })
            QuizInterrupt.ignoreWhileRecording()
            guard case .finished(let sheet, _) = outcome else {
                await store.close()
                print("Quiz abandoned (end of input): nothing was saved.")
                throw ExitCode(1)
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

        if interactive {
            if recordingError == nil {
                let limit = keyed.gradable.attemptsLimit.map { " of \($0)" } ?? ""
                print(TerminalStyle.dim.apply("Attempt \(number)\(limit) recorded for \(identity.id).", on: terminal))
            }
        } else {
            let report = taker.report(for: attempt, letters: letters, recorded: recordingError == nil)
            if json {
                print(try Self.encode(report))
            } else {
                print(Self.text(report, keyed: keyed, terminal: terminal))
            }
        }
        if let recordingError {
            throw CommandFailure.error("the attempt was not recorded: \(recordingError)")
        }
    }

    /// The non-interactive result as text: a line per question, then the score.
    static func text(_ report: AttemptReport, keyed: KeyedQuiz, terminal: Terminal) -> String {
        var lines = [TerminalStyle.bold.apply("\(keyed.quiz.title) — attempt \(report.attempt) for \(report.student)", on: terminal)]
        for item in report.questions {
            let chosen = item.chosen.isEmpty ? "blank" : item.chosen.joined()
            lines.append("\(item.question) \(chosen): " + AttemptText.feedback(item, terminal: terminal))
        }
        lines.append(AttemptText.summary(
            points: report.points, maximum: report.maximumPoints, passed: report.passed,
            passThreshold: report.passThreshold, terminal: terminal))
        if report.recorded {
            lines.append(TerminalStyle.dim.apply("Attempt \(report.attempt) recorded.", on: terminal))
        }
        return lines.joined(separator: "\n")
    }

    static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
