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

/// A mutable dict shared by reference, iterating in insertion order as Python's does.
public class DictObject {
    private(set) var keys: [Value] = []
    private(set) var values: [Value] = []
    private var index: [HashKey: Int] = [:]

    /// An empty dict.
    public init() {}

    /// The number of entries.
    public var count: Int { keys.count }

    /// The entries in insertion order.
    public var entries: Zip2Sequence<[Value], [Value]> { zip(keys, values) }

    /// The value for `key`, if present.
    func get(_ key: HashKey) -> Value? {
        guard let i = index[key] else { return nil }
        return values[i]
    }

    /// Sets `key` to `value` (an existing key keeps its place and its original key object).
    func set(_ key: Value, _ value: Value, hash: HashKey) {
        if let i = index[hash] {
            values[i] = value
        } else {
            index[hash] = keys.count
            keys.append(key)
            values.append(value)
        }
    }

    /// Removes `key`, returning its value.
    @discardableResult
    func remove(_ key: HashKey) -> Value? {
        guard let i = index.removeValue(forKey: key) else { return nil }
        let value = values[i]
        keys.remove(at: i)
        values.remove(at: i)
        if i < keys.count {
            for j in i..<keys.count { index[HashKey(keys[j])] = j }
        }
        return value
    }

    /// Removes every entry.
    func removeAll() {
        keys = []
        values = []
        index = [:]
    }

    /// A shallow copy.
    func copy() -> DictObject {
        let d = DictObject()
        d.keys = keys
        d.values = values
        d.index = index
        return d
    }

    /// Removes and returns the last entry.
    func popLast() -> (Value, Value)? {
        guard let k = keys.last, let v = values.last else { return nil }
        index.removeValue(forKey: HashKey(k))
        keys.removeLast()
        values.removeLast()
        return (k, v)
    }
}

/// A mutable set shared by reference, laid out as CPython's hash table so that iteration order
/// matches CPython for numbers (and is fixed, though different from CPython's random order, for str).
public class SetObject {
    private enum Slot { case empty, dummy, full(HashKey) }
    private var table: [Slot] = Array(repeating: .empty, count: 8)
    private var fill = 0
    private(set) var count = 0

    /// An empty set.
    public init() {}

    /// The elements in iteration order.
    public var elements: [Value] {
        var out: [Value] = []
        out.reserveCapacity(count)
        for case .full(let key) in table { out.append(key.value) }
        return out
    }

    /// The elements' keys in iteration order.
    var keys: [HashKey] {
        var out: [HashKey] = []
        out.reserveCapacity(count)
        for case .full(let key) in table { out.append(key) }
        return out
    }

    private var mask: Int { table.count - 1 }

    /// Where `key` is, or where it would go (first dummy or empty slot on its probe path).
    private func find(_ key: HashKey) -> (found: Bool, slot: Int) {
        var perturb = UInt(bitPattern: key.hash)
        var i = Int(UInt(bitPattern: key.hash) & UInt(mask))
        var freeSlot: Int?
        while true {
            var probes = i + 9 <= mask ? 9 : 0
            var j = i
            while true {
                switch table[j] {
                case .empty: return (false, freeSlot ?? j)
                case .dummy: freeSlot = j  // CPython keeps the last dummy on the probe path
                case .full(let other):
                    if other.hash == key.hash && Equality.equal(other.value, key.value) { return (true, j) }
                }
                if probes == 0 { break }
                probes -= 1
                j += 1
            }
            perturb >>= 5
            i = (i &* 5 &+ 1 &+ Int(perturb)) & mask
        }
    }

    /// Whether the set holds `key`.
    func contains(_ key: HashKey) -> Bool { find(key).found }

    /// Adds `key` (no change when present).
    func insert(_ key: HashKey) {
        let (found, slot) = find(key)
        if found { return }
        var wasEmpty = false
        if case .empty = table[slot] { wasEmpty = true }
        table[slot] = .full(key)
        count += 1
        if wasEmpty {
            fill += 1
            if fill * 5 >= mask * 3 { resize(count > 50000 ? count * 2 : count * 4) }
        }
    }

    /// Removes `key`; false when absent.
    @discardableResult
    func remove(_ key: HashKey) -> Bool {
        let (found, slot) = find(key)
        guard found else { return false }
        table[slot] = .dummy
        count -= 1
        return true
    }

    /// Removes every element.
    func removeAll() {
        table = Array(repeating: .empty, count: 8)
        fill = 0
        count = 0
    }

    /// Removes and returns the first element in iteration order.
    func popFirst() -> Value? {
        for i in table.indices {
            if case .full(let key) = table[i] {
                table[i] = .dummy
                count -= 1
                return key.value
            }
        }
        return nil
    }

    private func resize(_ minUsed: Int) {
        var size = 8
        while size <= minUsed { size <<= 1 }
        let old = table
        table = Array(repeating: .empty, count: size)
        fill = 0
        count = 0
        for case .full(let key) in old {
            // A clean insert: the key is known to be absent.
            var perturb = UInt(bitPattern: key.hash)
            var i = Int(UInt(bitPattern: key.hash) & UInt(mask))
            outer: while true {
                var probes = i + 9 <= mask ? 9 : 0
                var j = i
                while true {
                    if case .empty = table[j] { table[j] = .full(key); break outer }
                    if probes == 0 { break }
                    probes -= 1
                    j += 1
                }
                perturb >>= 5
                i = (i &* 5 &+ 1 &+ Int(perturb)) & mask
            }
            fill += 1
            count += 1
        }
    }

    /// Adds every key of `other` as CPython's `set_merge` does (presizing, then in `other`'s order).
    func merge(_ other: [HashKey]) {
        if (fill + other.count) * 5 >= mask * 3 { resize((count + other.count) * 2) }
        for key in other { insert(key) }
    }

    /// A copy with the same layout.
    func copy() -> SetObject {
        let s = SetObject()
        s.table = table
        s.fill = fill
        s.count = count
        return s
    }
}
