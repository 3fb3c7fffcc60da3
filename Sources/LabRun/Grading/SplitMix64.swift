/// SplitMix64 (Steele, Lea and Flood, 2014): a tiny, fast, fully specified pseudo-random
/// generator. Given the same 64-bit seed it yields the same sequence on every machine, Swift
/// version and process, which is what per-student shuffles need (Swift's `SystemRandomNumberGenerator`
/// and `Hasher` are deliberately unrepeatable).
///
/// Each step adds the golden-ratio increment 0x9E3779B97F4A7C15 to the state and mixes it with
/// two xor-shift-multiply rounds (constants 0xBF58476D1CE4E5B9 and 0x94D049BB133111EB).
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator that starts from `seed`.
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

    /// A uniformly distributed integer in `0..<bound` (`bound` > 0), by rejection sampling so that
    /// no value is favoured. Written out here, rather than using the standard library's
    /// `random(in:using:)`, so the sequence cannot change with a Swift release.
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

    /// A permutation of `0..<count` by the Fisher–Yates shuffle: walking from the last position
    /// down, swap each with a uniformly chosen position at or before it.
    public mutating func permutation(of count: Int) -> [Int] {
        var order = Array(0..<count)
        var position = count - 1
        while position > 0 {
            let other = next(below: position + 1)
            order.swapAt(position, other)
            position -= 1
        }
        return order
    }
}
