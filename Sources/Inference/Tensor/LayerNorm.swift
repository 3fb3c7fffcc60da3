/// Layer normalisation over the last dimension: `y = (x − mean) / √(var + ε) · γ + β`.
public struct LayerNorm: Sendable {
    /// γ, shape `[width]`.
    public let weight: Tensor
    /// β, shape `[width]`.
    public let bias: Tensor
    /// ε added to the variance.
    public let epsilon: Float

    /// A layer norm with `weight` γ and `bias` β of equal length.
    public init(weight: Tensor, bias: Tensor, epsilon: Float) {
        precondition(weight.count == bias.count, "layer norm weight and bias differ in size")
        self.weight = weight
        self.bias = bias
        self.epsilon = epsilon
    }

    /// The normalised width.
    public var width: Int { weight.count }

    /// Normalises each row of `values` `[rows, width]` in place (biased variance, as PyTorch).
    public func apply(_ values: UnsafeMutablePointer<Float>, rows: Int) {
        let width = self.width
        weight.withUnsafeBufferPointer { gamma in
            bias.withUnsafeBufferPointer { beta in
                for row in 0..<rows {
                    let x = values + row * width
                    var sum: Float = 0
                    for i in 0..<width { sum += x[i] }
                    let mean = sum / Float(width)
                    var squares: Float = 0
                    for i in 0..<width {
                        let d = x[i] - mean
                        squares += d * d
                    }
                    let scale = 1 / (squares / Float(width) + epsilon).squareRoot()
                    for i in 0..<width { x[i] = (x[i] - mean) * scale * gamma[i] + beta[i] }
                }
            }
        }
    }

    /// Adds `residual` `[rows, width]` to `values` then normalises in place (the post-LN block of BERT).
    public func apply(_ values: UnsafeMutablePointer<Float>, adding residual: UnsafePointer<Float>, rows: Int) {
        for i in 0..<(rows * width) { values[i] += residual[i] }
        apply(values, rows: rows)
    }
}
