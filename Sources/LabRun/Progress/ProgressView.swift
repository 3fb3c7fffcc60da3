import Foundation
import LabKit
import Progress

/// How progress reads in a terminal: a student's labs with their steps (✓ ✗ ·), a progress bar,
/// quiz scores and time spent; an instructor's students × steps matrix with who is stuck where.
public enum ProgressView {
    /// One student's progress, lab by lab.
    public static func student(_ student: Student, labs: [LabProgress], location: String, terminal: Terminal) -> String {
        let name = student.displayName == student.id ? student.id : "\(student.id) (\(student.displayName))"
        guard !labs.isEmpty else {
            return "No progress recorded yet for \(name).\n"
                + TerminalStyle.dim.apply("store: \(location)", on: terminal) + "\n"
        }
        var lines = [TerminalStyle.bold.apply("Progress of \(name)", on: terminal), ""]
        for lab in labs {
            lines.append(TerminalStyle.bold.apply(lab.lab, on: terminal) + (lab.title.map { "  \($0)" } ?? ""))
            let steps = lab.steps.map { "\($0.step) \(symbol($0.state, terminal))" }.joined(separator: "  ")
            lines.append("  steps  " + (steps.isEmpty ? "none recorded" : steps))
            let barWidth = max(10, min(30, terminal.width - 40))
            lines.append("  " + ProgressLine.bar(lab.fractionDone, cells: barWidth, style: .green, on: terminal)
                         + "  \(lab.stepsDone) of \(lab.steps.count) steps  \(Int((lab.fractionDone * 100).rounded()))%")
            for quiz in lab.quizzes {
                let verdict = quiz.passed ? TerminalStyle.green.apply("passed", on: terminal)
                    : TerminalStyle.yellow.apply("not passed yet", on: terminal)
                lines.append("  quiz \(quiz.quiz): \(score(quiz.score))/\(score(quiz.maximum)) \(verdict)"
                             + " (\(quiz.attempts) attempt\(quiz.attempts == 1 ? "" : "s"))")
            }
            if let stuck = lab.stuckAt {
                lines.append("  " + TerminalStyle.red.apply(
                    "step \(stuck.step) failed on its last run", on: terminal) + "; run `labrun step \(stuck.step)` again")
            }
            var time = "  time spent \(duration(lab.timeSpent))"
            if let last = lab.lastActivity { time += " · last active \(timestamp(last))" }
            lines.append(TerminalStyle.dim.apply(time, on: terminal))
            lines.append("")
        }
        lines.append(TerminalStyle.dim.apply("store: \(location)", on: terminal))
        return lines.joined(separator: "\n") + "\n"
    }

    /// The class matrix: per lab, one row per student with each step's state, the best quiz score
    /// and where the student is stuck.
    public static func classMatrix(_ progress: [LabProgress], students: [Student], labs: [LabVersion],
                                   location: String, terminal: Terminal) -> String {
        guard !progress.isEmpty else {
            return "No progress recorded yet.\n" + TerminalStyle.dim.apply("store: \(location)", on: terminal) + "\n"
        }
        let names = Dictionary(students.map { ($0.id, $0.displayName) }, uniquingKeysWith: { _, new in new })
        let titles = Dictionary(labs.map { ($0.id, $0.title) }, uniquingKeysWith: { _, new in new })
        var lines: [String] = []
        for (lab, rows) in Dictionary(grouping: progress, by: \.lab).sorted(by: { $0.key < $1.key }) {
            let stepCount = rows.map(\.steps.count).max() ?? 0
            let header = "\(lab)" + ((titles[lab] ?? nil).map { "  \($0)" } ?? "")
                + "  (\(rows.count) student\(rows.count == 1 ? "" : "s"))"
            lines.append(TerminalStyle.bold.apply(header, on: terminal))
            let labels = rows.map { row -> String in
                let name = names[row.student] ?? row.student
                return name == row.student ? row.student : "\(row.student) (\(name))"
            }
            let nameWidth = max(7, labels.map(\.count).max() ?? 0)
            let cellWidth = String(max(1, stepCount)).count
            let stepHeader = (stepCount > 0 ? Array(1...stepCount) : []).map { pad(String($0), cellWidth) }
                .joined(separator: " ")
            lines.append(TerminalStyle.dim.apply(
                pad("STUDENT", nameWidth) + "  " + pad(stepHeader, max(5, stepHeader.count)) + "  DONE   QUIZ        STUCK",
                on: terminal))
            for (row, label) in zip(rows, labels) {
                let cells = row.steps.map { pad(symbol($0.state, terminal), cellWidth, visible: 1) }
                let padding = String(repeating: " ", count: max(0, max(5, stepHeader.count) - stepHeader.count))
                let quiz = row.quizzes.isEmpty ? "-"
                    : row.quizzes.map { "\(score($0.score))/\(score($0.maximum))\($0.passed ? " ✓" : "")" }
                        .joined(separator: ", ")
                let stuck = row.stuckAt.map {
                    TerminalStyle.red.apply("step \($0.step) (\($0.failuresInARow) failed run\($0.failuresInARow == 1 ? "" : "s"))",
                                            on: terminal)
                } ?? "-"
                let done = "\(row.stepsDone)/\(row.steps.count)"
                lines.append(pad(label, nameWidth) + "  " + cells.joined(separator: " ") + padding + "  "
                             + pad(done, 5) + "  " + pad(quiz, 10, visible: quiz.count) + "  " + stuck)
            }
            lines.append("")
        }
        lines.append(TerminalStyle.dim.apply("store: \(location)", on: terminal))
        return lines.joined(separator: "\n") + "\n"
    }

    /// `45s`, `3m 12s`, `1h 02m`.
    public static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        if total < 60 { return "\(total)s" }
        if total < 3600 { return "\(total / 60)m \(String(format: "%02d", total % 60))s" }
        return "\(total / 3600)h \(String(format: "%02d", (total % 3600) / 60))m"
    }

    private static func symbol(_ state: LabProgress.StepState, _ terminal: Terminal) -> String {
        switch state {
        case .done: return TerminalStyle.green.apply(state.symbol, on: terminal)
        case .failed: return TerminalStyle.red.apply(state.symbol, on: terminal)
        case .notRun: return TerminalStyle.dim.apply(state.symbol, on: terminal)
        }
    }

    private static func score(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }

    private static func timestamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
        return formatter.string(from: date)
    }

    /// `text` padded with spaces to `width` columns, counting `visible` columns for styled text.
    private static func pad(_ text: String, _ width: Int, visible: Int? = nil) -> String {
        text + String(repeating: " ", count: max(0, width - (visible ?? text.count)))
    }
}
