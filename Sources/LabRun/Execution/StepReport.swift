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

    /// The structured result of `--json`.
    public static func json(lab: Lab, outcome: StepOutcome, provenance: Provenance) -> [String: Any] {
        var object: [String: Any] = [
            "lab": lab.id,
            "step": outcome.step,
            "status": outcome.succeeded ? "ok" : "error",
            "seconds": outcome.seconds,
            "replayed_statements": outcome.replayedStatements,
            "blocks": outcome.blocks.map { block -> [String: Any] in
                var entry: [String: Any] = [
                    "file": block.block.file, "line": block.block.firstLine, "origin": "\(block.block.origin)",
                    "output": block.output, "seconds": block.seconds,
                ]
                if let error = block.error { entry["error"] = errorObject(error) }
                switch block.verdict {
                case .matches?: entry["expected"] = ["matches": true]
                case let .differs(line, expected, actual)?:
                    entry["expected"] = ["matches": false, "line": line, "expected": expected, "printed": actual]
                case nil: break
                }
                return entry
            },
            "provenance": [
                "labrun_version": provenance.labrunVersion,
                "seeds": provenance.seeds,
                "models": provenance.models.map { model -> [String: Any] in
                    var entry: [String: Any] = ["id": model.id, "requested": model.requested, "task": model.task,
                                                "precision": model.precision]
                    if let digest = model.weightsSHA256 { entry["weights_sha256"] = digest }
                    if let tokenizer = model.tokenizer { entry["tokenizer"] = tokenizer }
                    return entry
                },
            ],
        ]
        if let error = outcome.replayError { object["replay_error"] = errorObject(error) }
        return object
    }

    static func errorObject(_ error: LabScriptError) -> [String: Any] {
        var object: [String: Any] = ["type": error.kind, "message": error.message, "file": error.file]
        if let range = error.range {
            object["line"] = range.line
            object["column"] = range.column
        }
        if let hint = error.hint { object["hint"] = hint }
        return object
    }
}
