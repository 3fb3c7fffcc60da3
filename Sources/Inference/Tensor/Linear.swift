import CKernels
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
    /// An `[outputs, inputs]` weight goes through `lr_sgemm_nt` with its outputs split over
    /// `ComputePool.shared` (OpenBLAS packs the whole weight on every call, so for a short sentence
    /// the copy is most of the work; figures in docs/performance.md), an `[inputs, outputs]` one
    /// (GPT-2) through OpenBLAS.
    public func apply(
        _ input: UnsafePointer<Float>, rows: Int, inputStride: Int? = nil,
        into output: UnsafeMutablePointer<Float>, activation: Activation = .identity
    ) {
        guard rows > 0 else { return }
        let stride = inputStride ?? inputs
        weight.withUnsafeBufferPointer { w in
            guard let w = w.baseAddress else { return }
            switch layout {
            case .outputsByInputs:
                Self.multiply(input, rows: rows, stride: stride, weight: w, outputs: outputs, inputs: inputs,
                              into: output)
            case .inputsByOutputs where rows == 1:
                cblas_sgemv(CblasRowMajor, CblasTrans, Int32(inputs), Int32(outputs), 1, w, Int32(outputs),
                            input, 1, 0, output, 1)
            case .inputsByOutputs:
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(rows), Int32(outputs), Int32(inputs),
                            1, input, Int32(stride), w, Int32(outputs), 0, output, Int32(outputs))
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

    /// `output[r, o] = Σ_i input[r·stride + i] · weight[o·inputs + i]`, the outputs split over the
    /// shared pool when the product is large enough to pay for the hand-off.
    static func multiply(_ input: UnsafePointer<Float>, rows: Int, stride: Int, weight: UnsafePointer<Float>,
                         outputs: Int, inputs: Int, into output: UnsafeMutablePointer<Float>) {
        let pool = ComputePool.shared
        let parts = rows * outputs * inputs < 1 << 17 ? 1 : pool.threadCount
        pool.run(parts: parts) { part in
            let range = ComputePool.range(part: part, of: parts, count: outputs, alignment: 4)
            lr_sgemm_nt(input, Int32(rows), Int32(stride), weight, Int32(inputs), Int32(range.lowerBound),
                        Int32(range.upperBound), output, Int32(outputs))
        }
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

extension Linear.Layout: Equatable {}
