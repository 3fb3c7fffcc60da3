/// Inverted dropout as `nn.Dropout` applies it while training: each value is zeroed with
/// `probability` and the rest are scaled by `1 / (1 − probability)`. The mask (0 or the scale) is
/// kept for the backward pass, which multiplies the gradient by the same mask. Masks come from
/// SplitMix64 seeded by the step's seed and the site, so a step is repeatable but its masks are
/// not PyTorch's.
struct Dropout {
    /// The chance that a value is dropped, in [0, 1).
    let probability: Float
    /// The step's seed.
    let seed: UInt64

    /// Fills `mask[count]` for dropout site `site` (any number unique within the step).
    func draw(_ mask: UnsafeMutablePointer<Float>, count: Int, site: Int) {
        var generator = SplitMix64(seed: seed ^ (UInt64(site + 1) &* 0x9E37_79B9_7F4A_7C15))
        let keep = 1 / (1 - probability)
        for i in 0..<count {
            mask[i] = Float(generator.next() >> 40) / Float(1 << 24) >= probability ? keep : 0
        }
    }

    /// `x[count] ⊙= mask[count]` (forward on values, backward on gradients alike).
    static func apply(_ x: UnsafeMutablePointer<Float>, mask: UnsafePointer<Float>, count: Int) {
        for i in 0..<count { x[i] *= mask[i] }
    }
}
