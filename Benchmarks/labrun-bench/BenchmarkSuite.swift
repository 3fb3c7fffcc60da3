import Foundation

/// One measured figure: `value` in `unit`, the median of `runs` runs, with `spread` the
/// relative difference between the slowest and the fastest run.
struct BenchmarkResult: Codable, Sendable {
    let suite: String
    let name: String
    let value: Double
    let unit: String
    let runs: Int
    let spread: Double
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
