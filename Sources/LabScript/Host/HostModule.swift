/// A module the application binds into LabScript (`transformers`, `evaluate`, `labrun`):
/// a name, its members and a help text.
///
///     let transformers = HostModule(name: "transformers", doc: "Hugging Face pipelines.")
///     transformers.define("pipeline", doc: "pipeline(task, model=None)",
///                         explain: { call in CallExplanation("builds the \(call.string(0) ?? "?") pipeline") }) { arguments in
///         let task = try arguments.string(0, "task")
///         return .host(MyPipeline(task: task))
///     }
///     interpreter.register(transformers)
public final class HostModule {
    /// The name used in `import`.
    public let name: String
    /// What `help(module)` prints.
    public let doc: String
    /// The members, by name.
    public private(set) var members: [String: Value] = [:]
    /// What calling a member (`pipeline`) or a member's attribute (`AutoTokenizer.from_pretrained`)
    /// does, by that path, for tools that read code without running it.
    public private(set) var explainers: [String: CallExplainer] = [:]

    /// An empty module named `name`.
    public init(name: String, doc: String = "") {
        self.name = name
        self.doc = doc
    }

    /// Adds or replaces a member (a function, an object, a constant).
    public func set(_ name: String, _ value: Value) { members[name] = value }

    /// Adds a function member implemented by `body`; `explain` says what a call of it does.
    public func define(_ name: String, doc: String = "", explain: CallExplainer? = nil,
                       _ body: @escaping (Arguments) throws -> Value) {
        members[name] = .builtin(BuiltinFunction(name: name, doc: doc, body))
        explainers[name] = explain
    }

    /// Declares what a call of `path` does: a member, or an attribute of one, dotted
    /// (`AutoTokenizer.from_pretrained`).
    public func explain(_ path: String, _ explainer: @escaping CallExplainer) {
        explainers[path] = explainer
    }

    /// What `call` of the member at `path` does, or nil when the module does not say.
    public func explanation(of path: String, _ call: WrittenCall) -> CallExplanation? {
        explainers[path]?(call)
    }
}
