import Foundation

/// Scaled dot-product attention over a batch, with grouped-query heads (query head `h` reads
/// key/value head `h / (heads / kvHeads)`), an optional causal mask and a key mask (0 = padding).
///
/// Layouts: `q[batch, time, heads, D]`, `k` and `v` `[batch, time, kvHeads, D]`,
/// probabilities `p[batch, heads, time, time]` (row = query, column = key), output
/// `out[batch, time, heads, D]`. A query that may see no key at all (only possible with left
/// padding) gets zero probabilities and a zero output.
struct Attention {
    let batch: Int, time: Int, heads: Int, kvHeads: Int, headDimension: Int
    /// Whether query `t` sees only keys `s ≤ t`.
    let causal: Bool
    /// The logit scale: `1 / sqrt(D)` unless the model says otherwise (GPT-2's
    /// `scale_attn_weights` and `scale_attn_by_inverse_layer_idx`).
    var scale: Float

    /// Attention over `batch` rows of `time` tokens; `scale` defaults to `1 / sqrt(headDimension)`.
    init(batch: Int, time: Int, heads: Int, kvHeads: Int, headDimension: Int, causal: Bool, scale: Float? = nil) {
        self.batch = batch
        self.time = time
        self.heads = heads
        self.kvHeads = kvHeads
        self.headDimension = headDimension
        self.causal = causal
        self.scale = scale ?? 1 / Float(headDimension).squareRoot()
    }

    /// The scratch `forward` and `backward` need: `2 × time × time` values for each batch row,
    /// whose heads run on their own thread.
    static func scratchCount(batch: Int, time: Int) -> Int { batch * 2 * time * time }

    private var queryWidth: Int { heads * headDimension }
    private var kvWidth: Int { kvHeads * headDimension }

    /// Whether query `t` of row `b` may read key `s`; `keyMask[batch, time]`.
    @inline(__always)
    private func visible(_ keyMask: UnsafePointer<Int32>, _ b: Int, _ t: Int, _ s: Int) -> Bool {
        (!causal || s <= t) && keyMask[b * time + s] != 0
    }

    /// Fills `p` (the probabilities before dropout) and `out`. With `dropout` (a mask laid out like
    /// `p`, see `Dropout`) the values are mixed by `p ⊙ dropout` and `scratch` holds
    /// `scratchCount(batch:time:)` values. Batch rows are spread over the pool's threads (their
    /// products are too small for OpenBLAS to split).
    func forward(_ out: UnsafeMutablePointer<Float>, _ p: UnsafeMutablePointer<Float>,
                 _ q: UnsafePointer<Float>, _ k: UnsafePointer<Float>, _ v: UnsafePointer<Float>,
                 keyMask: UnsafePointer<Int32>, dropout: UnsafePointer<Float>? = nil, scratch: UnsafeMutablePointer<Float>? = nil) {
        let group = heads / kvHeads, D = headDimension
        Parallel.forEach(batch) { b in
            let rowScratch = scratch.map { $0 + b * 2 * time * time }
            for h in 0..<heads {
                let g = h / group
                let qh = q + b * time * queryWidth + h * D
                let kh = k + b * time * kvWidth + g * D
                let vh = v + b * time * kvWidth + g * D
                let ph = p + (b * heads + h) * time * time
                // Scores = scale · Q Kᵀ, [time, time].
                MatrixProduct.gemm(false, true, m: time, n: time, k: D, alpha: scale, qh, lda: queryWidth,
                                   kh, ldb: kvWidth, beta: 0, ph, ldc: time)
                for t in 0..<time {
                    let row = ph + t * time
                    var maximum = -Float.infinity
                    for s in 0..<time where visible(keyMask, b, t, s) { maximum = max(maximum, row[s]) }
                    guard maximum > -Float.infinity else {
                        for s in 0..<time { row[s] = 0 }
                        continue
                    }
                    var sum: Float = 0
                    for s in 0..<time {
                        if visible(keyMask, b, t, s) {
                            let e = expf(row[s] - maximum)
                            row[s] = e
                            sum += e
                        } else {
                            row[s] = 0
                        }
                    }
                    let inverse = 1 / sum
                    for s in 0..<time { row[s] *= inverse }
                }
                // Out = P V (or (P ⊙ dropout) V), [time, D].
                var mixing = UnsafePointer(ph)
                if let dropout, let rowScratch {
                    let mh = dropout + (b * heads + h) * time * time
                    for i in 0..<(time * time) { rowScratch[i] = ph[i] * mh[i] }
                    mixing = UnsafePointer(rowScratch)
                }
                MatrixProduct.gemm(false, false, m: time, n: D, k: time, mixing, lda: time, vh, ldb: kvWidth,
                                   beta: 0, out + b * time * queryWidth + h * D, ldc: queryWidth)
            }
        }
    }

    /// Adds the gradients of `forward` to `dq`, `dk`, `dv` (same layouts as `q`, `k`, `v`).
    ///
    /// `dP = dOut Vᵀ`, `dV += Pᵀ dOut`, `dS = P ⊙ (dP − rowsum(P ⊙ dP))`, `dQ += scale · dS K`,
    /// `dK += scale · dSᵀ Q`. `scratch` holds `scratchCount(batch:time:)` values. With `dropout`
    /// (the forward pass's mask) `dV += (P ⊙ M)ᵀ dOut` and `dP` is multiplied by `M`. Batch rows
    /// run on the pool's threads: a row's heads write only that row's `dq`, `dk`, `dv`.
    func backward(_ dq: UnsafeMutablePointer<Float>, _ dk: UnsafeMutablePointer<Float>, _ dv: UnsafeMutablePointer<Float>,
                  _ dOut: UnsafePointer<Float>, _ p: UnsafePointer<Float>,
                  _ q: UnsafePointer<Float>, _ k: UnsafePointer<Float>, _ v: UnsafePointer<Float>,
                  scratch: UnsafeMutablePointer<Float>, dropout: UnsafePointer<Float>? = nil) {
        let group = heads / kvHeads, D = headDimension
        Parallel.forEach(batch) { b in
            let scratch = scratch + b * 2 * time * time
            for h in 0..<heads {
                let g = h / group
                let qOffset = b * time * queryWidth + h * D, kvOffset = b * time * kvWidth + g * D
                let ph = p + (b * heads + h) * time * time
                let dOutH = dOut + qOffset
                MatrixProduct.gemm(false, true, m: time, n: time, k: D, dOutH, lda: queryWidth, v + kvOffset, ldb: kvWidth,
                                   beta: 0, scratch, ldc: time)
                var mixing = ph
                if let dropout {
                    let mh = dropout + (b * heads + h) * time * time, dropped = scratch + time * time
                    for i in 0..<(time * time) {
                        dropped[i] = ph[i] * mh[i]
                        scratch[i] *= mh[i]
                    }
                    mixing = UnsafePointer(dropped)
                }
                MatrixProduct.gemm(true, false, m: time, n: D, k: time, mixing, lda: time, dOutH, ldb: queryWidth,
                                   beta: 1, dv + kvOffset, ldc: kvWidth)
                for t in 0..<time {
                    let pr = ph + t * time, dr = scratch + t * time
                    var dot: Float = 0
                    for s in 0..<time { dot += pr[s] * dr[s] }
                    for s in 0..<time { dr[s] = pr[s] * (dr[s] - dot) }
                }
                MatrixProduct.gemm(false, false, m: time, n: D, k: time, alpha: scale, scratch, lda: time, k + kvOffset, ldb: kvWidth,
                                   beta: 1, dq + qOffset, ldc: queryWidth)
                MatrixProduct.gemm(true, false, m: time, n: D, k: time, alpha: scale, scratch, lda: time, q + qOffset, ldb: queryWidth,
                                   beta: 1, dk + kvOffset, ldc: kvWidth)
            }
        }
    }
}
