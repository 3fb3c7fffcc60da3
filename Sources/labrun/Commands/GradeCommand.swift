import ArgumentParser
import Foundation
import LabKit
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
            chosen (* marks the key), the discrimination (share right in the top 27% of the class minus the bottom \
            27%), and flags: nobody-correct, everybody-correct, key-looks-wrong (the top group preferred a distractor).

            Examples:
              labrun grade generative-bias answers.csv
              labrun grade generative-bias submissions/ --format json
              labrun grade generative-bias --from-store --format csv > scores.csv
            """
    )

    /// Output formats.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, csv, json
    }

    @Argument(help: "The quiz id (Quizzes/<id>.md, keyed in Solutions/<id>.md).")
    var quizID: String

    @Argument(help: "CSV files, JSON files or folders of JSON files.")
    var submissions: [String] = []

    @Flag(name: .customLong("from-store"), help: "Also grade every student's latest attempt in the progress store.")
    var fromStore = false

    @Flag(name: .customLong("as-shown"), help: "CSV letters are as each student's shuffled quiz showed them.")
    var asShown = false

    @Option(help: "table (default), csv (one row a student) or json (everything).")
    var format: Format = .table

    @Flag(help: "No colours.")
    var plain = false

    @OptionGroup var options: CourseOptions

    func validate() throws {
        if submissions.isEmpty && !fromStore {
            throw CommandFailure.error("name the submissions to grade (CSV files, JSON folders) or pass --from-store", status: 2)
        }
    }

    func run() async throws {
        let keyed: KeyedQuiz
        do {
            let loaded = try KeyedQuiz.load(id: quizID, course: options.courseURL)
            keyed = loaded.quiz
            for warning in loaded.warnings { CommandFailure.warn(warning.description) }
        } catch {
            throw CommandFailure.error(error.description, status: error.kind == .unknownQuiz ? 2 : 1)
        }

        var batch = SubmissionBatch()
        let letters: Submission.Letters = asShown ? .shown : .canonical
        for path in submissions {
            let url = URL(fileURLWithPath: path)
            var isFolder: ObjCBool = false
            if !FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) {
                batch.problems.append(SubmissionProblem(source: SubmissionSource(file: path), message: "no such file or folder; check the path"))
            } else if isFolder.boolValue {
                batch.append(JSONSubmissionReader.read(folder: url, label: path))
            } else if url.pathExtension.lowercased() == "json" {
                batch.append(JSONSubmissionReader.read(file: url, label: path))
            } else {
                batch.append(CSVSubmissionReader.read(file: url, label: path, letters: letters))
            }
        }
        if fromStore {
            do {
                let session = try ProgressSession(databaseOverride: options.database)
                let store = try await ProgressQuizAttempts.open(session)
                let attempts = try await store.attempts(quizID: keyed.gradable.id)
                await store.close()
                batch.append(SubmissionBatch(latestOf: attempts, quizID: keyed.gradable.id, source: "store"))
            } catch {
                throw CommandFailure.error("cannot read attempts from the progress store: \(error)")
            }
        }

        let report = ClassReport(quiz: keyed.gradable, batch: batch)
        switch format {
        case .table: print(ClassReportText.table(report, terminal: Terminal.standardOutput(plain: plain)))
        case .csv: print(ClassReportText.csv(report), terminator: "")
        case .json: print(try ClassReportText.json(report))
        }
        for problem in report.problems { CommandFailure.warn("\(problem); skipped") }
        if report.results.isEmpty && !report.problems.isEmpty {
            throw CommandFailure.error("no submission could be graded; fix the problems above")
        }
    }
}
