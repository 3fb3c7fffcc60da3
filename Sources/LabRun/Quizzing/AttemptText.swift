import Foundation
import LabKit

/// How attempts read in a terminal: feedback for one question, and the score summary line.
public enum AttemptText {
    /// `2`, `0.5`, `1.25`: points without needless decimals.
    public static func points(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        var text = String(format: "%.2f", rounded)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }

    /// A key's number as written by a person: `0.35`, `12`, `1e-06` (Swift's shortest form, no trailing `.0`).
    public static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
    }

    /// `73%`.
    public static func percent(_ fraction: Double) -> String {
        "\(Int((fraction * 100).rounded()))%"
    }

    /// Feedback for one reviewed question: the verdict, the notes for chosen wrong options, and
    /// the answer with its explanation when revealed, else when it will be.
    public static func feedback(_ item: AttemptReview.Item, terminal: Terminal) -> String {
        let worth = "(\(points(item.points)) of \(points(item.weight)) point\(item.weight == 1 ? "" : "s"))"
        var lines: [String]
        if item.correct {
            lines = [TerminalStyle.green.apply("✔ Correct.", on: terminal) + " " + worth]
        } else if item.points > 0 {
            lines = [TerminalStyle.yellow.apply("◐ Partly right.", on: terminal) + " " + worth]
        } else if item.chosen.isEmpty {
            lines = [TerminalStyle.red.apply("✘ Not answered.", on: terminal) + " " + worth]
        } else {
            lines = [TerminalStyle.red.apply("✘ Not right.", on: terminal) + " " + worth]
        }
        for note in item.feedback {
            lines.append(TextWrap.wrap("\(note.option): \(note.text)", width: terminal.width, indent: "  "))
        }
        if let answer = item.answer {
            let label = answer.count == 1 ? "Answer" : "Answers"
            lines.append(TextWrap.wrap(
                TerminalStyle.bold.apply("\(label): \(answer.joined(separator: ", ")).", on: terminal)
                    + (item.explanation.map { " " + $0 } ?? ""),
                width: terminal.width, indent: "  "))
        } else if let withheld = item.withheld {
            lines.append("  " + TerminalStyle.dim.apply(withheld, on: terminal))
        }
        return lines.joined(separator: "\n")
    }

    /// `Score: 4.5 of 6 points (75%) [███████████████░░░░░] passed (pass mark 70%)`.
    public static func summary(_ score: QuizScore, passThreshold: Double, terminal: Terminal) -> String {
        summary(points: score.points, maximum: score.maximumPoints, passed: score.passed,
                passThreshold: passThreshold, terminal: terminal)
    }

    /// The summary line from its numbers.
    public static func summary(points earned: Double, maximum: Double, passed: Bool, passThreshold: Double,
                               terminal: Terminal) -> String {
        let fraction = maximum > 0 ? earned / maximum : 0
        let verdict = passed
            ? TerminalStyle.green.apply("passed", on: terminal)
            : TerminalStyle.yellow.apply("not passed yet", on: terminal)
        return "Score: \(points(earned)) of \(points(maximum)) points (\(percent(fraction))) "
            + ProgressLine.bar(fraction, cells: 20, style: passed ? .green : .yellow, on: terminal)
            + " \(verdict) (pass mark \(percent(passThreshold)))"
    }
}
