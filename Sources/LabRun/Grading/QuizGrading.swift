import Foundation
import LabKit

/// `labrun grade ID SUBMISSIONS…`: grades a class's answers (CSV files, JSON files or folders, and
/// optionally the progress store's latest attempts) with item analysis.
public struct QuizGrading: Sendable {
    /// The output formats.
    public enum Format: String, Sendable, CaseIterable {
        case table, csv, json
        /// Every test, item and option statistic, one `scope,question,option,statistic,value` row each.
        case statsCSV = "stats-csv"
    }

    /// The class report.
    public let report: ClassReport

    /// Grades `submissions` (and, with `fromStore`, the store's latest attempts) against quiz `quiz`.
    /// Unreadable rows and files become the report's problems, not errors.
    /// - Throws: `CommandFailure` for an unknown or invalid quiz, or a store that cannot be read.
    /// Correlations and reliability need `minimumResponses` students; below that they read "too few answers".
    public init(session quiz: QuizSession, submissions: [String], fromStore: Bool, asShown: Bool, database: String?,
                minimumResponses: Int = TestStatistics.defaultMinimumResponses,
                state: LabRunState = LabRunState()) async throws {
        let keyed = quiz.keyed
        var batch = SubmissionBatch()
        var firstAttempts: SubmissionBatch?
        var scoreChanges: [ScoreChange]?
        let letters: Submission.Letters = asShown ? .shown : .canonical
        for path in submissions {
            let url = URL(fileURLWithPath: path)
            var isFolder: ObjCBool = false
            if !FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) {
                batch.problems.append(SubmissionProblem(source: SubmissionSource(file: path), message: "no such file or folder; check the path"))
            } else if isFolder.boolValue {
                batch.append(JSONSubmissionReader.read(folder: url, label: path, typed: keyed.typedQuestionIDs))
            } else if url.pathExtension.lowercased() == "json" {
                batch.append(JSONSubmissionReader.read(file: url, label: path, typed: keyed.typedQuestionIDs))
            } else {
                batch.append(CSVSubmissionReader.read(file: url, label: path, letters: letters, typed: keyed.typedQuestionIDs))
            }
        }
        if fromStore {
            do {
                let store = try await ProgressQuizAttempts.open(ProgressSession(databaseOverride: database, state: state))
                let attempts = try await store.attempts(quizID: keyed.gradable.id)
                await store.close()
                batch.append(SubmissionBatch(latestOf: attempts, quizID: keyed.gradable.id, source: "store"))
                scoreChanges = ScoreChange.changes(quiz: keyed.gradable, attempts: attempts)
                // Only the store knows attempt history; first attempts are compared when some student retook the quiz.
                if Set(attempts.map(\.student)).count < attempts.count {
                    firstAttempts = SubmissionBatch(firstOf: attempts, quizID: keyed.gradable.id, source: "store")
                }
            } catch {
                throw CommandFailure("cannot read attempts from the progress store: \(error)")
            }
        }
        report = ClassReport(quiz: keyed.gradable, batch: batch, firstAttempts: firstAttempts,
                             minimumResponses: minimumResponses, scoreChanges: scoreChanges)
    }

    /// The report in `format`, for standard output.
    public func text(_ format: Format, plain: Bool) throws -> String {
        switch format {
        case .table: return ClassReportText.table(report, terminal: .standardOutput(plain: plain)) + "\n"
        case .csv: return ClassReportText.csv(report)
        case .json: return try CommandOutput.json(ClassReportText.document(report))
        case .statsCSV: return ClassReportText.statisticsCSV(report)
        }
    }

    /// The problems, each a warning for standard error.
    public var warnings: [String] { report.problems.map { "\($0); skipped" } }

    /// Set when nothing could be graded: every submission had a problem.
    public var failure: CommandFailure? {
        report.results.isEmpty && !report.problems.isEmpty ? CommandFailure("no submission could be graded; fix the problems above") : nil
    }
}
