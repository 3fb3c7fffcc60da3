/// The methods of the built-in types (str, list, dict, set, tuple, range, int, float): which
/// names each type has, and the call of one with the receiver's memory accounted for. Each type's
/// methods are a table, by name, in its own file (`StringMethods`, `ListMethods`, …).
enum Methods {
    static func has(_ v: Value, _ name: String) -> Bool {
        switch v {
        case .string: return StringMethods.table[name] != nil
        case .list: return ListMethods.table[name] != nil
        case .dict: return DictMethods.table[name] != nil
        case .set: return SetMethods.table[name] != nil
        case .tuple: return TupleMethods.table[name] != nil
        case .range: return RangeMethods.table[name] != nil
        case .int, .bool: return NumberMethods.int[name] != nil
        case .float: return NumberMethods.float[name] != nil
        default: return false
        }
    }

    static func call(_ rt: Runtime, _ v: Value, _ name: String, _ a: Arguments) throws -> Value {
        var a = a
        switch v {
        case .string(let s):
            a.functionName = "str." + name
            if let method = StringMethods.table[name] { return try method(rt, s, a) }
        case .list(let l):
            a.functionName = "list." + name
            if let method = ListMethods.table[name] {
                let before = l.items.count
                let result = try method(rt, l, a)
                let delta = l.items.count - before
                if delta != 0 && name != "copy" { try rt.account(delta) }
                return result
            }
        case .dict(let d):
            a.functionName = "dict." + name
            if let method = DictMethods.table[name] {
                let before = d.count
                let result = try method(rt, d, a)
                if d.count != before { try rt.account(d.count - before) }
                return result
            }
        case .set(let s):
            a.functionName = "set." + name
            if let method = SetMethods.table[name] {
                let before = s.count
                let result = try method(rt, s, a)
                if s.count != before { try rt.account(s.count - before) }
                return result
            }
        case .tuple(let t):
            a.functionName = "tuple." + name
            if let method = TupleMethods.table[name] { return try method(rt, t, a) }
        case .range(let r):
            if let method = RangeMethods.table[name] { return try method(rt, r, a) }
        case .int, .bool:
            if let method = NumberMethods.int[name], let i = Equality.integerValue(v) { return try method(rt, i, a) }
        case .float(let d):
            if let method = NumberMethods.float[name] { return try method(rt, d, a) }
        default:
            break
        }
        return try rt.call(try rt.attribute(v, name), a)
    }

    static func arity(_ a: Arguments, _ min: Int, _ max: Int) throws {
        // CPython names no-argument and one-argument methods with their type (`str.upper()`),
        // the others by their bare name (`replace expected at least 2 arguments, got 1`).
        let bare = a.functionName.split(separator: ".").last.map(String.init) ?? a.functionName
        if !a.keywords.isEmpty { throw ScriptException.type("\(a.functionName)() takes no keyword arguments") }
        let n = a.positional.count
        if n < min || n > max {
            if min == max {
                if min == 0 { throw ScriptException.type("\(a.functionName)() takes no arguments (\(n) given)") }
                if min == 1 { throw ScriptException.type("\(a.functionName)() takes exactly one argument (\(n) given)") }
                throw ScriptException.type("\(bare) expected \(min) arguments, got \(n)")
            }
            if n < min { throw ScriptException.type("\(bare) expected at least \(min) argument\(min == 1 ? "" : "s"), got \(n)") }
            throw ScriptException.type("\(bare) expected at most \(max) argument\(max == 1 ? "" : "s"), got \(n)")
        }
    }

    static func sequenceSearch(_ items: [Value], _ name: String, _ a: Arguments, typeName: String) throws -> Value {
        if name == "count" {
            try arity(a, 1, 1)
            return .int(items.filter { Equality.identical($0, a.positional[0]) || Equality.equal($0, a.positional[0]) }.count)
        }
        try arity(a, 1, 3)
        var start = 0, end = items.count
        if a.positional.count > 1, let s = a.positional[1].asInt { start = s < 0 ? Swift.max(0, s + items.count) : Swift.min(s, items.count) }
        if a.positional.count > 2, let e = a.positional[2].asInt { end = e < 0 ? Swift.max(0, e + items.count) : Swift.min(e, items.count) }
        if start < end {
            for i in start..<end where Equality.identical(items[i], a.positional[0]) || Equality.equal(items[i], a.positional[0]) {
                return .int(i)
            }
        }
        if typeName == "tuple" { throw ScriptException.value("tuple.index(x): x not in tuple") }
        throw ScriptException.value("\(a.positional[0].repr) is not in list")
    }
}

/// One method of a built-in type: the runtime, the receiver, the arguments (whose
/// `functionName` is `type.method`), and the result.
typealias Method<Receiver> = @Sendable (Runtime, Receiver, Arguments) throws -> Value
