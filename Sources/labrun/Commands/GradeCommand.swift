import ArgumentParser
import LabRun

/// `labrun grade <quiz-id> SUBMISSIONS…`: grade a whole class and analyse every question.
struct GradeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grade",
        abstract: "Grade a class's quiz answers and show how each question worked (item analysis).",
        discussion: """
            SUBMISSIONS are CSV files (a header student,Q1,Q2,… then one row a student, answers like C or BD), \
            folders of JSON files ({"student": "ada", "answers": {"Q1": "C", "Q2": "BD"}}), single JSON files, \
            or --from-store for every student's latest attempt in the progress store (re-graded with today's key). \
            A malformed row or file is reported with its line and skipped; the rest is graded.

            The item analysis gives, per question: the share of students exactly right, how often each option was \
            chosen (* marks the key), the facility (mean share of the points earned), the discrimination (share right \
            in the top 27% of the class minus the bottom 27%), the item-rest correlation (the question against the \
            rest of the quiz), the discriminative efficiency, each option's point-biserial correlation, and flags: \
            nobody-correct, everybody-correct, key-looks-wrong (the top group preferred a distractor), \
            positive-distractor (a wrong option chosen by students who did well on the rest). The test statistics give \
            the mean, SD, median and a histogram of totals, KR-20 (or Cronbach's alpha with partial credit or weights) \
            and the standard error of measurement; with --from-store and retakes, first attempts are compared with the \
            latest. Correlations and reliability need --min-responses students (default 10).

            Examples:
              labrun grade generative-bias answers.csv
              labrun grade generative-bias submissions/ --format json
              labrun grade generative-bias --from-store --format csv > scores.csv
              labrun grade generative-bias answers.csv --format stats-csv > statistics.csv
            """
    )

    /// Output formats.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, csv, json
        case statsCSV = "stats-csv"
    }

    @Argument(help: "The quiz id (Quizzes/<id>.md, keyed in Solutions/<id>.md).")
    var quizID: String

    @Argument(help: "CSV files, JSON files or folders of JSON files.")
    var submissions: [String] = []

    @Flag(name: .customLong("from-store"), help: "Also grade every student's latest attempt in the progress store.")
    var fromStore = false

    @Flag(name: .customLong("as-shown"), help: "CSV letters are as each student's shuffled quiz showed them.")
    var asShown = false

    @Option(help: "table (default), csv (one row a student), stats-csv (every statistic, one row each) or json (everything).")
    var format: Format = .table

    @Option(name: .customLong("min-responses"), help: "Fewest students for correlations and reliability (default 10).")
    var minResponses: Int = TestStatistics.defaultMinimumResponses

    func validate() throws {
        if minResponses < 2 {
            throw ValidationError("--min-responses must be 2 or more: a correlation needs at least two students")
        }
    }

    @Flag(help: "No colours.")
    var plain = false

    @OptionGroup var options: CourseOptions

    func run() async throws {
        try await execute {
            if submissions.isEmpty && !fromStore {
                throw UsageError("name the submissions to grade (CSV files, JSON folders) or pass --from-store")
            }
            let session = try QuizSession(id: quizID, course: options.courseURL)
            for warning in session.warnings { ConsoleStream.warn(warning) }
            let grading = try await QuizGrading(session: session, submissions: submissions, fromStore: fromStore,
                                                asShown: asShown, database: options.database,
                                                minimumResponses: minResponses)
            ConsoleStream.standardOutput.write(try grading.text(format.grading, plain: plain))
            for warning in grading.warnings { ConsoleStream.warn(warning) }
            if let failure = grading.failure { throw failure }
            return 0
        }
    }
}

extension GradeCommand.Format {
    /// The grading use case's format.
    var grading: QuizGrading.Format { QuizGrading.Format(rawValue: rawValue) ?? .table }
}
