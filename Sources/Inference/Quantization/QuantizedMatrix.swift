/// Placeholder while the fast kernels are written: no format has a fast kernel yet.
final class QuantizedMatrix: @unchecked Sendable {
    init?(type: GGMLType, rows: Int, columns: Int, bytes: UnsafeRawBufferPointer) { return nil }
    func multiply(_ activations: QuantizedActivations, into output: UnsafeMutablePointer<Float>) {}
}

/// Placeholder.
struct QuantizedActivations {
    init(_ input: UnsafePointer<Float>, tokens: Int, columns: Int) {}
}
