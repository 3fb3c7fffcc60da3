import Foundation
import LabRun
import Progress

/// The progress store's write speed: events per second for one SQLite writer (goal ≥ 5,000/s),
/// and record latency for one PostgreSQL writer and with 50 concurrent ones (goal p99 ≤ 20 ms)
/// when LABRUN_BENCH_POSTGRES_URL names a server (its database gets labrun's tables; use a
/// throwaway one, for example from scripts/postgres-test-server.sh). The server's durability settings
/// (fsync, synchronous_commit) are printed with the figures; labrun never changes them.
struct ProgressSuite: BenchmarkSuite {
    let name = "progress"
    let summary = "progress store: SQLite events/s (1 writer), PostgreSQL record p50 (1 writer), open p99 and record p50/p99 ms (50 writers)"

    /// Events per timed SQLite run, and per PostgreSQL writer.
    let sqliteEvents = 5_000
    let postgresWriters = 50
    let eventsPerPostgresWriter = 100
    /// Untimed runs each PostgreSQL writer records first.
    let postgresWarmUp = 10
    /// Step runs the lone PostgreSQL writer records (after its warm-up).
    let loneWriterRuns = 1_000

    func run() throws -> [BenchmarkResult] {
        try waitFor {
            var results = try await sqlite()
            #if PostgreSQL
            if let url = ProcessInfo.processInfo.environment["LABRUN_BENCH_POSTGRES_URL"], !url.isEmpty {
                results += try await postgres(url: url)
            } else {
                FileHandle.standardError.write(Data(
                    "labrun-bench: progress: PostgreSQL latency skipped: set LABRUN_BENCH_POSTGRES_URL to a throwaway server\n"
                        .utf8))
            }
            #else
            FileHandle.standardError.write(Data(
                "labrun-bench: progress: PostgreSQL latency skipped: built without the PostgreSQL trait (swift build -c release --traits PostgreSQL)\n"
                    .utf8))
            #endif
            return results
        }
    }

    /// One writer appending events to a fresh SQLite file, each event its own transaction.
    private func sqlite() async throws -> [BenchmarkResult] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("labrun-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteProgressStore(path: folder.appendingPathComponent("progress.sqlite").path)
        var seconds: [Double] = []
        for round in 0..<4 {
            let start = DispatchTime.now().uptimeNanoseconds
            for n in 0..<sqliteEvents {
                try await store.append(NewEvent(student: "bench", lab: "bench", step: 1,
                                                kind: EventKind(rawValue: "bench.tick"), detail: ["n": String(n)]))
            }
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            if round > 0 { seconds.append(elapsed) }  // the first round warms up
        }
        try await store.close()
        return [.rate(suite: name, name: "sqlite append event (1 writer)", work: Double(sqliteEvents),
                      unit: "events/s", seconds: seconds)]
    }

    #if PostgreSQL
    /// One store recording step runs alone (what one student's commands wait for), then 50 stores
    /// (one connection each, like 50 labrun processes) opened at once, then recording
    /// step runs at once. Each writer first records `postgresWarmUp` untimed runs (a new server
    /// process reads its catalogs and plans the statement on first use, as the SQLite figure's
    /// first round warms up); the time to open a store is reported on its own.
    private func postgres(url: String) async throws -> [BenchmarkResult] {
        guard case .postgres(let settings) = try ProgressDatabase.parse(url) else {
            throw ProgressStoreError(.badURL, "LABRUN_BENCH_POSTGRES_URL is not a postgres:// URL",
                                     location: PostgresSettings.redact(url))
        }
        let writers = postgresWriters, events = eventsPerPostgresWriter, warmUp = postgresWarmUp
        let lone = try await PostgresProgressStore(settings: settings)
        var loneLatencies: [Double] = []
        for n in 0..<(warmUp + loneWriterRuns) {
            let start = DispatchTime.now().uptimeNanoseconds
            try await lone.record(Self.stepRun(writer: writers, n: n))
            if n >= warmUp { loneLatencies.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6) }
        }
        try await lone.close()
        loneLatencies.sort()
        let opened = try await withThrowingTaskGroup(of: (PostgresProgressStore, Double).self) { group in
            for _ in 0..<writers {
                group.addTask {
                    let start = DispatchTime.now().uptimeNanoseconds
                    let store = try await PostgresProgressStore(settings: settings)
                    return (store, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
                }
            }
            return try await group.reduce(into: [(PostgresProgressStore, Double)]()) { $0.append($1) }
        }
        let stores = opened.map(\.0)
        // The durability the figures were measured with (labrun never changes the server's settings).
        var settingsLine: [String] = []
        for setting in ["fsync", "synchronous_commit", "wal_sync_method", "max_connections"] {
            settingsLine.append("\(setting)=\(try await stores[0].serverSetting(setting))")
        }
        FileHandle.standardError.write(Data(
            "labrun-bench: progress: PostgreSQL server: \(settingsLine.joined(separator: ", "))\n".utf8))
        let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
            for (index, store) in stores.enumerated() {
                group.addTask {
                    var mine: [Double] = []
                    for n in 0..<(warmUp + events) {
                        let run = Self.stepRun(writer: index, n: n)
                        let start = DispatchTime.now().uptimeNanoseconds
                        try await store.record(run)
                        if n >= warmUp { mine.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6) }
                    }
                    return mine
                }
            }
            return try await group.reduce(into: [Double]()) { $0 += $1 }
        }
        for store in stores { try await store.close() }
        let sorted = latencies.sorted()
        let spread = relativeSpread(sorted)
        let openSorted = opened.map(\.1).sorted()
        return [
            BenchmarkResult(suite: name, name: "postgres record p50 (1 writer)",
                            value: Self.percentile(0.50, of: loneLatencies), unit: "ms", runs: loneLatencies.count,
                            spread: relativeSpread(loneLatencies)),
            BenchmarkResult(suite: name, name: "postgres open store p99 (\(writers) at once)",
                            value: Self.percentile(0.99, of: openSorted), unit: "ms", runs: openSorted.count,
                            spread: relativeSpread(openSorted)),
            BenchmarkResult(suite: name, name: "postgres record p50 (\(writers) writers)",
                            value: Self.percentile(0.50, of: sorted), unit: "ms", runs: sorted.count, spread: spread),
            BenchmarkResult(suite: name, name: "postgres record p99 (\(writers) writers)",
                            value: Self.percentile(0.99, of: sorted), unit: "ms", runs: sorted.count, spread: spread),
        ]
    }
    #endif

    /// The `n`th step run of benchmark writer `writer`.
    private static func stepRun(writer: Int, n: Int) -> StepRun {
        StepRun(student: "bench-\(writer)", lab: "bench", step: n % 5 + 1, startedAt: Date(),
                duration: 0.01, status: .ok, code: "print(\(n))", output: "\(n)\n")
    }

    /// The `p` quantile (0…1) of ascending `sorted` values (nearest rank).
    private static func percentile(_ p: Double, of sorted: [Double]) -> Double {
        sorted[min(sorted.count - 1, max(0, Int((p * Double(sorted.count)).rounded(.up)) - 1))]
    }

    /// Runs async `body` from the synchronous suite interface and returns its result.
    private func waitFor<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            do { box.set(.success(try await body())) } catch { box.set(.failure(error)) }
            done.signal()
        }
        done.wait()
        return try box.get()
    }
}

/// A result handed from a task to the waiting thread.
private final class ResultBox<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var result: Result<T, any Error>?
    func set(_ value: Result<T, any Error>) { lock.withLock { result = value } }
    func get() throws -> T {
        guard let result = lock.withLock({ result }) else {
            throw ProgressStoreError(.closed, "the benchmark ended without a result", location: "labrun-bench")
        }
        return try result.get()
    }
}
