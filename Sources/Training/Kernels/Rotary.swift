import Foundation

/// Rotary position embeddings as transformers applies them to Hugging Face Llama weights
/// (`rotate_half`): dimension `i` of a head pairs with `i + D/2`, both rotated by `θ = p · invFreq[i]`.
struct Rotary {
    /// `cos[position, i]` and `sin[position, i]`, `[positions, D/2]`.
    let cos: [Float], sin: [Float]
    /// Half the head width.
    let half: Int

    /// Tables for `positions` positions of heads `headDimension` wide, computed in float32 as
    /// transformers does (`invFreq = 1 / theta^(2i/D)`, `θ = position · invFreq`).
    init(positions: Int, headDimension: Int, theta: Float) {
        half = headDimension / 2
        var cos = [Float](repeating: 0, count: positions * half), sin = cos
        for i in 0..<half {
            let inverse = 1 / powf(theta, Float(2 * i) / Float(headDimension))
            for p in 0..<positions {
                let angle = Float(p) * inverse
                cos[p * half + i] = Foundation.cos(angle)
                sin[p * half + i] = Foundation.sin(angle)
            }
        }
        self.cos = cos
        self.sin = sin
    }

    /// Rotates in place every head of `x[batch, time, heads, D]` at position `t` (right-padded
    /// batches: position = index in the row). `inverse` rotates by `−θ`, which is the backward pass
    /// (the rotation is orthogonal, so its gradient is its transpose).
    func apply(_ x: UnsafeMutablePointer<Float>, batch: Int, time: Int, heads: Int, inverse: Bool = false) {
        let width = 2 * half
        cos.withUnsafeBufferPointer { cosines in
            sin.withUnsafeBufferPointer { sines in
                for b in 0..<batch {
                    for t in 0..<time {
                        for h in 0..<heads {
                            let v = x + ((b * time + t) * heads + h) * width
                            for i in 0..<half {
                                let c = cosines[t * half + i]
                                let s = inverse ? -sines[t * half + i] : sines[t * half + i]
                                let first = v[i], second = v[i + half]
                                v[i] = first * c - second * s
                                v[i + half] = second * c + first * s
                            }
                        }
                    }
                }
            }
        }
    }
}
