/// A built-in function (or a host function): a name and a Swift closure.
public final class BuiltinFunction {
    /// The name Python code calls it by.
    public let name: String
    /// What `help()` prints.
    public let doc: String
    let body: (Runtime, Arguments) throws -> Value

    init(_ name: String, doc: String = "", body: @escaping (Runtime, Arguments) throws -> Value) {
        self.name = name
        self.doc = doc
        self.body = body
    }

    /// A host function: `body` receives the call's arguments and returns a value, or throws a
    /// `HostError` (or any error, which becomes a `RuntimeError`).
    public init(name: String, doc: String = "", _ body: @escaping (Arguments) throws -> Value) {
        self.name = name
        self.doc = doc
        self.body = { _, arguments in try body(arguments) }
    }
}
