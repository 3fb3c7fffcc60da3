import COpenBLAS

/// One weight matrix of a Llama layer, `rows` outputs by `columns` inputs, with the product it
/// needs: either dequantized float32 (the reference path, through OpenBLAS) or kept quantized
/// (the fast path, through `QuantizedMatrix`'s kernels).
struct LlamaLinear: @unchecked Sendable {
    /// Outputs.
    let rows: Int
    /// Inputs.
    let columns: Int
    /// Row-major `[rows, columns]` float weights (reference path, or formats without a fast kernel).
    let dense: [Float]?
    /// Quantized weights with fast kernels.
    let quantized: QuantizedMatrix?

    /// Reads tensor `name` of `file` (ggml shape `[columns, rows]`).
    /// - Throws: `GGUFError` when the tensor is missing or has the wrong shape.
    /// On the fast path the quantized weights are repacked into `arena` when one is given.
    init(_ name: String, of file: GGUFFile, rows: Int, columns: Int, path: LlamaModel.ComputePath,
         arena: WeightArena? = nil) throws {
        guard let tensor = file.tensor(named: name) else {
            throw GGUFError(file: file.path, offset: nil, message: "tensor '\(name)' is missing",
                            fix: "use a complete Llama GGUF file")
        }
        guard tensor.dimensions == [columns, rows] else {
            throw GGUFError(file: file.path, offset: tensor.fileOffset,
                            message: "tensor '\(name)' has shape \(tensor.dimensions), expected [\(columns), \(rows)]",
                            fix: "check that the file's llama.* metadata matches its tensors")
        }
        self.rows = rows
        self.columns = columns
        if path == .fast, let matrix = QuantizedMatrix(type: tensor.type, rows: rows, columns: columns,
                                                          bytes: file.bytes(of: tensor), arena: arena) {
            quantized = matrix
            dense = nil
        } else {
            dense = try Dequantization.dequantize(tensor, of: file)
            quantized = nil
        }
    }

    /// A float32 matrix from explicit row-major values.
    init(rows: Int, columns: Int, values: [Float]) {
        self.rows = rows
        self.columns = columns
        dense = values
        quantized = nil
    }

    /// The bytes one product reads from the weights: the repacked quantized values with their
    /// scales and minimums, or the float32 matrix.
    var weightBytes: Int { quantized?.storedBytes ?? rows * columns * MemoryLayout<Float>.size }

    /// `output[t, r] = Σ_c input[t, c] · W[r, c]` for `tokens` rows of input.
    /// `activations` is the quantized form of `input` (needed by quantized weights).
    func apply(_ input: UnsafePointer<Float>, activations: QuantizedActivations?, tokens: Int,
               into output: UnsafeMutablePointer<Float>, threads: Int = 1) {
        if let quantized, let activations {
            quantized.multiply(activations, into: output, threads: threads)
            return
        }
        guard let dense else { return }
        dense.withUnsafeBufferPointer { weights in
            guard let w = weights.baseAddress else { return }
            if tokens == 1 {
                cblas_sgemv(CblasRowMajor, CblasNoTrans, Int32(rows), Int32(columns), 1, w, Int32(columns),
                            input, 1, 0, output, 1)
            } else {
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(tokens), Int32(rows), Int32(columns),
                            1, input, Int32(columns), w, Int32(columns), 0, output, Int32(rows))
            }
        }
    }
}
