import CKernels

/// Float activations `[tokens, columns]` rounded to 16-bit integers per block of 32 (scale =
/// max|x| / 32767), with each block's float sum: the input the fast kernels of `QuantizedMatrix`
/// multiply with. Sixteen bits keep the products within about 1e-5 of float32, so the fast path
/// gives the float32 path's answers (eight bits, as llama.cpp uses, changed greedy replies).
///
/// `columns` must be a multiple of 32 (the block size).
final class QuantizedActivations: @unchecked Sendable {
    /// Rows of activations.
    let tokens: Int
    /// Values per row.
    let columns: Int
    private let values: UnsafeMutablePointer<Int16>
    private let scales: UnsafeMutablePointer<Float>
    private let sums: UnsafeMutablePointer<Float>

    /// Rounds `tokens` rows of `columns` floats, or returns nil when `columns` is not a multiple of 32.
    init?(_ input: UnsafePointer<Float>, tokens: Int, columns: Int) {
        guard columns % 32 == 0, columns > 0, tokens > 0 else { return nil }
        self.tokens = tokens
        self.columns = columns
        values = .allocate(capacity: tokens * columns)
        scales = .allocate(capacity: tokens * columns / 32)
        sums = .allocate(capacity: tokens * columns / 32)
        lr_q16_activations(input, Int32(tokens), Int32(columns), Int32(columns), values, scales, sums)
    }

    deinit {
        values.deallocate()
        scales.deallocate()
        sums.deallocate()
    }

    /// The C view of these activations, valid inside `body`.
    func withC<R>(_ body: (UnsafePointer<lr_activations16>) -> R) -> R {
        var view = lr_activations16(a: values, s: scales, sums: sums)
        return withUnsafePointer(to: &view) { body($0) }
    }
}
