import CMachineProbes
import Foundation

/// One measured figure: `value` in `unit`, the median of `runs` runs, with `spread` the
/// relative difference between the slowest and the fastest run, and where the work is known,
/// what share of the machine's limit it reaches.
struct BenchmarkResult: Codable, Sendable {
    let suite: String
    let name: String
    let value: Double
    let unit: String
    let runs: Int
    let spread: Double
    var roofline: Roofline? = nil
}

/// A figure against the limit that bounds it: compute-bound work as GFLOP/s and a share of the
/// FMA peak, memory-bound work as GB/s and a share of the read bandwidth (both measured at start).
struct Roofline: Codable, Sendable {
    enum Limit: String, Codable, Sendable {
        /// Bounded by fused multiply-adds: `achieved` is in GFLOP/s.
        case compute
        /// Bounded by reading memory: `achieved` is in GB/s.
        case memory
    }
    let limit: Limit
    let achieved: Double
    /// `achieved` over the machine's measured limit.
    let share: Double

    var description: String {
        switch limit {
        case .compute: String(format: "%.1f GFLOP/s = %.0f%% of FMA peak", achieved, share * 100)
        case .memory: String(format: "%.1f GB/s = %.0f%% of read bandwidth", achieved, share * 100)
        }
    }
}

/// The machine's FMA peak and read bandwidth, measured once by tiny loops (Benchmarks/probes)
/// on as many threads as the engine's compute pool uses.
struct MachineLimits: Codable, Sendable {
    /// The instruction set the engine's kernels use here.
    let instructionSet: String
    let fmaPeakGFLOPS: Double
    let readBandwidthGBps: Double
    let threads: Int

    static let measured: MachineLimits = {
        let threads = Int(ProcessInfo.processInfo.environment["LABRUN_THREADS"] ?? "")
            ?? ProcessInfo.processInfo.activeProcessorCount
        let limits = MachineLimits(instructionSet: String(cString: lr_probe_instruction_set()),
                                   fmaPeakGFLOPS: lr_probe_fma_gflops(Int32(threads), 0.5),
                                   readBandwidthGBps: lr_probe_read_gbps(Int32(threads), 256, 5), threads: threads)
        // The probe's buffer must not count in the suites' peak-memory figures: reset VmHWM.
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
        return limits
    }()
}

/// A named group of benchmarks; each issue adds its own suite.
protocol BenchmarkSuite: Sendable {
    /// The name typed on the command line (`labrun-bench blas`).
    var name: String { get }
    /// One line saying what the suite measures.
    var summary: String { get }
    /// Runs the measurements and returns their figures.
    func run() throws -> [BenchmarkResult]
}

/// Times `body` `runs` times after `warmup` untimed runs; returns every run's seconds.
func measureSeconds(runs: Int, warmup: Int = 1, _ body: () throws -> Void) rethrows -> [Double] {
    for _ in 0..<warmup { try body() }
    var seconds: [Double] = []
    for _ in 0..<runs {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        seconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    return seconds
}

/// The median of `values` (which must not be empty).
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/// (max − min) / median: how much the runs disagreed.
func relativeSpread(_ values: [Double]) -> Double {
    guard let low = values.min(), let high = values.max() else { return 0 }
    let middle = median(values)
    return middle == 0 ? 0 : (high - low) / middle
}

extension BenchmarkResult {
    /// This result with its roofline: `workPerUnit` FLOPs (compute) or bytes (memory) for each
    /// unit of `value` (a rate per second).
    func roofline(_ limit: Roofline.Limit, workPerUnit: Double) -> BenchmarkResult {
        let achieved = value * workPerUnit / 1e9
        let machine = MachineLimits.measured
        let ceiling = limit == .compute ? machine.fmaPeakGFLOPS : machine.readBandwidthGBps
        var result = self
        result.roofline = Roofline(limit: limit, achieved: achieved, share: ceiling > 0 ? achieved / ceiling : 0)
        return result
    }

    /// A latency result (ms) with its roofline: `work` FLOPs (compute) or bytes (memory) per run.
    func roofline(_ limit: Roofline.Limit, workPerRun work: Double) -> BenchmarkResult {
        let perSecond = BenchmarkResult(suite: suite, name: name, value: 1000 / value, unit: "runs/s", runs: runs, spread: spread)
        var result = self
        result.roofline = perSecond.roofline(limit, workPerUnit: work).roofline
        return result
    }

    /// A result reported as a rate: `work` units per second, median over the timed runs.
    static func rate(suite: String, name: String, work: Double, unit: String, seconds: [Double]) -> BenchmarkResult {
        let rates = seconds.map { work / $0 }
        return BenchmarkResult(suite: suite, name: name, value: median(rates), unit: unit,
                               runs: seconds.count, spread: relativeSpread(rates))
    }

    /// A result reported as a latency in milliseconds, median over the timed runs.
    static func latency(suite: String, name: String, seconds: [Double]) -> BenchmarkResult {
        let milliseconds = seconds.map { $0 * 1000 }
        return BenchmarkResult(suite: suite, name: name, value: median(milliseconds), unit: "ms",
                               runs: seconds.count, spread: relativeSpread(milliseconds))
    }
}
