import Foundation
import LabKit
import LabScript

/// One python block as it will run: the lab's code, or for an exercise the student's own file.
public struct RunnableBlock: Sendable {
    /// Where the code comes from.
    public enum Origin: Sendable, Equatable {
        /// An executable `python` block of the lab.
        case lab
        /// An exercise's `python starter` block, run as written (the student has no file yet).
        case starter
        /// The student's exercise file (`labrun-work/<lab>/step-N.py`).
        case student
    }

    /// The step it belongs to.
    public let step: Int
    /// The code.
    public let source: String
    /// The file errors name (the lab file, or the student's file).
    public let file: String
    /// The file line of the code's first line.
    public let firstLine: Int
    /// What the block printed should match, when the lab gives an `output` block.
    public let expected: ExpectedOutput?
    /// Where the code comes from.
    public let origin: Origin
}

/// What one block did when it ran.
public struct BlockOutcome: Sendable {
    /// The block.
    public let block: RunnableBlock
    /// Everything it printed.
    public let output: String
    /// The error that stopped it, if any.
    public let error: LabScriptError?
    /// How its output compared with the expected output (nil when the lab gives none, or it failed).
    public let verdict: OutputVerdict?
    /// Wall time, in seconds.
    public let seconds: Double
}

/// What running a step did.
public struct StepOutcome: Sendable {
    /// The step number.
    public let step: Int
    /// Each block that ran, in order (running stops at the first error).
    public let blocks: [BlockOutcome]
    /// Statements of earlier steps replayed first.
    public let replayedStatements: Int
    /// The error that stopped the replay of an earlier step, if any (the step did not run).
    public let replayError: LabScriptError?
    /// Wall time of replay and run, in seconds.
    public let seconds: Double

    /// True when everything ran without an error (an output mismatch is not an error).
    public var succeeded: Bool { replayError == nil && blocks.allSatisfy { $0.error == nil } }

    /// True when some block's output differs from its `output` block.
    public var hasMismatch: Bool {
        blocks.contains { if case .differs = $0.verdict { return true } else { return false } }
    }

    /// Everything the step printed.
    public var output: String { blocks.map(\.output).joined() }
}

/// A student's session with one lab: one LabScript namespace in which earlier steps are replayed
/// and the requested step runs, as the cells of a notebook share their variables.
public final class StepSession {
    /// The lab.
    public let lab: Lab
    /// Models used by the code (with `--model` substitution).
    public let models: ModelProvider
    /// Where the student's exercise files are.
    public let workspace: ExerciseWorkspace
    let interpreter: Interpreter
    private var sink: (String) -> Void = { _ in }

    /// A session over `lab`; `limits` bound every block's run.
    public init(lab: Lab, models: ModelProvider, workspace: ExerciseWorkspace = ExerciseWorkspace(), limits: Limits = .standard) {
        self.lab = lab
        self.models = models
        self.workspace = workspace
        models.training.cap = lab.frontMatter.trainingCap
        interpreter = Interpreter(limits: limits)
        interpreter.output = { [unowned self] text in self.sink(text) }
        ActionModules.register(in: interpreter, models: models)
    }

    /// The python blocks of step `number` as they run: executable blocks, and for exercises the
    /// student's file (or the starter code when they have not started one).
    public func runnableBlocks(of step: Step) throws -> [RunnableBlock] {
        var blocks: [RunnableBlock] = []
        for (code, expected) in step.expectedOutputs {
            switch code.role {
            case .executable:
                blocks.append(RunnableBlock(step: step.number, source: code.source, file: lab.file,
                                            firstLine: code.firstLine, expected: expected, origin: .lab))
            case .starter:
                if let own = try workspace.code(lab: lab.id, step: step.number) {
                    blocks.append(RunnableBlock(step: step.number, source: own,
                                                file: workspace.displayPath(lab: lab.id, step: step.number),
                                                firstLine: 1, expected: nil, origin: .student))
                } else {
                    blocks.append(RunnableBlock(step: step.number, source: code.source, file: lab.file,
                                                firstLine: code.firstLine, expected: expected, origin: .starter))
                }
            case .shown, .check:
                continue
            }
        }
        return blocks
    }

    /// Replays what step `number` needs from the steps before it, silently, then runs its blocks;
    /// `output` receives what the code prints, as it prints it, and `started` each block before it runs.
    public func run(step number: Int, replay: Bool = true, started: (RunnableBlock) -> Void = { _ in },
                    output: @escaping (String) -> Void = { _ in }) throws -> StepOutcome {
        let step = try LabCatalog.step(number, of: lab)
        let clock = ContinuousClock()
        let began = clock.now
        let blocks = try runnableBlocks(of: step)
        var replayed = 0
        if replay {
            let earlier = try lab.steps.filter { $0.number < number }.flatMap { try runnableBlocks(of: $0) }
            let targets = blocks.compactMap { try? Interpreter.parse($0.source, file: $0.file, firstLine: $0.firstLine) }
            let plan = ReplayPlan(earlier: earlier, target: targets)
            sink = { _ in }
            for entry in plan.entries {
                do {
                    try interpreter.run(entry.program, only: entry.statements)
                } catch {
                    return StepOutcome(step: number, blocks: [], replayedStatements: replayed, replayError: error,
                                       seconds: (clock.now - began).seconds)
                }
                replayed += entry.statements.count
            }
        }
        var outcomes: [BlockOutcome] = []
        for block in blocks {
            let outcome = run(block, started: started, output: output)
            outcomes.append(outcome)
            if outcome.error != nil { break }
        }
        return StepOutcome(step: number, blocks: outcomes, replayedStatements: replayed, replayError: nil,
                           seconds: (clock.now - began).seconds)
    }

    /// Runs one block in the session's namespace, capturing and streaming what it prints.
    public func run(_ block: RunnableBlock, started: (RunnableBlock) -> Void = { _ in },
                    output: @escaping (String) -> Void = { _ in }) -> BlockOutcome {
        started(block)
        var printed = ""
        sink = { text in
            printed += text
            output(text)
        }
        defer { sink = { _ in } }
        let clock = ContinuousClock()
        let began = clock.now
        var failure: LabScriptError?
        do {
            try interpreter.run(block.source, file: block.file, firstLine: block.firstLine)
        } catch {
            failure = error
        }
        let verdict = failure == nil ? block.expected?.compare(with: printed) : nil
        return BlockOutcome(block: block, output: printed, error: failure, verdict: verdict,
                            seconds: (clock.now - began).seconds)
    }

    /// Runs a check block (assertions from Solutions/) statement by statement in the namespace the
    /// student's code left, so each assertion passes or fails on its own.
    public func check(source: String, file: String, firstLine: Int) -> [CheckResult] {
        sink = { _ in }
        let program: Program
        do {
            program = try Interpreter.parse(source, file: file, firstLine: firstLine)
        } catch {
            return [CheckResult(line: firstLine, source: source, error: error)]
        }
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        return program.names.map { statement in
            let range = statement.range
            let text = (range.line - firstLine..<min(range.endLine - firstLine + 1, lines.count))
                .map { String(lines[$0]) }.joined(separator: "\n")
            do throws(LabScriptError) {
                try interpreter.run(program, only: [statement.index])
                return CheckResult(line: range.line, source: text, error: nil)
            } catch {
                return CheckResult(line: range.line, source: text, error: error)
            }
        }
    }
}

/// One statement of a check block and how it went.
public struct CheckResult: Sendable {
    /// The statement's line in the Solutions file.
    public let line: Int
    /// The statement as written.
    public let source: String
    /// Why it failed (an `AssertionError` with the assertion's message, or any other error), or nil.
    public let error: LabScriptError?

    /// Whether the statement ran without an error.
    public var passed: Bool { error == nil }
}

extension Duration {
    /// The duration in seconds, as a Double.
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
