/// The random number generator behind seeded sampling: xoshiro256** (Blackman & Vigna), its
/// 256-bit state filled from the 64-bit seed by SplitMix64. The same seed gives the same numbers
/// on every machine and every run; `uniform()` maps the top 24 bits to a Float in [0, 1).
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    /// A generator whose sequence is fixed by `seed`.
    public init(seed: UInt64) {
        var mixer = seed
        func splitMix() -> UInt64 {
            mixer &+= 0x9E37_79B9_7F4A_7C15
            var z = mixer
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (splitMix(), splitMix(), splitMix(), splitMix())
    }

    /// The generator's whole state, to save it and go on later with `init(words:)`.
    public var words: [UInt64] { [state.0, state.1, state.2, state.3] }

    /// The generator whose state is `words` (as `words` gave it); nil unless there are four.
    public init?(words: [UInt64]) {
        guard words.count == 4 else { return nil }
        state = (words[0], words[1], words[2], words[3])
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = rotate(state.1 &* 5, 7) &* 9
        let shifted = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= shifted
        state.3 = rotate(state.3, 45)
        return result
    }

    /// A uniform Float in [0, 1) from the top 24 bits of `next()`.
    public mutating func uniform() -> Float {
        Float(next() >> 40) * (1.0 / 16_777_216.0)
    }

    private func rotate(_ value: UInt64, _ count: UInt64) -> UInt64 {
        (value << count) | (value >> (64 - count))
    }
}
