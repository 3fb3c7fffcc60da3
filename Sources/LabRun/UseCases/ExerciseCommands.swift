import Foundation
import LabKit

/// The exercise commands (`labrun edit`, `submit`, `hint`, `solution`) on one step of the chosen
/// lab, for one student.
public struct ExerciseDesk: Sendable {
    /// The lab and its folders.
    public let choice: LabChoice
    /// The student recorded (nil: the logged-in one).
    public let student: String?

    /// A desk for `student` (nil: the logged-in one) on `choice`'s lab.
    public init(_ choice: LabChoice, student: String? = nil) {
        self.choice = choice
        self.student = student
    }

    /// Exercise step `number` of the lab, with its actions.
    /// - Throws: `UsageError` when the step is not an exercise or has no key, or for an unknown lab or step.
    func actions(step number: Int, lab: Lab) throws -> ExerciseActions {
        do {
            let exercise = try Exercise(lab: lab, step: number, solutionsFolder: choice.solutionsFolder)
            return ExerciseActions(exercise: exercise, state: choice.state, student: student)
        } catch let error as SubmissionError {
            throw UsageError(error.description)
        }
    }

    // MARK: - edit

    /// `labrun edit N`: creates the student's file for exercise step `number` from its starter code
    /// (never overwriting it) and returns where it is.
    /// - Throws: `UsageError` when the step has no starter code; `CommandFailure` when the file cannot be written.
    public func prepareFile(step number: Int) throws -> ExerciseFile {
        let lab = try choice.resolve()
        let exercise = try Exercise(lab: lab, step: number, solutionsFolder: choice.solutionsFolder)
        guard !exercise.step.starterCode.isEmpty else {
            let numbers = lab.steps.filter { !$0.starterCode.isEmpty }.map { String($0.number) }
            throw UsageError("step \(number) of \(lab.id) is not an exercise (it has no ```python starter block); exercises: \(numbers.isEmpty ? "none" : numbers.joined(separator: ", "))")
        }
        let workspace = ExerciseWorkspace()
        do {
            let prepared = try workspace.prepare(lab: lab.id, step: number, starter: exercise.starter)
            return ExerciseFile(step: number, path: workspace.displayPath(lab: lab.id, step: number), url: prepared.url,
                                created: prepared.created)
        } catch {
            throw CommandFailure("\(error)")
        }
    }

    // MARK: - submit

    /// `labrun submit N`: runs the student's code for step `number` and the key's checks; records it.
    /// The code's output streams to `output` as it is printed.
    public func submit(step number: Int, output: @escaping (String) -> Void) async throws -> SubmissionReport {
        let lab = try choice.resolve()
        let submission = try await actions(step: number, lab: lab).submit(output: output)
        return SubmissionReport(step: number, submission: submission)
    }

    // MARK: - hint

    /// `labrun hint [N]`: reveals the next hint of step `number` (default: the last step run in the
    /// lab), or all of them once every hint has been seen; records the reveal.
    public func nextHint(step number: Int?) async throws -> HintReport {
        let lab = try choice.resolve()
        let last = choice.state.lastStep()
        guard let step = number ?? (last?.lab == lab.id ? last?.step : nil) else {
            throw UsageError("which step? run `labrun hint N` (you have not run a step of \(lab.id) yet)")
        }
        let actions = try actions(step: step, lab: lab)
        let exercise = actions.exercise
        guard !exercise.hints.isEmpty else {
            return HintReport(lab: lab.id, step: step, hints: [], number: nil, total: 0, hasSolution: false)
        }
        let hasSolution = exercise.key?.referenceCode.isEmpty == false
        if let (hint, index, total) = await actions.nextHint() {
            return HintReport(lab: lab.id, step: step, hints: [hint], number: index, total: total, hasSolution: hasSolution)
        }
        return HintReport(lab: lab.id, step: step, hints: await actions.revealedHints(), number: nil,
                          total: exercise.hints.count, hasSolution: hasSolution)
    }

    // MARK: - solution

    /// `labrun solution N`: the reference solution of step `number`; records that it was revealed.
    public func revealSolution(step number: Int) async throws -> SolutionReport {
        let lab = try choice.resolve()
        let blocks = try await actions(step: number, lab: lab).revealSolution()
        return SolutionReport(lab: lab.id, step: number, blocks: blocks)
    }
}

/// The student's file for an exercise step.
public struct ExerciseFile: CommandResult {
    public let step: Int
    /// The path as the student sees it (`labrun-work/ml-bias/step-4.py`).
    public let path: String
    /// The file.
    public let url: URL
    /// Whether it was created now from the starter code.
    public let created: Bool

    public func text(on terminal: Terminal) -> String {
        (created ? "Created \(path) from the starter code." : "Your file: \(path)") + "\n"
    }

    /// The editor `VISUAL` or `EDITOR` names, when someone at a terminal can use it.
    public static var editor: String? {
        let environment = ProcessInfo.processInfo.environment
        guard let editor = environment["VISUAL"] ?? environment["EDITOR"], !editor.isEmpty, Console.isInteractive else { return nil }
        return editor
    }

    /// Opens the file in `editor` and waits for it to close.
    public func open(in editor: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "\(editor) \"$1\"", "editor", url.path]
        try process.run()
        process.waitUntilExit()
    }
}

/// A submission's checks: which passed; exit status 1 unless all did.
public struct SubmissionReport: CommandResult {
    /// One check statement.
    public struct Check: Encodable, Sendable {
        public let line: Int
        public let source: String
        public let passed: Bool
        public let error: ScriptErrorReport?
    }

    public let step: Int
    public let passed: Bool
    /// Why the student's code stopped before the checks ran.
    public let error: ScriptErrorReport?
    public let checks: [Check]
    private let errorText: String?

    init(step: Int, submission: ExerciseActions.Submission) {
        self.step = step
        passed = submission.passed
        let failure = submission.outcome.replayError ?? submission.outcome.blocks.compactMap(\.error).first
        error = failure.map(ScriptErrorReport.init)
        errorText = failure?.description
        checks = submission.checks.map {
            Check(line: $0.line, source: $0.source, passed: $0.passed, error: $0.error.map(ScriptErrorReport.init))
        }
    }

    enum CodingKeys: String, CodingKey { case step, passed, error, checks }

    public var exitStatus: Int32 { passed ? 0 : 1 }

    public func text(on terminal: Terminal) -> String {
        if let errorText {
            return TerminalStyle.red.apply(errorText, on: terminal) + "\nYour code stopped with an error, so the checks did not run.\n"
        }
        var lines: [String] = []
        for check in checks {
            if check.passed {
                lines.append(TerminalStyle.green.apply("✓ ", on: terminal) + check.source)
            } else {
                lines.append(TerminalStyle.red.apply("✗ ", on: terminal) + check.source)
                lines.append("    " + (check.error?.summary ?? "failed"))
            }
        }
        let count = checks.filter(\.passed).count
        let verdict = "\(count) of \(checks.count) check\(checks.count == 1 ? "" : "s") passed"
        lines.append(TerminalStyle.bold.apply(passed ? "Step \(step) passed: \(verdict)." : "Not yet: \(verdict). `labrun hint \(step)` may help.", on: terminal))
        return lines.joined(separator: "\n") + "\n"
    }
}

/// The hints a `labrun hint` shows: the next one, or all of them once all were seen.
public struct HintReport: CommandResult {
    public let lab: String
    public let step: Int
    /// The hints shown, as plain text.
    public let texts: [String]
    /// The number of the hint shown (nil: every hint was seen, all are shown again).
    public let number: Int?
    public let total: Int
    /// Whether the step has a reference solution (`labrun solution N`).
    public let hasSolution: Bool
    private let nodes: [MarkdownNode]

    init(lab: String, step: Int, hints: [Hint], number: Int?, total: Int, hasSolution: Bool) {
        self.lab = lab
        self.step = step
        texts = hints.map(\.text)
        nodes = hints.map(\.node)
        self.number = number
        self.total = total
        self.hasSolution = hasSolution
    }

    enum CodingKeys: String, CodingKey { case lab, step, texts = "hints", number, total, hasSolution }

    public func text(on terminal: Terminal) -> String {
        guard total > 0 else { return "Step \(step) of \(lab) has no hints.\n" }
        let renderer = TerminalRenderer(terminal: terminal)
        if let number {
            var text = TerminalStyle.bold.apply("Hint \(number) of \(total) for step \(step):", on: terminal) + "\n"
            text += renderer.render(nodes)
            if number < total { text += TerminalStyle.dim.apply("(`labrun hint \(step)` again for the next one)", on: terminal) + "\n" }
            return text
        }
        var text = TerminalStyle.bold.apply("You have seen all \(total) hints for step \(step):", on: terminal) + "\n"
        for node in nodes { text += renderer.render([node]) }
        if hasSolution { text += TerminalStyle.dim.apply("`labrun solution \(step)` shows the reference solution.", on: terminal) + "\n" }
        return text
    }
}

/// A step's reference solution, as `labrun solution N` shows it.
public struct SolutionReport: CommandResult {
    public let lab: String
    public let step: Int
    /// The solution's code blocks.
    public let code: [String]
    private let blocks: [CodeBlock]

    init(lab: String, step: Int, blocks: [CodeBlock]) {
        self.lab = lab
        self.step = step
        self.blocks = blocks
        code = blocks.map(\.source)
    }

    enum CodingKeys: String, CodingKey { case lab, step, code }

    public func text(on terminal: Terminal) -> String {
        var text = TerminalStyle.bold.apply("Reference solution for step \(step) of \(lab) (this reveal is recorded):", on: terminal) + "\n"
        let renderer = TerminalRenderer(terminal: terminal)
        for block in blocks {
            text += renderer.render([MarkdownNode(kind: .codeBlock(info: "python", code: block.source + "\n", fenced: true), position: block.position)])
        }
        return text
    }
}
