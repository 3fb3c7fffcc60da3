import Foundation
import GRDB
import Testing
@testable import Progress

/// Several labrun processes writing one SQLite file: nothing lost, nothing doubled, nothing
/// damaged, even when some are killed with SIGKILL in the middle of writing.
@Suite("SQLite with several writer processes", .serialized, .timeLimit(.minutes(5)))
struct MultiProcessTests {
    @Test("8 processes × 500 events on one new file give exactly 4,000 events, and the schema is migrated once")
    func eightWritersExactCount() async throws {
        let path = try TestDatabases.sqlitePath()
        let writers = try (0..<8).map { try WriterProcess(path: path, name: "writer-\($0)", count: 500, mode: "events") }
        for writer in writers {
            let result = await writer.finish()
            #expect(result.status == 0, "\(writer.name): \(result.stderr)")
            #expect(result.commits.count == 500, "\(writer.name) reported \(result.commits.count)")
        }
        let store = try SQLiteProgressStore(path: path)
        #expect(try await store.countEvents(matching: RecordFilter()) == 4_000)
        for index in 0..<8 {
            let events = try await store.events(matching: RecordFilter(student: "writer-\(index)"))
            #expect(Set(events.compactMap { $0.detail["n"] }).count == 500, "writer-\(index) has a gap or a double")
        }
        #expect(try await store.integrityCheck() == ["ok"])
        try await store.close()
        let queue = try DatabaseQueue(path: path)
        let migrations = try await queue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM schema_migrations") }
        #expect(migrations == SchemaMigration.latestVersion)
    }

    @Test("stores opened on one new file at the same moment all open (SQLite may answer 'busy' at once while a new file turns to WAL)")
    func simultaneousOpensOfANewFile() async throws {
        // Each round races 8 opens of a fresh file. Before opening retried on SQLITE_BUSY, a round
        // now and then failed with "database is locked" long before any busy timeout (150 rounds
        // caught it in 5 of 6 runs; the 8-writer test above, about once in 100).
        for round in 0..<150 {
            let path = try TestDatabases.sqlitePath()
            let failures = await Self.openAtOnce(path: path, count: 8)
            #expect(failures.isEmpty, "round \(round): \(failures)")
            let store = try SQLiteProgressStore(path: path)
            #expect(try await store.schemaVersion() == SchemaMigration.latestVersion)
            try await store.close()
        }
    }

    /// Opens `count` stores on `path`, each on its own thread, all released at once (and closes
    /// them); returns the errors. Waits off the test's own thread.
    static func openAtOnce(path: String, count: Int) async -> [String] {
        await withCheckedContinuation { continuation in
            let start = DispatchSemaphore(value: 0)
            let finished = DispatchGroup()
            let failures = Failures()
            for _ in 0..<count {
                finished.enter()
                Thread.detachNewThread {
                    start.wait()
                    do {
                        _ = try SQLiteProgressStore(path: path)  // closed when released
                    } catch {
                        failures.append("\(error)")
                    }
                    finished.leave()
                }
            }
            for _ in 0..<count { start.signal() }
            finished.notify(queue: .global()) { continuation.resume(returning: failures.all) }
        }
    }

    /// Error messages collected from several threads.
    final class Failures: @unchecked Sendable {
        private let lock = NSLock()
        private var messages: [String] = []
        func append(_ message: String) { lock.withLock { messages.append(message) } }
        var all: [String] { lock.withLock { messages } }
    }

    @Test("writers killed with SIGKILL mid-stream leave a sound file with every record they reported committed")
    func crashSafety() async throws {
        let path = try TestDatabases.sqlitePath()
        // Seeded: writers 0, 2, 4, 6 are killed after these many reported commits.
        var generator = SplitMix64(seed: 0x1abc0ffee)
        let writers = try (0..<8).map { index -> WriterProcess in
            let killAfter = index % 2 == 0 ? Int(generator.next() % 150) + 20 : nil
            // A writer to be killed is asked for far more than it will live to write.
            return try WriterProcess(path: path, name: "writer-\(index)", count: killAfter == nil ? 300 : 1_000_000,
                                     mode: "runs", killAfter: killAfter)
        }
        var reported: [String: [WriterProcess.Commit]] = [:]
        var killed = 0
        for writer in writers {
            let result = await writer.finish()
            reported[writer.name] = result.commits
            if result.killed { killed += 1 } else {
                #expect(result.status == 0, "\(writer.name): \(result.stderr)")
                #expect(result.commits.count == 300)
            }
        }
        #expect(killed == 4, "four writers should have been killed mid-stream")

        let store = try SQLiteProgressStore(path: path)
        #expect(try await store.integrityCheck() == ["ok"])
        let records = try await store.records(matching: RecordFilter(includeReset: true))
        let runs = Dictionary(uniqueKeysWithValues: records.stepRuns.map { ($0.id, $0.record) })
        for (writer, commits) in reported {
            for commit in commits {
                let run = runs[commit.id]
                #expect(run?.student == writer && run?.code == "print(\(commit.n))",
                        "\(writer)'s committed run \(commit.n) (id \(commit.id)) is missing")
            }
            // Atomicity: every stored run has its event, and no event lacks its run.
            let stored = records.stepRuns.filter { $0.record.student == writer }
            let events = try await store.events(matching: RecordFilter(student: writer)).filter { $0.kind == .stepRun }
            #expect(Set(events.compactMap(\.recordID)) == Set(stored.map(\.id)))
            #expect(stored.count >= commits.count && stored.count <= commits.count + 1,
                    "\(writer): \(stored.count) stored, \(commits.count) reported")
        }
        try await store.close()
    }
}

/// A small seeded generator, so a failing run can be repeated.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
