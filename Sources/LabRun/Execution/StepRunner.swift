import Foundation
import Inference
import LabKit
import LabScript
import Progress

/// What `labrun step`, `labrun next` and `labrun run --all` do: show a step, run its code with the
/// output streaming to the terminal, compare it with the lab's expected output, show where the
/// result came from, and record the run in the progress store.
public struct StepRunner {
    /// How the run is shown and recorded.
    public struct Options: Sendable {
        /// Models to run instead of the ones the code names: one substitutes, several compare side by side.
        public var models: [String] = []
        /// Print a JSON result instead of the rendered step and output.
        public var json = false
        /// No colours, even on a terminal.
        public var plain = false
        /// Show the step's text before running it.
        public var render = true
        /// Replay what earlier steps defined (off only for tests of the replay itself).
        public var replay = true
        /// How much recording matters (nil: do not record).
        public var recording: ProgressRecorder.Requirement? = .bestEffort
        /// The student the run is recorded for (nil: the logged-in one).
        public var student: String?
        /// The progress database (nil: the configured one).
        public var database: String?

        /// Defaults: render, stream, record best-effort.
        public init() {}
    }

    /// The lab.
    public let lab: Lab
    /// How to run.
    public let options: Options
    /// Where the student's exercise files are.
    public let workspace: ExerciseWorkspace
    /// Where the learner's files are (models, last step).
    public let state: LabRunState

    /// A runner for `lab`.
    public init(lab: Lab, options: Options, workspace: ExerciseWorkspace = ExerciseWorkspace(), state: LabRunState = LabRunState()) {
        self.lab = lab
        self.options = options
        self.workspace = workspace
        self.state = state
    }

    /// Runs step `number` and returns the exit status: 0 when it ran (even with an output
    /// mismatch), 1 when its code failed or required recording failed, 130 when Ctrl-C stopped
    /// its training (after saving a checkpoint).
    public func run(step number: Int) async throws -> Int32 {
        let step = try LabCatalog.step(number, of: lab)
        let terminal = Terminal.standardOutput(plain: options.plain)
        if options.models.count > 1 {
            return try await compare(step: step, terminal: terminal)
        }
        let standardOutput = ConsoleStream.standardOutput
        if !options.json {
            if let warning = lab.frontMatter.contentWarning {
                standardOutput.write(TerminalStyle.yellow.apply("Content warning: \(warning)", on: terminal) + "\n\n")
            }
            if options.render {
                standardOutput.write(TerminalRenderer(terminal: terminal).render(step: step, of: lab) + "\n")
            }
        }
        let provider = ModelProvider(state: state, substitute: options.models.first)
        let session = StepSession(lab: lab, models: provider, workspace: workspace)
        let report = StepReport(terminal: terminal)
        let spinner = Spinner(terminal: Terminal.standardError())
        let startedAt = Date()
        // Training runs from here on are this step's (earlier ones were the replay's).
        var firstTraining: Int?
        let outcome = try session.run(step: number, replay: options.replay, started: { block in
            if firstTraining == nil { firstTraining = provider.training.runs.count }
            if !options.json {
                standardOutput.write(report.header(for: block) + "\n")
                spinner.start("running \(block.file):\(block.firstLine)")
            }
        }, output: { text in
            spinner.stop()
            if !options.json { standardOutput.write(text) }
        })
        spinner.stop()
        let provenance = Provenance.of(provider)
        if options.json {
            standardOutput.write(try CommandOutput.json(StepResult(lab: lab, outcome: outcome, provenance: provenance)))
        } else if outcome.blocks.isEmpty && outcome.replayError == nil {
            standardOutput.write(TerminalStyle.dim.apply("Step \(number) has no code to run.", on: terminal) + "\n")
        } else {
            for block in outcome.blocks { standardOutput.write(report.footer(for: block)) }
            standardOutput.write(report.summary(of: outcome, provenance: provenance))
        }
        state.setLastStep(lab: lab.id, step: number)
        let trainingRuns = Array(provider.training.runs.dropFirst(firstTraining ?? provider.training.runs.count))
        var status: Int32 = outcome.succeeded ? 0 : 1
        if let requirement = options.recording {
            let recorded = await record(outcome, provenance: provenance, startedAt: startedAt, requirement: requirement)
            status = max(status, recorded)
            for run in trainingRuns {
                status = max(status, await record(run, step: outcome.step, requirement: requirement))
            }
        }
        // Ctrl-C during training ends the run as Ctrl-C ends any command.
        return trainingRuns.contains { $0.outcome == .interrupted } ? 130 : status
    }

    /// Runs the step once per model, capturing the output, and prints the outputs side by side.
    private func compare(step: Step, terminal: Terminal) async throws -> Int32 {
        var columns: [(title: String, text: String)] = []
        var results: [StepResult] = []
        var status: Int32 = 0
        if !options.json, options.render {
            ConsoleStream.standardOutput.write(TerminalRenderer(terminal: terminal).render(step: step, of: lab) + "\n")
        }
        for model in options.models {
            let provider = ModelProvider(state: state, substitute: model)
            let session = StepSession(lab: lab, models: provider, workspace: workspace)
            let outcome = try session.run(step: step.number, replay: options.replay)
            var text = outcome.output
            if let error = outcome.replayError ?? outcome.blocks.compactMap(\.error).first {
                text += (text.isEmpty || text.hasSuffix("\n") ? "" : "\n") + error.summary
                status = 1
            }
            columns.append((model, text))
            results.append(StepResult(lab: lab, outcome: outcome, provenance: Provenance.of(provider)))
        }
        if options.json {
            ConsoleStream.standardOutput.write(try CommandOutput.json(StepComparison(lab: lab.id, step: step.number, models: results)))
        } else {
            ConsoleStream.standardOutput.write(SideBySide(terminal: terminal).render(columns))
        }
        return status
    }

    /// Records the run; returns the exit status recording asks for (0, or 1 when it was required and failed).
    private func record(_ outcome: StepOutcome, provenance: Provenance, startedAt: Date,
                        requirement: ProgressRecorder.Requirement) async -> Int32 {
        var output = outcome.output
        if let error = outcome.replayError ?? outcome.blocks.compactMap(\.error).first {
            output += (output.isEmpty || output.hasSuffix("\n") ? "" : "\n") + error.description + "\n"
        }
        let recorder = BestEffortRecorder(student: options.student, database: options.database, state: state)
        return await recorder.record(requirement: requirement) { student in
            StepRun(student: student, lab: lab.id, step: outcome.step, startedAt: startedAt, duration: outcome.seconds,
                    status: outcome.succeeded ? .ok : .error, code: outcome.code, output: output,
                    provenance: provenance.record)
        }
    }
}

extension StepRunner {
    /// Records one training run of step `step`; returns the exit status recording asks for.
    private func record(_ run: TrainingRunRecord, step: Int, requirement: ProgressRecorder.Requirement) async -> Int32 {
        let recorder = BestEffortRecorder(student: options.student, database: options.database, state: state)
        return await recorder.record(requirement: requirement) { student in
            var record = run
            (record.student, record.lab, record.step) = (student, lab.id, step)
            return record
        }
    }

    /// `labrun step N`: runs step `number` of the chosen lab; returns the exit status.
    /// - Throws: `UsageError` for an unknown lab or step.
    public static func step(_ number: Int, of choice: LabChoice, options: Options) async throws -> Int32 {
        try await StepRunner(lab: choice.resolve(), options: options, state: choice.state).run(step: number)
    }

    /// `labrun next`: runs the step after the last one run in the chosen lab (step 1 to begin).
    /// At the end of the lab it says so on standard error and runs nothing.
    public static func next(of choice: LabChoice, options: Options) async throws -> Int32 {
        let lab = try choice.resolve()
        let next = choice.state.lastStep().map { $0.lab == lab.id ? $0.step + 1 : 1 } ?? 1
        guard lab.step(next) != nil else {
            ConsoleStream.standardError.write("labrun: you have reached the end of \(lab.id) (step \(next - 1) was its last). Try `labrun quiz \(lab.frontMatter.quiz ?? lab.id)` or `labrun progress`.\n")
            return 0
        }
        return try await StepRunner(lab: lab, options: options, state: choice.state).run(step: next)
    }

    /// `labrun run --all`: runs every step of the chosen lab in order, stopping at the first that fails.
    public static func all(of choice: LabChoice, options: Options) async throws -> Int32 {
        let runner = StepRunner(lab: try choice.resolve(), options: options, state: choice.state)
        for step in runner.lab.steps {
            let status = try await runner.run(step: step.number)
            if status != 0 { return status }
        }
        return 0
    }
}
