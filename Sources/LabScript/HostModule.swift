/// A module the application binds into LabScript (`transformers`, `evaluate`, `labrun`):
/// a name, its members and a help text.
///
///     let transformers = HostModule(name: "transformers", doc: "Hugging Face pipelines.")
///     transformers.define("pipeline", doc: "pipeline(task, model=None)") { arguments in
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

    /// An empty module named `name`.
    public init(name: String, doc: String = "") {
        self.name = name
        self.doc = doc
    }

    /// Adds or replaces a member (a function, an object, a constant).
    public func set(_ name: String, _ value: Value) { members[name] = value }

    /// Adds a function member implemented by `body`.
    public func define(_ name: String, doc: String = "", _ body: @escaping (Arguments) throws -> Value) {
        members[name] = .builtin(BuiltinFunction(name: name, doc: doc, body))
    }
}
