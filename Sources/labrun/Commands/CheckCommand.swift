import ArgumentParser
import LabRun

/// `labrun check [PATH…]`: lints labs, quizzes and answer keys.
struct CheckCommand: AsyncParsableCommand {
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

    func run() async throws {
        try await execute {
            let check = try LabCheck(paths: paths, runSteps: runSteps, progress: { file in
                if !json { ConsoleStream.standardError.write("running \(file)…\n") }
            })
            return try CommandOutput.print(check, json: json)
        }
    }
}
