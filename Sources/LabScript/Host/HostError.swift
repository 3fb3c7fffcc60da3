/// An error raised by host code (a bound Swift function or object), turned into the Python
/// exception `kind` at the line of the call that reached it.
///
///     throw HostError.typeError("pipeline() missing required argument: 'task'")
public struct HostError: Error, CustomStringConvertible, Sendable {
    /// The Python exception type the program sees (`TypeError`, `ValueError`, `RuntimeError`, …).
    public var kind: String
    /// The message, worded as Python would.
    public var message: String

    /// An error that surfaces as the Python exception `kind` with `message`.
    public init(kind: String, message: String) {
        self.kind = kind
        self.message = message
    }

    /// A `TypeError` (wrong number or type of arguments).
    public static func typeError(_ message: String) -> HostError { HostError(kind: "TypeError", message: message) }
    /// A `ValueError` (right type, wrong value: an unknown task name, a negative count).
    public static func valueError(_ message: String) -> HostError { HostError(kind: "ValueError", message: message) }
    /// A `RuntimeError` (the action itself failed: a model could not be loaded).
    public static func runtimeError(_ message: String) -> HostError { HostError(kind: "RuntimeError", message: message) }

    /// `Kind: message`.
    public var description: String { "\(kind): \(message)" }
}
