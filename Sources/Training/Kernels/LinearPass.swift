/// How a checkpoint stores a linear layer's weight.
enum WeightLayout {
    /// `nn.Linear`: `W[outputs, inputs]`, `y = x · Wᵀ + b`.
    case outputsByInputs
    /// GPT-2's `Conv1D`: `W[inputs, outputs]`, `y = x · W + b`.
    case inputsByOutputs
}

/// One linear layer of a model being trained: where its weight and bias sit in the base
/// parameters, and its LoRA matrices in the adapter's when it is wrapped.
struct LinearLayer {
    /// Offsets of the weight and (optional) bias in the base parameters.
    let weight: Int, bias: Int?
    let inputs: Int, outputs: Int
    let layout: WeightLayout
    /// Offsets of `A[r, inputs]` and `B[outputs, r]` in the adapter's parameters, when wrapped.
    let lora: (a: Int, b: Int)?
    /// Where `x · Aᵀ` `[rows, r]` is kept in the activation arena, when wrapped.
    let loraInner: Int?
    /// Where the LoRA dropout's scaled mask and dropped input (`[rows, inputs]` each) are kept,
    /// when the layer is wrapped and the step trains with a LoRA dropout.
    var loraDropout: (mask: Int, input: Int)? = nil

    /// Reserves the LoRA dropout's regions in `plan` when `active`.
    mutating func reserveDropout(_ plan: inout ArenaPlan, rows: Int, active: Bool) {
        guard active, lora != nil else { return }
        loraDropout = (plan.reserve(rows * inputs), plan.reserve(rows * inputs))
    }
}

/// The pointers one training step's linear layers read and write, valid inside the closures that
/// made them: base weights, adapter weights, gradients of the trainable parameters.
struct LinearPass {
    let weights: UnsafePointer<Float>
    let adapter: UnsafePointer<Float>
    let gradients: UnsafeMutablePointer<Float>
    /// Whether `gradients` is laid out like the base (full fine-tuning) rather than the adapter.
    let trainsBase: Bool
    let rows: Int, rank: Int, scaling: Float
    let activations: Arena
    /// `rows · rank` values of scratch for the LoRA backward pass.
    let loraScratch: UnsafeMutablePointer<Float>?
    /// The LoRA dropout probability and the step's seed, when the step trains with one.
    var loraDropout: (probability: Float, seed: UInt64)? = nil

    /// `y[rows, outputs] = x[rows, inputs] · W (+ b) (+ scaling · (x · Aᵀ) · Bᵀ)`.
    func forward(_ layer: LinearLayer, into y: UnsafeMutablePointer<Float>, from x: UnsafePointer<Float>) {
        let w = weights + layer.weight
        switch layer.layout {
        case .outputsByInputs:
            MatrixProduct.linear(y, x, w, rows: rows, inputs: layer.inputs, outputs: layer.outputs)
        case .inputsByOutputs:
            MatrixProduct.gemm(false, false, m: rows, n: layer.outputs, k: layer.inputs, x, lda: layer.inputs, w, ldb: layer.outputs,
                               beta: 0, y, ldc: layer.outputs)
        }
        if let bias = layer.bias {
            let b = weights + bias
            for r in 0..<rows {
                let row = y + r * layer.outputs
                for o in 0..<layer.outputs { row[o] += b[o] }
            }
        }
        if let (a, b) = layer.lora, let inner = layer.loraInner {
            let z = activations[inner]
            var loraInput = x
            if let (maskOffset, inputOffset) = layer.loraDropout, let (probability, seed) = loraDropout {
                // The layer's weight offset makes each layer's mask its own.
                var generator = SplitMix64(seed: seed ^ (UInt64(layer.weight) &* 0xD1B5_4A32_D192_ED03))
                let keep = 1 / (1 - probability), mask = activations[maskOffset], dropped = activations[inputOffset]
                for i in 0..<(rows * layer.inputs) {
                    let kept = Float(generator.next() >> 40) / Float(1 << 24) >= probability
                    mask[i] = kept ? keep : 0
                    dropped[i] = x[i] * mask[i]
                }
                loraInput = UnsafePointer(dropped)
            }
            MatrixProduct.linear(z, loraInput, adapter + a, rows: rows, inputs: layer.inputs, outputs: rank)
            MatrixProduct.linear(y, z, adapter + b, rows: rows, inputs: rank, outputs: layer.outputs, alpha: scaling, beta: 1)
        }
    }

    /// Adds the gradients of `forward` to `dx[rows, inputs]` (when given) and to the trainable
    /// parameters: W and b in full fine-tuning, A and B when the layer is wrapped.
    /// `dy[rows, outputs]`; `x` is the forward input.
    func backward(_ layer: LinearLayer, dx: UnsafeMutablePointer<Float>?, dy: UnsafePointer<Float>, x: UnsafePointer<Float>) {
        let w = weights + layer.weight
        switch layer.layout {
        case .outputsByInputs:
            if let dx { MatrixProduct.linearInputGradient(dx, dy, w, rows: rows, inputs: layer.inputs, outputs: layer.outputs) }
            if trainsBase {
                MatrixProduct.linearWeightGradient(gradients + layer.weight, dy, x, rows: rows, inputs: layer.inputs, outputs: layer.outputs)
            }
        case .inputsByOutputs:
            if let dx {
                MatrixProduct.gemm(false, true, m: rows, n: layer.inputs, k: layer.outputs, dy, lda: layer.outputs, w, ldb: layer.outputs,
                                   beta: 1, dx, ldc: layer.inputs)
            }
            if trainsBase {
                MatrixProduct.gemm(true, false, m: layer.inputs, n: layer.outputs, k: rows, x, lda: layer.inputs, dy, ldb: layer.outputs,
                                   beta: 1, gradients + layer.weight, ldc: layer.outputs)
            }
        }
        if trainsBase, let bias = layer.bias {
            let db = gradients + bias
            for r in 0..<rows {
                let row = dy + r * layer.outputs
                for o in 0..<layer.outputs { db[o] += row[o] }
            }
        }
        if let (a, b) = layer.lora, let inner = layer.loraInner, let dz = loraScratch {
            let z = activations[inner]
            MatrixProduct.linearWeightGradient(gradients + b, dy, z, rows: rows, inputs: rank, outputs: layer.outputs, alpha: scaling)
            dz.update(repeating: 0, count: rows * rank)
            MatrixProduct.linearInputGradient(dz, dy, adapter + b, rows: rows, inputs: rank, outputs: layer.outputs, alpha: scaling)
            if let (maskOffset, inputOffset) = layer.loraDropout, loraDropout != nil {
                // Through the dropout: A saw the dropped input; x's gradient passes the mask.
                MatrixProduct.linearWeightGradient(gradients + a, dz, activations[inputOffset], rows: rows, inputs: layer.inputs, outputs: rank)
                if let dx {
                    let through = UnsafeMutablePointer<Float>.allocate(capacity: rows * layer.inputs)
                    defer { through.deallocate() }
                    through.initialize(repeating: 0, count: rows * layer.inputs)
                    MatrixProduct.linearInputGradient(through, dz, adapter + a, rows: rows, inputs: layer.inputs, outputs: rank)
                    let mask = activations[maskOffset]
                    for i in 0..<(rows * layer.inputs) { dx[i] += through[i] * mask[i] }
                }
            } else {
                MatrixProduct.linearWeightGradient(gradients + a, dz, x, rows: rows, inputs: layer.inputs, outputs: rank)
                if let dx { MatrixProduct.linearInputGradient(dx, dz, adapter + a, rows: rows, inputs: layer.inputs, outputs: rank) }
            }
        }
    }
}
