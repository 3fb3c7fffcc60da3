import Dispatch
import Foundation
import Synchronization
import Testing
@testable import Inference

/// The shared worker pool: every part of every job runs exactly once, before `run` returns,
/// whoever calls it and however many callers there are at once.
@Suite struct ComputePoolTests {
    /// How many times each part ran.
    final class Counters: Sendable {
        let values: Mutex<[Int]>
        init(_ count: Int) { values = Mutex([Int](repeating: 0, count: count)) }
        func add(_ index: Int) { values.withLock { $0[index] += 1 } }
        subscript(_ index: Int) -> Int { values.withLock { $0[index] } }
    }

    @Test(arguments: [1, 2, 3, 7, 64])
    func everyPartRunsOnceBeforeRunReturns(parts: Int) {
        let pool = ComputePool(threadCount: 3, spinNanoseconds: 50_000)
        for job in 0..<2_000 {
            let counters = Counters(parts)
            pool.run(parts: parts) { counters.add($0) }
            let counts = (0..<parts).map { counters[$0] }
            if counts.contains(where: { $0 != 1 }) {
                Issue.record("job \(job): part counts \(counts)")
                return
            }
        }
    }

    /// Callers on several threads share one pool; a caller that finds it busy runs its parts itself.
    @Test func concurrentCallersAllComplete() {
        let pool = ComputePool(threadCount: 2, spinNanoseconds: 50_000)
        let totals = Counters(8)
        DispatchQueue.concurrentPerform(iterations: 8) { caller in
            for _ in 0..<500 {
                let counters = Counters(5)
                pool.run(parts: 5) { counters.add($0) }
                if (0..<5).allSatisfy({ counters[$0] == 1 }) { totals.add(caller) }
            }
        }
        #expect((0..<8).map { totals[$0] } == [Int](repeating: 500, count: 8))
    }

    /// Workers that went to sleep wake up for the next job.
    @Test func sleepingWorkersWakeForTheNextJob() throws {
        let pool = ComputePool(threadCount: 2, spinNanoseconds: 1_000)
        for _ in 0..<20 {
            let counters = Counters(2)
            pool.run(parts: 2) { counters.add($0) }
            #expect(counters[0] == 1 && counters[1] == 1)
            usleep(2_000)
        }
    }

    @Test func rangesCoverEveryItemOnceOnAlignedBoundaries() {
        for count in [0, 1, 7, 8, 100, 1_537] {
            for parts in 1...5 {
                let ranges = (0..<parts).map { ComputePool.range(part: $0, of: parts, count: count, alignment: 4) }
                #expect(ranges.map(\.count).reduce(0, +) == count)
                for (a, b) in zip(ranges, ranges.dropFirst()) { #expect(a.upperBound == b.lowerBound || b.isEmpty) }
                #expect(ranges.dropLast().allSatisfy { $0.isEmpty || $0.lowerBound % 4 == 0 })
            }
        }
    }

    @Test func threadCountComesFromTheEnvironment() {
        #expect(ComputePool.configuredThreadCount(environment: ["LABRUN_THREADS": "3"]) == 3)
        #expect(ComputePool.configuredThreadCount(environment: ["LABRUN_THREADS": "0"]) >= 1)
        #expect(ComputePool.configuredThreadCount(environment: ["LABRUN_THREADS": "many"]) >= 1)
    }
}
