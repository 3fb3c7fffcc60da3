import COpenBLAS

/// A dense layer `y = x·Wᵀ + b` followed by an optional activation, computed with `cblas_sgemm`
/// (or `cblas_sgemv` for one row).
///
/// The weight is kept in the layout the checkpoint uses: PyTorch `nn.Linear` stores
/// `[outputs, inputs]`; GPT-2's `Conv1D` stores `[inputs, outputs]`.
public struct Linear: Sendable {
    /// How the weight matrix is laid out.
    public enum Layout: Sendable {
        /// `[outputs, inputs]` (PyTorch `nn.Linear`).
        case outputsByInputs
        /// `[inputs, outputs]` (GPT-2 `Conv1D`).
        case inputsByOutputs
    }

    /// The weight, shape `[outputs, inputs]` or `[inputs, outputs]` per `layout`.
    public let weight: Tensor
    /// The bias `[outputs]`, if any.
    public let bias: Tensor?
    /// The weight's layout.
    public let layout: Layout
    /// The number of input features.
    public let inputs: Int
    /// The number of output features.
    public let outputs: Int

    /// A layer over `weight` (rank 2) and an optional `bias` of `outputs` values.
    public init(weight: Tensor, bias: Tensor?, layout: Layout = .outputsByInputs) {
        precondition(weight.rank == 2, "a linear weight has rank 2, got \(weight.shape)")
        self.weight = weight
        self.bias = bias
        self.layout = layout
        switch layout {
        case .outputsByInputs: (outputs, inputs) = (weight.shape[0], weight.shape[1])
        case .inputsByOutputs: (inputs, outputs) = (weight.shape[0], weight.shape[1])
        }
        if let bias { precondition(bias.count == outputs, "bias has \(bias.count) values, expected \(outputs)") }
    }

    /// `output[rows, outputs] = activation(input[rows, inputs]·W + b)`.
    ///
    /// `input` has `rows` rows of `inputStride ≥ inputs` floats; `output` rows are `outputs` floats.
    public func apply(
        _ input: UnsafePointer<Float>, rows: Int, inputStride: Int? = nil,
        into output: UnsafeMutablePointer<Float>, activation: Activation = .identity
    ) {
        guard rows > 0 else { return }
        let lda = Int32(inputStride ?? inputs)
        weight.withUnsafeBufferPointer { w in
            guard let w = w.baseAddress else { return }
            if rows == 1 {
                // y = W x with W [out, in] row-major, or y = Wᵀ x with W [in, out].
                switch layout {
                case .outputsByInputs:
                    cblas_sgemv(CblasRowMajor, CblasNoTrans, Int32(outputs), Int32(inputs), 1, w, Int32(inputs),
                                input, 1, 0, output, 1)
                case .inputsByOutputs:
                    cblas_sgemv(CblasRowMajor, CblasTrans, Int32(inputs), Int32(outputs), 1, w, Int32(outputs),
                                input, 1, 0, output, 1)
                }
            } else {
                switch layout {
                case .outputsByInputs:
                    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(outputs), Int32(inputs),
                                1, input, lda, w, Int32(inputs), 0, output, Int32(outputs))
                case .inputsByOutputs:
                    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(rows), Int32(outputs), Int32(inputs),
                                1, input, lda, w, Int32(outputs), 0, output, Int32(outputs))
                }
            }
        }
        if let bias {
            bias.withUnsafeBufferPointer { b in
                activation.applyAddingBias(output, rows: rows, columns: outputs, bias: b.baseAddress)
            }
        } else {
            activation.applyAddingBias(output, rows: rows, columns: outputs, bias: nil)
        }
    }

    /// The same layer with its weight stored `[inputs, outputs]` (a one-time transposition).
    ///
    /// For a few rows (one sentence) and more inputs than outputs (BERT's feed-forward output),
    /// OpenBLAS 0.3.21 multiplies this layout 1.6–4× faster than `[outputs, inputs]` on the
    /// benchmark machine (it can skip packing the weight); other shapes are better left as they are.
    public func storedInputsByOutputs() -> Linear {
        guard layout == .outputsByInputs else { return self }
        var transposed = [Float](repeating: 0, count: inputs * outputs)
        weight.withUnsafeBufferPointer { w in
            for o in 0..<outputs {
                for i in 0..<inputs { transposed[i * outputs + o] = w[o * inputs + i] }
            }
        }
        return Linear(weight: Tensor(shape: [inputs, outputs], scalars: transposed), bias: bias, layout: .inputsByOutputs)
    }

    /// Concatenates layers with the same inputs and layout `[outputs, inputs]` along the outputs
    /// (e.g. query, key and value into one product).
    public static func concatenating(_ layers: [Linear]) -> Linear {
        precondition(!layers.isEmpty && layers.allSatisfy { $0.layout == .outputsByInputs && $0.inputs == layers[0].inputs })
        let inputs = layers[0].inputs
        let outputs = layers.reduce(0) { $0 + $1.outputs }
        let weight = Tensor(shape: [outputs, inputs], scalars: layers.flatMap(\.weight.scalars))
        let hasBias = layers.allSatisfy { $0.bias != nil }
        let bias = hasBias ? Tensor(shape: [outputs], scalars: layers.flatMap { $0.bias?.scalars ?? [] }) : nil
        return Linear(weight: weight, bias: bias)
    }
}

/// Plain matrix products over row-major buffers.
public enum MatrixProduct {
    /// `c[m, n] = a[m, k] · bᵀ` where `b` is `[n, k]` (both row-major), via `cblas_sgemm`.
    public static func multiplyTransposed(
        _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, into c: UnsafeMutablePointer<Float>,
        m: Int, n: Int, k: Int
    ) {
        guard m > 0, n > 0 else { return }
        if m == 1 {
            cblas_sgemv(CblasRowMajor, CblasNoTrans, Int32(n), Int32(k), 1, b, Int32(k), a, 1, 0, c, 1)
        } else {
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(n), Int32(k),
                        1, a, Int32(k), b, Int32(k), 0, c, Int32(n))
        }
    }
}

extension Linear.Layout: Equatable {}
