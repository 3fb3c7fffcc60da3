/// Clipping by global norm, as `torch.nn.utils.clip_grad_norm_`: when the norm of all gradients
/// together exceeds `maximumNorm`, every gradient is scaled by `maximumNorm / (norm + 1e-6)`.
public enum GradientClipping {
    /// Clips `gradients` in place and returns their norm before clipping (what the Trainer logs as
    /// `grad_norm`).
    @discardableResult
    public static func clip(_ gradients: inout ParameterSet, maximumNorm: Double) -> Double {
        let norm = gradients.globalNorm
        let coefficient = maximumNorm / (norm + 1e-6)
        if coefficient < 1 {
            let factor = Float(coefficient)
            gradients.values.withUnsafeMutableBufferPointer { buffer in
                guard let g = buffer.baseAddress else { return }
                Parallel.forEachChunk(count: buffer.count) { _, chunk in
                    for i in chunk { g[i] *= factor }
                }
            }
        }
        return norm
    }
}
