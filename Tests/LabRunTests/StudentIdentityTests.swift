import Foundation
import Inference
import LabRun
import Progress
import Testing

/// Who the work is recorded for, and how the commands find the progress store.
@Suite("Student identity and the progress session")
struct StudentIdentityTests {
    static func state() throws -> LabRunState {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("labrun-identity-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return LabRunState(root: url)
    }

    @Test("the OS user name is the default; login replaces it; --student overrides both")
    func precedence() throws {
        let state = try Self.state()
        let environment = ["USER": "sysuser"]
        #expect(try StudentIdentity.current(state: state, environment: environment)
                == StudentIdentity(id: "sysuser", source: .system))
        try StudentIdentity.login("  ada  ", state: state)
        #expect(try String(contentsOf: state.loginFile, encoding: .utf8) == "ada\n")
        #expect(try StudentIdentity.current(state: state, environment: environment) == StudentIdentity(id: "ada", source: .login))
        #expect(try StudentIdentity.current(override: "grace", state: state, environment: environment)
                == StudentIdentity(id: "grace", source: .option))
    }

    @Test("unusable names are refused with the reason", arguments: ["", "   ", "a\u{7}b", String(repeating: "x", count: 101)])
    func badNames(name: String) throws {
        let state = try Self.state()
        #expect(throws: StudentIdentityError.self) { try StudentIdentity.login(name, state: state) }
        #expect(throws: StudentIdentityError.self) { _ = try StudentIdentity.current(override: name, state: state) }
    }

    @Test("the default store is progress.sqlite in labrun's home; LABRUN_DATABASE_URL and --database replace it")
    func sessionDatabase() throws {
        let state = try Self.state()
        let plain = try ProgressSession(state: state, environment: [:])
        #expect(plain.database == .sqlite(path: state.root.appendingPathComponent("progress.sqlite").path))
        let fromEnvironment = try ProgressSession(state: state, environment: ["LABRUN_DATABASE_URL": "memory:"])
        #expect(fromEnvironment.database == .memory)
        let fromOption = try ProgressSession(databaseOverride: "/tmp/x.sqlite", state: state,
                                             environment: ["LABRUN_DATABASE_URL": "memory:"])
        #expect(fromOption.database == .sqlite(path: "/tmp/x.sqlite"))
    }

    @Test("a recorder for a malformed URL never throws: each record comes back not recorded, with why")
    func recorderForBadURL() async throws {
        let state = try Self.state()
        let recorder = ProgressSession.recorder(state: state, environment: ["LABRUN_DATABASE_URL": "postgres://a:Pw-9@/x"])
        let outcome = await recorder.record(StepRun(student: "ada", lab: "l", step: 1, startedAt: Date(), duration: 0,
                                                    status: .ok, code: "", output: "hello\n"))
        #expect(!outcome.isRecorded)
        #expect(outcome.warning?.contains("no host") == true)
        #expect(outcome.warning?.contains("Pw-9") == false)
        guard case .notRecorded(_, let copy?) = outcome else { Issue.record("no copy kept"); return }
        #expect(copy.path.hasPrefix(state.root.appendingPathComponent("unrecorded").path))
    }

    @Test("a session's recorder writes to its store")
    func recorderWrites() async throws {
        let state = try Self.state()
        let session = try ProgressSession(state: state, environment: [:])
        let recorder = session.recorder()
        let outcome = await recorder.record(StepRun(student: "ada", lab: "l", step: 1, startedAt: Date(), duration: 0.5,
                                                    status: .ok, code: "print(1)", output: "1\n"))
        #expect(outcome.isRecorded)
        await recorder.close()
        let store = try await session.openStore()
        #expect(try await store.records(matching: RecordFilter(student: "ada")).stepRuns.count == 1)
        try await store.close()
    }
}
