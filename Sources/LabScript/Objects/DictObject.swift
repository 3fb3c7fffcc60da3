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
