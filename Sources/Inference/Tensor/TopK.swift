/// The largest values of a row without sorting all of it.
public enum TopK {
    /// The indices (from `candidates`, or all of `values` when nil) of the `count` largest values,
    /// largest first; equal values keep the lower index first.
    public static func indices(of values: [Float], count: Int, among candidates: [Int]? = nil) -> [Int] {
        let pool = candidates ?? Array(values.indices)
        let count = min(max(count, 0), pool.count)
        guard count > 0 else { return [] }
        func before(_ a: Int, _ b: Int) -> Bool { values[a] != values[b] ? values[a] > values[b] : a < b }
        if count > 64 { return Array(pool.sorted(by: before).prefix(count)) }
        var best: [Int] = []
        best.reserveCapacity(count + 1)
        for index in pool {
            if best.count == count, let last = best.last, !before(index, last) { continue }
            var insertAt = best.count
            while insertAt > 0 && before(index, best[insertAt - 1]) { insertAt -= 1 }
            best.insert(index, at: insertAt)
            if best.count > count { best.removeLast() }
        }
        return best
    }
}
