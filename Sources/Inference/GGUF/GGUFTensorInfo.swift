/// Where one tensor lives in a GGUF file and how it is stored.
public struct GGUFTensorInfo: Sendable, Equatable {
    /// The tensor's name (`blk.0.attn_q.weight`).
    public let name: String
    /// ggml's `ne`: `dimensions[0]` is the contiguous (fastest-varying) dimension. A matrix that
    /// maps `n` inputs to `m` outputs has `dimensions == [n, m]`.
    public let dimensions: [Int]
    public let type: GGMLType
    /// Offset of the first byte, from the start of the file (already validated).
    public let fileOffset: Int
    /// Bytes the tensor takes (already validated to lie inside the file).
    public let byteCount: Int

    /// The number of elements (product of `dimensions`).
    public var elementCount: Int { dimensions.reduce(1, *) }
}
