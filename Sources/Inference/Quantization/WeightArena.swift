#if canImport(Glibc)
import Glibc
#endif

/// One block of memory for all of a model's repacked weights, asked to be backed by 2 MiB pages
/// (transparent huge pages, `madvise`): filling it takes a few hundred page faults instead of
/// tens of thousands, and the kernels' weight reads miss the TLB less often. Where the kernel
/// declines the advice, it is ordinary memory.
///
/// Slices are handed out in order (`take`) while a model loads, on one thread; they live as long
/// as the arena, which every `QuantizedMatrix` cut from it keeps alive.
final class WeightArena: @unchecked Sendable {
    /// Bytes reserved (rounded up to whole 2 MiB pages).
    let capacity: Int
    private let base: UnsafeMutableRawPointer
    private var used = 0

    /// Reserves at least `capacity` bytes.
    init(capacity: Int) {
        let hugePage = 2 << 20
        self.capacity = max(hugePage, (capacity + hugePage - 1) / hugePage * hugePage)
        base = .allocate(byteCount: self.capacity, alignment: hugePage)
        #if canImport(Glibc)
        _ = madvise(base, self.capacity, 14) // MADV_HUGEPAGE; advice only, failure is harmless
        #endif
    }

    deinit { base.deallocate() }

    /// `byteCount` bytes at a 64-byte boundary, or nil when the arena has no room left.
    func take(_ byteCount: Int) -> UnsafeMutableRawPointer? {
        let start = (used + 63) / 64 * 64
        guard byteCount >= 0, start + byteCount <= capacity else { return nil }
        used = start + byteCount
        return base + start
    }
}
