/// A user function made by `def` or `lambda`: its compiled code, its defaults (evaluated once,
/// when the `def` ran) and the cells it closes over.
public final class FunctionObject {
    let code: FunctionCode
    let defaults: [Value?]
    let closure: [Cell]
    let globals: Globals

    init(code: FunctionCode, defaults: [Value?], closure: [Cell], globals: Globals) {
        self.code = code
        self.defaults = defaults
        self.closure = closure
        self.globals = globals
    }

    /// The function's name (`<lambda>` for lambdas).
    public var name: String { code.name }
}

/// A variable shared between a function and the functions nested in it.
final class Cell {
    var value: Value?
    init(_ value: Value? = nil) { self.value = value }
}
