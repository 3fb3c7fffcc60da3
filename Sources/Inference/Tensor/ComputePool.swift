import CKernels
import Dispatch
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The worker threads every model of the process shares to split one matrix product (or one
/// attention call) into parts.
///
/// A decoded token of SmolLM2 is 121 products of a few hundred microseconds each, so the hand-off
/// must cost far less than a microsecond: workers busy-wait (`lr_cpu_relax`, yielding the core
/// now and then) for `spinNanoseconds` after their last part before they sleep on a condition
/// variable, and the caller works on parts too. Parts are claimed one at a time from one atomic
/// word that also carries the job's generation, so a part is never run by a worker that woke up
/// late for an earlier job, and the caller never waits for a part nobody has started: when the
/// workers are asleep or descheduled it simply runs every part itself. A second caller arriving
/// while the pool is busy (another model on another thread) runs its parts inline instead of
/// queueing. Results never depend on which thread ran a part.
public final class ComputePool: @unchecked Sendable {
    /// The pool of the process, with `LABRUN_THREADS` threads (caller included), or one per
    /// processor (at most 16) when that is not set.
    public static let shared = ComputePool(threadCount: configuredThreadCount())

    /// Threads that work on a job, the caller included.
    public let threadCount: Int
    /// How long an idle worker keeps spinning before it sleeps (between two products of a
    /// forward pass it never sleeps; after the pass it stops using a core within this time).
    public let spinNanoseconds: UInt64

    /// generation (32 bits) | parts (16 bits) | next unclaimed part (16 bits).
    private let claim = Atomic<UInt64>(0)
    /// Parts of the current job not finished yet.
    private let unfinished = Atomic<Int>(0)
    /// Whether a caller owns the pool (one job at a time).
    private let owned = Atomic<Bool>(false)
    /// Workers sleeping (or about to) on `wakeUp`.
    private let sleepers = Atomic<Int>(0)
    private let lock: UnsafeMutablePointer<pthread_mutex_t>
    private let wakeUp: UnsafeMutablePointer<pthread_cond_t>
    // Written only by the caller that owns the pool; read by workers after they claimed a part.
    private var job: UnsafeRawPointer?
    private var generation: UInt64 = 0
    private var workersStarted = false

    /// A pool of `threadCount` threads (the caller and `threadCount − 1` workers, started on the
    /// first job that has more than one part). The workers keep the pool alive for the rest of the
    /// process: use `shared` (tests make small pools of their own).
    public init(threadCount: Int, spinNanoseconds: UInt64 = 200_000) {
        self.threadCount = max(1, threadCount)
        self.spinNanoseconds = spinNanoseconds
        lock = .allocate(capacity: 1)
        wakeUp = .allocate(capacity: 1)
        pthread_mutex_init(lock, nil)
        pthread_cond_init(wakeUp, nil)
    }

    /// `LABRUN_THREADS` when set to a positive number, else the processor count (at most 16).
    public static func configuredThreadCount(environment: [String: String] = ProcessInfo.processInfo.environment) -> Int {
        if let value = environment["LABRUN_THREADS"].flatMap({ Int($0) }), value > 0 { return min(value, 64) }
        return min(ProcessInfo.processInfo.activeProcessorCount, 16)
    }

    /// Calls `body(part)` once for every part in `0..<parts`, spread over the pool's threads, and
    /// returns when all have finished. Parts must write disjoint memory.
    public func run(parts: Int, _ body: (Int) -> Void) {
        guard parts > 1, threadCount > 1, parts <= 0xFFFF,
              owned.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else {
            for part in 0..<max(parts, 0) { body(part) }
            return
        }
        defer { owned.store(false, ordering: .releasing) }
        if !workersStarted { startWorkers() }
        withoutActuallyEscaping(body) { escapable in
            withUnsafePointer(to: escapable) { pointer in
                job = UnsafeRawPointer(pointer)
                generation = (generation + 1) & 0xFFFF_FFFF
                unfinished.store(parts, ordering: .relaxed)
                claim.store(generation << 32 | UInt64(parts) << 16, ordering: .sequentiallyConsistent)
                if sleepers.load(ordering: .sequentiallyConsistent) > 0 {
                    pthread_mutex_lock(lock)
                    pthread_cond_broadcast(wakeUp)
                    pthread_mutex_unlock(lock)
                }
                work(on: generation)
                var spins = 0
                while unfinished.load(ordering: .acquiring) > 0 {
                    spins += 1
                    if spins & 63 == 0 { sched_yield() } else { lr_cpu_relax() }
                }
            }
        }
    }

    /// The part `part` of `parts` of `count` items, cut at multiples of `alignment`.
    public static func range(part: Int, of parts: Int, count: Int, alignment: Int = 1) -> Range<Int> {
        let share = (count + parts - 1) / parts
        let aligned = (share + alignment - 1) / alignment * alignment
        let lower = min(count, part * aligned)
        return lower..<min(count, lower + aligned)
    }

    /// Claims and runs parts of job `generation` until none is left.
    private func work(on generation: UInt64) {
        var word = claim.load(ordering: .acquiring)
        while word >> 32 == generation {
            let parts = (word >> 16) & 0xFFFF, next = word & 0xFFFF
            guard next < parts else { return }
            let (exchanged, current) = claim.compareExchange(expected: word, desired: word + 1,
                                                             ordering: .acquiringAndReleasing)
            guard exchanged else {
                word = current
                continue
            }
            // The job cannot change before this part is counted as finished.
            job.unsafelyUnwrapped.assumingMemoryBound(to: ((Int) -> Void).self).pointee(Int(next))
            unfinished.subtract(1, ordering: .releasing)
            word = claim.load(ordering: .acquiring)
        }
    }

    private func startWorkers() {
        workersStarted = true
        for index in 1..<threadCount {
            let thread = Thread { self.workerLoop() }
            thread.name = "labrun-compute-\(index)"
            thread.start()
        }
    }

    private func workerLoop() {
        var seen: UInt64 = 0
        while true {
            var current = claim.load(ordering: .acquiring) >> 32
            if current == seen {
                let deadline = DispatchTime.now().uptimeNanoseconds + spinNanoseconds
                var spins = 0
                while current == seen {
                    spins += 1
                    if spins & 63 == 0 {
                        if DispatchTime.now().uptimeNanoseconds > deadline {
                            sleep(until: seen)
                        } else {
                            sched_yield()
                        }
                    } else {
                        lr_cpu_relax()
                    }
                    current = claim.load(ordering: .acquiring) >> 32
                }
            }
            seen = current
            work(on: seen)
        }
    }

    /// Sleeps until a job newer than `generation` is published.
    private func sleep(until generation: UInt64) {
        sleepers.add(1, ordering: .sequentiallyConsistent)
        pthread_mutex_lock(lock)
        while claim.load(ordering: .sequentiallyConsistent) >> 32 == generation {
            pthread_cond_wait(wakeUp, lock)
        }
        pthread_mutex_unlock(lock)
        sleepers.subtract(1, ordering: .sequentiallyConsistent)
    }
}
