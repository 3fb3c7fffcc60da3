import CKernels

/// Float activations `[tokens, columns]` quantized to 8 bits per block of 32 (scale = max|x|/127),
/// the input the fast kernels of `QuantizedMatrix` multiply with (as llama.cpp does).
///
/// `columns` must be a multiple of 64 (two blocks, the kernels' step).
final class QuantizedActivations: @unchecked Sendable {
    /// Rows of activations.
    let tokens: Int
    /// Values per row.
    let columns: Int
    let q: UnsafeMutablePointer<Int8>
    let qi: UnsafeMutablePointer<Int8>
    let d: UnsafeMutablePointer<Float>
    let ds: UnsafeMutablePointer<Float>
    let d4: UnsafeMutablePointer<Float>
    let d8: UnsafeMutablePointer<Float>

    /// Quantizes `tokens` rows of `columns` floats, or returns nil when `columns` is not a multiple of 64.
    init?(_ input: UnsafePointer<Float>, tokens: Int, columns: Int) {
        guard columns % 64 == 0, columns > 0, tokens > 0 else { return nil }
        self.tokens = tokens
        self.columns = columns
        let count = tokens * columns
        q = .allocate(capacity: count)
        qi = .allocate(capacity: count)
        d = .allocate(capacity: count / 32)
        ds = .allocate(capacity: count / 32)
        d4 = .allocate(capacity: count / 8)
        d8 = .allocate(capacity: count / 8)
        lr_quantize_activations(input, Int32(tokens), Int32(columns), q, qi, d, ds, d4, d8)
    }

    deinit {
        q.deallocate()
        qi.deallocate()
        d.deallocate()
        ds.deallocate()
        d4.deallocate()
        d8.deallocate()
    }

    /// The C view of these activations, valid inside `body`.
    func withC<R>(_ body: (UnsafePointer<lr_activations>) -> R) -> R {
        var view = lr_activations(q: q, qi: qi, d: d, ds: ds, d4: d4, d8: d8, cols: Int32(columns))
        return withUnsafePointer(to: &view) { body($0) }
    }
}
