/// Root-mean-square normalisation as `LlamaRMSNorm` computes it:
/// `y = w ⊙ x · rstd`, `rstd = 1 / sqrt(mean(x²) + eps)`, per row.
enum RMSNorm {
    /// - Parameters: `y[rows, width]` out, `rstd[rows]` out (kept for the backward pass),
    ///   `x[rows, width]`, `weight[width]`.
    static func forward(_ y: UnsafeMutablePointer<Float>, _ rstd: UnsafeMutablePointer<Float>,
                        _ x: UnsafePointer<Float>, _ weight: UnsafePointer<Float>,
                        rows: Int, width: Int, epsilon: Float) {
        for row in 0..<rows {
            let xr = x + row * width, yr = y + row * width
            var sum: Float = 0
            for i in 0..<width { sum += xr[i] * xr[i] }
            let r = 1 / (sum / Float(width) + epsilon).squareRoot()
            rstd[row] = r
            for i in 0..<width { yr[i] = weight[i] * (xr[i] * r) }
        }
    }

    /// Adds the gradients of `forward` to `dx[rows, width]` and (when given) `dWeight[width]`.
    ///
    /// With `g = dy ⊙ w` and `x̂ = x · rstd`: `dx = rstd · (g − x̂ · mean(g ⊙ x̂))`, `dw = Σ_rows dy ⊙ x̂`.
    /// - Parameters: `dy[rows, width]`, `x[rows, width]` the forward input, `rstd[rows]`, `weight[width]`.
    static func backward(_ dx: UnsafeMutablePointer<Float>, _ dWeight: UnsafeMutablePointer<Float>?,
                         _ dy: UnsafePointer<Float>, _ x: UnsafePointer<Float>, _ rstd: UnsafePointer<Float>,
                         _ weight: UnsafePointer<Float>, rows: Int, width: Int) {
        for row in 0..<rows {
            let xr = x + row * width, dyr = dy + row * width, dxr = dx + row * width
            let r = rstd[row]
            var dot: Float = 0
            for i in 0..<width { dot += dyr[i] * weight[i] * xr[i] * r }
            let mean = dot / Float(width)
            for i in 0..<width {
                let normed = xr[i] * r
                dxr[i] += r * (dyr[i] * weight[i] - normed * mean)
                dWeight?[i] += dyr[i] * normed
            }
        }
    }
}
