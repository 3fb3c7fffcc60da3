import Foundation
import LabKit

/// `labrun check [PATHS] [--run]`: lint labs, quizzes and answer keys, and optionally run every
/// step of every lab; exit status 1 when there is an error.
public struct LabCheck: CommandResult {
    /// What was found.
    public let report: LintReport

    /// Checks `paths` (default: the Labs, Quizzes and Solutions folders of the current folder).
    /// With `runSteps`, every lab is also run; `progress` hears the name of each lab as it starts.
    /// - Throws: `UsageError` when there is nothing to check.
    public init(paths: [String], runSteps: Bool, verifier: LabVerifier = LabVerifier(), progress: (String) -> Void = { _ in }) throws {
        let directory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        var chosen = paths
        if chosen.isEmpty {
            chosen = LabFileSet.defaultFolders.filter {
                FileManager.default.fileExists(atPath: directory.appendingPathComponent($0).path)
            }
            if chosen.isEmpty {
                throw UsageError("nothing to check: no Labs/, Quizzes/ or Solutions/ here; pass files or folders")
            }
        }
        let files = LabFileSet(paths: chosen, relativeTo: directory)
        var report = verifier.linter.lint(files)
        let measurementWarnings = files.labs.flatMap { verifier.measurementModelWarnings($0.content) }
        report = LintReport(diagnostics: report.diagnostics + measurementWarnings, filesChecked: report.filesChecked)
        if runSteps {
            var ran: [Diagnostic] = []
            for entry in files.labs {
                progress(entry.content.file)
                let folder = Exercise.solutionsFolder(besides: entry.url.deletingLastPathComponent())
                ran += verifier.run(entry.content, solutionsFolder: folder)
            }
            report = LintReport(diagnostics: report.diagnostics + ran, filesChecked: report.filesChecked)
        }
        self.report = report
    }

    public var exitStatus: Int32 { report.hasErrors ? 1 : 0 }

    public func encode(to encoder: any Encoder) throws {
        let object: JSONValue = [
            "files_checked": report.filesChecked.json, "errors": report.errorCount.json, "warnings": report.warningCount.json,
            "diagnostics": .array(report.diagnostics.map { LabJSON.object($0) }),
        ]
        try object.encode(to: encoder)
    }

    public func text(on terminal: Terminal) -> String {
        var lines = report.diagnostics.map { diagnostic -> String in
            let severity = diagnostic.severity == .error
                ? TerminalStyle.red.apply("error", on: terminal) : TerminalStyle.yellow.apply("warning", on: terminal)
            return "\(diagnostic.file):\(diagnostic.position.line):\(diagnostic.position.column): \(severity): \(diagnostic.message)"
        }
        lines.append(report.summary)
        return lines.joined(separator: "\n") + "\n"
    }
}

/// `labrun explain N`: what each line of a step's code maps to, without running it.
public struct StepExplanation: CommandResult {
    /// One line that calls an action.
    public struct Line: Encodable, Sendable {
        public let file: String
        public let line: Int
        public let source: String
        /// What it maps to, one sentence each.
        public let actions: [String]
    }

    public let lab: String
    public let step: Int
    public let lines: [Line]

    /// Explains step `number` of the chosen lab, as if every pipeline used `model` when given.
    public init(step number: Int, of choice: LabChoice, model: String?) throws {
        let lab = try choice.resolve()
        self.lab = lab.id
        step = number
        lines = try StepExplainer(lab: lab, substitute: model, hub: choice.state.hub()).explain(step: number).map {
            Line(file: $0.file, line: $0.line, source: $0.source, actions: $0.actions)
        }
    }

    /// As JSON: the array of lines.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(lines)
    }

    public func text(on terminal: Terminal) -> String {
        guard !lines.isEmpty else {
            return "Step \(step) of \(lab) calls no model or labrun action: its code runs in the interpreter alone.\n"
        }
        var text = ""
        for line in lines {
            text += TerminalStyle.cyan.apply("\(line.file):\(line.line)", on: terminal) + "  " + line.source + "\n"
            for action in line.actions { text += "    → " + action + "\n" }
        }
        return text
    }
}
