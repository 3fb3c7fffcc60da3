/// A syntax or compile-time error found before the program runs (internal; reported as
/// `LabScriptError`).
struct Failure: Error {
    var kind: String
    var message: String
    var range: SourceRange
    var hint: String?

    init(_ kind: String, _ message: String, _ range: SourceRange, hint: String? = nil) {
        self.kind = kind
        self.message = message
        self.range = range
        self.hint = hint
    }

    static func syntax(_ message: String, _ range: SourceRange, hint: String? = nil) -> Failure {
        Failure("SyntaxError", message, range, hint: hint)
    }

    /// Python that LabScript does not accept: says so and what to use instead.
    static func unsupported(_ what: String, _ range: SourceRange, instead: String) -> Failure {
        Failure("SyntaxError", "\(what) is not part of LabScript", range, hint: instead)
    }
}
