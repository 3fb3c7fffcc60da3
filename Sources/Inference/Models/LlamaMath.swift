import Foundation

/// The element-wise and attention steps of a Llama block, on row-major float arrays.
enum LlamaMath {
    /// `output[r, i] = input[r, i] / sqrt(mean_i(input[r, ·]²) + ε) · weight[i]` for `rows` rows.
    static func rmsNorm(_ input: UnsafePointer<Float>, weight: [Float], rows: Int, epsilon: Float,
                        into output: UnsafeMutablePointer<Float>) {
        let width = weight.count
        weight.withUnsafeBufferPointer { w in
            for r in 0..<rows {
                let row = input + r * width
                var sum: Float = 0
                for i in 0..<width { sum += row[i] * row[i] }
                let scale = 1 / (sum / Float(width) + epsilon).squareRoot()
                let out = output + r * width
                for i in 0..<width { out[i] = row[i] * scale * w[i] }
            }
        }
    }

    /// Cosines and sines `[tokens, headDimension/2]` of the rotary angles
    /// `(firstPosition + t) · inverseFrequencies[i]`.
    static func rotaryTable(tokens: Int, firstPosition: Int, inverseFrequencies: [Float]) -> (cos: [Float], sin: [Float]) {
        let half = inverseFrequencies.count
        var cosines = [Float](repeating: 0, count: tokens * half)
        var sines = [Float](repeating: 0, count: tokens * half)
        for t in 0..<tokens {
            let position = Float(firstPosition + t)
            for i in 0..<half {
                let angle = position * inverseFrequencies[i]
                cosines[t * half + i] = cos(angle)
                sines[t * half + i] = sin(angle)
            }
        }
        return (cosines, sines)
    }

    /// Applies rotary embeddings in place to `[tokens, heads · headDimension]` with the angles of
    /// `table` (from `rotaryTable`). `layout` says which two dimensions form pair i.
    static func rotate(_ x: UnsafeMutablePointer<Float>, heads: Int, headDimension: Int, tokens: Int,
                       table: (cos: [Float], sin: [Float]), layout: LlamaConfiguration.RotaryLayout) {
        let half = headDimension / 2
        table.cos.withUnsafeBufferPointer { cosines in
            table.sin.withUnsafeBufferPointer { sines in
                for t in 0..<tokens {
                    let c = cosines.baseAddress! + t * half
                    let s = sines.baseAddress! + t * half
                    for h in 0..<heads {
                        let head = x + (t * heads + h) * headDimension
                        for i in 0..<half {
                            let (a, b) = layout == .adjacentPairs ? (2 * i, 2 * i + 1) : (i, i + half)
                            let x0 = head[a], x1 = head[b]
                            head[a] = x0 * c[i] - x1 * s[i]
                            head[b] = x0 * s[i] + x1 * c[i]
                        }
                    }
                }
            }
        }
    }

    /// Causal grouped-query attention of `tokens` new queries `[tokens, heads · d]` over the
    /// cached `keys`/`values` `[positions, kvHeads · d]` (which already include the new tokens);
    /// query t sees positions `0...firstPosition + t`. Writes `[tokens, heads · d]`.
    static func attention(query q: UnsafePointer<Float>, keys k: UnsafePointer<Float>, values v: UnsafePointer<Float>,
                          tokens: Int, firstPosition: Int, configuration config: LlamaConfiguration,
                          into out: UnsafeMutablePointer<Float>) {
        let d = config.headDimension
        let heads = config.headCount
        let kvWidth = config.kvHeadCount * d
        let group = heads / config.kvHeadCount
        let scale = 1 / Float(d).squareRoot()
        var scores = [Float](repeating: 0, count: firstPosition + tokens)
        scores.withUnsafeMutableBufferPointer { s in
            for t in 0..<tokens {
                let visible = firstPosition + t + 1
                for h in 0..<heads {
                    let kvHead = h / group
                    let qh = q + (t * heads + h) * d
                    var maximum = -Float.infinity
                    for p in 0..<visible {
                        let kp = k + p * kvWidth + kvHead * d
                        var dot: Float = 0
                        for i in 0..<d { dot += qh[i] * kp[i] }
                        s[p] = dot * scale
                        maximum = max(maximum, s[p])
                    }
                    var total: Float = 0
                    for p in 0..<visible {
                        s[p] = exp(s[p] - maximum)
                        total += s[p]
                    }
                    let oh = out + (t * heads + h) * d
                    for i in 0..<d { oh[i] = 0 }
                    for p in 0..<visible {
                        let weight = s[p] / total
                        let vp = v + p * kvWidth + kvHead * d
                        for i in 0..<d { oh[i] += weight * vp[i] }
                    }
                }
            }
        }
    }

    /// `gate[i] = silu(gate[i]) · up[i]` with silu(x) = x / (1 + e^−x), for `count` values.
    static func siluGate(_ gate: UnsafeMutablePointer<Float>, _ up: UnsafePointer<Float>, count: Int) {
        for i in 0..<count {
            let g = gate[i]
            gate[i] = g / (1 + exp(-g)) * up[i]
        }
    }
}
