/// A Python exception in flight (internal): the exception object and, once known, where it was
/// raised.
struct ScriptException: Error {
    var exception: ExceptionObject
    var range: SourceRange?

    init(_ exception: ExceptionObject, range: SourceRange? = nil) {
        self.exception = exception
        self.range = range
    }

    /// An exception of the built-in type named `kind` with `message`.
    static func error(_ kind: String, _ message: String) -> ScriptException {
        let type = BuiltinTypes.byName[kind] ?? BuiltinTypes.runtimeError
        return ScriptException(ExceptionObject(type, message.isEmpty ? [] : [.string(message)]))
    }

    static func type(_ message: String) -> ScriptException { .error("TypeError", message) }
    static func value(_ message: String) -> ScriptException { .error("ValueError", message) }
}
