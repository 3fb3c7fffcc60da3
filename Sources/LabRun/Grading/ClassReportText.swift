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
        out += testLines(report.statistics.test, title: "Test statistics", terminal: terminal)
        out.append("")
        let size = report.items.first?.groupSize ?? 0
        out.append(TerminalStyle.bold.apply("Item analysis", on: terminal)
            + " (top and bottom groups: \(size) student\(size == 1 ? "" : "s") each; * marks the key)")
        let optionWidth = max(7, report.items.map { optionCell($0).count }.max() ?? 0)
        out.append(TerminalStyle.bold.apply(
            pad("QUESTION", 8) + "  CORRECT  FACILITY  DISCR.  ITEM-REST  EFFIC.  " + pad("CHOSEN", optionWidth)
                + "  BLANK  FLAGS", on: terminal))
        for item in report.items {
            let flags = item.flags.map(\.rawValue).joined(separator: ", ")
            out.append(pad(item.questionID, 8) + "  " + pad(AttemptText.percent(item.shareCorrect), 7) + "  "
                + pad(AttemptText.percent(item.facility), 8) + "  "
                + pad(signed(item.discrimination), 6) + "  " + pad(signed(item.itemRestCorrelation), 9) + "  "
                + pad(signed(item.discriminativeEfficiency), 6) + "  "
                + pad(optionCell(item), optionWidth) + "  " + pad(String(item.blank), 5)
                + "  " + (flags.isEmpty ? "" : TerminalStyle.yellow.apply(flags, on: terminal)))
        }
        let test = report.statistics.test
        if test.tooFewAnswers {
            out.append("ITEM-REST, EFFIC. and option correlations: too few answers (\(test.students) of the "
                + "\(test.minimumResponses) needed; --min-responses changes the gate)")
        } else {
            out.append("")
            out.append(TerminalStyle.bold.apply("Option correlations", on: terminal)
                + " (point-biserial with the rest score; * marks the key, ! a distractor that correlates positively)")
            for item in report.items {
                let cells = item.options.map { option in
                    let positive = !option.isKey && (option.pointBiserial ?? 0) > 0
                    return option.letter + (option.isKey ? "*" : ":") + signed(option.pointBiserial) + (positive ? "!" : "")
                }
                out.append(pad(item.questionID, 8) + "  " + cells.map { pad($0, 8) }.joined(separator: " "))
            }
        }
        if let changes = report.scoreChanges {
            out.append("")
            out += scoreChangeLines(changes, terminal: terminal)
        }
        if let first = report.firstAttempts {
            out.append("")
            out += testLines(first.test, title: "First attempts", terminal: terminal)
            out.append(TerminalStyle.bold.apply(pad("QUESTION", 8) + "  FACILITY FIRST → LATEST  ITEM-REST FIRST → LATEST", on: terminal))
            for (firstItem, latest) in zip(first.items, report.items) {
                out.append(pad(latest.questionID, 8) + "  "
                    + pad(AttemptText.percent(firstItem.facility) + " → " + AttemptText.percent(latest.facility), 23) + "  "
                    + signed(firstItem.itemRestCorrelation) + " → " + signed(latest.itemRestCorrelation))
            }
        }
        return out.map { $0.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }.joined(separator: "\n")
    }

    /// What re-grading the recorded attempts with today's key changed, one line an attempt.
    static func scoreChangeLines(_ changes: [ScoreChange], terminal: Terminal) -> [String] {
        guard !changes.isEmpty else { return ["Re-graded with today's key: no recorded attempt changes score."] }
        var lines = [TerminalStyle.bold.apply("Re-graded with today's key", on: terminal)
            + ": \(changes.count) recorded attempt\(changes.count == 1 ? "" : "s") change\(changes.count == 1 ? "s" : "") score"]
        for change in changes {
            lines.append("  \(change.student), attempt \(change.attempt): \(AttemptText.points(change.recordedPoints)) → "
                + "\(AttemptText.points(change.regradedPoints)) of \(AttemptText.points(change.maximumPoints))")
        }
        return lines
    }

    /// The summary lines of one set of test statistics, with a histogram of totals.
    static func testLines(_ test: TestStatistics, title: String, terminal: Terminal) -> [String] {
        let maximum = AttemptText.points(test.maximumPoints)
        let gated = "too few answers (\(test.students) of the \(test.minimumResponses) needed)"
        var summary = "\(test.students) student\(test.students == 1 ? "" : "s") · mean \(AttemptText.points(test.mean)) / \(maximum)"
            + " · SD " + (test.standardDeviation.map(AttemptText.points) ?? "—")
            + " · median " + (test.median.map(AttemptText.points) ?? "—")
        summary += " · \(test.reliabilityMethod.displayName) " + (test.tooFewAnswers ? gated : fixed(test.reliability))
        if !test.tooFewAnswers { summary += " · SEM " + (test.standardErrorOfMeasurement.map(AttemptText.points) ?? "—") }
        var lines = [TerminalStyle.bold.apply(title, on: terminal) + ": " + summary]
        let widest = max(1, test.histogram.map(\.students).max() ?? 1)
        for bin in test.histogram {
            let label = "\(Int((bin.from * 100).rounded()))–\(Int((bin.to * 100).rounded()))%"
            // Bars scale to 30 characters at most, and a non-empty bar is never drawn empty.
            let length = bin.students == 0 ? 0 : max(1, bin.students * 30 / widest)
            lines.append("  " + pad(label, 8) + " " + pad(String(bin.students), 4) + " " + String(repeating: "#", count: length))
        }
        return lines
    }

    /// Every statistic as `scope,question,option,statistic,value` rows, a shape any spreadsheet can
    /// pivot. Values are full precision; an undefined figure is empty, a gated one `too few answers`.
    public static func statisticsCSV(_ report: ClassReport) -> String {
        var lines = ["scope,question,option,statistic,value"]
        func rows(_ statistics: ClassStatistics, prefix: String) {
            let test = statistics.test
            let gated = "too few answers"
            func add(_ scope: String, _ question: String, _ option: String, _ name: String, _ value: String) {
                lines.append([prefix + scope, question, option, name, quote(value)].joined(separator: ","))
            }
            func figure(_ value: Double?) -> String { test.tooFewAnswers ? gated : value.map { "\($0)" } ?? "" }
            add("test", "", "", "students", "\(test.students)")
            add("test", "", "", "maximum_points", "\(test.maximumPoints)")
            add("test", "", "", "mean", "\(test.mean)")
            add("test", "", "", "standard_deviation", test.standardDeviation.map { "\($0)" } ?? "")
            add("test", "", "", "median", test.median.map { "\($0)" } ?? "")
            add("test", "", "", "reliability_method", test.reliabilityMethod.rawValue)
            add("test", "", "", "reliability", figure(test.reliability))
            add("test", "", "", "standard_error_of_measurement", figure(test.standardErrorOfMeasurement))
            add("test", "", "", "minimum_responses", "\(test.minimumResponses)")
            for bin in test.histogram {
                add("test", "", "", "histogram_\(Int((bin.from * 100).rounded()))_\(Int((bin.to * 100).rounded()))", "\(bin.students)")
            }
            for item in statistics.items {
                add("item", item.questionID, "", "students", "\(item.students)")
                add("item", item.questionID, "", "facility", "\(item.facility)")
                add("item", item.questionID, "", "share_correct", "\(item.shareCorrect)")
                add("item", item.questionID, "", "blank", "\(item.blank)")
                add("item", item.questionID, "", "discrimination_27", item.discrimination.map { "\($0)" } ?? "")
                add("item", item.questionID, "", "item_rest_correlation", figure(item.itemRestCorrelation))
                add("item", item.questionID, "", "discriminative_efficiency", figure(item.discriminativeEfficiency))
                add("item", item.questionID, "", "flags", item.flags.map(\.rawValue).joined(separator: " "))
                for option in item.options {
                    add("option", item.questionID, option.letter, "key", option.isKey ? "yes" : "no")
                    add("option", item.questionID, option.letter, "chosen", "\(option.chosen)")
                    add("option", item.questionID, option.letter, "point_biserial", figure(option.pointBiserial))
                }
            }
        }
        rows(report.statistics, prefix: "")
        if let first = report.firstAttempts { rows(first, prefix: "first-attempt-") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `+0.42`, or `—` for a figure that is undefined or gated.
    private static func signed(_ value: Double?) -> String {
        value.map { String(format: "%+.2f", $0) } ?? "—"
    }

    /// `0.81`, or `—`.
    private static func fixed(_ value: Double?) -> String {
        value.map { String(format: "%.2f", $0) } ?? "—"
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
            let facility: Double
            let itemRestCorrelation: Double?
            let discriminativeEfficiency: Double?
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
        let statistics: TestStatistics
        let firstAttempts: ClassStatistics?
        let scoreChanges: [ScoreChange]?
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
                     facility: $0.facility, itemRestCorrelation: $0.itemRestCorrelation,
                     discriminativeEfficiency: $0.discriminativeEfficiency, groupSize: $0.groupSize, options: $0.options, flags: $0.flags)
            }
            statistics = report.statistics.test
            firstAttempts = report.firstAttempts
            scoreChanges = report.scoreChanges
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
