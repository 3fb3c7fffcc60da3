import Foundation
import LabKit
import LabScript

/// How a step run is shown: the lines printed around the code's own output, and the JSON of
/// `--json`. The code's output itself streams to standard output as it is printed.
public struct StepReport: Sendable {
    /// Where colours may be used.
    public let terminal: Terminal

    /// A report for `terminal`.
    public init(terminal: Terminal) {
        self.terminal = terminal
    }

    /// The header printed before a block runs: `▶ Labs/ml-bias.md:31`.
    public func header(for block: RunnableBlock) -> String {
        let origin: String
        switch block.origin {
        case .lab: origin = ""
        case .starter: origin = " (the starter code: `labrun edit \(block.step)` to write your own)"
        case .student: origin = " (your code)"
        }
        return TerminalStyle.cyan.apply("▶ \(block.file):\(block.firstLine)\(origin)", on: terminal)
    }

    /// What follows a block's output: its error, or how the output compared with the lab's.
    public func footer(for outcome: BlockOutcome) -> String {
        var lines: [String] = []
        if !outcome.output.isEmpty, !outcome.output.hasSuffix("\n") { lines.append("") }
        if let error = outcome.error {
            lines.append(TerminalStyle.red.apply(error.description, on: terminal))
        } else if let verdict = outcome.verdict {
            switch verdict {
            case .matches:
                lines.append(TerminalStyle.green.apply("✓ matches the expected output", on: terminal))
            case let .differs(line, expected, actual):
                lines.append(TerminalStyle.yellow.apply("✗ differs from the expected output at its line \(line):", on: terminal))
                lines.append("    expected: \(expected)")
                lines.append("    printed:  \(actual)")
            }
        }
        return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
    }

    /// The closing lines: time, replay, provenance.
    public func summary(of outcome: StepOutcome, provenance: Provenance) -> String {
        var lines: [String] = []
        if let error = outcome.replayError {
            lines.append(TerminalStyle.red.apply("Step \(outcome.step) did not run: an earlier step failed while it was replayed.", on: terminal))
            lines.append(TerminalStyle.red.apply(error.description, on: terminal))
            lines.append("Run that step on its own to see its error, fix it, then run step \(outcome.step) again.")
        }
        let status = outcome.succeeded ? (outcome.hasMismatch ? "ran, with output that differs from the lab's" : "ran") : "stopped with an error"
        var first = "Step \(outcome.step) \(status) in \(Self.seconds(outcome.seconds))"
        if outcome.replayedStatements > 0 {
            first += " · replayed \(outcome.replayedStatements) statement\(outcome.replayedStatements == 1 ? "" : "s") of earlier steps"
        }
        lines.append(TerminalStyle.bold.apply(first, on: terminal))
        lines += provenance.summaryLines.map { TerminalStyle.dim.apply($0, on: terminal) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `0.42 s`, `12.3 s`, `2 min 5 s`.
    static func seconds(_ value: Double) -> String {
        if value < 10 { return String(format: "%.2f s", value) }
        if value < 60 { return String(format: "%.1f s", value) }
        return "\(Int(value) / 60) min \(Int(value) % 60) s"
    }
}

/// A LabScript error as every `--json` output shows it (`labrun exec`, `labrun step`, `labrun submit`).
public struct ScriptErrorReport: Encodable, Sendable, Equatable {
    /// The exception type: `NameError`, `SyntaxError`, `LimitExceeded`…
    public let type: String
    /// Its message.
    public let message: String
    /// `type: message`, as the last line of a traceback.
    public let summary: String
    /// The file the error is in (a lab file, a student's file or a script).
    public let file: String
    /// Its 1-based line and column, when known.
    public let line: Int?
    public let column: Int?
    /// What to try, when labrun knows.
    public let hint: String?

    /// The report of `error`.
    public init(_ error: LabScriptError) {
        type = error.kind
        message = error.message
        summary = error.summary
        file = error.file
        line = error.range?.line
        column = error.range?.column
        hint = error.hint
    }
}

/// `labrun step N --json`: what ran, what it printed, how it compared with the lab, and provenance.
public struct StepResult: Encodable, Sendable {
    /// One block that ran.
    public struct BlockResult: Encodable, Sendable {
        public let file: String
        public let line: Int
        /// `lab`, `starter` or `student`.
        public let origin: String
        public let output: String
        public let seconds: Double
        public let error: ScriptErrorReport?
        /// How the output compared with the lab's `output` block, when it has one.
        public let expected: ExpectedResult?
    }

    /// An output comparison: it matches, or the first line that differs.
    public struct ExpectedResult: Encodable, Sendable {
        public let matches: Bool
        public let line: Int?
        public let expected: String?
        public let printed: String?
    }

    public let lab: String
    public let step: Int
    /// `ok` or `error`.
    public let status: String
    public let seconds: Double
    public let replayedStatements: Int
    public let blocks: [BlockResult]
    public let provenance: Provenance
    /// Why an earlier step failed while it was replayed.
    public let replayError: ScriptErrorReport?

    /// The result of `outcome`, a run of a step of `lab`.
    public init(lab: Lab, outcome: StepOutcome, provenance: Provenance) {
        self.lab = lab.id
        step = outcome.step
        status = outcome.succeeded ? "ok" : "error"
        seconds = outcome.seconds
        replayedStatements = outcome.replayedStatements
        blocks = outcome.blocks.map { block in
            let expected: ExpectedResult?
            switch block.verdict {
            case .matches?: expected = ExpectedResult(matches: true, line: nil, expected: nil, printed: nil)
            case let .differs(line, wanted, printed)?:
                expected = ExpectedResult(matches: false, line: line, expected: wanted, printed: printed)
            case nil: expected = nil
            }
            return BlockResult(file: block.block.file, line: block.block.firstLine, origin: "\(block.block.origin)",
                               output: block.output, seconds: block.seconds, error: block.error.map(ScriptErrorReport.init),
                               expected: expected)
        }
        self.provenance = provenance
        replayError = outcome.replayError.map(ScriptErrorReport.init)
    }
}

/// `labrun step N --model A --model B --json`: the step's result on each model.
public struct StepComparison: Encodable, Sendable {
    public let lab: String
    public let step: Int
    public let models: [StepResult]
}
