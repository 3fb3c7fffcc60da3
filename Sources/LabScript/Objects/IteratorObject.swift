/// An iterator (`zip`, `enumerate`, `map`, `iter(...)`) over values computed when it was made.
public final class IteratorObject {
    let kind: String
    var items: [Value]
    var position = 0

    init(kind: String, items: [Value]) {
        self.kind = kind
        self.items = items
    }

    func next() -> Value? {
        guard position < items.count else { return nil }
        defer { position += 1 }
        return items[position]
    }

    /// The items not yet consumed; consumes them.
    func drain() -> [Value] {
        let rest = Array(items[min(position, items.count)...])
        position = items.count
        return rest
    }
}
