/// Python's `==` and ordering between values.
enum Equality {
    /// `a == b` with Python's rules (numbers compare by value across int, float and bool;
    /// containers element by element; other objects by identity).
    static func equal(_ a: Value, _ b: Value) -> Bool {
        equal(a, b, depth: 0)
    }

    /// `==`, giving up (false) on containers nested deeper than 1000 levels (a cycle).
    static func equal(_ a: Value, _ b: Value, depth: Int) -> Bool {
        if depth > 1000 { return false }
        switch (a, b) {
        case (.int(let x), .int(let y)): return x == y
        case (.string(let x), .string(let y)): return x.unicodeScalars.elementsEqual(y.unicodeScalars)
        case (.float(let x), .float(let y)): return x == y
        case (.none, .none): return true
        case (.int, _), (.float, _), (.bool, _), (.bigInt, _):
            return numericEqual(a, b)
        case (.list(let x), .list(let y)):
            if x === y { return true }
            return sequenceEqual(x.items, y.items, depth: depth + 1)
        case (.tuple(let x), .tuple(let y)): return sequenceEqual(x, y, depth: depth + 1)
        case (.dict(let x), .dict(let y)):
            if x === y { return true }
            guard x.count == y.count else { return false }
            for (k, v) in x.entries {
                guard let other = y.get(HashKey(k)), equal(v, other, depth: depth + 1) else { return false }
            }
            return true
        case (.set(let x), .set(let y)):
            guard x.count == y.count else { return false }
            for k in x.keys where !y.contains(k) { return false }
            return true
        case (.range(let x), .range(let y)):
            if x.count != y.count { return false }
            if x.count == 0 { return true }
            if x.start != y.start { return false }
            return x.count == 1 || x.step == y.step
        case (.function(let x), .function(let y)): return x === y
        case (.builtin(let x), .builtin(let y)): return x === y
        case (.type(let x), .type(let y)): return x === y
        case (.exception(let x), .exception(let y)): return x === y
        case (.iterator(let x), .iterator(let y)): return x === y
        case (.module(let x), .module(let y)): return x === y
        case (.host(let x), .host(let y)): return x === y
        case (.method(let x), .method(let y)): return x.name == y.name && identical(x.receiver, y.receiver)
        default: return false
        }
    }

    static func sequenceEqual(_ x: [Value], _ y: [Value], depth: Int) -> Bool {
        guard x.count == y.count else { return false }
        for i in x.indices where !(identical(x[i], y[i]) || equal(x[i], y[i], depth: depth)) { return false }
        return true
    }

    /// `a is b`.
    static func identical(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.none, .none): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y && x >= -5 && x <= 256
        case (.string(let x), .string(let y)): return x == y && x.utf8.count <= 1
        case (.list(let x), .list(let y)): return x === y
        case (.dict(let x), .dict(let y)): return x === y
        case (.set(let x), .set(let y)): return x === y
        case (.tuple(let x), .tuple(let y)): return x.isEmpty && y.isEmpty
        case (.float(let x), .float(let y)): return x.bitPattern == y.bitPattern
        case (.int, _), (.string, _), (.tuple, _), (.bigInt, _), (.range, _), (.float, _): return false
        default: return equal(a, b)
        }
    }

    private static func numericEqual(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.int(let x), .float(let y)), (.float(let y), .int(let x)):
            return intEqualsDouble(Int128(x), y)
        case (.bigInt(let x), .float(let y)), (.float(let y), .bigInt(let x)):
            return intEqualsDouble(x, y)
        case (.float(let x), .bool(let y)), (.bool(let y), .float(let x)):
            return x == (y ? 1 : 0)
        default:
            guard let x = integerValue(a), let y = integerValue(b) else { return false }
            return x == y
        }
    }

    static func intEqualsDouble(_ x: Int128, _ y: Double) -> Bool {
        guard y.isFinite, y.rounded(.towardZero) == y else { return false }
        guard let yi = Int128(exactly: y) else { return false }
        return x == yi
    }

    /// The exact integer value of an int or bool.
    static func integerValue(_ v: Value) -> Int128? {
        switch v {
        case .int(let i): return Int128(i)
        case .bigInt(let i): return i
        case .bool(let b): return b ? 1 : 0
        default: return nil
        }
    }

    /// Compares an exact integer with a double without rounding the integer.
    static func compareIntDouble(_ x: Int128, _ y: Double) -> Int {
        if y.isNaN { return 2 }  // unordered
        if y == .infinity { return -1 }
        if y == -.infinity { return 1 }
        let floorY = y.rounded(.down)
        guard let yi = Int128(exactly: floorY) else {
            return y > 0 ? -1 : 1
        }
        if x < yi { return -1 }
        if x > yi { return 1 }
        return floorY == y ? 0 : -1
    }

    /// `a < b` (and the other orderings through `op`): numbers, strings, and lists/tuples
    /// lexicographically; sets by inclusion; otherwise a TypeError as CPython words it.
    static func compare(_ a: Value, _ b: Value, _ op: ComparisonOperator, depth: Int = 0) throws(ScriptException) -> Bool {
        if depth > 1000 { throw .error("RecursionError", "maximum recursion depth exceeded in comparison") }
        switch (a, b) {
        case (.int(let x), .int(let y)): return order(x < y ? -1 : x > y ? 1 : 0, op)
        case (.float(let x), .float(let y)):
            if x.isNaN || y.isNaN { return false }
            return order(x < y ? -1 : x > y ? 1 : 0, op)
        case (.string(let x), .string(let y)):
            return order(compareStrings(x, y), op)
        case (.float(let y), _):
            guard let x = integerValue(b) else { break }
            let c = compareIntDouble(x, y)
            if c == 2 { return false }
            return order(-c, op)
        case (_, .float(let y)):
            guard let x = integerValue(a) else { break }
            let c = compareIntDouble(x, y)
            if c == 2 { return false }
            return order(c, op)
        case (.list(let x), .list(let y)): return try sequenceCompare(x.items, y.items, op, depth)
        case (.tuple(let x), .tuple(let y)): return try sequenceCompare(x, y, op, depth)
        case (.set(let x), .set(let y)):
            let xs = x.keys, ys = y.keys
            let sub = xs.allSatisfy { y.contains($0) }
            let sup = ys.allSatisfy { x.contains($0) }
            switch op {
            case .less: return sub && xs.count < ys.count
            case .lessEqual: return sub
            case .greater: return sup && xs.count > ys.count
            case .greaterEqual: return sup
            default: break
            }
        default:
            if let x = integerValue(a), let y = integerValue(b) {
                return order(x < y ? -1 : x > y ? 1 : 0, op)
            }
        }
        throw .type("'\(op.rawValue)' not supported between instances of '\(a.typeName)' and '\(b.typeName)'")
    }

    static func compareStrings(_ x: String, _ y: String) -> Int {
        var i = x.unicodeScalars.makeIterator(), j = y.unicodeScalars.makeIterator()
        while true {
            switch (i.next(), j.next()) {
            case (nil, nil): return 0
            case (nil, _): return -1
            case (_, nil): return 1
            case (let p?, let q?):
                if p != q { return p.value < q.value ? -1 : 1 }
            }
        }
    }

    private static func order(_ c: Int, _ op: ComparisonOperator) -> Bool {
        switch op {
        case .less: return c < 0
        case .lessEqual: return c <= 0
        case .greater: return c > 0
        case .greaterEqual: return c >= 0
        case .equal: return c == 0
        case .notEqual: return c != 0
        default: return false
        }
    }

    private static func sequenceCompare(_ x: [Value], _ y: [Value], _ op: ComparisonOperator, _ depth: Int) throws(ScriptException) -> Bool {
        var i = 0
        while i < x.count && i < y.count {
            if !(identical(x[i], y[i]) || equal(x[i], y[i], depth: depth + 1)) {
                return try compare(x[i], y[i], op, depth: depth + 1)
            }
            i += 1
        }
        return order(x.count < y.count ? -1 : x.count > y.count ? 1 : 0, op)
    }
}
