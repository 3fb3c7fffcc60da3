/// An immutable `range(start, stop, step)`.
public struct RangeValue: Sendable {
    public let start: Int
    public let stop: Int
    public let step: Int

    /// The number of values the range yields.
    public var count: Int {
        if step > 0 {
            return start < stop ? Int(clamping: (Int128(stop) - Int128(start) - 1) / Int128(step) + 1) : 0
        }
        return start > stop ? Int(clamping: (Int128(start) - Int128(stop) - 1) / -Int128(step) + 1) : 0
    }

    /// The `index`th value (no bounds check).
    public func element(_ index: Int) -> Int { start &+ index &* step }
}
