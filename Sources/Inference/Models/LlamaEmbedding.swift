/// The token embedding table `[V, H]` of a Llama model, kept in the file's format (quantized
/// rows are dequantized one at a time when a token is looked up).
struct LlamaEmbedding: @unchecked Sendable {
    enum Storage {
        /// Rows stay in the mapped GGUF file.
        case gguf(GGUFFile, GGUFTensorInfo)
        /// Row-major float rows.
        case dense([Float])
    }

    let storage: Storage
    let hiddenSize: Int
    let vocabularySize: Int

    /// The `token_embd.weight` tensor of `file`.
    /// - Throws: `GGUFError` when it is missing or has the wrong shape.
    init(file: GGUFFile, vocabularySize: Int, hiddenSize: Int) throws {
        guard let tensor = file.tensor(named: "token_embd.weight") else {
            throw GGUFError(file: file.path, offset: nil, message: "tensor 'token_embd.weight' is missing", fix: "use a complete Llama GGUF file")
        }
        guard tensor.dimensions == [hiddenSize, vocabularySize] else {
            throw GGUFError(file: file.path, offset: tensor.fileOffset,
                            message: "tensor 'token_embd.weight' has shape \(tensor.dimensions), expected [\(hiddenSize), \(vocabularySize)]",
                            fix: "check that the file's llama.* metadata matches its tensors")
        }
        storage = .gguf(file, tensor)
        self.hiddenSize = hiddenSize
        self.vocabularySize = vocabularySize
    }

    /// An embedding from explicit row-major values `[vocabularySize, hiddenSize]`.
    init(values: [Float], vocabularySize: Int, hiddenSize: Int) {
        storage = .dense(values)
        self.hiddenSize = hiddenSize
        self.vocabularySize = vocabularySize
    }

    /// Writes the `hiddenSize` floats of `token`'s row (0 ≤ token < V, checked by the caller).
    func row(_ token: Int, into destination: UnsafeMutablePointer<Float>) {
        switch storage {
        case .gguf(let file, let tensor):
            let rowBytes = tensor.byteCount / vocabularySize
            let bytes = file.bytes(of: tensor)
            let slice = UnsafeRawBufferPointer(rebasing: bytes[(token * rowBytes)..<((token + 1) * rowBytes)])
            // The shape was validated, so the row is always a whole number of blocks.
            try? Dequantization.dequantize(tensor.type, from: slice, count: hiddenSize, into: destination)
        case .dense(let values):
            for i in 0..<hiddenSize { destination[i] = values[token * hiddenSize + i] }
        }
    }
}
