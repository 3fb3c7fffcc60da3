/// The module namespace: every global name has a fixed slot, resolved when code is compiled.
final class Globals {
    var slots: [String: Int] = [:]
    var values: [Value?] = []
    var names: [String] = []

    func slot(_ name: String) -> Int {
        if let s = slots[name] { return s }
        let s = values.count
        slots[name] = s
        values.append(nil)
        names.append(name)
        return s
    }

    func get(_ name: String) -> Value? {
        guard let s = slots[name] else { return nil }
        return values[s]
    }
}
