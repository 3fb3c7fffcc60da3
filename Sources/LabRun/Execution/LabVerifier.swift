import Foundation
import Inference
import LabKit
import LabScript

/// The parts of `labrun check` that need the interpreter and the engine: python blocks must parse,
/// model ids must be on this machine or on the Hub, and with `--run` every step must run and print
/// what its `output` blocks say.
public struct LabVerifier: Sendable {
    /// Where model ids are looked up.
    public let hub: ModelHub
    /// The models every `run(_:solutionsFolder:)` loads into, so that checking many labs loads each model once.
    public let models: ModelCache

    /// A verifier over `hub` (nil: the hub of `state`'s models folder), loading models into
    /// `models` (nil: a new cache whose digests are remembered in `state`).
    public init(state: LabRunState = LabRunState(), hub: ModelHub? = nil, models: ModelCache? = nil) {
        self.hub = hub ?? state.hub()
        self.models = models ?? ModelCache(fingerprint: state.fingerprint)
    }

    /// A linter with LabScript's parser and the hub wired in.
    public var linter: LabLinter {
        LabLinter(validateCode: Self.validate, modelProblem: { [hub] id in
            if (try? hub.locate(id)) ?? nil != nil { return nil }
            guard !hub.settings.isOffline else {
                return "is not on this machine, and the hub was not asked (HF_HUB_OFFLINE is set): students need the network for it, or run `labrun models pull \(id)` while online"
            }
            do {
                _ = try hub.listing(id)
                return nil
            } catch HubError.unreachable(let endpoint, _) {
                return "is not on this machine and the hub (\(endpoint)) could not be reached to check it; run `labrun check` again online, or `labrun models pull \(id)`"
            } catch {
                return "is not on this machine and not known to the hub; check the id (e.g. `bert-base-uncased`) or pull it with `labrun models pull \(id)`"
            }
        })
    }

    /// The Hub models that `evaluate.load(name)` needs, by measurement name.
    static let measurementModels = ["toxicity": ToxicityMeasurement.defaultModel, "regard": RegardMeasurement.model]

    /// Warnings for steps that call `evaluate.load("toxicity")` or `("regard")` when the lab's
    /// `models:` does not list the classifier they need, so that `labrun models pull` fetches it
    /// before a workshop (offline, the step would fail); a listed model is checked by the
    /// `unknown-model` rule like any other.
    public func measurementModelWarnings(_ lab: Lab) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for step in lab.steps {
            for case let .code(code) in step.blocks where code.isPython {
                for (name, model) in Self.measurementModels.sorted(by: { $0.key < $1.key })
                where code.source.contains("evaluate.load(\"\(name)\"") || code.source.contains("evaluate.load('\(name)'") {
                    // A toxicity call that names its own classifier needs that one instead.
                    let namesOwnModel = name == "toxicity" && code.source.range(of: #"evaluate\.load\(["']toxicity["']\s*,\s*["']"#, options: .regularExpression) != nil
                    guard !namesOwnModel, !lab.frontMatter.models.contains(model) else { continue }
                    diagnostics.append(.warning(
                        "step \(step.number) calls evaluate.load(\"\(name)\"), which needs the Hub classifier \(model); add it to the front matter's `models:` so `labrun models pull` fetches it (offline the step fails without it)",
                        file: lab.file, at: code.position, rule: "measurement-model"))
                }
            }
        }
        return diagnostics
    }

    /// Diagnostics for one python block: a syntax error, or Python that LabScript does not support.
    @Sendable static func validate(code: String, firstLine: Int) -> [Diagnostic] {
        do {
            _ = try Interpreter.parse(code, file: "", firstLine: firstLine)
            return []
        } catch {
            let position = SourcePosition(line: error.range?.line ?? firstLine, column: error.range?.column ?? 1)
            let message = error.hint.map { "\(error.summary). \($0)" } ?? error.summary
            return [.error(message, file: "", at: position, rule: "python-syntax")]
        }
    }

    /// Runs every step of `lab` in order in one namespace (exercises run their reference solution
    /// and its checks when the answer key has them, else their starter code) and reports each
    /// error, failed check and output mismatch as an error diagnostic at the block's place.
    public func run(_ lab: Lab, solutionsFolder: URL, progress: (Int) -> Void = { _ in }) -> [Diagnostic] {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("labrun-check-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let session = StepSession(lab: lab, models: ModelProvider(hub: hub, cache: models, progress: nil),
                                  workspace: ExerciseWorkspace(directory: scratch))
        var diagnostics: [Diagnostic] = []
        for step in lab.steps {
            progress(step.number)
            let exercise = try? Exercise(lab: lab, step: step.number, solutionsFolder: solutionsFolder)
            let blocks: [RunnableBlock]
            do {
                blocks = try session.runnableBlocks(of: step)
            } catch {
                diagnostics.append(.error("step \(step.number) could not be prepared: \(error)", file: lab.file, at: step.position, rule: "run"))
                continue
            }
            var stopped = false
            for runnable in blocks.flatMap({ replacingStarter($0, with: exercise) }) {
                let outcome = session.run(runnable)
                let position = SourcePosition(line: runnable.firstLine, column: 1)
                if let error = outcome.error {
                    diagnostics.append(.error("step \(step.number) failed: \(error.summary)", file: error.file,
                                              at: SourcePosition(line: error.range?.line ?? runnable.firstLine, column: error.range?.column ?? 1),
                                              rule: "run"))
                    stopped = true
                    break
                }
                if case let .differs(line, expected, actual)? = outcome.verdict {
                    diagnostics.append(.error(
                        "step \(step.number): the output differs from the `output` block at its line \(line): expected \"\(expected)\", printed \"\(actual)\"",
                        file: runnable.file, at: position, rule: "output"))
                }
            }
            if stopped { break }
            if let key = exercise?.key, let keyFile = exercise?.keyFile, !key.referenceCode.isEmpty {
                for check in key.checks {
                    for result in session.check(source: check.source, file: keyFile, firstLine: check.firstLine) where !result.passed {
                        diagnostics.append(.error("step \(step.number): the reference solution fails a check: \(result.error?.summary ?? result.source)",
                                                  file: keyFile, at: SourcePosition(line: result.line, column: 1), rule: "check"))
                    }
                }
            }
        }
        return diagnostics
    }

    /// The reference solution's blocks in place of a starter block, when the answer key has them.
    private func replacingStarter(_ block: RunnableBlock, with exercise: Exercise?) -> [RunnableBlock] {
        guard block.origin == .starter, let key = exercise?.key, let keyFile = exercise?.keyFile,
              !key.referenceCode.isEmpty else { return [block] }
        return key.referenceCode.map { reference in
            RunnableBlock(step: block.step, source: reference.source, file: keyFile, firstLine: reference.firstLine,
                          expected: nil, origin: .lab)
        }
    }
}
