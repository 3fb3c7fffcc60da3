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
    public init(lab: Lab, substitute: String? = nil, hub: ModelHub = LabRunState().hub()) {
        self.lab = lab
        self.substitute = substitute
        self.hub = hub
    }

    /// The lines of step `number` that call actions.
    public func explain(step number: Int, workspace: ExerciseWorkspace = ExerciseWorkspace()) throws -> [Line] {
        let step = try LabCatalog.step(number, of: lab)
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
                    let found = describe(statement, bindings: &bindings)
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
            var found: [String] = []
            visitExpressions(of: statement) { found += describe(expression: $0, bindings: bindings) }
            return found
        }
    }

    /// Sentences for every call in `expression` (outermost first).
    private func describe(expression: LabScript.Expression, bindings: Bindings) -> [String] {
        var found: [String] = []
        walk(expression) { node in
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

    /// Calls `body` on every expression directly inside `statement` (not inside nested `def`s).
    private func visitExpressions(of statement: Statement, _ body: (LabScript.Expression) -> Void) {
        switch statement.kind {
        case .expression(let expression): body(expression)
        case .augmentedAssign(_, _, let value): body(value)
        case .annotatedAssign(_, let value): value.map(body)
        case .if(let test, let then, let orElse), .while(let test, let then, let orElse):
            body(test)
            (then + orElse).forEach { visitExpressions(of: $0, body) }
        case .for(_, let iterable, let loop, let orElse):
            body(iterable)
            (loop + orElse).forEach { visitExpressions(of: $0, body) }
        case .return(let value): value.map(body)
        case .assert(let test, let message):
            body(test)
            message.map(body)
        case .try(let tried, let handlers, let orElse, let finally):
            (tried + handlers.flatMap(\.body) + orElse + finally).forEach { visitExpressions(of: $0, body) }
        default: break
        }
    }

    /// Calls `visit` on `expression` and every expression inside it, outermost first.
    private func walk(_ expression: LabScript.Expression, _ visit: (LabScript.Expression) -> Void) {
        visit(expression)
        switch expression.kind {
        case .name, .constant, .slice: break
        case .formatted(let pieces):
            for piece in pieces { if case .field(let inner, _, _) = piece { walk(inner, visit) } }
        case .list(let items), .tuple(let items), .set(let items), .and(let items), .or(let items):
            items.forEach { walk($0, visit) }
        case .dict(let entries):
            for entry in entries {
                entry.key.map { walk($0, visit) }
                walk(entry.value, visit)
            }
        case .starred(let inner), .unary(_, let inner), .attribute(let inner, _): walk(inner, visit)
        case .subscript(let base, let index):
            walk(base, visit)
            walk(index, visit)
        case .call(let callee, let arguments):
            walk(callee, visit)
            for argument in arguments {
                switch argument {
                case .positional(let value), .keyword(_, let value), .star(let value), .doubleStar(let value): walk(value, visit)
                }
            }
        case .binary(_, let left, let right):
            walk(left, visit)
            walk(right, visit)
        case .compare(let first, let rest):
            walk(first, visit)
            rest.forEach { walk($0.1, visit) }
        case .conditional(let test, let body, let orElse):
            walk(test, visit)
            walk(body, visit)
            walk(orElse, visit)
        case .lambda(_, let body): walk(body, visit)
        case .comprehension(_, let element, let value, let clauses):
            walk(element, visit)
            value.map { walk($0, visit) }
            for clause in clauses {
                walk(clause.iterable, visit)
                clause.conditions.forEach { walk($0, visit) }
            }
        }
    }
}
