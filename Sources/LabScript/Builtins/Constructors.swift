/// Calling a built-in type: `int(x)`, `float(x)`, `str(x)`, `list(x)`, `ValueError("…")`, ….
extension Runtime {
    func construct(_ t: TypeObject, _ a: Arguments) throws -> Value {
        if t.isException {
            if !a.keywords.isEmpty { throw ScriptException.type("\(t.name)() takes no keyword arguments") }
            return .exception(ExceptionObject(t, a.positional))
        }
        var a = a
        a.functionName = t.name
        let most = ["int": 2, "str": 3, "bool": 1, "list": 1, "tuple": 1, "set": 1, "dict": 1][t.name]
        if let most, a.positional.count > most {
            if t.name == "int" || t.name == "str" {
                throw ScriptException.type("\(t.name)() takes at most \(most) arguments (\(a.positional.count) given)")
            }
            throw ScriptException.type("\(t.name) expected at most \(most) argument\(most == 1 ? "" : "s"), got \(a.positional.count)")
        }
        switch t.name {
        case "int": return try makeInt(a)
        case "float":
            try Builtins.noKeywordsExcept(a, [])
            guard let v = a.positional.first else { return .float(0) }
            if a.positional.count > 1 { throw ScriptException.type("float expected at most 1 argument, got \(a.positional.count)") }
            switch v {
            case .float: return v
            case .int, .bigInt, .bool: return .float(try Runtime.double(v) ?? 0)
            case .string(let s):
                guard let d = Runtime.parseFloat(s) else { throw ScriptException.value("could not convert string to float: \(v.repr)") }
                return .float(d)
            default: throw ScriptException.type("float() argument must be a string or a real number, not '\(v.typeName)'")
            }
        case "str":
            guard let v = a.positional.first else { return .string("") }
            return .string(v.str)
        case "bool":
            guard let v = a.positional.first else { return .bool(false) }
            return .bool(try truthy(v))
        case "list":
            guard let v = a.positional.first else { return try makeList([]) }
            return try makeList(try iterate(v))
        case "tuple":
            guard let v = a.positional.first else { return .tuple([]) }
            let items = try iterate(v)
            try checkSize(items.count)
            return .tuple(items)
        case "set":
            let s = makeSet()
            if let v = a.positional.first {
                if case .set(let other) = v { s.merge(other.keys) } else {
                    for item in try iterate(v) { s.insert(try key(item)) }
                }
            }
            try account(s.count)
            return .set(s)
        case "dict":
            let d = makeDict()
            if let v = a.positional.first {
                if case .dict(let other) = v {
                    for (k, value) in other.entries { d.set(k, value, hash: HashKey(k)) }
                } else {
                    for (i, item) in try iterate(v).enumerated() {
                        let pair: [Value]
                        do { pair = try iterate(item) } catch {
                            throw ScriptException.type("cannot convert dictionary update sequence element #\(i) to a sequence")
                        }
                        guard pair.count == 2 else {
                            throw ScriptException.value("dictionary update sequence element #\(i) has length \(pair.count); 2 is required")
                        }
                        d.set(pair[0], pair[1], hash: try key(pair[0]))
                    }
                }
            }
            for (k, v) in a.keywords { d.set(.string(k), v, hash: HashKey(.string(k))) }
            try account(d.count)
            return .dict(d)
        case "range":
            try Builtins.noKeywordsExcept(a, [])
            func int(_ v: Value) throws -> Int {
                switch v {
                case .int(let i): return i
                case .bool(let b): return b ? 1 : 0
                case .bigInt: throw Runtime.overflow()
                default: throw ScriptException.type("'\(v.typeName)' object cannot be interpreted as an integer")
                }
            }
            let p = a.positional
            switch p.count {
            case 1: return .range(RangeValue(start: 0, stop: try int(p[0]), step: 1))
            case 2: return .range(RangeValue(start: try int(p[0]), stop: try int(p[1]), step: 1))
            case 3:
                let step = try int(p[2])
                if step == 0 { throw ScriptException.value("range() arg 3 must not be zero") }
                return .range(RangeValue(start: try int(p[0]), stop: try int(p[1]), step: step))
            case 0: throw ScriptException.type("range expected at least 1 argument, got 0")
            default: throw ScriptException.type("range expected at most 3 arguments, got \(p.count)")
            }
        case "type":
            guard a.positional.count == 1 else { throw ScriptException.type("type() takes 1 argument in LabScript") }
            return .type(BuiltinTypes.of(a.positional[0]))
        default:
            throw ScriptException.type("cannot create '\(t.name)' instances")
        }
    }

    private func makeInt(_ a: Arguments) throws -> Value {
        try Builtins.noKeywordsExcept(a, ["base"])
        guard let v = a.positional.first else { return .int(0) }
        let baseValue = a.positional.count > 1 ? a.positional[1] : a.value(nil, "base")
        if let baseValue {
            guard case .string(let s) = v else { throw ScriptException.type("int() can't convert non-string with explicit base") }
            guard let base = baseValue.asInt, base == 0 || (base >= 2 && base <= 36) else {
                throw ScriptException.value("int() base must be >= 2 and <= 36, or 0")
            }
            guard let i = Runtime.parseInt(s, base: base) else {
                throw ScriptException.value("invalid literal for int() with base \(base): \(v.repr)")
            }
            return .integer(i)
        }
        switch v {
        case .int, .bigInt: return v
        case .bool(let b): return .int(b ? 1 : 0)
        case .float(let d):
            if d.isNaN { throw ScriptException.value("cannot convert float NaN to integer") }
            if d.isInfinite { throw ScriptException.error("OverflowError", "cannot convert float infinity to integer") }
            guard let i = Int128(exactly: d.rounded(.towardZero)) else { throw Runtime.overflow() }
            return .integer(i)
        case .string(let s):
            guard let i = Runtime.parseInt(s, base: 10) else {
                throw ScriptException.value("invalid literal for int() with base 10: \(v.repr)")
            }
            return .integer(i)
        default:
            throw ScriptException.type("int() argument must be a string, a bytes-like object or a real number, not '\(v.typeName)'")
        }
    }

    /// Python's `int(text, base)` parsing: surrounding whitespace, a sign, `_` between digits,
    /// prefixes for base 0/16/8/2.
    static func parseInt(_ text: String, base: Int) -> Int128? {
        var s = Substring(text.trimmingWhitespace())
        var negative = false
        if s.first == "+" || s.first == "-" {
            negative = s.first == "-"
            s = s.dropFirst()
        }
        var base = base
        let lower = s.lowercased()
        if (base == 16 && lower.hasPrefix("0x")) || (base == 8 && lower.hasPrefix("0o")) || (base == 2 && lower.hasPrefix("0b")) {
            s = s.dropFirst(2)
            if s.first == "_" { s = s.dropFirst() }
        } else if base == 0 {
            if lower.hasPrefix("0x") { base = 16; s = s.dropFirst(2) } else if lower.hasPrefix("0o") { base = 8; s = s.dropFirst(2) } else if lower.hasPrefix("0b") { base = 2; s = s.dropFirst(2) } else {
                base = 10
                if s.count > 1 && s.first == "0" && s.contains(where: { $0 != "0" && $0 != "_" }) { return nil }
            }
            if s.first == "_" { s = s.dropFirst() }
        }
        guard !s.isEmpty, s.first != "_", s.last != "_", !s.contains("__") else { return nil }
        let digits = s.filter { $0 != "_" }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII }), let value = Int128(String(digits), radix: base) else { return nil }
        return negative ? -value : value
    }

    /// Python's `float(text)`: decimal forms with `_` between digits, `inf`, `infinity`, `nan`.
    static func parseFloat(_ text: String) -> Double? {
        let s = text.trimmingWhitespace()
        var body = Substring(s)
        var sign = 1.0
        if body.first == "+" || body.first == "-" {
            if body.first == "-" { sign = -1 }
            body = body.dropFirst()
        }
        switch body.lowercased() {
        case "inf", "infinity": return sign * .infinity
        case "nan": return .nan
        default: break
        }
        // digits [. digits] [e [sign] digits], with single underscores between digits.
        var cleaned = ""
        var previous: Character = " "
        var sawDigit = false, sawE = false, sawPoint = false
        for c in body {
            if c == "_" {
                guard previous.isASCII && previous.isNumber else { return nil }
            } else if c.isASCII && c.isNumber {
                if previous == "_" || true { cleaned.append(c) }
                sawDigit = true
            } else if c == "." {
                if sawPoint || sawE { return nil }
                sawPoint = true
                cleaned.append(c)
            } else if c == "e" || c == "E" {
                if sawE || !sawDigit { return nil }
                sawE = true
                cleaned.append("e")
            } else if c == "+" || c == "-" {
                guard previous == "e" || previous == "E" else { return nil }
                cleaned.append(c)
            } else {
                return nil
            }
            if c == "_" {
                previous = c
                continue
            }
            if previous == "_" && !(c.isASCII && c.isNumber) { return nil }
            previous = c
        }
        if previous == "_" || !sawDigit { return nil }
        if let last = cleaned.last, last == "e" || last == "+" || last == "-" { return nil }
        guard let d = Double(cleaned) else { return nil }
        return sign * d
    }
}
