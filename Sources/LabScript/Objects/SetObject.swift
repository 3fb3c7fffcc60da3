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
