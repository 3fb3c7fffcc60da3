#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Python's operators on values: arithmetic with int/float promotion and floor semantics,
/// sequence concatenation and repetition, set algebra, truthiness, `in`.
extension Runtime {
    static func overflow() -> ScriptException {
        .error("OverflowError", "int result too large for LabScript (more than 128 bits)")
    }

    static func unsupported(_ op: String, _ a: Value, _ b: Value) -> ScriptException {
        .type("unsupported operand type(s) for \(op): '\(a.typeName)' and '\(b.typeName)'")
    }

    /// The numeric value of an int, bool or float operand as a Double, or nil.
    @inline(__always)
    static func double(_ v: Value) throws(ScriptException) -> Double? {
        switch v {
        case .float(let d): return d
        case .int(let i): return Double(i)
        case .bool(let b): return b ? 1 : 0
        case .bigInt(let i): return Double(i)
        default: return nil
        }
    }

    func binary(_ op: BinaryOperator, _ a: Value, _ b: Value) throws -> Value {
        // Fast paths: small ints and floats.
        if case .int(let x) = a, case .int(let y) = b {
            switch op {
            case .add: let (r, o) = x.addingReportingOverflow(y); if !o { return .int(r) }
            case .subtract: let (r, o) = x.subtractingReportingOverflow(y); if !o { return .int(r) }
            case .multiply: let (r, o) = x.multipliedReportingOverflow(by: y); if !o { return .int(r) }
            case .modulo where y > 0 && x >= 0: return .int(x % y)
            case .floorDivide where y > 0 && x >= 0: return .int(x / y)
            default: break
            }
        }
        switch op {
        case .add: return try add(a, b)
        case .subtract, .multiply, .divide, .floorDivide, .modulo, .power:
            if op == .multiply { if let r = try repeatSequence(a, b) { return r } }
            if op == .subtract, case .set(let x) = a, case .set(let y) = b {
                let r = makeSet()
                for k in x.keys where !y.contains(k) { r.insert(k) }
                try account(r.count)
                return .set(r)
            }
            if op == .modulo, case .string(let s) = a { return .string(try percentFormat(s, b)) }
            return try arithmetic(op, a, b)
        case .leftShift, .rightShift, .bitAnd, .bitOr, .bitXor:
            return try bitwise(op, a, b)
        case .matrixMultiply:
            throw Runtime.unsupported("@", a, b)
        }
    }

    func add(_ a: Value, _ b: Value) throws -> Value {
        switch (a, b) {
        case (.string(let x), .string(let y)):
            try checkSize(x.utf8.count + y.utf8.count)
            return .string(x + y)
        case (.list(let x), .list(let y)):
            return try makeList(x.items + y.items)
        case (.tuple(let x), .tuple(let y)):
            try checkSize(x.count + y.count)
            return .tuple(x + y)
        case (.string, _):
            throw ScriptException.type("can only concatenate str (not \"\(b.typeName)\") to str")
        case (.list, _):
            throw ScriptException.type("can only concatenate list (not \"\(b.typeName)\") to list")
        case (.tuple, _):
            throw ScriptException.type("can only concatenate tuple (not \"\(b.typeName)\") to tuple")
        default:
            return try arithmetic(.add, a, b)
        }
    }

    private func repeatSequence(_ a: Value, _ b: Value) throws -> Value? {
        func count(_ v: Value) -> Int? {
            switch v {
            case .int(let i): return max(0, i)
            case .bool(let x): return x ? 1 : 0
            case .bigInt(let i): return i > 0 ? Int.max : 0
            default: return nil
            }
        }
        var sequence = a, times = b
        switch b {
        case .string, .list, .tuple:
            sequence = b; times = a
        default: break
        }
        switch sequence {
        case .string(let s):
            guard let n = count(times) else {
                throw ScriptException.type("can't multiply sequence by non-int of type '\(times.typeName)'")
            }
            if s.isEmpty || n == 0 { return .string("") }
            let (total, o) = s.utf8.count.multipliedReportingOverflow(by: n)
            try checkSize(o ? Int.max : total)
            return .string(String(repeating: s, count: n))
        case .list(let l):
            guard let n = count(times) else {
                throw ScriptException.type("can't multiply sequence by non-int of type '\(times.typeName)'")
            }
            if l.items.isEmpty || n == 0 { return try makeList([]) }
            let (total, o) = l.items.count.multipliedReportingOverflow(by: n)
            try checkSize(o ? Int.max : total)
            var items: [Value] = []
            items.reserveCapacity(total)
            for _ in 0..<n { items += l.items }
            return try makeList(items)
        case .tuple(let t):
            guard let n = count(times) else {
                throw ScriptException.type("can't multiply sequence by non-int of type '\(times.typeName)'")
            }
            if t.isEmpty || n == 0 { return .tuple([]) }
            let (total, o) = t.count.multipliedReportingOverflow(by: n)
            try checkSize(o ? Int.max : total)
            var items: [Value] = []
            for _ in 0..<n { items += t }
            return .tuple(items)
        default:
            return nil
        }
    }

    func arithmetic(_ op: BinaryOperator, _ a: Value, _ b: Value) throws -> Value {
        if let x = Equality.integerValue(a), let y = Equality.integerValue(b) {
            return try integerArithmetic(op, x, y)
        }
        guard let x = try Runtime.double(a), let y = try Runtime.double(b) else {
            throw Runtime.unsupported(op == .power ? "** or pow()" : op.rawValue, a, b)
        }
        if case .bigInt(let i) = a, Double(i).isInfinite { throw ScriptException.error("OverflowError", "int too large to convert to float") }
        return .float(try floatArithmetic(op, x, y))
    }

    func floatArithmetic(_ op: BinaryOperator, _ x: Double, _ y: Double) throws -> Double {
        switch op {
        case .add: return x + y
        case .subtract: return x - y
        case .multiply: return x * y
        case .divide:
            if y == 0 { throw ScriptException.error("ZeroDivisionError", "float division by zero") }
            return x / y
        case .floorDivide:
            if y == 0 { throw ScriptException.error("ZeroDivisionError", "float floor division by zero") }
            return Runtime.floatDivMod(x, y).0
        case .modulo:
            if y == 0 { throw ScriptException.error("ZeroDivisionError", "float modulo") }
            return Runtime.floatDivMod(x, y).1
        case .power:
            if x == 0 && y < 0 { throw ScriptException.error("ZeroDivisionError", "0.0 cannot be raised to a negative power") }
            if x < 0 && y.isFinite && y.rounded() != y {
                throw ScriptException.value("a negative number raised to a fractional power is a complex number, which LabScript does not support")
            }
            let r = pow(x, y)
            if r.isInfinite && x.isFinite && y.isFinite { throw ScriptException.error("OverflowError", "(34, 'Numerical result out of range')") }
            return r
        default:
            throw ScriptException.type("unsupported operand type(s) for \(op.rawValue): 'float' and 'float'")
        }
    }

    /// CPython's float floor division and modulo (the remainder takes the divisor's sign).
    static func floatDivMod(_ vx: Double, _ wx: Double) -> (Double, Double) {
        var mod = fmod(vx, wx)
        var div = (vx - mod) / wx
        if mod != 0 {
            if (wx < 0) != (mod < 0) {
                mod += wx
                div -= 1
            }
        } else {
            mod = copysign(0, wx)
        }
        var floordiv: Double
        if div != 0 {
            floordiv = floor(div)
            if div - floordiv > 0.5 { floordiv += 1 }
        } else {
            floordiv = copysign(0, vx / wx)
        }
        return (floordiv, mod)
    }

    func integerArithmetic(_ op: BinaryOperator, _ x: Int128, _ y: Int128) throws -> Value {
        switch op {
        case .add:
            let (r, o) = x.addingReportingOverflow(y)
            if o { throw Runtime.overflow() }
            return .integer(r)
        case .subtract:
            let (r, o) = x.subtractingReportingOverflow(y)
            if o { throw Runtime.overflow() }
            return .integer(r)
        case .multiply:
            let (r, o) = x.multipliedReportingOverflow(by: y)
            if o { throw Runtime.overflow() }
            return .integer(r)
        case .divide:
            if y == 0 { throw ScriptException.error("ZeroDivisionError", "division by zero") }
            if x.magnitude < (1 << 53) && y.magnitude < (1 << 53) { return .float(Double(x) / Double(y)) }
            return .float(Runtime.exactDivide(x, y))
        case .floorDivide:
            if y == 0 { throw ScriptException.error("ZeroDivisionError", "integer division or modulo by zero") }
            return .integer(try Runtime.floorDivMod(x, y).0)
        case .modulo:
            if y == 0 { throw ScriptException.error("ZeroDivisionError", "integer modulo by zero") }
            return .integer(try Runtime.floorDivMod(x, y).1)
        case .power:
            if y < 0 {
                if x == 0 { throw ScriptException.error("ZeroDivisionError", "0.0 cannot be raised to a negative power") }
                return .float(try floatArithmetic(.power, Double(x), Double(y)))
            }
            var result: Int128 = 1
            var base = x
            var e = y
            while e > 0 {
                if e & 1 == 1 {
                    let (r, o) = result.multipliedReportingOverflow(by: base)
                    if o { throw Runtime.overflow() }
                    result = r
                }
                e >>= 1
                if e > 0 {
                    let (b, o) = base.multipliedReportingOverflow(by: base)
                    if o { throw Runtime.overflow() }
                    base = b
                }
            }
            return .integer(result)
        default:
            throw ScriptException.type("unsupported operand")
        }
    }

    /// int / int for operands beyond 2**53: a correctly rounded quotient in practice.
    static func exactDivide(_ x: Int128, _ y: Int128) -> Double {
        if y == -1 { return -Double(x) }
        let q = x / y, r = x % y
        return Double(q) + Double(r) / Double(y)
    }

    static func floorDivMod(_ x: Int128, _ y: Int128) throws(ScriptException) -> (Int128, Int128) {
        if x == Int128.min && y == -1 { throw overflow() }
        var q = x / y
        var r = x % y
        if r != 0 && ((r < 0) != (y < 0)) {
            q -= 1
            r += y
        }
        return (q, r)
    }

    func bitwise(_ op: BinaryOperator, _ a: Value, _ b: Value) throws -> Value {
        if case .bool(let x) = a, case .bool(let y) = b {
            switch op {
            case .bitAnd: return .bool(x && y)
            case .bitOr: return .bool(x || y)
            case .bitXor: return .bool(x != y)
            default: break
            }
        }
        if case .set(let x) = a, case .set(let y) = b {
            let r = makeSet()
            switch op {
            case .bitOr:
                r.merge(x.keys)
                r.merge(y.keys)
            case .bitAnd:
                let (small, large) = x.count > y.count ? (y, x) : (x, y)
                for k in small.keys where large.contains(k) { r.insert(k) }
            case .bitXor:
                r.merge(x.keys)
                for k in y.keys {
                    if r.contains(k) { r.remove(k) } else { r.insert(k) }
                }
            default: throw Runtime.unsupported(op.rawValue, a, b)
            }
            try account(r.count)
            return .set(r)
        }
        if case .dict(let x) = a, case .dict(let y) = b, op == .bitOr {
            let r = makeDict()
            for (k, v) in x.entries { r.set(k, v, hash: HashKey(k)) }
            for (k, v) in y.entries { r.set(k, v, hash: HashKey(k)) }
            try account(r.count)
            return .dict(r)
        }
        guard let x = Equality.integerValue(a), let y = Equality.integerValue(b) else {
            throw Runtime.unsupported(op.rawValue, a, b)
        }
        switch op {
        case .bitAnd: return .integer(x & y)
        case .bitOr: return .integer(x | y)
        case .bitXor: return .integer(x ^ y)
        case .leftShift:
            if y < 0 { throw ScriptException.value("negative shift count") }
            if x == 0 { return .int(0) }
            if y >= 127 { throw Runtime.overflow() }
            let r = x << y
            if r >> y != x { throw Runtime.overflow() }
            return .integer(r)
        case .rightShift:
            if y < 0 { throw ScriptException.value("negative shift count") }
            return .integer(y >= 127 ? (x < 0 ? -1 : 0) : x >> y)
        default: throw Runtime.unsupported(op.rawValue, a, b)
        }
    }

    func unary(_ op: UnaryOperator, _ v: Value) throws -> Value {
        switch op {
        case .not: return .bool(!(try truthy(v)))
        case .negate:
            switch v {
            case .int(let i):
                if i == Int.min { return .integer(-Int128(i)) }
                return .int(-i)
            case .bigInt(let i):
                if i == Int128.min { throw Runtime.overflow() }
                return .integer(-i)
            case .bool(let b): return .int(b ? -1 : 0)
            case .float(let d): return .float(-d)
            default: throw ScriptException.type("bad operand type for unary -: '\(v.typeName)'")
            }
        case .plus:
            switch v {
            case .int, .bigInt, .float: return v
            case .bool(let b): return .int(b ? 1 : 0)
            default: throw ScriptException.type("bad operand type for unary +: '\(v.typeName)'")
            }
        case .invert:
            guard let i = Equality.integerValue(v) else {
                throw ScriptException.type("bad operand type for unary ~: '\(v.typeName)'")
            }
            return .integer(~i)
        }
    }

    /// Python truthiness.
    func truthy(_ v: Value) throws -> Bool {
        switch v {
        case .bool(let b): return b
        case .none: return false
        case .int(let i): return i != 0
        case .bigInt(let i): return i != 0
        case .float(let d): return d != 0
        case .string(let s): return !s.isEmpty
        case .list(let l): return !l.items.isEmpty
        case .tuple(let t): return !t.isEmpty
        case .dict(let d): return d.count > 0
        case .set(let s): return s.count > 0
        case .range(let r): return r.count > 0
        case .host(let h):
            do { if let n = try h.length() { return n > 0 } } catch { throw hostFailure(error) }
            return true
        default: return true
        }
    }

    /// `item in container`.
    func contains(_ container: Value, _ item: Value) throws -> Bool {
        switch container {
        case .list(let l):
            for x in l.items where Equality.identical(x, item) || Equality.equal(x, item) { return true }
            return false
        case .tuple(let t):
            for x in t where Equality.identical(x, item) || Equality.equal(x, item) { return true }
            return false
        case .string(let s):
            guard case .string(let sub) = item else {
                throw ScriptException.type("'in <string>' requires string as left operand, not \(item.typeName)")
            }
            return sub.isEmpty || s.contains(sub)
        case .dict(let d):
            return d.get(try key(item)) != nil
        case .set(let s):
            return s.contains(try key(item))
        case .range(let r):
            guard let i = Equality.integerValue(item) else {
                if case .float(let f) = item, let i = Int(exactly: f) { return try contains(container, .int(i)) }
                return false
            }
            guard let x = Int(exactly: i) else { return false }
            if r.step > 0 ? (x < r.start || x >= r.stop) : (x > r.start || x <= r.stop) { return false }
            return (x - r.start) % r.step == 0
        case .iterator, .host:
            let items = try iterate(container)
            return items.contains { Equality.identical($0, item) || Equality.equal($0, item) }
        default:
            throw ScriptException.type("argument of type '\(container.typeName)' is not iterable")
        }
    }

    /// A dict key or set element for `v`, or the TypeError for unhashable values.
    func key(_ v: Value) throws(ScriptException) -> HashKey {
        guard let k = HashKey.make(v) else { throw ScriptException.type("unhashable type: '\(v.typeName)'") }
        return k
    }

    /// An error thrown by host code, as a Python exception.
    func hostFailure(_ error: any Error) -> any Error {
        if let host = error as? HostError { return ScriptException.error(host.kind, host.message) }
        if error is ScriptException || error is LimitExceeded { return error }
        return ScriptException.error("RuntimeError", String(describing: error))
    }
}
