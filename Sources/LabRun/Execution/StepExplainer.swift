import Foundation
import Inference
import LabKit
import LabScript

/// `labrun explain N`: for each line of a step's code that reaches the engine, the action it maps
/// to, the task and model, the arguments used, and the arguments accepted but ignored by labrun.
///
/// It reads the code without running it (nothing is loaded): the host modules say what a call of
/// each of their functions does (`HostModule.explanation(of:_:)`), and it follows which names hold
/// what such a call returned (a pipeline) from the earlier steps on.
public struct StepExplainer {
    /// One line of code and what it does.
    public struct Line: Sendable, Equatable {
        /// The file and line.
        public var file: String
        public var line: Int
        /// The source line, trimmed.
        public var source: String
        /// What it maps to, one sentence each.
        public var actions: [String]
    }

    public let lab: Lab
    /// Models used instead of the lab's (`--model`).
    public let substitute: String?
    /// Where models are looked up (no network).
    public let hub: ModelHub

    /// An explainer for `lab`.
    public init(lab: Lab, substitute: String? = nil, hub: ModelHub = LabRunState().hub()) {
        self.lab = lab
        self.substitute = substitute
        self.hub = hub
    }

    /// The lines of step `number` that call actions.
    public func explain(step number: Int, workspace: ExerciseWorkspace = ExerciseWorkspace()) throws -> [Line] {
        _ = try LabCatalog.step(number, of: lab)  // throws when the lab has no such step
        let models = ModelProvider(hub: hub, substitute: substitute)
        let session = StepSession(lab: lab, models: models, workspace: workspace)
        var bindings = Bindings(modules: Dictionary(ActionModules.modules(models: models).map { ($0.name, $0) }) { first, _ in first })
        var lines: [Line] = []
        for candidate in lab.steps where candidate.number <= number {
            for block in try session.runnableBlocks(of: candidate) {
                guard let program = try? Interpreter.parse(block.source, file: block.file, firstLine: block.firstLine) else {
                    if candidate.number == number {
                        lines.append(Line(file: block.file, line: block.firstLine, source: "",
                                          actions: ["this block does not parse: run `labrun step \(number)` to see the error"]))
                    }
                    continue
                }
                let sourceLines = block.source.split(separator: "\n", omittingEmptySubsequences: false)
                for statement in program.statements {
                    var found: [String] = []
                    statement.forEachStatement(enteringFunctions: false) { found += bindings.describe($0) }
                    guard candidate.number == number, !found.isEmpty else { continue }
                    let index = statement.range.line - block.firstLine
                    let text = index >= 0 && index < sourceLines.count ? sourceLines[index].trimmingCharacters(in: .whitespaces) : ""
                    lines.append(Line(file: block.file, line: statement.range.line, source: text, actions: found))
                }
            }
        }
        return lines
    }

    /// What the names of the code read so far stand for: imported modules and their members, and
    /// values returned by calls that a module explains further (a pipeline).
    struct Bindings {
        /// The host modules, by name.
        let modules: [String: HostModule]
        /// Local name → qualified name (`pipeline` → `transformers.pipeline`).
        var aliases: [String: String] = [:]
        /// Local name → how calls of the value bound to it are explained.
        var results: [String: CallExplainer] = [:]

        init(modules: [String: HostModule]) { self.modules = modules }

        /// Sentences for the calls `statement` makes itself (not those of its nested statements),
        /// then what it binds.
        mutating func describe(_ statement: Statement) -> [String] {
            switch statement.kind {
            case .importFrom(let module, let names):
                for (name, alias) in names { bind(alias ?? name, alias: "\(module).\(name)") }
                return []
            case .import(let module, let alias):
                bind(alias ?? module, alias: module)
                return []
            case .assign(let targets, let value):
                let found = explanations(in: value)
                var result: CallExplainer?
                if case .call(let callee, let arguments) = value.kind { result = explanation(of: callee, arguments)?.result }
                for target in targets {
                    guard case .name(let name) = target.kind else { continue }
                    aliases[name] = nil
                    results[name] = result
                }
                return found.map(\.sentence)
            default:
                return statement.expressions.flatMap { explanations(in: $0) }.map(\.sentence)
            }
        }

        private mutating func bind(_ name: String, alias: String) {
            aliases[name] = alias
            results[name] = nil
        }

        /// What every call in `expression` does, outermost first.
        private func explanations(in expression: LabScript.Expression) -> [CallExplanation] {
            var found: [CallExplanation] = []
            expression.forEachExpression { node in
                if case .call(let callee, let arguments) = node.kind, let explanation = explanation(of: callee, arguments) {
                    found.append(explanation)
                }
            }
            return found
        }

        /// What a call of `callee` with `arguments` does, as the module of the function called
        /// (or the call that returned the value called) says.
        private func explanation(of callee: LabScript.Expression, _ arguments: [CallArgument]) -> CallExplanation? {
            if let qualified = qualifiedName(callee) {
                let parts = qualified.split(separator: ".", maxSplits: 1).map(String.init)
                guard parts.count == 2, let module = modules[parts[0]] else { return nil }
                return module.explanation(of: parts[1], WrittenCall(name: qualified, arguments: arguments))
            }
            if case .name(let name) = callee.kind, let result = results[name] {
                return result(WrittenCall(name: name, arguments: arguments))
            }
            return nil
        }

        private func qualifiedName(_ expression: LabScript.Expression) -> String? {
            switch expression.kind {
            case .name(let name): return aliases[name]
            case .attribute(let base, let member): return qualifiedName(base).map { "\($0).\(member)" }
            default: return nil
            }
        }
    }
}
