import CKernels

/// A weight matrix `[rows, columns]` kept in a quantized format and repacked for the fast kernels:
/// 4-bit (Q4_0, Q4_1) as ggml's nibbles plus a float scale and minimum per block of 32, 8-bit
/// (Q8_0) as signed bytes plus a float scale per block.
///
/// `multiply` computes `y[t, r] = Σ_c W[r, c] · x[t, c]` against `QuantizedActivations` (16-bit),
/// splitting the rows between threads. Columns must be a multiple of 32.
final class QuantizedMatrix: @unchecked Sendable {

    /// Outputs.
    let rows: Int
    /// Inputs.
    let columns: Int
    let kind: lr_weight_kind
    let weights: UnsafeMutableRawPointer
    let scales: UnsafeMutablePointer<Float>
    let minimums: UnsafeMutablePointer<Float>?
    /// Where the buffers were cut from; nil when this matrix allocated (and frees) them itself.
    private let arena: WeightArena?

    /// Repacks `bytes` (ggml blocks of `type`, rows of `columns`), or returns nil when the format
    /// has no fast kernel (F32, F16, K-quants) or `columns` is not a multiple of 32. The buffers
    /// come from `arena` when it is given and has room.
    init?(type: GGMLType, rows: Int, columns: Int, bytes: UnsafeRawBufferPointer, arena: WeightArena? = nil) {
        guard let layout = Layout(type: type, rows: rows, columns: columns),
              let fileBytes = type.byteCount(weights: rows * columns), bytes.count >= fileBytes,
              let source = bytes.baseAddress else { return nil }
        self.rows = rows
        self.columns = columns
        let blocks = layout.blocks, minimumCount = layout.minimumCount
        if let arena, let slice = arena.take(layout.arenaBytes) {
            self.arena = arena
            weights = slice
            scales = (slice + layout.scalesOffset).bindMemory(to: Float.self, capacity: blocks)
            minimums = minimumCount > 0
                ? (slice + layout.minimumsOffset).bindMemory(to: Float.self, capacity: minimumCount) : nil
        } else {
            self.arena = nil
            weights = .allocate(byteCount: layout.weightBytes, alignment: 64)
            scales = .allocate(capacity: blocks)
            minimums = minimumCount > 0 ? .allocate(capacity: minimumCount) : nil
        }
        kind = type == .q8_0 ? LR_WEIGHTS_Q8_0 : type == .q4_1 ? LR_WEIGHTS_Q4_1 : LR_WEIGHTS_Q4_0
        lr_q16_repack(source.assumingMemoryBound(to: UInt8.self), blocks, kind,
                      weights.assumingMemoryBound(to: UInt8.self), scales, minimums)
    }

    /// The bytes the kernels read for one product: values, scales and minimums.
    var storedBytes: Int {
        let blocks = rows * columns / 32
        return Int(lr_q16_weight_bytes(kind, blocks)) + 4 * blocks * (minimums == nil ? 1 : 2)
    }

    /// The bytes a matrix of `type` takes from a `WeightArena`, or nil for a format without fast
    /// kernels.
    static func arenaBytes(type: GGMLType, rows: Int, columns: Int) -> Int? {
        Layout(type: type, rows: rows, columns: columns)?.arenaBytes
    }

    /// The sizes of a repacked matrix and where its scales and minimums sit in one arena slice
    /// (each part at a 64-byte boundary).
    private struct Layout {
        let blocks: Int
        let weightBytes: Int
        /// Minimums per block (4-bit formats), or 0 (Q8_0).
        let minimumCount: Int
        let scalesOffset: Int
        let minimumsOffset: Int
        let arenaBytes: Int

        init?(type: GGMLType, rows: Int, columns: Int) {
            guard [.q4_0, .q4_1, .q8_0].contains(type), rows > 0, columns > 0, columns % 32 == 0 else { return nil }
            func aligned(_ offset: Int) -> Int { (offset + 63) / 64 * 64 }
            blocks = rows * columns / 32
            weightBytes = type == .q8_0 ? rows * columns : rows * columns / 2
            minimumCount = type == .q8_0 ? 0 : blocks
            scalesOffset = aligned(weightBytes)
            minimumsOffset = aligned(scalesOffset + 4 * blocks)
            arenaBytes = minimumsOffset + 4 * minimumCount
        }
    }

    deinit {
        guard arena == nil else { return }
        weights.deallocate()
        scales.deallocate()
        minimums?.deallocate()
    }

    /// `y[t · ldy + r]` for rows `range` and every token of `x`.
    func multiply(_ x: QuantizedActivations, rows range: Range<Int>, into y: UnsafeMutablePointer<Float>, ldy: Int) {
        guard !range.isEmpty, x.columns == columns else { return }
        x.withC { activations in
            lr_q16_matmul(kind, weights.assumingMemoryBound(to: UInt8.self), scales, minimums, Int32(columns),
                          Int32(range.lowerBound), Int32(range.upperBound), activations, Int32(x.tokens), y, Int32(ldy))
        }
    }

    /// The rows of part `part` of `parts` equal parts (boundaries on multiples of 8).
    func rows(part: Int, of parts: Int) -> Range<Int> {
        ComputePool.range(part: part, of: parts, count: rows, alignment: 8)
    }

    /// `y = x · Wᵀ` (`[tokens, rows]` row-major) with the rows split into `threads` parts of
    /// `ComputePool.shared`.
    func multiply(_ x: QuantizedActivations, into y: UnsafeMutablePointer<Float>, threads: Int = 1) {
        ComputePool.shared.run(parts: threads) { part in
            multiply(x, rows: rows(part: part, of: threads), into: y, ldy: rows)
        }
    }
}
