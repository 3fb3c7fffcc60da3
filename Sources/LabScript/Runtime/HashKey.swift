/// A hashable value used as a dict key or set element, with Python's equality (`1 == 1.0 ==
/// True`) and CPython's hash for numbers and tuples (so sets of numbers iterate in CPython's order).
public struct HashKey: Hashable {
    /// The value itself.
    public let value: Value
    /// Its Python hash.
    public let hash: Int

    /// Wraps a value known to be hashable (callers check with `HashKey.make`).
    init(_ value: Value) {
        self.value = value
        self.hash = HashKey.pythonHash(value) ?? 0
    }

    /// A key for `value`, or nil when the value is unhashable (list, dict, set).
    static func make(_ value: Value) -> HashKey? {
        guard let hash = pythonHash(value) else { return nil }
        return HashKey(value: value, hash: hash)
    }

    private init(value: Value, hash: Int) {
        self.value = value
        self.hash = hash
    }

    public static func == (a: HashKey, b: HashKey) -> Bool {
        a.hash == b.hash && Equality.equal(a.value, b.value)
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(hash) }

    static let modulus: UInt64 = (1 << 61) - 1

    /// CPython's `hash()` for numbers, bools and tuples of them; a fixed FNV-1a hash for strings
    /// (CPython randomises string hashes per process, so no program may depend on their order);
    /// nil for unhashable values.
    static func pythonHash(_ value: Value) -> Int? {
        switch value {
        case .none: return 0x5f3759df
        case .bool(let b): return b ? 1 : 0
        case .int(let i): return hashInteger(Int128(i))
        case .bigInt(let i): return hashInteger(i)
        case .float(let d): return hashDouble(d)
        case .string(let s):
            var h: UInt64 = 0xcbf29ce484222325
            for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x100000001b3 }
            let r = Int(bitPattern: UInt(h))
            return r == -1 ? -2 : r
        case .tuple(let items):
            let p1: UInt64 = 11400714785074694791, p2: UInt64 = 14029467366897019727, p5: UInt64 = 2870177450012600261
            var acc = p5
            for item in items {
                guard let h = pythonHash(item) else { return nil }
                acc = acc &+ UInt64(bitPattern: Int64(h)) &* p2
                acc = (acc << 31) | (acc >> 33)
                acc = acc &* p1
            }
            acc = acc &+ (UInt64(items.count) ^ (p5 ^ 3527539))
            if acc == UInt64.max { return 1546275796 }
            return Int(Int64(bitPattern: acc))
        case .list, .dict, .set: return nil
        case .range(let r): return hashInteger(Int128(r.start)) ^ (r.count << 7) ^ r.step
        case .function(let f): return ObjectIdentifier(f).hashValue
        case .builtin(let f): return ObjectIdentifier(f).hashValue
        case .method(let m): return m.name.hashValue
        case .type(let t): return ObjectIdentifier(t).hashValue
        case .exception(let e): return ObjectIdentifier(e).hashValue
        case .iterator(let i): return i.kind == "slice" ? nil : ObjectIdentifier(i).hashValue
        case .module(let m): return ObjectIdentifier(m).hashValue
        case .host(let h): return ObjectIdentifier(h).hashValue
        }
    }

    static func hashInteger(_ value: Int128) -> Int {
        let magnitude = UInt128(value.magnitude)
        var h = Int(UInt64(magnitude % UInt128(modulus)))
        if value < 0 { h = -h }
        return h == -1 ? -2 : h
    }

    static func hashDouble(_ v: Double) -> Int {
        if v.isNaN { return 0 }
        if v.isInfinite { return v > 0 ? 314159 : -314159 }
        var m = v.significand  // in [1, 2)
        var e = Int(v.exponent) + 1  // frexp: v = m' * 2**e with m' in [0.5, 1)
        if v == 0 { return 0 }
        m = abs(v) / Double(sign: .plus, exponent: e, significand: 1)
        var x: UInt64 = 0
        while m != 0 {
            x = ((x << 28) & modulus) | (x >> (61 - 28))
            m *= 268435456.0
            e -= 28
            let y = UInt64(m)
            m -= Double(y)
            x += y
            if x >= modulus { x -= modulus }
        }
        let shift = e >= 0 ? e % 61 : 61 - 1 - ((-1 - e) % 61)
        x = ((x << UInt64(shift)) & modulus) | (x >> UInt64(61 - shift))
        var result = Int(x)
        if v < 0 { result = -result }
        return result == -1 ? -2 : result
    }
}
