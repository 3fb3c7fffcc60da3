/// A small, fast, repeatable random number generator (SplitMix64, Steele et al. 2014). The same seed
/// gives the same stream on every machine, so Monte Carlo p-values and sampled continuations are
/// reproducible; `scripts/bias-reference/bias_reference.py` implements the same stream.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator whose stream is fixed by `seed`.
    public init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in `0..<bound` (the high word of a 64×64-bit product; `bound` > 0).
    public mutating func nextIndex(below bound: Int) -> Int {
        Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// A uniform double in [0, 1) with 53 random bits.
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform integer in `0..<bound` (`bound` > 0) by rejection sampling, so no value is
    /// favoured; written out rather than `random(in:using:)` so the sequence cannot change with a
    /// Swift release (quiz shuffles are pinned to it).
    public mutating func next(below bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        let range = UInt64(bound)
        // The largest multiple of `range` that fits: values at or above it are rejected.
        let limit = UInt64.max - (UInt64.max % range)
        while true {
            let value = next()
            if value < limit { return Int(value % range) }
        }
    }

    /// A permutation of `0..<count` by the Fisher–Yates shuffle over `next(below:)`: walking from
    /// the last position down, swap each with a uniformly chosen position at or before it.
    public mutating func permutation(of count: Int) -> [Int] {
        var order = Array(0..<count)
        var position = count - 1
        while position > 0 {
            order.swapAt(position, next(below: position + 1))
            position -= 1
        }
        return order
    }

    /// Shuffles `items` in place: Fisher–Yates from the last position down, swapping position `i`
    /// with `nextIndex(below: i + 1)`.
    public mutating func shuffle<T>(_ items: inout [T]) {
        guard items.count > 1 else { return }
        for i in stride(from: items.count - 1, through: 1, by: -1) {
            let j = nextIndex(below: i + 1)
            items.swapAt(i, j)
        }
    }
}
