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
