/// Calling values: user functions (argument binding with CPython's messages), built-ins,
/// methods, types and host objects; attribute lookup; comparisons; modules.
extension Runtime {
    func call(_ callee: Value, _ args: Arguments) throws -> Value {
        switch callee {
        case .function(let f): return try callFunction(f, args)
        case .builtin(let b):
            var a = args
            a.functionName = b.name
            do { return try b.body(self, a) } catch { throw hostFailure(error) }
        case .method(let m):
            if let f = m.function {
                var a = args
                a.positional.insert(m.receiver, at: 0)
                return try callFunction(f, a)
            }
            return try callMethod(m.receiver, m.name, args)
        case .type(let t): return try construct(t, args)
        case .host(let h):
            var a = args
            a.functionName = h.typeName
            do { return try h.call(a) } catch { throw hostFailure(error) }
        default:
            throw ScriptException.type("'\(callee.typeName)' object is not callable")
        }
    }

    /// Calls `callee` with positional arguments (used by `sorted(key=)`, `map`, `filter`).
    func call(_ callee: Value, _ positional: [Value]) throws -> Value {
        try call(callee, Arguments(positional))
    }

    func callFunction(_ f: FunctionObject, _ args: Arguments) throws -> Value {
        try tick()
        depth += 1
        defer { depth -= 1 }
        if depth > limits.recursionDepth {
            throw ScriptException.error("RecursionError", "maximum recursion depth exceeded")
        }
        let code = f.code
        var cells: [Cell] = []
        if code.ownCellCount > 0 || !f.closure.isEmpty {
            cells.reserveCapacity(code.ownCellCount + f.closure.count)
            for _ in 0..<code.ownCellCount { cells.append(Cell()) }
            cells += f.closure
        }
        let frame = Frame(slotCount: code.slotCount, cells: cells, globals: f.globals)
        if args.keywords.isEmpty && !code.variadic && !code.keywordVariadic && code.keywordOnlyNames.isEmpty
            && args.positional.count <= code.positionalNames.count {
            // Fast path: positional arguments only, missing ones from the defaults.
            var i = 0
            for target in code.parameterTargets {
                let value: Value
                if i < args.positional.count {
                    value = args.positional[i]
                } else if let d = f.defaults[i] {
                    value = d
                } else {
                    _ = try bind(f, args)  // raises the missing-argument TypeError
                    return .none
                }
                if target >= 0 { frame.slots[target] = value } else { frame.cells[-1 - target].value = value }
                i += 1
            }
            _ = try code.body(frame)
            return frame.returnValue
        }
        let values = try bind(f, args)
        for (i, target) in code.parameterTargets.enumerated() {
            if target >= 0 { frame.slots[target] = values[i] } else { frame.cells[-1 - target].value = values[i] }
        }
        _ = try code.body(frame)
        return frame.returnValue
    }

    private func bind(_ f: FunctionObject, _ args: Arguments) throws -> [Value] {
        let code = f.code
        let name = code.qualifiedName
        let n = code.positionalNames.count
        let k = code.keywordOnlyNames.count
        let total = n + (code.variadic ? 1 : 0) + k + (code.keywordVariadic ? 1 : 0)
        var values = [Value?](repeating: nil, count: total)
        let p = args.positional.count
        for i in 0..<min(p, n) { values[i] = args.positional[i] }
        if p > n {
            if code.variadic {
                values[n] = .tuple(Array(args.positional[n...]))
            } else {
                let required = f.defaults.prefix(n).filter { $0 == nil }.count
                let takes = required == n ? "\(n) positional argument\(n == 1 ? "" : "s")" : "from \(required) to \(n) positional arguments"
                throw ScriptException.type("\(name)() takes \(takes) but \(p) \(p == 1 ? "was" : "were") given")
            }
        } else if code.variadic {
            values[n] = .tuple([])
        }
        let kwOffset = n + (code.variadic ? 1 : 0)
        var extra: DictObject?
        if code.keywordVariadic { extra = makeDict() }
        for (key, value) in args.keywords {
            if let i = code.positionalNames.firstIndex(of: key) {
                if values[i] != nil { throw ScriptException.type("\(name)() got multiple values for argument '\(key)'") }
                values[i] = value
            } else if let j = code.keywordOnlyNames.firstIndex(of: key) {
                values[kwOffset + j] = value
            } else if let extra {
                extra.set(.string(key), value, hash: HashKey(.string(key)))
            } else {
                throw ScriptException.type("\(name)() got an unexpected keyword argument '\(key)'")
            }
        }
        var missing: [String] = []
        for i in 0..<n where values[i] == nil {
            if let d = f.defaults[i] { values[i] = d } else { missing.append(code.positionalNames[i]) }
        }
        if !missing.isEmpty {
            throw ScriptException.type("\(name)() missing \(missing.count) required positional argument\(missing.count == 1 ? "" : "s"): \(Runtime.nameList(missing))")
        }
        for j in 0..<k where values[kwOffset + j] == nil {
            if let d = f.defaults[n + j] { values[kwOffset + j] = d } else { missing.append(code.keywordOnlyNames[j]) }
        }
        if !missing.isEmpty {
            throw ScriptException.type("\(name)() missing \(missing.count) required keyword-only argument\(missing.count == 1 ? "" : "s"): \(Runtime.nameList(missing))")
        }
        if let extra {
            try account(extra.count)
            values[total - 1] = .dict(extra)
        }
        return values.map { $0 ?? .none }
    }

    /// `'a'`, `'a' and 'b'`, `'a', 'b', and 'c'` as CPython lists missing arguments.
    static func nameList(_ names: [String]) -> String {
        let quoted = names.map { "'\($0)'" }
        switch quoted.count {
        case 1: return quoted[0]
        case 2: return "\(quoted[0]) and \(quoted[1])"
        default: return quoted.dropLast().joined(separator: ", ") + ", and " + quoted[quoted.count - 1]
        }
    }

    /// `object.name`.
    func attribute(_ object: Value, _ name: String) throws -> Value {
        switch object {
        case .module(let m):
            if let v = m.members[name] { return v }
            throw ScriptException.error("AttributeError", "module '\(m.name)' has no attribute '\(name)'")
        case .host(let h):
            let v: Value?
            do { v = try h.attribute(name) } catch { throw hostFailure(error) }
            if let v { return v }
            throw ScriptException.error("AttributeError", "'\(h.typeName)' object has no attribute '\(name)'")
        case .exception(let e):
            if name == "args" { return .tuple(e.args) }
        case .function(let f):
            if name == "__name__" { return .string(f.name) }
        case .type(let t):
            if name == "__name__" { return .string(t.name) }
        case .int, .bool, .bigInt:
            if name == "real" || name == "numerator" { return try unary(.plus, object) }
            if name == "imag" { return .int(0) }
            if name == "denominator" { return .int(1) }
        case .float(let d):
            if name == "real" { return object }
            if name == "imag" { return .float(0) }
            _ = d
        case .range(let r):
            if name == "start" { return .int(r.start) }
            if name == "stop" { return .int(r.stop) }
            if name == "step" { return .int(r.step) }
        default: break
        }
        if Methods.has(object, name) { return .method(BoundMethod(receiver: object, name: name)) }
        throw ScriptException.error("AttributeError", "'\(object.typeName)' object has no attribute '\(name)'")
    }

    /// `object.name(args)`, without making a bound method for built-in types.
    func callMethod(_ object: Value, _ name: String, _ args: Arguments) throws -> Value {
        switch object {
        case .module, .host, .exception, .function, .type:
            return try call(try attribute(object, name), args)
        default:
            return try Methods.call(self, object, name, args)
        }
    }

    func compare(_ op: ComparisonOperator, _ a: Value, _ b: Value) throws -> Bool {
        switch op {
        case .equal: return Equality.equal(a, b)
        case .notEqual: return !Equality.equal(a, b)
        case .in: return try contains(b, a)
        case .notIn: return try !contains(b, a)
        case .is: return Equality.identical(a, b)
        case .isNot: return !Equality.identical(a, b)
        default: return try Equality.compare(a, b, op)
        }
    }

    /// `a op= b`: lists, dicts and sets change in place, everything else rebinds.
    func inPlace(_ op: BinaryOperator, _ a: Value, _ b: Value) throws -> Value {
        switch (op, a) {
        case (.add, .list(let l)):
            let items = try iterate(b)
            try account(items.count)
            l.items += items
            return a
        case (.multiply, .list(let l)):
            guard let n = b.asInt else { return try binary(op, a, b) }
            let copy = l.items
            let (total, o) = copy.count.multipliedReportingOverflow(by: max(0, n))
            try checkSize(o ? Int.max : total)
            if copy.isEmpty { return a }
            try account(total - copy.count)
            l.items = []
            for _ in 0..<max(0, n) { l.items += copy }
            return a
        case (.bitOr, .set(let s)):
            guard case .set(let other) = b else { return try binary(op, a, b) }
            let before = s.count
            s.merge(other.keys)
            try account(s.count - before)
            return a
        case (.bitOr, .dict(let d)):
            guard case .dict(let other) = b else { return try binary(op, a, b) }
            let before = d.count
            for (k, v) in other.entries { d.set(k, v, hash: HashKey(k)) }
            try account(d.count - before)
            return a
        default:
            return try binary(op, a, b)
        }
    }

    /// A registered module, or an ImportError that lists the known ones.
    func module(_ name: String) throws -> HostModule {
        if let m = modules[name] { return m }
        let known = modules.keys.sorted()
        let list = known.isEmpty ? "no modules can be imported here" : "LabScript can import \(known.joined(separator: ", "))"
        throw ScriptException(ExceptionObject(BuiltinTypes.moduleNotFoundError, "No module named '\(name)' (\(list))"))
    }

    /// Whether `exception` matches the `except` clause's type (or tuple of types).
    func exceptionMatches(_ exception: ExceptionObject, _ clause: Value) throws -> Bool {
        switch clause {
        case .type(let t) where t.isException: return exception.type.isSubtype(of: t)
        case .tuple(let items):
            for i in items where try exceptionMatches(exception, i) { return true }
            return false
        default:
            throw ScriptException.type("catching classes that do not inherit from BaseException is not allowed")
        }
    }
}
