import Inference

/// Element-wise work split over the shared `ComputePool`. The products run on OpenBLAS's threads,
/// but the loops between them (the loss over 49,152 logits a token, attention's small products,
/// AdamW, clipping and the gradient norm over every parameter) ran on one core while the others
/// idled.
///
/// Work is cut into fixed chunks whatever the thread count, so a reduction summed chunk by chunk
/// in chunk order gives the same value on every machine; a job of a single chunk stays on the
/// calling thread, where a hand-off would cost more than it saves.
enum Parallel {
    /// Values a chunk of element-wise work holds: large enough that claiming a chunk (one atomic
    /// operation) is noise, small enough that two threads finish together.
    static let chunk = 1 << 16

    /// The number of chunks `forEachChunk` cuts `count` values into.
    static func chunkCount(_ count: Int, chunk: Int = chunk) -> Int { (count + chunk - 1) / chunk }

    /// Calls `body(index, range)` for every chunk of `0..<count`, spread over the pool's threads.
    /// Chunks must write disjoint memory.
    static func forEachChunk(count: Int, chunk: Int = chunk, _ body: (Int, Range<Int>) -> Void) {
        let chunks = chunkCount(count, chunk: chunk)
        ComputePool.shared.run(parts: chunks) { index in
            body(index, index * chunk ..< min(count, (index + 1) * chunk))
        }
    }

    /// Calls `body(item)` for every item of `0..<count`, spread over the pool's threads. Items must
    /// write disjoint memory.
    static func forEach(_ count: Int, _ body: (Int) -> Void) {
        ComputePool.shared.run(parts: count, body)
    }
}
