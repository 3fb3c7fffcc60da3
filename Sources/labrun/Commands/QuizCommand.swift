import ArgumentParser
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

    func run() async throws {
        try await execute {
            if answers != nil && answersFile != nil { throw UsageError("give --answers or --answers-file, not both") }
            if show && (answers != nil || answersFile != nil) {
                throw UsageError("--show prints the quiz; leave out --answers to use it")
            }
            let session = try QuizSession(id: id, course: options.courseURL)
            for warning in session.warnings { ConsoleStream.warn(warning) }
            if show { return try CommandOutput.print(session.outline, json: json, plain: plain) }
            let given: QuizSession.Answers = answers.map { .list($0) } ?? answersFile.map { .file($0) } ?? .interactive
            let result = try await session.take(answers: given, asShown: asShown, student: student, database: options.database, plain: plain)
            try CommandOutput.print(result, json: json, plain: plain)
            if let problem = result.recordingError { throw CommandFailure(problem) }
            return 0
        }
    }
}
