/// A run stopped by one of its bounds (steps, recursion, memory, output); never caught by `except`.
struct LimitExceeded: Error {
    var message: String
    var hint: String
    var range: SourceRange?
}
