/// Iteration, `len`, indexing and slicing with Python's rules (negative indices, steps,
/// clamping), and `%`-formatting of strings.
extension Runtime {
    /// Every item `for x in v` would give, in order.
    func iterate(_ v: Value) throws -> [Value] {
        switch v {
        case .list(let l): return l.items
        case .tuple(let t): return t
        case .string(let s): return s.unicodeScalars.map { .string(String($0)) }
        case .dict(let d): return d.keys
        case .set(let s): return s.elements
        case .range(let r):
            try checkSize(r.count)
            var out: [Value] = []
            out.reserveCapacity(r.count)
            for i in 0..<r.count { out.append(.int(r.element(i))) }
            return out
        case .iterator(let i): return i.kind.hasPrefix("dict_") ? i.items : i.drain()
        case .host(let h):
            do { return try h.iterate() } catch { throw hostFailure(error) }
        default:
            throw ScriptException.type("'\(v.typeName)' object is not iterable")
        }
    }

    /// `len(v)`.
    func length(_ v: Value) throws -> Int {
        switch v {
        case .list(let l): return l.items.count
        case .tuple(let t): return t.count
        case .string(let s): return s.unicodeScalars.count
        case .dict(let d): return d.count
        case .set(let s): return s.count
        case .range(let r): return r.count
        case .iterator(let i) where i.kind.hasPrefix("dict_"): return i.items.count
        case .host(let h):
            let n: Int?
            do { n = try h.length() } catch { throw hostFailure(error) }
            if let n { return n }
        default: break
        }
        throw ScriptException.type("object of type '\(v.typeName)' has no len()")
    }

    /// An index operand as an Int, or the TypeError CPython raises for `what`.
    func index(_ v: Value, _ what: String) throws -> Int {
        switch v {
        case .int(let i): return i
        case .bool(let b): return b ? 1 : 0
        case .bigInt(let i): return i < 0 ? Int.min : Int.max
        default: throw ScriptException.type("\(what) indices must be integers or slices, not \(v.typeName)")
        }
    }

    /// The positions a slice selects in a sequence of `count` items.
    func sliceIndices(_ slice: (Value, Value, Value), count: Int) throws -> (start: Int, stop: Int, step: Int, length: Int) {
        func bound(_ v: Value) throws -> Int? {
            switch v {
            case .none: return nil
            case .int(let i): return i
            case .bool(let b): return b ? 1 : 0
            case .bigInt(let i): return i < 0 ? Int.min / 2 : Int.max / 2
            default: throw ScriptException.type("slice indices must be integers or None or have an __index__ method")
            }
        }
        let step = max(-Int.max, try bound(slice.2) ?? 1)
        if step == 0 { throw ScriptException.value("slice step cannot be zero") }
        func adjust(_ i: Int?, _ defaultValue: Int) -> Int {
            guard var i else { return defaultValue }
            if i < 0 {
                i += count
                if i < 0 { i = step < 0 ? -1 : 0 }
            } else if i >= count {
                i = step < 0 ? count - 1 : count
            }
            return i
        }
        let start = adjust(try bound(slice.0), step < 0 ? count - 1 : 0)
        let stop = adjust(try bound(slice.1), step < 0 ? -1 : count)
        var length = 0
        if step > 0 {
            if start < stop { length = (stop - start - 1) / step + 1 }
        } else {
            if stop < start { length = (start - stop - 1) / (-step) + 1 }
        }
        return (start, stop, step, length)
    }

    func sliceItems<T>(_ items: [T], _ slice: (Value, Value, Value)) throws -> [T] {
        let s = try sliceIndices(slice, count: items.count)
        if s.step == 1 { return s.length == 0 ? [] : Array(items[s.start..<(s.start + s.length)]) }
        var out: [T] = []
        out.reserveCapacity(s.length)
        var i = s.start
        for _ in 0..<s.length { out.append(items[i]); i &+= s.step }
        return out
    }

    /// `container[key]`.
    func subscriptGet(_ container: Value, _ key: Value) throws -> Value {
        if case .slice(let a, let b, let c) = key.sliceParts {
            switch container {
            case .list(let l): return try makeList(try sliceItems(l.items, (a, b, c)))
            case .tuple(let t): return .tuple(try sliceItems(t, (a, b, c)))
            case .string(let s):
                let scalars = Array(s.unicodeScalars)
                var out = String.UnicodeScalarView()
                out.append(contentsOf: try sliceItems(scalars, (a, b, c)))
                return .string(String(out))
            case .range(let r):
                let s = try sliceIndices((a, b, c), count: r.count)
                let start = Int128(r.start) + Int128(s.start) * Int128(r.step)
                let stop = Int128(r.start) + Int128(s.stop) * Int128(r.step)
                let step = Int128(r.step) * Int128(s.step)
                guard let a = Int(exactly: start), let b = Int(exactly: stop), let c = Int(exactly: step) else { throw Runtime.overflow() }
                return .range(RangeValue(start: a, stop: b, step: c))
            default: break
            }
        }
        switch container {
        case .list(let l):
            var i = try index(key, "list")
            if i < 0 { i += l.items.count }
            guard i >= 0 && i < l.items.count else { throw ScriptException.error("IndexError", "list index out of range") }
            return l.items[i]
        case .tuple(let t):
            var i = try index(key, "tuple")
            if i < 0 { i += t.count }
            guard i >= 0 && i < t.count else { throw ScriptException.error("IndexError", "tuple index out of range") }
            return t[i]
        case .string(let s):
            switch key {
            case .int, .bool, .bigInt: break
            default: throw ScriptException.type("string indices must be integers, not '\(key.typeName)'")
            }
            var i = try index(key, "string")
            let scalars = s.unicodeScalars
            let n = scalars.count
            if i < 0 { i += n }
            guard i >= 0 && i < n else { throw ScriptException.error("IndexError", "string index out of range") }
            return .string(String(scalars[scalars.index(scalars.startIndex, offsetBy: i)]))
        case .dict(let d):
            if let v = d.get(try self.key(key)) { return v }
            throw ScriptException(ExceptionObject(BuiltinTypes.keyError, [key]))
        case .range(let r):
            var i = try index(key, "range")
            if i < 0 { i += r.count }
            guard i >= 0 && i < r.count else { throw ScriptException.error("IndexError", "range object index out of range") }
            return .int(r.element(i))
        case .host(let h):
            do { return try h.item(key) } catch { throw hostFailure(error) }
        case .type(let t) where t === BuiltinTypes.list || t === BuiltinTypes.dict || t === BuiltinTypes.tuple || t === BuiltinTypes.set:
            return container
        default:
            throw ScriptException.type("'\(container.typeName)' object is not subscriptable")
        }
    }

    /// `container[key] = value`.
    func subscriptSet(_ container: Value, _ key: Value, _ value: Value) throws {
        switch container {
        case .list(let l):
            if case .slice(let a, let b, let c) = key.sliceParts {
                let new = try iterate(value)
                let s = try sliceIndices((a, b, c), count: l.items.count)
                if s.step == 1 {
                    let stop = max(s.start, s.start + s.length)
                    try account(new.count - s.length)
                    l.items.replaceSubrange(s.start..<stop, with: new)
                } else {
                    guard new.count == s.length else {
                        throw ScriptException.value("attempt to assign sequence of size \(new.count) to extended slice of size \(s.length)")
                    }
                    var i = s.start
                    for v in new { l.items[i] = v; i &+= s.step }
                }
                return
            }
            var i = try index(key, "list")
            if i < 0 { i += l.items.count }
            guard i >= 0 && i < l.items.count else { throw ScriptException.error("IndexError", "list assignment index out of range") }
            l.items[i] = value
        case .dict(let d):
            let k = try self.key(key)
            let before = d.count
            d.set(key, value, hash: k)
            if d.count != before { try account(1) }
        case .tuple, .string:
            throw ScriptException.type("'\(container.typeName)' object does not support item assignment")
        default:
            throw ScriptException.type("'\(container.typeName)' object does not support item assignment")
        }
    }

    /// `del container[key]`.
    func subscriptDelete(_ container: Value, _ key: Value) throws {
        switch container {
        case .list(let l):
            if case .slice(let a, let b, let c) = key.sliceParts {
                let s = try sliceIndices((a, b, c), count: l.items.count)
                var remove = Set<Int>()
                var i = s.start
                for _ in 0..<s.length { remove.insert(i); i &+= s.step }
                l.items = l.items.enumerated().filter { !remove.contains($0.offset) }.map(\.element)
                try account(-remove.count)
                return
            }
            var i = try index(key, "list")
            if i < 0 { i += l.items.count }
            guard i >= 0 && i < l.items.count else { throw ScriptException.error("IndexError", "list assignment index out of range") }
            l.items.remove(at: i)
            try account(-1)
        case .dict(let d):
            guard d.remove(try self.key(key)) != nil else {
                throw ScriptException(ExceptionObject(BuiltinTypes.keyError, [key]))
            }
            try account(-1)
        default:
            throw ScriptException.type("'\(container.typeName)' object doesn't support item deletion")
        }
    }

    /// `format % args` for str (the printf-style operator).
    func percentFormat(_ format: String, _ args: Value) throws -> String {
        var values: [Value]
        if case .tuple(let t) = args { values = t } else { values = [args] }
        var dictArg: DictObject?
        if case .dict(let d) = args { dictArg = d }
        var out = ""
        let chars = Array(format)
        var i = 0
        var used = 0
        while i < chars.count {
            let c = chars[i]
            if c != "%" { out.append(c); i += 1; continue }
            i += 1
            guard i < chars.count else { throw ScriptException.value("incomplete format") }
            var key: Value?
            if chars[i] == "(" {
                var name = ""
                i += 1
                while i < chars.count && chars[i] != ")" { name.append(chars[i]); i += 1 }
                i += 1
                guard let d = dictArg else { throw ScriptException.type("format requires a mapping") }
                guard let v = d.get(HashKey(.string(name))) else { throw ScriptException(ExceptionObject(BuiltinTypes.keyError, [.string(name)])) }
                key = v
            }
            var flags = ""
            while i < chars.count, "-+ #0".contains(chars[i]) { flags.append(chars[i]); i += 1 }
            var width = ""
            while i < chars.count, chars[i].isNumber { width.append(chars[i]); i += 1 }
            var precision: String?
            if i < chars.count, chars[i] == "." {
                i += 1
                var p = ""
                while i < chars.count, chars[i].isNumber { p.append(chars[i]); i += 1 }
                precision = p
            }
            guard i < chars.count else { throw ScriptException.value("incomplete format") }
            let conversion = chars[i]
            i += 1
            if conversion == "%" { out.append("%"); continue }
            let value: Value
            if let key { value = key } else {
                guard used < values.count else { throw ScriptException.type("not enough arguments for format string") }
                value = values[used]
                used += 1
            }
            var spec = ""
            if flags.contains("-") { spec += "<" } else if conversion == "s" || conversion == "r" { spec += ">" }
            if flags.contains("+") { spec += "+" } else if flags.contains(" ") { spec += " " }
            if flags.contains("#") { spec += "#" }
            if flags.contains("0") && !flags.contains("-") { spec += "0" }
            spec += width
            switch conversion {
            case "s": out += try FormatSpec.format(.string(value.str), spec)
            case "r": out += try FormatSpec.format(.string(value.repr), spec)
            case "d", "i", "u":
                let n: Value
                switch value {
                case .float(let f):
                    guard f.isFinite else { throw ScriptException.error("OverflowError", "cannot convert float infinity to integer") }
                    n = .integer(Int128(f.rounded(.towardZero)))
                case .int, .bigInt, .bool: n = value
                default: throw ScriptException.type("%\(conversion) format: a real number is required, not \(value.typeName)")
                }
                out += try FormatSpec.format(n, spec + "d")
            case "f", "F", "e", "E", "g", "G":
                guard let d = try Runtime.double(value) else {
                    throw ScriptException.type("must be real number, not \(value.typeName)")
                }
                out += try FormatSpec.format(.float(d), spec + "." + (precision.map { $0.isEmpty ? "0" : $0 } ?? "6") + String(conversion))
            case "x", "X", "o":
                guard Equality.integerValue(value) != nil else {
                    throw ScriptException.type("%\(conversion) format: an integer is required, not \(value.typeName)")
                }
                out += try FormatSpec.format(value, spec + String(conversion))
            case "c":
                out += try FormatSpec.format(value, spec + (value.asString == nil ? "c" : ""))
            default:
                throw ScriptException.value("unsupported format character '\(conversion)' (0x\(String(conversion.unicodeScalars.first?.value ?? 0, radix: 16))) at index \(i - 1)")
            }
        }
        if used < values.count && dictArg == nil {
            throw ScriptException.type("not all arguments converted during string formatting")
        }
        return out
    }
}
