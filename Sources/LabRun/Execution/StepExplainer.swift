import Foundation
import Inference
import LabKit
import LabScript

/// `labrun explain N`: for each line of a step's code that reaches the engine, the action it maps
/// to, the task and model, the arguments used, and the arguments accepted but ignored by labrun.
///
/// It reads the code without running it (nothing is loaded), following which names hold which
/// pipeline from the earlier steps on.
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

    /// The lab.
    public let lab: Lab
    /// Models used instead of the lab's (`--model`).
    public let substitute: String?
    /// Where models are looked up (no network).
    public let hub: ModelHub

    /// An explainer for `lab`.
    public init(lab: Lab, substitute: String? = nil, hub: ModelHub = ModelHub()) {
        self.lab = lab
        self.substitute = substitute
        self.hub = hub
    }

    /// The lines of step `number` that call actions.
    public func explain(step number: Int, workspace: ExerciseWorkspace = ExerciseWorkspace()) throws -> [Line] {
        _ = try LabCatalog.step(number, of: lab)  // throws when the lab has no such step
        let session = StepSession(lab: lab, models: ModelProvider(hub: hub, substitute: substitute), workspace: workspace)
        var bindings = Bindings()
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
                    statement.forEachStatement(enteringFunctions: false) { found += describe($0, bindings: &bindings) }
                    guard candidate.number == number, !found.isEmpty else { continue }
                    let index = statement.range.line - block.firstLine
                    let text = index >= 0 && index < sourceLines.count ? sourceLines[index].trimmingCharacters(in: .whitespaces) : ""
                    lines.append(Line(file: block.file, line: statement.range.line, source: text, actions: found))
                }
            }
        }
        return lines
    }

    /// Names bound to things the engine knows: pipelines (task and model) and imported modules.
    struct Bindings {
        var pipelines: [String: (task: String, model: String?)] = [:]
        var aliases: [String: String] = [:]  // local name → qualified name (`pipeline` → `transformers.pipeline`)
    }

    private func describe(_ statement: Statement, bindings: inout Bindings) -> [String] {
        switch statement.kind {
        case .importFrom(let module, let names):
            for (name, alias) in names { bindings.aliases[alias ?? name] = "\(module).\(name)" }
            return []
        case .import(let module, let alias):
            bindings.aliases[alias ?? module] = module
            return []
        case .assign(let targets, let value):
            let actions = describe(expression: value, bindings: bindings)
            if case .call(let callee, let arguments) = value.kind, qualifiedName(callee, bindings) == "transformers.pipeline",
               let task = constantString(positional(arguments, 0) ?? keyword(arguments, "task")) {
                let model = constantString(positional(arguments, 1) ?? keyword(arguments, "model"))
                for target in targets {
                    if case .name(let name) = target.kind { bindings.pipelines[name] = (task, model) }
                }
            }
            return actions
        default:
            return statement.expressions.flatMap { describe(expression: $0, bindings: bindings) }
        }
    }

    /// Sentences for every call in `expression` (outermost first).
    private func describe(expression: LabScript.Expression, bindings: Bindings) -> [String] {
        var found: [String] = []
        expression.forEachExpression { node in
            guard case .call(let callee, let arguments) = node.kind else { return }
            let given = arguments.compactMap { argument -> String? in
                if case .keyword(let name, _) = argument { return name }
                return nil
            }
            let qualified = qualifiedName(callee, bindings)
            if qualified == "transformers.pipeline" {
                let task = constantString(positional(arguments, 0) ?? keyword(arguments, "task")) ?? "?"
                let model = constantString(positional(arguments, 1) ?? keyword(arguments, "model"))
                var sentence = "transformers.pipeline → labrun's \(task) pipeline"
                if let model { sentence += " on \(modelDescription(model))" }
                sentence += argumentNote(given: given, spec: ModelTask.construction)
                found.append(sentence)
            } else if case .name(let name) = callee.kind, let pipeline = bindings.pipelines[name] {
                var sentence = "calls the \(pipeline.task) pipeline `\(name)`"
                if let model = pipeline.model { sentence += " (\(modelDescription(model)))" }
                if let task = ModelTask(rawValue: pipeline.task) { sentence += argumentNote(given: given, spec: task.call) }
                found.append(sentence)
            } else if qualified == "transformers.AutoTokenizer.from_pretrained" {
                let model = constantString(positional(arguments, 0)) ?? "?"
                found.append("transformers.AutoTokenizer.from_pretrained → the tokenizer of \(modelDescription(model)) (the weights are not loaded)")
            } else if let qualified, qualified.hasPrefix("labrun.") || qualified.hasPrefix("evaluate.") {
                var sentence = "\(qualified) → labrun's built-in \(qualified) action"
                if let model = constantString(positional(arguments, 0) ?? keyword(arguments, "model")), model.contains("/") || model.contains("-") {
                    sentence += " on \(modelDescription(model))"
                }
                if !given.isEmpty { sentence += "; arguments: \(given.joined(separator: ", "))" }
                found.append(sentence)
            }
        }
        return found
    }

    /// `model X` plus where it comes from, with `--model` substitution.
    func modelDescription(_ requested: String) -> String {
        let id = substitute ?? requested
        let whereFrom: String
        if let found = try? hub.locate(id) {
            switch found.source {
            case .folder: whereFrom = "a local folder"
            case .labrunModels: whereFrom = "labrun's models folder"
            case .huggingFaceCache: whereFrom = "the Hugging Face cache"
            }
        } else {
            whereFrom = "not on this machine: `labrun models pull \(id)`"
        }
        let name = id == requested ? "model \(id)" : "model \(id) (instead of \(requested), by --model)"
        return "\(name), from \(whereFrom)"
    }

    private func argumentNote(given: [String], spec: ArgumentSpec) -> String {
        let used = given.filter { spec.used.contains($0) }
        let ignored = given.filter { spec.ignored.contains($0) }
        var note = ""
        if !used.isEmpty { note += "; arguments used: \(used.joined(separator: ", "))" }
        if !ignored.isEmpty { note += "; accepted but ignored by labrun's engine: \(ignored.joined(separator: ", "))" }
        return note
    }

    private func qualifiedName(_ expression: LabScript.Expression, _ bindings: Bindings) -> String? {
        switch expression.kind {
        case .name(let name): return bindings.aliases[name]
        case .attribute(let base, let member): return qualifiedName(base, bindings).map { "\($0).\(member)" }
        default: return nil
        }
    }

    private func positional(_ arguments: [CallArgument], _ index: Int) -> LabScript.Expression? {
        let values = arguments.compactMap { argument -> LabScript.Expression? in
            if case .positional(let value) = argument { return value }
            return nil
        }
        return index < values.count ? values[index] : nil
    }

    private func keyword(_ arguments: [CallArgument], _ name: String) -> LabScript.Expression? {
        for argument in arguments {
            if case .keyword(let key, let value) = argument, key == name { return value }
        }
        return nil
    }

    private func constantString(_ expression: LabScript.Expression?) -> String? {
        guard let expression, case .constant(.string(let text)) = expression.kind else { return nil }
        return text
    }
}
