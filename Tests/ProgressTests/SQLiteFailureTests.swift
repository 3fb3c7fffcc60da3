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
