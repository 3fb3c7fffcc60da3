import Foundation

/// Runs LabScript programs. One interpreter is one namespace: successive `run` calls (a lab's
/// steps, then a check block) share their global variables, as cells of one notebook do.
///
///     let interpreter = Interpreter(output: { text in captured += text })
///     let labrun = HostModule(name: "labrun", doc: "Metrics for the labs.")
///     labrun.define("mean", doc: "mean(values): the average.") { arguments in
///         let values = try arguments.required(0, "values").asArray ?? []
///         return .float(values.compactMap(\.asDouble).reduce(0, +) / Double(max(values.count, 1)))
///     }
///     interpreter.register(labrun)
///     try interpreter.run("from labrun import mean\nscore = mean([1, 2])\nprint(f'{score:.3f}')",
///                         file: "Labs/bias.md", firstLine: 42)
///     try interpreter.run("assert score > 1", file: "Solutions/bias.md", firstLine: 7)
///
/// Errors are `LabScriptError`s (a `SyntaxError` before anything runs, or the Python exception
/// the program raised, or a `LimitError` when a bound was reached), with file, line, column and
/// the source line.
public final class Interpreter: @unchecked Sendable {
    let runtime: Runtime
    let globals = Globals()

    /// An interpreter with the given bounds; `output` receives everything `print` writes, as it
    /// is written (default: standard output).
    public init(limits: Limits = .standard, output: @escaping (String) -> Void = { FileHandle.standardOutput.write(Data($0.utf8)) }) {
        runtime = Runtime(limits: limits, output: output)
    }

    deinit {
        // Deeply nested values are freed recursively: free them on a large stack too.
        let globals = self.globals
        Interpreter.onLargeStack { globals.values.removeAll() }
    }

    /// The bounds of each run (steps and output count per `run` call).
    public var limits: Limits {
        get { runtime.limits }
        set { runtime.limits = newValue }
    }

    /// Where `print` writes.
    public var output: (String) -> Void {
        get { runtime.output }
        set { runtime.output = newValue }
    }

    /// Makes `module` importable (`import name`, `from name import member`).
    public func register(_ module: HostModule) {
        runtime.modules[module.name] = module
    }

    /// The value of a global variable, or nil when unbound; setting it binds the name.
    public subscript(global name: String) -> Value? {
        get { globals.get(name) }
        set { globals.values[globals.slot(name)] = newValue }
    }

    /// Parses a program without running it: the AST and the per-statement name analysis.
    /// Throws a `SyntaxError`/`IndentationError` `LabScriptError` naming the place.
    public static func parse(_ source: String, file: String = "<labscript>", firstLine: Int = 1) throws(LabScriptError) -> Program {
        let text = SourceText(source, file: file, firstLine: firstLine)
        do {
            let statements = try onLargeStack { () throws(Failure) in try Parser.parse(source, firstLine: firstLine) }
            return Program(statements: statements, names: NameAnalysis.analyse(statements), source: text)
        } catch {
            throw report(error, text)
        }
    }

    /// Parses and runs `source` in this interpreter's namespace. `file` and `firstLine` place it
    /// in its file, so errors name the lab's own lines.
    public func run(_ source: String, file: String = "<labscript>", firstLine: Int = 1) throws(LabScriptError) {
        let program = try Interpreter.parse(source, file: file, firstLine: firstLine)
        try run(program)
    }

    /// Runs the statements of a parsed program whose indices are in `only` (all when nil), in order.
    public func run(_ program: Program, only: Set<Int>? = nil) throws(LabScriptError) {
        runtime.steps = 0
        runtime.printed = 0
        runtime.depth = 0
        let runtime = self.runtime
        let globals = self.globals
        var failure: LabScriptError?
        Interpreter.onLargeStack {
            let scope = ScopeBuilder.build(module: program.statements)
            let compiler = Compiler(runtime: runtime, globals: globals)
            let frame = Frame(slotCount: 0, cells: [], globals: globals)
            for (i, statement) in program.statements.enumerated() where only?.contains(i) ?? true {
                let exec = compiler.statement(statement, scope)
                do {
                    let flow = try exec(frame)
                    if flow != .normal {
                        let word = flow == .returned ? "'return'" : flow == .breakLoop ? "'break'" : "'continue'"
                        failure = Interpreter.report(Failure.syntax("\(word) outside \(flow == .returned ? "function" : "loop")", statement.range), program.source)
                        return
                    }
                } catch {
                    failure = Interpreter.report(error, program.source)
                    return
                }
            }
        }
        if let failure { throw failure }
    }

    /// Calls a LabScript callable (a function or lambda the program passed to host code, a
    /// built-in, a host object) from inside a host function, on the interpreter's thread.
    /// Errors it raises propagate to the program unchanged, so rethrow them.
    ///
    ///     module.define("apply") { arguments in
    ///         try interpreter.call(arguments.required(0, "function"), Arguments([Value(3)]))
    ///     }
    public func call(_ callee: Value, _ arguments: Arguments) throws -> Value {
        try runtime.call(callee, arguments)
    }

    /// Evaluates one expression in this interpreter's namespace and returns its value.
    public func evaluate(_ expression: String, file: String = "<labscript>", firstLine: Int = 1) throws(LabScriptError) -> Value {
        let program = try Interpreter.parse("__labscript_result__ = (\(expression))", file: file, firstLine: firstLine)
        try run(program)
        let value = globals.get("__labscript_result__") ?? .none
        globals.values[globals.slot("__labscript_result__")] = nil
        return value
    }

    static func report(_ error: any Error, _ text: SourceText) -> LabScriptError {
        func line(_ range: SourceRange?) -> String? { range.flatMap { text.line($0.line) } }
        switch error {
        case let f as Failure:
            return LabScriptError(kind: f.kind, message: f.message, file: text.file, range: f.range, sourceLine: line(f.range), hint: f.hint)
        case let e as ScriptException:
            var hint: String?
            if e.exception.type === BuiltinTypes.moduleNotFoundError {
                hint = "Importing other Python modules is not part of LabScript: it has no file, network or system access. Use the lab's modules, or write the code directly."
            }
            return LabScriptError(kind: e.exception.type.name, message: e.exception.message, file: text.file, range: e.range, sourceLine: line(e.range), hint: hint)
        case let l as LimitExceeded:
            return LabScriptError(kind: "LimitError", message: l.message, file: text.file, range: l.range, sourceLine: line(l.range), hint: l.hint)
        case let h as HostError:
            return LabScriptError(kind: h.kind, message: h.message, file: text.file, range: nil, sourceLine: nil)
        default:
            return LabScriptError(kind: "RuntimeError", message: String(describing: error), file: text.file, range: nil, sourceLine: nil)
        }
    }

    /// Runs `body` on a thread with a 256 MiB stack, so deep (bounded) recursion in programs
    /// and in the parser can never overflow the caller's stack.
    static func onLargeStack<T, E: Error>(_ body: @escaping () throws(E) -> T) throws(E) -> T {
        let box = ResultBox<T, E>()
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) let work = body
        let thread = Thread {
            do throws(E) { box.result = .success(try work()) } catch { box.result = .failure(error) }
            done.signal()
        }
        thread.stackSize = 256 << 20
        thread.start()
        done.wait()
        return try box.result!.get()
    }
}

/// Carries a result from the large-stack thread back to the caller.
final class ResultBox<T, E: Error>: @unchecked Sendable {
    var result: Result<T, E>?
    init() {}
}
