/// One float32 allocation carved into named regions by offset, as llm.c keeps its activations:
/// a forward pass writes every activation the backward pass reads, and the backward pass keeps
/// its gradients of activations in a second arena. Owned by one training step; freed with it.
final class Arena {
    /// The first value; valid until the arena is released.
    let base: UnsafeMutablePointer<Float>
    /// The number of values.
    let count: Int

    /// A zero-filled arena of `count` values.
    init(count: Int) {
        self.count = max(count, 1)
        base = .allocate(capacity: self.count)
        base.initialize(repeating: 0, count: self.count)
    }

    deinit { base.deallocate() }

    /// The region starting at `offset`.
    subscript(_ offset: Int) -> UnsafeMutablePointer<Float> { base + offset }

    /// Sets `length` values from `offset` to zero.
    func zero(_ offset: Int, _ length: Int) {
        (base + offset).update(repeating: 0, count: length)
    }
}

/// Hands out consecutive offsets while a layout of regions is planned.
struct ArenaPlan {
    /// The values planned so far.
    private(set) var count = 0

    /// Reserves `length` values and returns where they start.
    mutating func reserve(_ length: Int) -> Int {
        defer { count += length }
        return count
    }
}
