import Foundation
import Testing
@testable import Progress

/// Recording for the step runner: a broken database never costs the student their work.
@Suite("Recording best-effort or explicitly")
struct ProgressRecorderTests {
    @Test("a working store records and the outcome says so")
    func recorded() async throws {
        let store = MemoryProgressStore()
        let recorder = ProgressRecorder(store: store)
        let outcome = await recorder.record(ProgressStoreConformanceTests.run)
        #expect(outcome.isRecorded)
        #expect(outcome.warning == nil)
        #expect(outcome.exitStatus(for: .required) == 0)
        #expect(try await store.countEvents(matching: RecordFilter()) == 1)
    }

    #if PostgreSQL
    @Test("an unreachable server: not recorded, why, a JSON copy kept, exit 0 best-effort and 1 when required")
    func unreachableServer() async throws {
        let spool = try TestDatabases.temporaryFolder().appendingPathComponent("unrecorded")
        let settings = PostgresSettings(host: "127.0.0.1", port: try ProgressDatabaseTests.closedPort(), user: "ada",
                                        password: "Pa55-word", database: "class", tls: .disable, connectTimeout: 5)
        let recorder = ProgressRecorder(database: .postgres(settings), spoolFolder: spool)
        let outcome = await recorder.record(ProgressStoreConformanceTests.run)
        #expect(!outcome.isRecorded)
        let warning = try #require(outcome.warning)
        #expect(warning.hasPrefix("this run was not recorded: "))
        #expect(warning.contains("cannot connect"))
        #expect(!warning.contains("Pa55-word"))
        #expect(outcome.exitStatus(for: .bestEffort) == 0)
        #expect(outcome.exitStatus(for: .required) == 1)
        guard case .notRecorded(let error, let copy?) = outcome else { Issue.record("no copy written"); return }
        #expect(error.code == .unreachable)
        let saved = try String(contentsOf: copy, encoding: .utf8)
        #expect(saved.contains("\"kind\" : \"step-run\""))
        #expect(saved.contains(ProgressStoreConformanceTests.run.output.replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")))
        #expect(!saved.contains("Pa55-word"))
    }
    #endif

    @Test("a bad configuration gives a recorder that reports it on every call")
    func badConfiguration() async throws {
        let error = try #require(#expect(throws: ProgressStoreError.self) {
            _ = try ProgressDatabase.parse("postgres://ada:Secret-1@/class")
        })
        let recorder = ProgressRecorder(configurationError: error)
        let outcome = await recorder.record(Answer(student: "ada", lab: "l", step: 1, question: "q", text: "t",
                                                   answeredAt: Clock.at(0)))
        #expect(outcome == .notRecorded(error, savedTo: nil))
        #expect(outcome.warning?.contains("no host") == true)
    }
}
