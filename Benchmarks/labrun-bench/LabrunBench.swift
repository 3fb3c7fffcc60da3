import ArgumentParser
import Foundation
import Inference

/// `labrun-bench`: runs labrun's benchmark suites and prints figures to compare across commits.
@main
struct LabrunBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "labrun-bench",
        abstract: "Measure labrun's speed: run benchmark suites and print a table or JSON.",
        discussion: """
            Build in release mode for meaningful figures:
              swift run -c release labrun-bench            every suite
              swift run -c release labrun-bench blas --json
            OpenBLAS thread count follows OPENBLAS_NUM_THREADS (stated in the output).
            """
    )

    /// Every suite, in the order they run.
    static let suites: [any BenchmarkSuite] = [BLASSuite(), LabKitSuite(), LabScriptSuite(), InferenceSuite(), ClassifySuite(), LlamaSuite(), TrainSuite(), BiasSuite(), GradingSuite(), ProgressSuite(), ColdStartSuite()]

    @Argument(help: "Suites to run (default: all). Known: \(LabrunBench.suites.map(\.name).joined(separator: ", ")).")
    var suiteNames: [String] = []

    @Flag(help: "Print {\"machine\": {...}, \"results\": [...]} instead of a table.")
    var json = false

    @Flag(help: "List the suites and exit.")
    var list = false

    func validate() throws {
        let known = Set(Self.suites.map(\.name))
        for name in suiteNames where !known.contains(name) {
            throw ValidationError("unknown suite '\(name)'; known suites: \(known.sorted().joined(separator: ", "))")
        }
    }

    func run() throws {
        if list {
            for suite in Self.suites { print("\(suite.name.padding(toLength: 12, withPad: " ", startingAt: 0))\(suite.summary)") }
            return
        }
        let chosen = suiteNames.isEmpty ? Self.suites : Self.suites.filter { suiteNames.contains($0.name) }
        let machine = MachineDescription.current()
        if !json {
            print("labrun-bench on \(machine.summary)")
            print("limits: \(machine.limits.summary)")
        }
        var results: [BenchmarkResult] = []
        for suite in chosen {
            let suiteResults = try suite.run()
            results += suiteResults
            if !json {
                for result in suiteResults { print(result.tableRow) }
            }
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            let report = BenchmarkReport(machine: machine, results: results)
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        }
    }
}

/// What `--json` prints.
struct BenchmarkReport: Codable {
    let machine: MachineDescription
    let results: [BenchmarkResult]
}

/// The facts a reader needs to compare figures: CPU, cores, threads, build.
struct MachineDescription: Codable {
    let cpu: String
    let cores: Int
    let blasThreads: String
    /// Threads of the engine's own kernels (`ComputePool`: BERT products, quantized Llama).
    let computeThreads: Int
    let build: String
    let date: String
    /// FMA peak, read bandwidth and instruction set, measured at start.
    let limits: MachineLimits

    static func current() -> MachineDescription {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .map { $0.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "" }
            ?? "unknown CPU"
        #if DEBUG
        let build = "debug (figures are not meaningful; use -c release)"
        #else
        let build = "release"
        #endif
        return MachineDescription(
            cpu: model,
            cores: ProcessInfo.processInfo.activeProcessorCount,
            blasThreads: ProcessInfo.processInfo.environment["OPENBLAS_NUM_THREADS"] ?? "OpenBLAS default",
            computeThreads: ComputePool.shared.threadCount,
            build: build,
            date: ISO8601DateFormatter().string(from: Date()),
            limits: .measured
        )
    }

    var summary: String {
        "\(cpu), \(cores) cores, BLAS threads: \(blasThreads), compute threads: \(computeThreads) (LABRUN_THREADS), \(build) build"
    }
}

extension MachineLimits {
    var summary: String {
        String(format: "%@ kernels, FMA peak %.0f GFLOP/s, read bandwidth %.1f GB/s (%d threads, measured now)",
               instructionSet, fmaPeakGFLOPS, readBandwidthGBps, threads)
    }
}

extension BenchmarkResult {
    var tableRow: String {
        let figure = String(format: "%12.2f", value)
        let row = "  \(suite.padding(toLength: 10, withPad: " ", startingAt: 0)) \(name.padding(toLength: 40, withPad: " ", startingAt: 0)) \(figure) \(unit.padding(toLength: 10, withPad: " ", startingAt: 0)) (\(runs) runs, spread \(String(format: "%.0f", spread * 100))%)"
        return roofline.map { row + "  " + $0.description } ?? row
    }
}
