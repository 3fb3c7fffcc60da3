import Foundation
import GRDB
import Testing
@testable import Progress

/// What a student sees when the SQLite file cannot be used.
@Suite("SQLite failures")
struct SQLiteFailureTests {
    @Test("a file that is not a database is 'corrupt', and the file is left alone")
    func notADatabase() throws {
        let folder = try TestDatabases.temporaryFolder()
        let file = folder.appendingPathComponent("progress.sqlite")
        let junk = Data(String(repeating: "this is not SQLite\n", count: 300).utf8)
        try junk.write(to: file)
        let error = #expect(throws: ProgressStoreError.self) { _ = try SQLiteProgressStore(path: file.path) }
        #expect(error?.code == .corrupt)
        #expect(error?.description.contains(file.path) == true)
        #expect(try Data(contentsOf: file) == junk)
    }

    @Test("a folder that cannot be created is 'permission denied' and says how to choose another place")
    func folderCannotBeCreated() throws {
        let folder = try TestDatabases.temporaryFolder()
        let blocker = folder.appendingPathComponent("a-file")
        try Data("x".utf8).write(to: blocker)
        let path = blocker.appendingPathComponent("sub/progress.sqlite").path
        let error = #expect(throws: ProgressStoreError.self) { _ = try SQLiteProgressStore(path: path) }
        #expect(error?.code == .permissionDenied)
        #expect(error?.fix?.contains("--database") == true)
    }

    @Test("a read-only database file is 'permission denied'",
          .enabled(if: getuid() != 0, "root may write read-only files"))
    func readOnlyFile() async throws {
        let path = try TestDatabases.sqlitePath()
        try await SQLiteProgressStore(path: path).close()
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: path)
        let error = await #expect(throws: ProgressStoreError.self) {
            let store = try SQLiteProgressStore(path: path)
            try await store.record(ProgressStoreConformanceTests.run)
        }
        #expect(error?.code == .permissionDenied)
    }
}

/// A full disk, made real: the writer connection's `PRAGMA max_page_count` holds the file at its
/// size, so SQLite itself answers `SQLITE_FULL` (a test may not fill a real disk).
@Suite("SQLite on a full disk")
struct SQLiteDiskFullTests {
    /// A run whose output needs pages the full file does not have.
    static let bigRun = StepRun(
        student: "ada", lab: "ml-bias", step: 3, startedAt: Clock.at(300), duration: 4, status: .ok,
        code: "print('x' * 200_000)", output: String(repeating: "x", count: 200_000) + "\n")

    @Test("a record that does not fit fails as 'disk full', keeps every committed record, and leaves nothing half-written")
    func diskFullKeepsCommittedRecords() async throws {
        let path = try TestDatabases.sqlitePath()
        let store = try SQLiteProgressStore(path: path)
        try await SampleRecords.write(into: store)
        let eventsBefore = try await store.allEvents()
        try await store.capFileSize(true)

        let error = await #expect(throws: ProgressStoreError.self) { try await store.record(Self.bigRun) }
        #expect(error?.code == .diskFull)
        #expect(error?.description.contains("is full") == true)
        #expect(error?.description.contains(URL(fileURLWithPath: path).deletingLastPathComponent().path) == true)
        #expect(error?.fix?.contains("free some space") == true)

        // Nothing committed is lost, the failed record left neither a run nor an event behind.
        #expect(try await store.allEvents() == eventsBefore)
        #expect(try await SampleRecords.expectations(in: store) == [])
        #expect(try await store.integrityCheck() == ["ok"])

        // Once there is room again, the same store records.
        try await store.capFileSize(false)
        let receipt = try await store.record(Self.bigRun)
        let runs = try await store.records(matching: RecordFilter(student: "ada", includeReset: true)).stepRuns
        #expect(runs.last?.id == receipt.recordID && runs.last?.record == Self.bigRun)
        try await store.close()

        // And a fresh process sees the same file, sound.
        let reopened = try SQLiteProgressStore(path: path)
        #expect(try await reopened.countEvents(matching: RecordFilter()) == eventsBefore.count + 1)
        #expect(try await reopened.integrityCheck() == ["ok"])
        try await reopened.close()
    }

    @Test("the student reads that the run was not recorded because the disk is full, and what to do")
    func studentMessageOnFullDisk() async throws {
        let folder = try TestDatabases.temporaryFolder()
        let path = folder.appendingPathComponent("progress.sqlite").path
        let store = try SQLiteProgressStore(path: path)
        try await store.record(ProgressStoreConformanceTests.run)
        try await store.capFileSize(true)
        let spool = folder.appendingPathComponent("unrecorded")
        let recorder = ProgressRecorder(store: store, spoolFolder: spool)

        let outcome = await recorder.record(Self.bigRun)
        let warning = try #require(outcome.warning)
        #expect(warning.hasPrefix("this run was not recorded: progress store \(path): the disk that holds \(folder.path) is full"))
        #expect(warning.contains("free some space on that disk"))
        #expect(warning.contains("--database"))
        #expect(outcome.exitStatus(for: .bestEffort) == 0)
        #expect(outcome.exitStatus(for: .required) == 1)
        // The run itself is kept as JSON beside the database (here the spool folder's disk has room).
        guard case .notRecorded(let error, let copy?) = outcome else { Issue.record("no copy written"); return }
        #expect(error.code == .diskFull)
        #expect(try Data(contentsOf: copy).count > 200_000)
        #expect(try await store.countEvents(matching: RecordFilter()) == 1)
        try await store.close()
    }
}

/// SQLite's own result codes as the student reads them.
@Suite("SQLite error messages")
struct SQLiteErrorMessageTests {
    @Test("SQLite result codes become the matching reasons", arguments: [
        (ResultCode.SQLITE_FULL, ProgressStoreError.Code.diskFull),
        (.SQLITE_READONLY, .permissionDenied), (.SQLITE_PERM, .permissionDenied), (.SQLITE_CANTOPEN, .permissionDenied),
        (.SQLITE_BUSY, .busy), (.SQLITE_NOTADB, .corrupt), (.SQLITE_CORRUPT, .corrupt),
    ])
    func mapping(code: ResultCode, expected: ProgressStoreError.Code) {
        let error = SQLiteProgressStore.storeError(DatabaseError(resultCode: code, message: "m"), location: "/p.sqlite")
        #expect(error.code == expected)
        #expect(error.description.hasPrefix("progress store /p.sqlite: "))
    }
}
