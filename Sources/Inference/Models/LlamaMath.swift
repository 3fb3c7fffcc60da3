import Foundation

/// The element-wise and attention steps of a Llama block, on row-major float arrays.
enum LlamaMath {
    /// `output[r, i] = input[r, i] / sqrt(mean_i(input[r, ·]²) + ε) · weight[i]` for `rows` rows.
    static func rmsNorm(_ input: [Float], weight: [Float], rows: Int, epsilon: Float, into output: inout [Float]) {
        let width = weight.count
        input.withUnsafeBufferPointer { x in
            weight.withUnsafeBufferPointer { w in
                output.withUnsafeMutableBufferPointer { y in
                    for r in 0..<rows {
                        let row = x.baseAddress! + r * width
                        var sum: Float = 0
                        for i in 0..<width { sum += row[i] * row[i] }
                        let scale = 1 / (sum / Float(width) + epsilon).squareRoot()
                        let out = y.baseAddress! + r * width
                        for i in 0..<width { out[i] = row[i] * scale * w[i] }
                    }
                }
            }
        }
    }

    /// Applies rotary embeddings in place to `[tokens, heads · headDimension]`, token t at position
    /// `firstPosition + t`. Pair i of a head turns by angle `position · inverseFrequencies[i]`;
    /// `layout` says which two dimensions form pair i.
    static func rotate(_ x: inout [Float], heads: Int, headDimension: Int, tokens: Int, firstPosition: Int,
                       inverseFrequencies: [Float], layout: LlamaConfiguration.RotaryLayout) {
        let half = headDimension / 2
        var cosines = [Float](repeating: 0, count: half)
        var sines = [Float](repeating: 0, count: half)
        x.withUnsafeMutableBufferPointer { buffer in
            for t in 0..<tokens {
                let position = Float(firstPosition + t)
                for i in 0..<half {
                    let angle = position * inverseFrequencies[i]
                    cosines[i] = cos(angle)
                    sines[i] = sin(angle)
                }
                for h in 0..<heads {
                    let head = buffer.baseAddress! + (t * heads + h) * headDimension
                    for i in 0..<half {
                        let (a, b) = layout == .adjacentPairs ? (2 * i, 2 * i + 1) : (i, i + half)
                        let x0 = head[a], x1 = head[b]
                        head[a] = x0 * cosines[i] - x1 * sines[i]
                        head[b] = x0 * sines[i] + x1 * cosines[i]
                    }
                }
            }
        }
    }

    /// Causal grouped-query attention of `tokens` new queries `[tokens, heads · d]` over the
    /// cached `keys`/`values` `[positions, kvHeads · d]` (which already include the new tokens);
    /// query t sees positions `0...firstPosition + t`. Writes `[tokens, heads · d]`.
    static func attention(query: [Float], keys: [Float], values: [Float], tokens: Int, firstPosition: Int,
                          configuration config: LlamaConfiguration, into output: inout [Float]) {
        let d = config.headDimension
        let heads = config.headCount
        let kvWidth = config.kvHeadCount * d
        let group = heads / config.kvHeadCount
        let scale = 1 / Float(d).squareRoot()
        var scores = [Float](repeating: 0, count: firstPosition + tokens)
        query.withUnsafeBufferPointer { q in
            keys.withUnsafeBufferPointer { k in
                values.withUnsafeBufferPointer { v in
                    output.withUnsafeMutableBufferPointer { out in
                        scores.withUnsafeMutableBufferPointer { s in
                            for t in 0..<tokens {
                                let visible = firstPosition + t + 1
                                for h in 0..<heads {
                                    let kvHead = h / group
                                    let qh = q.baseAddress! + (t * heads + h) * d
                                    var maximum = -Float.infinity
                                    for p in 0..<visible {
                                        let kp = k.baseAddress! + p * kvWidth + kvHead * d
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
                                    let oh = out.baseAddress! + (t * heads + h) * d
                                    for i in 0..<d { oh[i] = 0 }
                                    for p in 0..<visible {
                                        let weight = s[p] / total
                                        let vp = v.baseAddress! + p * kvWidth + kvHead * d
                                        for i in 0..<d { oh[i] += weight * vp[i] }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// `gate[i] = silu(gate[i]) · up[i]` with silu(x) = x / (1 + e^−x).
    static func siluGate(_ gate: inout [Float], _ up: [Float]) {
        for i in gate.indices {
            let g = gate[i]
            gate[i] = g / (1 + exp(-g)) * up[i]
        }
    }
}
