#if PostgreSQL
import Foundation
import PostgresNIO
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
        // Each client is its own store with its own connection, as 50 labrun processes would be.
        let stores = try await withThrowingTaskGroup(of: PostgresProgressStore.self) { group in
            for _ in 0..<50 { group.addTask { try await PostgresProgressStore(settings: settings) } }
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

    @Test("operations started at once on one store run one after another: no transaction sees another's statements")
    func concurrentOperationsOnOneStore() async throws {
        let store = try await PostgresProgressStore(settings: try await TestDatabases.newPostgresDatabase())
        try await withThrowingTaskGroup(of: Void.self) { group in
            for n in 0..<40 {
                group.addTask {
                    // A submission is BEGIN, three INSERTs and COMMIT on the connection; an event is one statement.
                    try await store.record(ExerciseSubmission(
                        student: "ada", lab: "ml-bias", step: 3, exercise: "debias", code: "n = \(n)",
                        checks: [.init(name: "first", passed: true), .init(name: "second", passed: n % 2 == 0)],
                        submittedAt: Clock.at(Double(n))))
                    try await store.append(NewEvent(student: "ada", kind: EventKind(rawValue: "test.tick"),
                                                    detail: ["n": String(n)]))
                }
            }
            try await group.waitForAll()
        }
        let records = try await store.records(matching: RecordFilter())
        #expect(records.submissions.count == 40)
        for submission in records.submissions {
            let n = try #require(Int(submission.record.code.dropFirst("n = ".count)))
            #expect(submission.record.checks.map(\.passed) == [true, n % 2 == 0], "submission \(n)'s checks")
        }
        #expect(try await store.countEvents(matching: RecordFilter()) == 80)
        try await store.close()
    }

    @Test("a record whose student or lab is new creates them, also after records on the same connection")
    func newStudentsAndLabsAfterKnownOnes() async throws {
        let store = try await PostgresProgressStore(settings: try await TestDatabases.newPostgresDatabase())
        func run(_ student: String, step: Int) -> StepRun {
            StepRun(student: student, lab: "ml-bias", step: step, startedAt: Clock.at(Double(step)), duration: 0.5,
                    status: .ok, code: "print(\(step))", output: "\(step)\n")
        }
        // ada and ml-bias are new: the plain statement is refused and its twin creates them.
        try await store.record(run("ada", step: 1))
        // Both known: the plain statement, now prepared on this connection.
        try await store.record(run("ada", step: 2))
        // bob is new: the prepared plain statement is refused this time, and the twin runs.
        try await store.record(run("bob", step: 1))
        // A new lab for a known student, and a new student with no lab at all.
        try await store.record(Answer(student: "ada", lab: "llm-risks", step: 1, question: "q1", text: "yes",
                                      answeredAt: Clock.at(5)))
        try await store.append(NewEvent(student: "carol", kind: EventKind(rawValue: "session.start"), at: Clock.at(6)))
        let records = try await store.records(matching: RecordFilter())
        #expect(records.students.map(\.id).sorted() == ["ada", "bob", "carol"])
        #expect(records.labs.map(\.id).sorted() == ["llm-risks", "ml-bias"])
        #expect(records.stepRuns.map(\.record) == [run("ada", step: 1), run("ada", step: 2), run("bob", step: 1)])
        #expect(records.answers.count == 1)
        let events = try await store.allEvents()
        #expect(events.map(\.student) == ["ada", "ada", "bob", "ada", "carol"])
        #expect(events.prefix(3).map(\.recordID) == records.stepRuns.map(\.id))
        try await store.close()
    }

    @Test("when the server ends the store's session between records, the next record opens a new one")
    func reconnectsAfterTheServerEndsTheSession() async throws {
        let settings = try await TestDatabases.newPostgresDatabase()
        let store = try await PostgresProgressStore(settings: settings)
        try await store.append(NewEvent(student: "ada", kind: EventKind(rawValue: "test.tick"), detail: ["n": "0"]))
        // An administrator (or a server restart) ends every other session on the database.
        try await TestDatabases.execute("""
            SELECT pg_terminate_backend(pid) FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid()
            """, in: settings)
        // The client learns of the end from the socket; a record sent before it did fails with
        // "closed the connection" (it is never retried: it may have committed). The one after succeeds.
        var recorded = 1
        for n in 1...2 {
            do {
                try await store.append(NewEvent(student: "ada", kind: EventKind(rawValue: "test.tick"),
                                                detail: ["n": String(n)]))
                recorded += 1
            } catch let error as ProgressStoreError {
                #expect(n == 1 && error.code == .unreachable, "\(error.code): \(error)")
            }
        }
        #expect(recorded >= 2)
        #expect(try await store.countEvents(matching: RecordFilter()) == recorded)
        try await store.close()
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

    @Test("an event without lab or step first on a new connection, then one with both: each statement's types are fixed")
    func nullsBeforeValuesOnOneConnection() async throws {
        let store = try await PostgresProgressStore(settings: try await TestDatabases.newPostgresDatabase())
        let bare = try await store.append(NewEvent(student: "ada", kind: EventKind(rawValue: "session.start"),
                                                   at: Clock.at(1)))
        let full = try await store.append(NewEvent(student: "ada", lab: "ml-bias", step: 3,
                                                   kind: EventKind(rawValue: "test.tick"), at: Clock.at(2)))
        let events = try await store.allEvents()
        #expect(events.map(\.id) == [bare, full])
        #expect(events.first?.lab == nil && events.first?.step == nil)
        #expect(events.last?.lab == "ml-bias" && events.last?.step == 3)
        try await store.close()
    }

    @Test("opening a database whose schema is current takes no lock, so a class starting at once does not queue")
    func openingACurrentDatabaseTakesNoLock() async throws {
        let settings = try await TestDatabases.newPostgresDatabase()
        try await PostgresProgressStore(settings: settings).close()
        // Another session holds the migration lock for as long as this test runs; an open that
        // waited for it would never return (and the suite's time limit would fail the test).
        let owner = try PostgresSettings(url: try #require(TestDatabases.postgresURL))
        let client = PostgresClient(configuration: .init(
            host: owner.host, port: owner.port, username: owner.user, password: owner.password,
            database: settings.database, tls: .disable))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            try await client.withConnection { connection in
                try await connection.query("SELECT pg_advisory_lock(\(PostgresProgressStore.migrationLockKey))",
                                           logger: Logger(label: "test"))
                let store = try await PostgresProgressStore(settings: settings)
                #expect(try await store.schemaVersion() == SchemaMigration.latestVersion)
                try await store.close()
                try await connection.query("SELECT pg_advisory_unlock(\(PostgresProgressStore.migrationLockKey))",
                                           logger: Logger(label: "test"))
            }
            group.cancelAll()
        }
    }

    @Test("the server's durability settings can be read; an unknown setting is a database error")
    func serverSettings() async throws {
        let store = try await PostgresProgressStore(settings: try await TestDatabases.newPostgresDatabase())
        #expect(["on", "off"].contains(try await store.serverSetting("fsync")))
        #expect(["on", "off", "local", "remote_write", "remote_apply"]
            .contains(try await store.serverSetting("synchronous_commit")))
        let error = await #expect(throws: ProgressStoreError.self) { _ = try await store.serverSetting("labrun.no_such") }
        #expect(error?.code == .database)
        try await store.close()
    }
}

/// The record statements' SQL and names, without a server.
@Suite("PostgreSQL record statements")
struct PostgresStatementTests {
    typealias S = PostgresStatements

    @Test("every prepared statement's name fits PostgreSQL's 63-byte names, and no two are the same")
    func namesFitTheServer() {
        let names = [
            S.RecordStatement<StepRun>.name, S.RecordStatement<Answer>.name, S.RecordStatement<Reveal>.name,
            S.RecordStatement<QuizAttempt>.name, S.RecordStatement<ExerciseSubmission>.name,
            S.EventStatement.name, S.CreatingStudentAndLab<S.RecordStatement<StepRun>>.name,
            S.CreatingStudentAndLab<S.RecordStatement<Answer>>.name, S.CreatingStudentAndLab<S.RecordStatement<Reveal>>.name,
            S.CreatingStudentAndLab<S.RecordStatement<QuizAttempt>>.name,
            S.CreatingStudentAndLab<S.RecordStatement<ExerciseSubmission>>.name, S.CreatingStudentAndLab<S.EventStatement>.name,
        ]
        for name in names { #expect(name.utf8.count <= 63, "\(name)") }
        #expect(Set(names).count == names.count)
    }

    @Test("only the twin inserts the student and the lab; both write the same record and event")
    func twinsDifferOnlyInTheirHead() {
        #expect(!S.RecordStatement<StepRun>.sql.contains("INSERT INTO students"))
        #expect(S.RecordStatement<StepRun>.creatingSQL.contains("INSERT INTO students"))
        #expect(S.RecordStatement<StepRun>.creatingSQL.contains("INSERT INTO labs"))
        #expect(S.RecordStatement<StepRun>.creatingSQL.hasSuffix(S.RecordStatement<StepRun>.sql.replacingOccurrences(of: "WITH ", with: "")))
        #expect(S.EventStatement.sql == S.EventStatement.event)
        #expect(S.EventStatement.creatingSQL.hasSuffix(S.EventStatement.event))
    }
}
#endif
