import Foundation
import LabKit

/// `labrun grade`'s output: a score table and item analysis for people, CSV for spreadsheets,
/// JSON for scripts. For instructors: the item analysis marks the key with `*`.
public enum ClassReportText {
    /// The score table, the item analysis and a legend.
    public static func table(_ report: ClassReport, terminal: Terminal) -> String {
        var out: [String] = []
        let quiz = report.quiz
        let skipped = report.problems.count
        out.append(TerminalStyle.bold.apply(
            "\(quiz.id): \(report.results.count) student\(report.results.count == 1 ? "" : "s") graded"
                + (skipped > 0 ? ", \(skipped) skipped" : ""), on: terminal)
            + " · mean \(AttemptText.percent(report.meanFraction)) · \(report.passedCount) of \(report.results.count) passed"
            + " (pass mark \(AttemptText.percent(quiz.passThreshold)))")
        out.append("")
        let nameWidth = max(7, report.results.map(\.student.count).max() ?? 0)
        let maximum = AttemptText.points(quiz.maximumPoints)
        let points = report.results.map { AttemptText.points($0.score.points) + " / " + maximum }
        let pointsWidth = max(6, points.map(\.count).max() ?? 0)
        out.append(TerminalStyle.bold.apply(pad("STUDENT", nameWidth) + "  " + pad("POINTS", pointsWidth) + "  SCORE  RESULT", on: terminal))
        for (result, points) in zip(report.results, points) {
            out.append(pad(result.student, nameWidth) + "  " + pad(points, pointsWidth) + "  "
                + pad(AttemptText.percent(result.score.fraction), 5) + "  "
                + (result.score.passed ? TerminalStyle.green.apply("pass", on: terminal) : TerminalStyle.yellow.apply("fail", on: terminal)))
        }
        out.append("")
        let size = report.items.first?.groupSize ?? 0
        out.append(TerminalStyle.bold.apply("Item analysis", on: terminal)
            + " (top and bottom groups: \(size) student\(size == 1 ? "" : "s") each; * marks the key)")
        let optionWidth = max(7, report.items.map { optionCell($0).count }.max() ?? 0)
        out.append(TerminalStyle.bold.apply(
            pad("QUESTION", 8) + "  CORRECT  DISCR.  " + pad("CHOSEN", optionWidth) + "  BLANK  FLAGS", on: terminal))
        for item in report.items {
            let discrimination = item.discrimination.map { String(format: "%+.2f", $0) } ?? "—"
            let flags = item.flags.map(\.rawValue).joined(separator: ", ")
            out.append(pad(item.questionID, 8) + "  " + pad(AttemptText.percent(item.shareCorrect), 7) + "  "
                + pad(discrimination, 6) + "  " + pad(optionCell(item), optionWidth) + "  " + pad(String(item.blank), 5)
                + "  " + (flags.isEmpty ? "" : TerminalStyle.yellow.apply(flags, on: terminal)))
        }
        return out.map { $0.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }.joined(separator: "\n")
    }

    /// `student,points,maximum,percent,passed,Q1,…` with each question's points.
    public static func csv(_ report: ClassReport) -> String {
        var lines = [(["student", "points", "maximum", "percent", "passed"] + report.quiz.questions.map(\.id)).joined(separator: ",")]
        for result in report.results {
            let cells = [
                quote(result.student), AttemptText.points(result.score.points), AttemptText.points(result.score.maximumPoints),
                String(Int((result.score.fraction * 100).rounded())), result.score.passed ? "yes" : "no",
            ] + result.score.questions.map { AttemptText.points($0.points) }
            lines.append(cells.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Everything, for JSON: summary, students, items, problems.
    public static func document(_ report: ClassReport) -> some Encodable & Sendable {
        Document(report)
    }

    private struct Document: Encodable, Sendable {
        struct Student: Encodable {
            let student: String
            let source: String
            let points: Double
            let maximumPoints: Double
            let fraction: Double
            let passed: Bool
            let questions: [QuestionScore]
        }
        struct Item: Encodable {
            let question: String
            let students: Int
            let correct: Int
            let shareCorrect: Double
            let meanCredit: Double
            let blank: Int
            let discrimination: Double?
            let groupSize: Int
            let options: [ItemStatistics.OptionCount]
            let flags: [ItemStatistics.Flag]
        }
        let quiz: String
        let passThreshold: Double
        let graded: Int
        let skipped: Int
        let meanFraction: Double
        let passed: Int
        let students: [Student]
        let items: [Item]
        let problems: [SubmissionProblem]

        init(_ report: ClassReport) {
            quiz = report.quiz.id
            passThreshold = report.quiz.passThreshold
            graded = report.results.count
            skipped = report.problems.count
            meanFraction = report.meanFraction
            passed = report.passedCount
            students = report.results.map {
                Student(student: $0.student, source: $0.source.description, points: $0.score.points,
                        maximumPoints: $0.score.maximumPoints, fraction: $0.score.fraction, passed: $0.score.passed,
                        questions: $0.score.questions)
            }
            items = report.items.map {
                Item(question: $0.questionID, students: $0.students, correct: $0.correct, shareCorrect: $0.shareCorrect,
                     meanCredit: $0.meanCredit, blank: $0.blank, discrimination: $0.discrimination,
                     groupSize: $0.groupSize, options: $0.options, flags: $0.flags)
            }
            problems = report.problems
        }
    }

    private static func optionCell(_ item: ItemStatistics) -> String {
        item.options.map { "\($0.letter)\($0.isKey ? "*" : ":")\($0.chosen)" }.joined(separator: " ")
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    private static func quote(_ cell: String) -> String {
        cell.contains(",") || cell.contains("\"") || cell.contains("\n")
            ? "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : cell
    }
}
