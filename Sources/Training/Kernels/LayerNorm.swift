/// Layer normalisation as `nn.LayerNorm` computes it (biased variance):
/// `y = w ⊙ (x − mean) · rstd + b`, `rstd = 1 / sqrt(var(x) + eps)`, per row.
enum LayerNorm {
    /// - Parameters: `y[rows, width]` out, `mean[rows]` and `rstd[rows]` out (kept for the backward
    ///   pass), `x[rows, width]`, `weight[width]`, `bias[width]`.
    static func forward(_ y: UnsafeMutablePointer<Float>, _ mean: UnsafeMutablePointer<Float>, _ rstd: UnsafeMutablePointer<Float>,
                        _ x: UnsafePointer<Float>, _ weight: UnsafePointer<Float>, _ bias: UnsafePointer<Float>,
                        rows: Int, width: Int, epsilon: Float) {
        for row in 0..<rows {
            let xr = x + row * width, yr = y + row * width
            var sum: Float = 0
            for i in 0..<width { sum += xr[i] }
            let m = sum / Float(width)
            var squares: Float = 0
            for i in 0..<width { let d = xr[i] - m; squares += d * d }
            let r = 1 / (squares / Float(width) + epsilon).squareRoot()
            mean[row] = m
            rstd[row] = r
            for i in 0..<width { yr[i] = (xr[i] - m) * r * weight[i] + bias[i] }
        }
    }

    /// Adds the gradients of `forward` to `dx[rows, width]`, `dWeight[width]` and `dBias[width]`
    /// (each optional but `dx`).
    ///
    /// With `g = dy ⊙ w` and `x̂ = (x − mean) · rstd`: `dx = rstd · (g − mean(g) − x̂ · mean(g ⊙ x̂))`.
    static func backward(_ dx: UnsafeMutablePointer<Float>, _ dWeight: UnsafeMutablePointer<Float>?, _ dBias: UnsafeMutablePointer<Float>?,
                         _ dy: UnsafePointer<Float>, _ x: UnsafePointer<Float>, _ mean: UnsafePointer<Float>,
                         _ rstd: UnsafePointer<Float>, _ weight: UnsafePointer<Float>, rows: Int, width: Int) {
        for row in 0..<rows {
            let xr = x + row * width, dyr = dy + row * width, dxr = dx + row * width
            let m = mean[row], r = rstd[row]
            var gSum: Float = 0, gDot: Float = 0
            for i in 0..<width {
                let g = dyr[i] * weight[i]
                gSum += g
                gDot += g * (xr[i] - m) * r
            }
            let gMean = gSum / Float(width), dotMean = gDot / Float(width)
            for i in 0..<width {
                let normed = (xr[i] - m) * r
                dxr[i] += r * (dyr[i] * weight[i] - gMean - normed * dotMean)
                dWeight?[i] += dyr[i] * normed
                dBias?[i] += dyr[i]
            }
        }
    }
}
