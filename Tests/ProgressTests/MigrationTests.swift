import Foundation
import GRDB
import Testing
@testable import Progress

/// Upgrading keeps every record: one checked-in SQLite database per schema version
/// (Tests/ProgressTests/Fixtures/progress-vN.sqlite, written by `writeFixtures` below), each
/// opened by today's labrun.
@Suite("Schema migrations")
struct MigrationTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// A copy of fixture `version` in a temporary folder (the checked-in file is never opened for writing).
    static func copyOfFixture(version: Int) throws -> String {
        let source = fixtures.appendingPathComponent("progress-v\(version).sqlite")
        let target = try TestDatabases.temporaryFolder().appendingPathComponent("progress.sqlite")
        try FileManager.default.copyItem(at: source, to: target)
        return target.path
    }

    @Test("there is a fixture for every schema version")
    func everyVersionHasAFixture() {
        for migration in SchemaMigration.all {
            let file = Self.fixtures.appendingPathComponent("progress-v\(migration.version).sqlite")
            #expect(FileManager.default.fileExists(atPath: file.path), "missing \(file.lastPathComponent)")
        }
    }

    @Test("opening a fixture of each version upgrades it to the latest and keeps every record",
          arguments: SchemaMigration.all.map(\.version))
    func upgradeKeepsRecords(version: Int) async throws {
        let path = try Self.copyOfFixture(version: version)
        let old = try DatabaseQueue(path: path)
        let before = try await old.read { db in try Int.fetchOne(db, sql: "SELECT MAX(version) FROM schema_migrations") }
        try old.close()
        #expect(before == version)

        let store = try SQLiteProgressStore(path: path)
        #expect(try await store.schemaVersion() == SchemaMigration.latestVersion)
        let problems = try await SampleRecords.expectations(in: store)
        #expect(problems.isEmpty, "\(problems)")
        #expect(try await store.integrityCheck() == ["ok"])
        // Version 2's columns work on an upgraded database.
        try await store.save(LabVersion(id: "ml-bias", contentHash: "f00d", title: "Bias", stepCount: 4))
        #expect(try await store.records(matching: RecordFilter(lab: "ml-bias")).labs.first?.stepCount == 4)
        try await store.close()
    }

    @Test("version 2 adds the lab title and step count columns and the class indexes")
    func versionTwoSchema() async throws {
        let path = try Self.copyOfFixture(version: 1)
        _ = try SQLiteProgressStore(path: path)
        let queue = try DatabaseQueue(path: path)
        try await queue.read { db in
            let columns = try db.columns(in: "labs").map(\.name)
            #expect(columns.contains("title") && columns.contains("step_count"))
            let indexes = try db.indexes(on: "step_runs").map(\.name)
            #expect(indexes.contains("step_runs_by_lab"))
            let versions = try Int.fetchAll(db, sql: "SELECT version FROM schema_migrations ORDER BY version")
            #expect(versions == SchemaMigration.all.map(\.version))
        }
    }

    @Test("a database from a newer labrun is refused, not damaged")
    func schemaTooNew() async throws {
        let path = try TestDatabases.sqlitePath()
        let store = try SQLiteProgressStore(path: path)
        try await store.close()
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(sql: "INSERT INTO schema_migrations(version, name, applied_at) VALUES (99, 'future', 0)")
        }
        try queue.close()
        let error = #expect(throws: ProgressStoreError.self) { _ = try SQLiteProgressStore(path: path) }
        #expect(error?.code == .schemaTooNew)
        #expect(error?.description.contains("99") == true)
    }

    @Test("the event log refuses updates and deletes")
    func appendOnlyEvents() async throws {
        let path = try TestDatabases.sqlitePath()
        let store = try SQLiteProgressStore(path: path)
        try await store.append(NewEvent(student: "ada", kind: EventKind(rawValue: "x")))
        try await store.close()
        let queue = try DatabaseQueue(path: path)
        #expect(throws: DatabaseError.self) {
            try queue.write { db in try db.execute(sql: "UPDATE events SET kind = 'y'") }
        }
        #expect(throws: DatabaseError.self) {
            try queue.write { db in try db.execute(sql: "DELETE FROM events") }
        }
    }

    #if PostgreSQL
    @Test("PostgreSQL: a version-1 database upgrades to the latest and keeps every record",
          .enabled(if: TestDatabases.postgresURL != nil, TestDatabases.postgresSkipReason))
    func postgresUpgrade() async throws {
        let settings = try await TestDatabases.newPostgresDatabase()
        let old = try await PostgresProgressStore(settings: settings, schemaVersion: 1)
        #expect(try await old.schemaVersion() == 1)
        try await SampleRecords.write(into: old)
        try await old.close()
        let store = try await PostgresProgressStore(settings: settings)
        #expect(try await store.schemaVersion() == SchemaMigration.latestVersion)
        let problems = try await SampleRecords.expectations(in: store)
        #expect(problems.isEmpty, "\(problems)")
        try await store.close()
    }
    #endif

    #if PostgreSQL
    @Test("PostgreSQL: eight stores opening a new database at once apply each migration once",
          .enabled(if: TestDatabases.postgresURL != nil, TestDatabases.postgresSkipReason))
    func postgresConcurrentMigration() async throws {
        let settings = try await TestDatabases.newPostgresDatabase()
        let stores = try await withThrowingTaskGroup(of: PostgresProgressStore.self) { group in
            for _ in 0..<8 { group.addTask { try await PostgresProgressStore(settings: settings) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(stores.count == 8)
        for store in stores { #expect(try await store.schemaVersion() == SchemaMigration.latestVersion) }
        for store in stores { try await store.close() }
    }
    #endif

    /// Writes the fixture of every schema version. Run once when adding a version:
    /// `LABRUN_WRITE_PROGRESS_FIXTURES=1 swift test --filter writeFixtures`, then commit the new file
    /// (never rewrite an old one).
    @Test("write the schema fixtures",
          .enabled(if: ProcessInfo.processInfo.environment["LABRUN_WRITE_PROGRESS_FIXTURES"] == "1",
                   "set LABRUN_WRITE_PROGRESS_FIXTURES=1 to write the fixtures"))
    func writeFixtures() async throws {
        try FileManager.default.createDirectory(at: Self.fixtures, withIntermediateDirectories: true)
        for migration in SchemaMigration.all {
            let file = Self.fixtures.appendingPathComponent("progress-v\(migration.version).sqlite")
            if FileManager.default.fileExists(atPath: file.path) { continue }
            let store = try SQLiteProgressStore(path: file.path, schemaVersion: migration.version)
            try await SampleRecords.write(into: store)
            try await store.close()
            // One self-contained file: back to rollback journal so no -wal/-shm files are needed.
            let queue = try DatabaseQueue(path: file.path)
            try await queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = DELETE") }
            try queue.close()
        }
    }
}
