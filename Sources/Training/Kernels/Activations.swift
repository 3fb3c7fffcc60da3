import Foundation

/// The element-wise activations of the three architectures, forward and backward.
enum Activations {
    /// SiLU-gated unit of Llama's MLP: `h = silu(gate) ⊙ up`, all `[count]`.
    static func gatedSiLU(_ h: UnsafeMutablePointer<Float>, gate: UnsafePointer<Float>, up: UnsafePointer<Float>, count: Int) {
        for i in 0..<count {
            let g = gate[i]
            h[i] = g / (1 + expf(-g)) * up[i]
        }
    }

    /// Gradients of `gatedSiLU`: writes `dGate` and `dUp` (`[count]`) from `dh`.
    /// `silu'(g) = σ(g) · (1 + g · (1 − σ(g)))`.
    static func gatedSiLUBackward(dGate: UnsafeMutablePointer<Float>, dUp: UnsafeMutablePointer<Float>, dh: UnsafePointer<Float>,
                                  gate: UnsafePointer<Float>, up: UnsafePointer<Float>, count: Int) {
        for i in 0..<count {
            let g = gate[i]
            let sigmoid = 1 / (1 + expf(-g))
            dUp[i] = dh[i] * g * sigmoid
            dGate[i] = dh[i] * up[i] * sigmoid * (1 + g * (1 - sigmoid))
        }
    }

    /// GELU with the tanh approximation (GPT-2's `gelu_new`), `y[count]` from `x[count]`.
    static func geluTanh(_ y: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, count: Int) {
        let c: Float = (2 / Float.pi).squareRoot()
        for i in 0..<count {
            let v = x[i]
            y[i] = 0.5 * v * (1 + tanhf(c * (v + 0.044715 * v * v * v)))
        }
    }

    /// Adds the gradient of `geluTanh` to `dx[count]` from `dy[count]` and the forward input `x`.
    static func geluTanhBackward(_ dx: UnsafeMutablePointer<Float>, _ dy: UnsafePointer<Float>, _ x: UnsafePointer<Float>, count: Int) {
        let c: Float = (2 / Float.pi).squareRoot()
        for i in 0..<count {
            let v = x[i]
            let inner = c * (v + 0.044715 * v * v * v)
            let t = tanhf(inner)
            let derivative = 0.5 * (1 + t) + 0.5 * v * (1 - t * t) * c * (1 + 3 * 0.044715 * v * v)
            dx[i] += dy[i] * derivative
        }
    }

    /// Exact GELU (BERT's `gelu`): `y = x · Φ(x)`, `y[count]` from `x[count]`.
    static func geluErf(_ y: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, count: Int) {
        let r: Float = 1 / Float(2).squareRoot()
        for i in 0..<count { y[i] = 0.5 * x[i] * (1 + erff(x[i] * r)) }
    }

    /// Adds the gradient of `geluErf` to `dx[count]`: `Φ(x) + x · φ(x)`.
    static func geluErfBackward(_ dx: UnsafeMutablePointer<Float>, _ dy: UnsafePointer<Float>, _ x: UnsafePointer<Float>, count: Int) {
        let r: Float = 1 / Float(2).squareRoot()
        let normal: Float = 1 / (2 * Float.pi).squareRoot()
        for i in 0..<count {
            let v = x[i]
            dx[i] += dy[i] * (0.5 * (1 + erff(v * r)) + v * normal * expf(-0.5 * v * v))
        }
    }
}
