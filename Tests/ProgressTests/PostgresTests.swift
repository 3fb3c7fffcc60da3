import Foundation
import Testing
@testable import Progress

/// The PostgreSQL backend against a real server (scripts/test.sh starts a throwaway one and sets
/// LABRUN_TEST_POSTGRES_URL; without it these tests are skipped).
@Suite("PostgreSQL store", .enabled(if: TestDatabases.postgresURL != nil, TestDatabases.postgresSkipReason),
       .timeLimit(.minutes(5)))
struct PostgresTests {
    @Test("50 concurrent clients × 200 events give exactly 10,000 events")
    func fiftyClients() async throws {
        let settings = try await TestDatabases.newPostgresDatabase()
        // Each client is its own store with its own connection pool, as 50 labrun processes would be.
        let stores = try await withThrowingTaskGroup(of: PostgresProgressStore.self) { group in
            for _ in 0..<50 { group.addTask { try await PostgresProgressStore(settings: settings, maximumConnections: 1) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, store) in stores.enumerated() {
                group.addTask {
                    for n in 0..<200 {
                        try await store.append(NewEvent(student: "student-\(index)", lab: "load",
                                                        kind: EventKind(rawValue: "test.tick"), detail: ["n": String(n)]))
                    }
                }
            }
            try await group.waitForAll()
        }
        let reader = stores[0]
        #expect(try await reader.countEvents(matching: RecordFilter()) == 10_000)
        let events = try await reader.allEvents()
        #expect(Set(events.map(\.id)).count == 10_000, "event ids are unique")
        for index in [0, 17, 49] {
            let mine = events.filter { $0.student == "student-\(index)" }.compactMap { $0.detail["n"] }
            #expect(Set(mine).count == 200, "student-\(index) has a gap or a double")
        }
        for store in stores { try await store.close() }
    }

    @Test("a wrong password is 'authentication failed' and the message never shows the password")
    func wrongPassword() async throws {
        var settings = try PostgresSettings(url: try #require(TestDatabases.postgresURL))
        settings.password = "not-the-Secret-42"
        let error = await #expect(throws: ProgressStoreError.self) { _ = try await PostgresProgressStore(settings: settings) }
        #expect(error?.code == .authenticationFailed)
        #expect(error?.description.contains("not-the-Secret-42") == false)
        #expect(error?.description.contains("***") == true)
    }

    @Test("a database that does not exist is named, with how to create it")
    func missingDatabase() async throws {
        var settings = try PostgresSettings(url: try #require(TestDatabases.postgresURL))
        settings.database = "labrun_no_such_database"
        let error = await #expect(throws: ProgressStoreError.self) { _ = try await PostgresProgressStore(settings: settings) }
        #expect(error?.code == .badURL)
        #expect(error?.description.contains("labrun_no_such_database") == true)
        #expect(error?.description.contains("createdb") == true)
    }

    @Test("a user without rights on the tables gets 'permission denied'")
    func permissionDenied() async throws {
        let settings = try await TestDatabases.newPostgresDatabase()
        let owner = try await PostgresProgressStore(settings: settings)
        try await owner.close()
        // A role that may log in but owns nothing and was granted nothing.
        let role = "labrun_reader_" + UUID().uuidString.prefix(8).lowercased()
        try await TestDatabases.execute("CREATE ROLE \(role) LOGIN PASSWORD 'reader-pw'", in: settings)
        var reader = settings
        reader.user = role
        reader.password = "reader-pw"
        let error = await #expect(throws: ProgressStoreError.self) {
            let store = try await PostgresProgressStore(settings: reader)
            try await store.record(ProgressStoreConformanceTests.run)
        }
        #expect(error?.code == .permissionDenied, "\(String(describing: error))")
    }
}
