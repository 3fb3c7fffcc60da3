/// The element formats of GGUF tensors that labrun reads, with their ggml type numbers.
///
/// Quantized formats store weights in blocks: `blockSize` weights in `bytesPerBlock` bytes,
/// always along a tensor's first (contiguous) dimension.
public enum GGMLType: UInt32, Sendable, CaseIterable, CustomStringConvertible {
    /// 32-bit IEEE float.
    case f32 = 0
    /// 16-bit IEEE float.
    case f16 = 1
    /// 32 weights: fp16 scale `d`, 16 bytes of 4-bit values; weight = (q − 8)·d.
    case q4_0 = 2
    /// 32 weights: fp16 scale `d`, fp16 minimum `m`, 16 bytes of 4-bit values; weight = q·d + m.
    case q4_1 = 3
    /// 32 weights: fp16 scale `d`, 32 signed bytes; weight = q·d.
    case q8_0 = 8
    /// 256 weights in 8 sub-blocks of 32 with 6-bit scales and minimums; 144 bytes.
    case q4_K = 12
    /// 256 weights in 16 sub-blocks of 16, 6-bit values with 8-bit scales; 210 bytes.
    case q6_K = 14

    /// Weights per block (1 for plain floats).
    public var blockSize: Int {
        switch self {
        case .f32, .f16: 1
        case .q4_0, .q4_1, .q8_0: 32
        case .q4_K, .q6_K: 256
        }
    }

    /// Bytes per block.
    public var bytesPerBlock: Int {
        switch self {
        case .f32: 4
        case .f16: 2
        case .q4_0: 18
        case .q4_1: 20
        case .q8_0: 34
        case .q4_K: 144
        case .q6_K: 210
        }
    }

    /// The name llama.cpp prints (`Q4_1`, `F32`, ...).
    public var description: String {
        switch self {
        case .f32: "F32"
        case .f16: "F16"
        case .q4_0: "Q4_0"
        case .q4_1: "Q4_1"
        case .q8_0: "Q8_0"
        case .q4_K: "Q4_K"
        case .q6_K: "Q6_K"
        }
    }

    /// Bytes taken by `count` weights, or nil when `count` is not a whole number of blocks or overflows.
    public func byteCount(weights count: Int) -> Int? {
        guard count >= 0, count % blockSize == 0 else { return nil }
        let (bytes, overflow) = (count / blockSize).multipliedReportingOverflow(by: bytesPerBlock)
        return overflow ? nil : bytes
    }

    /// Names of ggml types that exist but labrun does not read, for error messages.
    static func unsupportedName(_ raw: UInt32) -> String? {
        let names: [UInt32: String] = [
            6: "Q5_0", 7: "Q5_1", 9: "Q8_1", 10: "Q2_K", 11: "Q3_K", 13: "Q5_K", 15: "Q8_K",
            16: "IQ2_XXS", 17: "IQ2_XS", 18: "IQ3_XXS", 19: "IQ1_S", 20: "IQ4_NL", 21: "IQ3_S",
            22: "IQ2_S", 23: "IQ4_XS", 24: "I8", 25: "I16", 26: "I32", 27: "I64", 28: "F64",
            29: "IQ1_M", 30: "BF16", 34: "TQ1_0", 35: "TQ2_0",
        ]
        return names[raw]
    }
}
