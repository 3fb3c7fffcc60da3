import ArgumentParser
import Foundation
import LabKit
import LabRun

/// `labrun check [PATH…]`: lints labs, quizzes and answer keys.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check labs, quizzes and answer keys; print file:line:col diagnostics.",
        discussion: """
            With no paths, checks Labs/, Quizzes/ and Solutions/ (those that exist). Files in a \
            Quizzes/ folder are quizzes, in Solutions/ answer keys, anything else labs. Exits 0 only \
            when there are no errors (warnings are allowed). See docs/authoring.md for the rules.

            With --run, every lab is also run step by step on the engine: errors, outputs that             differ from the lab's `output` blocks, and reference solutions that fail their checks are errors.

            Examples:
              labrun check
              labrun check Labs/ml-bias.md --json
              HF_HUB_OFFLINE=1 labrun check --run Labs/
            """
    )

    @Argument(help: "Files or folders to check (default: Labs Quizzes Solutions).")
    var paths: [String] = []

    @Flag(help: "Print the diagnostics as JSON.")
    var json = false

    @Flag(name: .customLong("run"), help: "Also run every step of every lab and compare with its output blocks.")
    var runSteps = false

    func run() throws {
        let directory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        var chosen = paths
        if chosen.isEmpty {
            chosen = LabFileSet.defaultFolders.filter {
                FileManager.default.fileExists(atPath: directory.appendingPathComponent($0).path)
            }
            if chosen.isEmpty {
                throw CommandFailure.exit("nothing to check: no Labs/, Quizzes/ or Solutions/ here; pass files or folders")
            }
        }
        let files = LabFileSet(paths: chosen, relativeTo: directory)
        let verifier = LabVerifier()
        var report = verifier.linter.lint(files)
        if runSteps {
            var ran: [Diagnostic] = []
            for entry in files.labs {
                if !json { FileHandle.standardError.write(Data("running \(entry.content.file)…\n".utf8)) }
                let folder = Exercise.solutionsFolder(besides: entry.url.deletingLastPathComponent())
                ran += verifier.run(entry.content, solutionsFolder: folder)
            }
            report = LintReport(diagnostics: report.diagnostics + ran, filesChecked: report.filesChecked)
        }
        if json {
            print(LabJSON.text([
                "files_checked": report.filesChecked, "errors": report.errorCount, "warnings": report.warningCount,
                "diagnostics": report.diagnostics.map { LabJSON.object($0) },
            ]), terminator: "")
        } else {
            let terminal = Terminal.standardOutput()
            for diagnostic in report.diagnostics {
                let severity = diagnostic.severity == .error
                    ? TerminalStyle.red.apply("error", on: terminal) : TerminalStyle.yellow.apply("warning", on: terminal)
                print("\(diagnostic.file):\(diagnostic.position.line):\(diagnostic.position.column): \(severity): \(diagnostic.message)")
            }
            print(report.summary)
        }
        if report.hasErrors { throw ExitCode(1) }
    }
}
