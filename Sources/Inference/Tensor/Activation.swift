import Foundation

/// The element-wise non-linearities the models use, applied in place (fused after a matrix
/// product by `Linear`).
public enum Activation: Sendable, Equatable {
    /// No activation: identity.
    case identity
    /// GELU with the error function, `0.5·x·(1 + erf(x/√2))` (BERT's `gelu`; the fused epilogue
    /// uses `VectorMath.erf`, within 6e-7 of libm's `erff`, the scalar form uses `erff`).
    case gelu
    /// GELU's tanh approximation, `0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))` (GPT-2's `gelu_new`).
    case geluTanh
    /// `max(0, x)`.
    case relu
    /// `x·σ(x)` (Llama's SiLU).
    case silu

    /// The activation named by a Hugging Face config's `hidden_act` / `activation_function`, or nil.
    public init?(huggingFaceName name: String) {
        switch name {
        case "gelu", "gelu_python": self = .gelu
        case "gelu_new", "gelu_pytorch_tanh", "gelu_fast": self = .geluTanh
        case "relu": self = .relu
        case "silu", "swish": self = .silu
        default: return nil
        }
    }

    /// The activation of one value.
    @inlinable
    public func callAsFunction(_ x: Float) -> Float {
        switch self {
        case .identity: return x
        case .gelu: return 0.5 * x * (1 + erff(x * 0.70710678118654752))
        case .geluTanh:
            return 0.5 * x * (1 + tanhf(0.79788456080286536 * (x + 0.044715 * x * x * x)))
        case .relu: return x > 0 ? x : 0
        case .silu: return x / (1 + expf(-x))
        }
    }

    /// Applies the activation in place to `values[0..<count]`.
    public func apply(_ values: UnsafeMutablePointer<Float>, count: Int) {
        if self == .identity { return }
        for index in 0..<count { values[index] = self(values[index]) }
    }

    /// Adds `bias[column]` to each row of `values` `[rows, columns]`, then applies the activation:
    /// the fused epilogue of a linear layer (one pass over the output).
    public func applyAddingBias(
        _ values: UnsafeMutablePointer<Float>, rows: Int, columns: Int, bias: UnsafePointer<Float>?
    ) {
        if self == .gelu {
            for row in 0..<rows { VectorMath.addBiasGELU(values + row * columns, bias: bias, count: columns) }
            return
        }
        for row in 0..<rows {
            let line = values + row * columns
            if let bias {
                switch self {
                case .identity:
                    for column in 0..<columns { line[column] += bias[column] }
                default:
                    for column in 0..<columns { line[column] = self(line[column] + bias[column]) }
                }
            } else {
                apply(line, count: columns)
            }
        }
    }
}
