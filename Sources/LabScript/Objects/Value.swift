/// A LabScript value: what a name holds, what an expression gives and what host code receives
/// and returns.
///
/// Scalars (`None`, `bool`, `int`, `float`, `str`) and tuples are Swift values; lists, dicts and
/// sets are shared, mutable objects (as in Python: `b = a; b.append(1)` changes `a`).
/// Build values from Swift with the `init`s and the static constructors (`.list([...])`,
/// `.dict([...])`), and read them with `asString`, `asInt`, `asDouble`, `asArray`, `asDictionary`.
public enum Value: @unchecked Sendable {
    case none
    case bool(Bool)
    /// An int that fits in 64 bits (every int in practice).
    case int(Int)
    /// An int beyond 64 bits (LabScript's ints are exact up to 128 bits).
    case bigInt(Int128)
    case float(Double)
    case string(String)
    case list(ListObject)
    case tuple([Value])
    case dict(DictObject)
    case set(SetObject)
    case range(RangeValue)
    case function(FunctionObject)
    case builtin(BuiltinFunction)
    case method(BoundMethod)
    case type(TypeObject)
    case exception(ExceptionObject)
    case iterator(IteratorObject)
    case module(HostModule)
    case host(any HostObject)

    /// An int from any width; exact up to 128 bits.
    public static func integer(_ value: Int128) -> Value {
        if let small = Int(exactly: value) { return .int(small) }
        return .bigInt(value)
    }

    /// A new list holding `items`.
    public static func list(_ items: [Value]) -> Value { .list(ListObject(items)) }

    /// A new dict with string keys, in the given order.
    public static func dict(_ entries: [(String, Value)]) -> Value {
        let dict = DictObject()
        for (key, value) in entries { dict.set(.string(key), value, hash: HashKey(.string(key))) }
        return .dict(dict)
    }

    /// A str value.
    public init(_ string: String) { self = .string(string) }
    /// An int value.
    public init(_ int: Int) { self = .int(int) }
    /// A float value.
    public init(_ double: Double) { self = .float(double) }
    /// A bool value.
    public init(_ bool: Bool) { self = .bool(bool) }
    /// A list of strings.
    public init(_ strings: [String]) { self = .list(strings.map { .string($0) }) }
    /// A list of floats.
    public init(_ doubles: [Double]) { self = .list(doubles.map { .float($0) }) }
    /// A float from a Float32 (widened exactly, as PyTorch's `.item()` does: 0.1 prints as
    /// `0.10000000149011612`).
    public init(_ float: Float) { self = .float(Double(float)) }
    /// A list of floats from Float32 values.
    public init(_ floats: [Float]) { self = .list(floats.map { .float(Double($0)) }) }
    /// A list of ints.
    public init(_ ints: [Int]) { self = .list(ints.map { .int($0) }) }

    /// The numbers, if this is a list or tuple of ints, bools and floats.
    public var asDoubles: [Double]? {
        guard let items = asArray else { return nil }
        var out: [Double] = []
        out.reserveCapacity(items.count)
        for item in items {
            guard let d = item.asDouble else { return nil }
            out.append(d)
        }
        return out
    }

    /// The string, if this is a str.
    public var asString: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The int, if this is an int or bool that fits in 64 bits.
    public var asInt: Int? {
        switch self {
        case .int(let i): return i
        case .bool(let b): return b ? 1 : 0
        default: return nil
        }
    }

    /// The number as a Double, if this is an int, bool or float.
    public var asDouble: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .bigInt(let i): return Double(i)
        case .bool(let b): return b ? 1 : 0
        case .float(let d): return d
        default: return nil
        }
    }

    /// The bool, if this is a bool.
    public var asBool: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// The items, if this is a list or tuple.
    public var asArray: [Value]? {
        switch self {
        case .list(let l): return l.items
        case .tuple(let t): return t
        default: return nil
        }
    }

    /// The entries in insertion order, if this is a dict with str keys only.
    public var asDictionary: [(String, Value)]? {
        guard case .dict(let d) = self else { return nil }
        var out: [(String, Value)] = []
        for (k, v) in d.entries {
            guard case .string(let s) = k else { return nil }
            out.append((s, v))
        }
        return out
    }

    /// Whether this is `None`.
    public var isNone: Bool {
        if case .none = self { return true }
        return false
    }

    /// The Python type name (`int`, `str`, `list`, a host object's own name…).
    public var typeName: String {
        switch self {
        case .none: return "NoneType"
        case .bool: return "bool"
        case .int, .bigInt: return "int"
        case .float: return "float"
        case .string: return "str"
        case .list: return "list"
        case .tuple: return "tuple"
        case .dict: return "dict"
        case .set: return "set"
        case .range: return "range"
        case .function: return "function"
        case .builtin: return "builtin_function_or_method"
        case .method(let m): return m.isBuiltin ? "builtin_function_or_method" : "method"
        case .type: return "type"
        case .exception(let e): return e.type.name
        case .iterator(let i): return i.kind
        case .module: return "module"
        case .host(let h): return h.typeName
        }
    }

    /// Python's `repr()` of the value.
    public var repr: String {
        var out = ""
        Printer.writeRepr(self, into: &out, depth: 0)
        return out
    }

    /// Python's `str()` of the value.
    public var str: String {
        Printer.str(self)
    }
}
