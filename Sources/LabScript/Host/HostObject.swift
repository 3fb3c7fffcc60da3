/// A Swift object exposed to LabScript (a pipeline, a metric, a result): every capability has a
/// default that raises the Python error a missing capability raises, so a type implements only
/// what it supports.
///
///     final class FillMask: HostObject {
///         var typeName: String { "FillMaskPipeline" }
///         func call(_ arguments: Arguments) throws -> Value {
///             let text = try arguments.string(0, "inputs")
///             return .list([.dict([("token_str", Value("doctor")), ("score", Value(0.3))])])
///         }
///     }
public protocol HostObject: AnyObject {
    /// The type name shown in `repr`, `type()` and error messages.
    var typeName: String { get }
    /// `obj.name`: the attribute's value, or nil for an `AttributeError`.
    func attribute(_ name: String) throws -> Value?
    /// `obj(...)`.
    func call(_ arguments: Arguments) throws -> Value
    /// `for x in obj` and `list(obj)`: the items.
    func iterate() throws -> [Value]
    /// `obj[key]`.
    func item(_ key: Value) throws -> Value
    /// `len(obj)`, or nil when it has no length.
    func length() throws -> Int?
    /// `repr(obj)` and `print(obj)`.
    var reprText: String { get }
    /// `help(obj)`.
    var helpText: String { get }
}

extension HostObject {
    public func attribute(_ name: String) throws -> Value? { nil }
    public func call(_ arguments: Arguments) throws -> Value {
        throw HostError.typeError("'\(typeName)' object is not callable")
    }
    public func iterate() throws -> [Value] {
        throw HostError.typeError("'\(typeName)' object is not iterable")
    }
    public func item(_ key: Value) throws -> Value {
        throw HostError.typeError("'\(typeName)' object is not subscriptable")
    }
    public func length() throws -> Int? { nil }
    public var reprText: String { "<\(typeName) object>" }
    public var helpText: String { "Help on \(typeName) object." }
}
