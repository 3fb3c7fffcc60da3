import Foundation
import Testing
#if PostgreSQL
import Logging
import PostgresNIO
#endif
@testable import Progress

/// The backends the conformance tests run against.
enum Backend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case memory, sqlite, postgres
    var testDescription: String { rawValue }
}

/// Fresh, empty databases for tests: a temporary SQLite file, or a new database on the PostgreSQL
/// server named by `LABRUN_TEST_POSTGRES_URL` (scripts/test.sh starts one).
enum TestDatabases {
    /// The test server's URL, or nil when the PostgreSQL tests should be skipped.
    static let postgresURL: String? = {
        let value = ProcessInfo.processInfo.environment["LABRUN_TEST_POSTGRES_URL"]
        return value?.isEmpty == false ? value : nil
    }()

    /// Why PostgreSQL tests are skipped.
    static let postgresSkipReason: Comment =
        "LABRUN_TEST_POSTGRES_URL is not set (scripts/test.sh starts a throwaway server and sets it)"

    /// A new empty folder.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("labrun-progress-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A path for a new SQLite file in a new folder.
    static func sqlitePath() throws -> String {
        try temporaryFolder().appendingPathComponent("progress.sqlite").path
    }

    #if PostgreSQL
    /// Settings for a new, empty database on the test server.
    static func newPostgresDatabase() async throws -> PostgresSettings {
        guard let url = postgresURL else { throw ProgressStoreError(.badURL, "no test server", location: "-") }
        var settings = try PostgresSettings(url: url)
        let name = "labrun_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        let configuration = PostgresClient.Configuration(
            host: settings.host, port: settings.port, username: settings.user, password: settings.password,
            database: settings.database, tls: .disable)
        let client = PostgresClient(configuration: configuration)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            try await client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"))
            group.cancelAll()
        }
        settings.database = name
        return settings
    }

    /// Runs one statement as the test server's owner on the database `settings` names.
    static func execute(_ sql: String, in settings: PostgresSettings) async throws {
        guard let url = postgresURL else { return }
        let owner = try PostgresSettings(url: url)
        let configuration = PostgresClient.Configuration(
            host: owner.host, port: owner.port, username: owner.user, password: owner.password,
            database: settings.database, tls: .disable)
        let client = PostgresClient(configuration: configuration)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            try await client.query(PostgresQuery(unsafeSQL: sql))
            group.cancelAll()
        }
    }
    #endif

    /// A fresh store of `backend`.
    static func makeStore(_ backend: Backend) async throws -> any ProgressStore {
        switch backend {
        case .memory: return MemoryProgressStore()
        case .sqlite: return try SQLiteProgressStore(path: try sqlitePath())
        case .postgres:
            #if PostgreSQL
            return try await PostgresProgressStore(settings: try await newPostgresDatabase())
            #else
            throw ProgressStoreError(.notBuiltIn, "built without the PostgreSQL trait", location: "-")
            #endif
        }
    }

    /// The backends available here (PostgreSQL only when built with its trait and its server is configured).
    static var available: [Backend] {
        #if PostgreSQL
        postgresURL == nil ? [.memory, .sqlite] : Backend.allCases
        #else
        [.memory, .sqlite]
        #endif
    }
}

/// Fixed times so tests compare exactly.
enum Clock {
    static let start = Date(timeIntervalSince1970: 1_764_000_000)
    static func at(_ seconds: Double) -> Date { start.addingTimeInterval(seconds) }
}
