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

/// The module namespace: every global name has a fixed slot, resolved when code is compiled.
final class Globals {
    var slots: [String: Int] = [:]
    var values: [Value?] = []
    var names: [String] = []

    func slot(_ name: String) -> Int {
        if let s = slots[name] { return s }
        let s = values.count
        slots[name] = s
        values.append(nil)
        names.append(name)
        return s
    }

    func get(_ name: String) -> Value? {
        guard let s = slots[name] else { return nil }
        return values[s]
    }
}

/// The arguments of a call: positional values, then `name=value` keywords in call order.
///
/// Host functions read them with the typed accessors, which throw a `TypeError` worded as
/// Python's when an argument is missing or has the wrong type:
///
///     let task = try arguments.string(0, "task")
///     let topK = try arguments.int("top_k", default: 5)
public struct Arguments {
    /// The positional arguments.
    public var positional: [Value]
    /// The keyword arguments, in call order.
    public var keywords: [(name: String, value: Value)]
    /// The name of the function being called, for error messages.
    public var functionName: String

    /// Arguments for a call of `functionName`.
    public init(_ positional: [Value] = [], keywords: [(name: String, value: Value)] = [], functionName: String = "function") {
        self.positional = positional
        self.keywords = keywords
        self.functionName = functionName
    }

    /// The argument at `index` or passed as `name=`, or nil if neither.
    public func value(_ index: Int?, _ name: String) -> Value? {
        if let index, index < positional.count { return positional[index] }
        return keywords.first { $0.name == name }?.value
    }

    /// A required argument.
    public func required(_ index: Int?, _ name: String) throws -> Value {
        guard let v = value(index, name) else {
            throw HostError.typeError("\(functionName)() missing required argument: '\(name)'")
        }
        return v
    }

    /// A required str argument.
    public func string(_ index: Int?, _ name: String) throws -> String {
        let v = try required(index, name)
        guard let s = v.asString else {
            throw HostError.typeError("\(functionName)() argument '\(name)' must be str, not \(v.typeName)")
        }
        return s
    }

    /// An optional str argument (None counts as absent).
    public func string(_ name: String, at index: Int? = nil, default fallback: String?) throws -> String? {
        guard let v = value(index, name), !v.isNone else { return fallback }
        guard let s = v.asString else {
            throw HostError.typeError("\(functionName)() argument '\(name)' must be str, not \(v.typeName)")
        }
        return s
    }

    /// An optional int argument.
    public func int(_ name: String, at index: Int? = nil, default fallback: Int) throws -> Int {
        guard let v = value(index, name), !v.isNone else { return fallback }
        guard case .int(let i) = v else {
            throw HostError.typeError("\(functionName)() argument '\(name)' must be int, not \(v.typeName)")
        }
        return i
    }

    /// An optional float argument (an int is accepted, as in Python).
    public func double(_ name: String, at index: Int? = nil, default fallback: Double) throws -> Double {
        guard let v = value(index, name), !v.isNone else { return fallback }
        switch v {
        case .int, .float, .bigInt: return v.asDouble ?? fallback
        default: throw HostError.typeError("\(functionName)() argument '\(name)' must be float, not \(v.typeName)")
        }
    }

    /// An optional bool argument.
    public func bool(_ name: String, at index: Int? = nil, default fallback: Bool) throws -> Bool {
        guard let v = value(index, name), !v.isNone else { return fallback }
        guard case .bool(let b) = v else {
            throw HostError.typeError("\(functionName)() argument '\(name)' must be bool, not \(v.typeName)")
        }
        return b
    }

    /// Throws a `TypeError` when more than `count` positional arguments or a keyword outside
    /// `keywords` was passed.
    public func check(maxPositional count: Int, keywords allowed: Set<String>) throws {
        if positional.count > count {
            throw HostError.typeError("\(functionName)() takes \(count) positional argument\(count == 1 ? "" : "s") but \(positional.count) \(positional.count == 1 ? "was" : "were") given")
        }
        for keyword in keywords where !allowed.contains(keyword.name) {
            throw HostError.typeError("\(functionName)() got an unexpected keyword argument '\(keyword.name)'")
        }
    }
}

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

/// A method looked up on a value (`words.append`, `text.split`): the receiver and the name.
public final class BoundMethod {
    let receiver: Value
    let name: String
    let function: FunctionObject?

    init(receiver: Value, name: String, function: FunctionObject? = nil) {
        self.receiver = receiver
        self.name = name
        self.function = function
    }

    var isBuiltin: Bool { function == nil }
}

/// A built-in type (`int`, `str`, `ValueError`, …): callable to convert or construct, usable
/// with `isinstance` and `except`.
public final class TypeObject {
    /// The type's name.
    public let name: String
    /// The base type (exceptions form a hierarchy).
    let base: TypeObject?
    let isException: Bool

    init(_ name: String, base: TypeObject? = nil, isException: Bool = false) {
        self.name = name
        self.base = base
        self.isException = isException
    }

    /// Whether this type is `other` or derives from it.
    func isSubtype(of other: TypeObject) -> Bool {
        var t: TypeObject? = self
        while let current = t {
            if current === other { return true }
            t = current.base
        }
        return false
    }
}

/// A raised or created exception: its type and arguments.
public final class ExceptionObject {
    /// The exception's type.
    public let type: TypeObject
    /// The arguments it was created with.
    public let args: [Value]

    init(_ type: TypeObject, _ args: [Value]) {
        self.type = type
        self.args = args
    }

    init(_ type: TypeObject, _ message: String) {
        self.type = type
        self.args = [.string(message)]
    }

    /// `str(exception)`, as CPython gives it (a KeyError shows its key's repr).
    public var message: String {
        switch args.count {
        case 0: return ""
        case 1:
            if type.name == "KeyError" { return args[0].repr }
            return args[0].str
        default: return Value.tuple(args).repr
        }
    }
}

/// An iterator (`zip`, `enumerate`, `map`, `iter(...)`) over values computed when it was made.
public final class IteratorObject {
    let kind: String
    var items: [Value]
    var position = 0

    init(kind: String, items: [Value]) {
        self.kind = kind
        self.items = items
    }

    func next() -> Value? {
        guard position < items.count else { return nil }
        defer { position += 1 }
        return items[position]
    }

    /// The items not yet consumed; consumes them.
    func drain() -> [Value] {
        let rest = Array(items[min(position, items.count)...])
        position = items.count
        return rest
    }
}

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
