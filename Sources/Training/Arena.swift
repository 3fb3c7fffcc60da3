import Synchronization

/// One float32 allocation carved into named regions by offset, as llm.c keeps its activations:
/// a forward pass writes every activation the backward pass reads, and the backward pass keeps
/// its gradients of activations in a second arena. Owned by one training step; its memory goes
/// back to `ArenaRecycler` when the step ends, for the next step.
final class Arena {
    /// The first value; valid until the arena is released.
    let base: UnsafeMutablePointer<Float>
    /// The number of values.
    let count: Int
    /// The values allocated (at least `count`: a recycled buffer may be larger).
    private let capacity: Int

    /// A zero-filled arena of `count` values.
    init(count: Int) {
        self.count = max(count, 1)
        if let buffer = ArenaRecycler.shared.take(atLeast: self.count) {
            (base, capacity) = buffer
        } else {
            (base, capacity) = (.allocate(capacity: self.count), self.count)
        }
        base.initialize(repeating: 0, count: self.count)
    }

    deinit { ArenaRecycler.shared.give(base, capacity: capacity) }

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

/// The buffers of the arenas of the last step, kept for the next one. A SmolLM2 step at 64 × 8
/// needs about 600 MB of activations; allocating them afresh every step made the kernel map and
/// clear 150,000 pages a step, 10–15% of a step's CPU time (perf, `clear_page_erms` and page
/// faults). At most `limit` buffers are kept (a step's activations, gradients and scratch), the
/// largest ones, so batches of varying length reuse the longest batch's buffers; they stay
/// allocated after training, as a step's peak would.
final class ArenaRecycler: Sendable {
    /// The recycler of the process.
    static let shared = ArenaRecycler()

    /// Buffers kept at most.
    let limit = 3
    /// Free buffers as (address, capacity in floats).
    private let free = Mutex<[(address: UInt, capacity: Int)]>([])

    /// The smallest free buffer that holds `count` values, removed from the free list, or nil. A
    /// buffer over four times too large is left for a larger arena (a step's scratch would
    /// otherwise take the activations' buffer).
    func take(atLeast count: Int) -> (UnsafeMutablePointer<Float>, Int)? {
        free.withLock { buffers in
            let fitting = buffers.indices.filter { buffers[$0].capacity >= count && buffers[$0].capacity / 4 <= count }
            guard let best = fitting.min(by: { buffers[$0].capacity < buffers[$1].capacity }) else { return nil }
            let buffer = buffers.remove(at: best)
            return (UnsafeMutablePointer(bitPattern: buffer.address)!, buffer.capacity)
        }
    }

    /// Keeps `base` for a later arena, or frees it (or a smaller kept buffer) beyond `limit`.
    func give(_ base: UnsafeMutablePointer<Float>, capacity: Int) {
        let dropped: UInt? = free.withLock { buffers in
            buffers.append((UInt(bitPattern: base), capacity))
            guard buffers.count > limit, let smallest = buffers.indices.min(by: { buffers[$0].capacity < buffers[$1].capacity }) else {
                return nil
            }
            return buffers.remove(at: smallest).address
        }
        dropped.flatMap { UnsafeMutablePointer<Float>(bitPattern: $0) }?.deallocate()
    }
}
