import Foundation
import Inference

/// The element-wise activations of the three architectures, forward and backward, eight values at
/// a time through `VectorMath`'s polynomial exp and erf (libm's `expf` and `erff` cost several
/// nanoseconds a value, and a SmolLM2 step evaluates about fifty million of them).
enum Activations {
    /// Values `[i, i + 8)` of `p`, zeros past `count`.
    @inline(__always)
    static func load(_ p: UnsafePointer<Float>, _ i: Int, _ count: Int) -> SIMD8<Float> {
        if i + 8 <= count { return UnsafeRawPointer(p + i).loadUnaligned(as: SIMD8<Float>.self) }
        var v = SIMD8<Float>()
        for lane in 0..<(count - i) { v[lane] = p[i + lane] }
        return v
    }

    /// Stores the lanes of `v` below `count − i` at `p + i`.
    @inline(__always)
    static func store(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>, _ i: Int, _ count: Int) {
        if i + 8 <= count {
            UnsafeMutableRawPointer(p + i).storeBytes(of: v, as: SIMD8<Float>.self)
        } else {
            for lane in 0..<(count - i) { p[i + lane] = v[lane] }
        }
    }

    /// `1 / (1 + e^{−x})`.
    @inline(__always)
    static func sigmoid(_ x: SIMD8<Float>) -> SIMD8<Float> { 1 / (1 + VectorMath.exp(-x)) }

    /// `tanh(u) = 1 − 2 / (e^{2u} + 1)` (exp saturates, so large |u| gives ±1).
    @inline(__always)
    static func tanh(_ u: SIMD8<Float>) -> SIMD8<Float> { 1 - 2 / (VectorMath.exp(2 * u) + 1) }

    /// SiLU-gated unit of Llama's MLP: `h = silu(gate) ⊙ up`, all `[count]`.
    static func gatedSiLU(_ h: UnsafeMutablePointer<Float>, gate: UnsafePointer<Float>, up: UnsafePointer<Float>, count: Int) {
        Parallel.forEachChunk(count: count) { _, chunk in
            for i in stride(from: chunk.lowerBound, to: chunk.upperBound, by: 8) {
                let g = load(gate, i, count)
                store(g * sigmoid(g) * load(up, i, count), h, i, count)
            }
        }
    }

    /// Gradients of `gatedSiLU`: writes `dGate` and `dUp` (`[count]`) from `dh`.
    /// `silu'(g) = σ(g) · (1 + g · (1 − σ(g)))`.
    static func gatedSiLUBackward(dGate: UnsafeMutablePointer<Float>, dUp: UnsafeMutablePointer<Float>, dh: UnsafePointer<Float>,
                                  gate: UnsafePointer<Float>, up: UnsafePointer<Float>, count: Int) {
        Parallel.forEachChunk(count: count) { _, chunk in
            for i in stride(from: chunk.lowerBound, to: chunk.upperBound, by: 8) {
                let g = load(gate, i, count), d = load(dh, i, count)
                let s = sigmoid(g)
                store(d * g * s, dUp, i, count)
                let slope: SIMD8<Float> = s * (1 + g * (1 - s))
                store(d * load(up, i, count) * slope, dGate, i, count)
            }
        }
    }

    /// √(2/π), the tanh-GELU constant.
    static let tanhScale: Float = (2 / Float.pi).squareRoot()

    /// GELU with the tanh approximation (GPT-2's `gelu_new`), `y[count]` from `x[count]`.
    static func geluTanh(_ y: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, count: Int) {
        for i in stride(from: 0, to: count, by: 8) {
            let v = load(x, i, count)
            let inner: SIMD8<Float> = tanhScale * (v + 0.044715 * v * v * v)
            store(0.5 * v * (1 + tanh(inner)), y, i, count)
        }
    }

    /// Adds the gradient of `geluTanh` to `dx[count]` from `dy[count]` and the forward input `x`.
    static func geluTanhBackward(_ dx: UnsafeMutablePointer<Float>, _ dy: UnsafePointer<Float>, _ x: UnsafePointer<Float>, count: Int) {
        for i in stride(from: 0, to: count, by: 8) {
            let v = load(x, i, count)
            let v2: SIMD8<Float> = v * v
            let t: SIMD8<Float> = tanh(tanhScale * (v + 0.044715 * v2 * v))
            let outer: SIMD8<Float> = 0.5 * (1 + t)
            let inner: SIMD8<Float> = (1 + 0.134145 * v2) * tanhScale
            let derivative: SIMD8<Float> = outer + 0.5 * v * (1 - t * t) * inner
            store(load(dx, i, count) + load(dy, i, count) * derivative, dx, i, count)
        }
    }

    /// Exact GELU (BERT's `gelu`): `y = x · Φ(x)`, `y[count]` from `x[count]`.
    static func geluErf(_ y: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, count: Int) {
        for i in stride(from: 0, to: count, by: 8) {
            store(VectorMath.gelu(load(x, i, count)), y, i, count)
        }
    }

    /// Adds the gradient of `geluErf` to `dx[count]`: `Φ(x) + x · φ(x)`.
    static func geluErfBackward(_ dx: UnsafeMutablePointer<Float>, _ dy: UnsafePointer<Float>, _ x: UnsafePointer<Float>, count: Int) {
        let normal: Float = 1 / (2 * Float.pi).squareRoot()
        for i in stride(from: 0, to: count, by: 8) {
            let v = load(x, i, count)
            let cumulative: SIMD8<Float> = 0.5 * (1 + VectorMath.erf(v * 0.707_106_781_186_547_52))
            let density: SIMD8<Float> = normal * VectorMath.exp(-0.5 * v * v)
            let derivative: SIMD8<Float> = cumulative + v * density
            store(load(dx, i, count) + load(dy, i, count) * derivative, dx, i, count)
        }
    }
}
