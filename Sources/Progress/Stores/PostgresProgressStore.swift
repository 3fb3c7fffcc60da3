#if PostgreSQL
import Foundation
import Logging
import NIOSSL
import PostgresNIO
import Synchronization

/// The progress store on a PostgreSQL server, so a whole class writes to one database.
///
/// Holds one connection to the server at a time (a ``PostgresConnectionSlot``: a labrun process
/// records one thing after another, so a class of 50 is 50 sessions on the server). Each record is
/// one transaction: one prepared statement (record, event, and the student and lab on first use;
/// see ``PostgresStatements``), or `BEGIN … COMMIT` for a submission with its check results.
/// Migrations run when the store opens, inside a transaction that first takes
/// `pg_advisory_xact_lock`, so several labrun processes starting at once apply each migration
/// exactly once. Connection failures, refused passwords, missing databases and missing
/// privileges become ``ProgressStoreError`` values that name the server without its password.
public final class PostgresProgressStore: ProgressStore {
    /// The server's URL without its password.
    public let location: String
    private let slot: PostgresConnectionSlot
    private let settings: PostgresSettings
    /// Whether the schema has `training_runs` (version 3; a store opened at an older version for tests has not).
    private let hasTrainingRuns: Bool
    private let logger = PostgresProgressStore.silentLogger

    /// PostgresNIO logs nothing of labrun's: errors come back as values.
    private static let silentLogger = Logger(label: "labrun-progress", factory: { _ in SwiftLogNoOpLogHandler() })

    /// The advisory lock key that serialises migrations (any fixed 64-bit number; "labrun" in ASCII).
    static let migrationLockKey: Int64 = 0x6C61_6272_756E

    /// Connects to the server within `settings.connectTimeout` and migrates the schema to
    /// `schemaVersion` (default: the latest).
    ///
    /// - Throws: ``ProgressStoreError`` (unreachable, auth failed, database missing, permission denied…).
    public init(settings: PostgresSettings, schemaVersion: Int = SchemaMigration.latestVersion) async throws {
        self.settings = settings
        hasTrainingRuns = schemaVersion >= 3
        let location = settings.redactedURL
        self.location = location
        let logger = Self.silentLogger
        let open: @Sendable () async throws -> PostgresConnection = {
            do {
                return try await Self.connect(settings, logger: logger)
            } catch {
                throw Self.storeError(error, location: location, settings: settings)
            }
        }
        let connection = try await open()
        do {
            try await Self.migrate(connection, to: schemaVersion, location: location, logger: logger)
        } catch {
            try? await connection.close()
            throw Self.storeError(error, location: location, settings: settings)
        }
        slot = PostgresConnectionSlot(connection: connection, open: open)
    }

    /// Opens one connection: TCP, TLS, password and session start together within the connect
    /// timeout (as libpq's `connect_timeout`), so a server that accepts the socket and never
    /// answers is reported as unreachable instead of hanging the student's command.
    private static func connect(_ settings: PostgresSettings, logger: Logger) async throws -> PostgresConnection {
        let mode: PostgresConnection.Configuration.TLS
        switch settings.tls {
        case .disable:
            mode = .disable
        case .prefer, .require:
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.certificateVerification = .none
            let context = try NIOSSLContext(configuration: tls)
            mode = settings.tls == .prefer ? .prefer(context) : .require(context)
        case .verifyFull:
            mode = .require(try NIOSSLContext(configuration: TLSConfiguration.makeClientConfiguration()))
        }
        var configuration = PostgresConnection.Configuration(
            host: settings.host, port: settings.port, username: settings.user, password: settings.password,
            database: settings.database, tls: mode)
        let timeoutMilliseconds = Int64(settings.connectTimeout * 1000)
        configuration.options.connectTimeout = .milliseconds(timeoutMilliseconds)
        let attempt = ConnectAttempt()
        Task {
            let outcome: Result<PostgresConnection, any Error>
            do {
                outcome = .success(try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger))
            } catch {
                outcome = .failure(error)
            }
            // Too late: the caller was told the server is unreachable; end this session.
            if !attempt.finish(outcome), case .success(let connection) = outcome { try? await connection.close() }
        }
        let deadline = Task {
            try await Task.sleep(for: .milliseconds(timeoutMilliseconds))
            _ = attempt.finish(.failure(ProgressStoreError(
                .unreachable, "no answer from \(settings.host):\(settings.port) within \(Self.seconds(settings.connectTimeout))",
                location: settings.redactedURL,
                fix: "check that PostgreSQL runs there and that the host and port are right (connect_timeout= in the URL waits longer)")))
        }
        defer { deadline.cancel() }
        return try await attempt.outcome()
    }

    /// "10 seconds", "1 second", "0.5 seconds".
    private static func seconds(_ value: Double) -> String {
        let text = value == value.rounded() ? String(Int(value)) : String(value)
        return text + (value == 1 ? " second" : " seconds")
    }

    /// Applies the missing migrations in one transaction holding the migration advisory lock.
    private static func migrate(_ connection: PostgresConnection, to target: Int, location: String,
                                logger: Logger) async throws {
        // Fast path: a database already at `target` needs no lock (so a class starting at once
        // does not queue on it).
        if try await version(connection, logger: logger) == target { return }
        try await connection.query("BEGIN", logger: logger)
        do {
            try await connection.query("SELECT pg_advisory_xact_lock(\(migrationLockKey))", logger: logger)
            try await connection.query(PostgresQuery(unsafeSQL: SchemaMigration.bookkeeping), logger: logger)
            var current = 0
            for try await version in try await connection.query(
                "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", logger: logger).decode(Int.self) {
                current = version
            }
            if current > SchemaMigration.latestVersion {
                throw ProgressStoreError(
                    .schemaTooNew,
                    "the database is at schema version \(current); this labrun knows versions up to \(SchemaMigration.latestVersion)",
                    location: location, fix: "upgrade labrun")
            }
            for migration in SchemaMigration.all where migration.version > current && migration.version <= target {
                for statement in migration.statements(for: .postgres) {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query("""
                    INSERT INTO schema_migrations(version, name, applied_at)
                    VALUES (\(migration.version), \(migration.name), \(Date().timeIntervalSince1970))
                    """, logger: logger)
            }
            try await connection.query("COMMIT", logger: logger)
        } catch {
            _ = try? await connection.query("ROLLBACK", logger: logger)
            throw error
        }
    }

    /// The database's schema version without taking any lock; nil before the first migration.
    private static func version(_ connection: PostgresConnection, logger: Logger) async throws -> Int? {
        var exists = false
        for try await value in try await connection.query(
            "SELECT to_regclass('schema_migrations') IS NOT NULL", logger: logger).decode(Bool.self) {
            exists = value
        }
        guard exists else { return nil }
        var version = 0
        for try await value in try await connection.query(
            "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", logger: logger).decode(Int.self) {
            version = value
        }
        return version
    }

    // MARK: - Writing

    public func save(_ student: Student) async throws {
        try RecordValidation.check(student: student.id, lab: nil, step: nil, location: location)
        try await transaction { connection in
            try await connection.query("""
                INSERT INTO students(id, display_name, created_at)
                VALUES (\(student.id), \(student.displayName), \(Date().timeIntervalSince1970))
                ON CONFLICT (id) DO UPDATE SET display_name = excluded.display_name
                """, logger: self.logger)
            _ = try await self.insertEvent(connection, NewEvent(
                student: student.id, kind: .studentSaved, detail: ["displayName": student.displayName]), recordID: nil)
        }
    }

    public func save(_ lab: LabVersion) async throws {
        try RecordValidation.check(student: "-", lab: lab.id, step: nil, location: location)
        try await transaction { connection in
            try await connection.query("""
                INSERT INTO labs(id, content_hash, updated_at, title, step_count)
                VALUES (\(lab.id), \(lab.contentHash), \(Date().timeIntervalSince1970), \(lab.title), \(lab.stepCount))
                ON CONFLICT (id) DO UPDATE SET content_hash = excluded.content_hash,
                    updated_at = excluded.updated_at, title = excluded.title, step_count = excluded.step_count
                """, logger: self.logger)
        }
    }

    @discardableResult
    public func record<Record: ProgressRecord>(_ record: Record) async throws -> RecordReceipt {
        let event = record.event
        try RecordValidation.check(event, location: location)
        let children = record.children.filter { !$0.rows.isEmpty }
        guard !children.isEmpty else {
            // One statement: record and event (and a new student and lab) commit together or not at all.
            return try await receipt(PostgresStatements.RecordStatement(record: record, now: Date().timeIntervalSince1970))
        }
        return try await transaction { connection in
            try await self.ensure(connection, student: event.student, lab: event.lab)
            let id = try await self.insertReturningID(connection, Self.insert(
                into: Record.table, columns: ["student_id", "lab_id"] + Record.columns.map(\.name),
                values: [.text(event.student), .text(orNull: event.lab)] + record.values, returningID: true))
            for child in children {
                for row in child.rows {
                    try await connection.query(Self.insert(
                        into: child.table, columns: [child.parentColumn] + child.columns,
                        values: [.integer(Int(id))] + row, returningID: false), logger: self.logger)
                }
            }
            return RecordReceipt(recordID: id, eventID: try await self.insertEvent(connection, event, recordID: id))
        }
    }

    @discardableResult
    public func append(_ event: NewEvent) async throws -> Int64 {
        try RecordValidation.check(student: event.student, lab: event.lab, step: event.step, location: location)
        return try await receipt(PostgresStatements.EventStatement(event: event, now: Date().timeIntervalSince1970)).eventID
    }

    public func reset(_ scope: ResetScope) async throws -> ResetSummary {
        try RecordValidation.check(student: scope.student, lab: scope.lab, step: scope.step, location: location)
        return try await transaction { connection in
            try await self.ensure(connection, student: scope.student, lab: scope.lab)
            var tables = ["step_runs", "answers", "submissions", "reveals"] + (self.hasTrainingRuns ? ["training_runs"] : [])
            if scope.step == nil { tables.append("quiz_attempts") }
            // Lock the student's rows against a concurrent reset of the same scope.
            try await connection.query("SELECT id FROM students WHERE id = \(scope.student) FOR UPDATE",
                                       logger: self.logger)
            // The scope's condition; `leading` values are bound first (as $1…).
            func condition(after leading: [Int64]) -> (String, PostgresBindings) {
                var binds = PostgresBindings()
                for value in leading { binds.append(value) }
                binds.append(scope.student)
                var text = "student_id = $\(binds.count) AND reset_by IS NULL"
                if let lab = scope.lab { binds.append(lab); text += " AND lab_id = $\(binds.count)" }
                if let step = scope.step { binds.append(step); text += " AND step = $\(binds.count)" }
                return (text, binds)
            }
            var count = 0
            for table in tables {
                let (text, binds) = condition(after: [])
                let rows = try await connection.query(
                    PostgresQuery(unsafeSQL: "SELECT COUNT(*) FROM \(table) WHERE \(text)", binds: binds),
                    logger: self.logger)
                for try await value in rows.decode(Int.self) { count += value }
            }
            let eventID = try await self.insertEvent(connection, NewEvent(
                student: scope.student, lab: scope.lab, step: scope.step, kind: .reset,
                detail: ["scope": scope.description, "records": String(count)]), recordID: nil)
            for table in tables {
                let (text, binds) = condition(after: [eventID])
                try await connection.query(
                    PostgresQuery(unsafeSQL: "UPDATE \(table) SET reset_by = $1 WHERE \(text)", binds: binds),
                    logger: self.logger)
            }
            return ResetSummary(eventID: eventID, recordsReset: count)
        }
    }

    // MARK: - Reading

    public func records(matching filter: RecordFilter) async throws -> ProgressRecords {
        try await withConnection { connection in
            var result = ProgressRecords()
            var studentBinds = PostgresBindings()
            var studentSQL = "SELECT id, display_name FROM students"
            if let student = filter.student { studentSQL += " WHERE id = $1"; studentBinds.append(student) }
            for try await (id, name) in try await connection.query(
                PostgresQuery(unsafeSQL: studentSQL + " ORDER BY created_at, id", binds: studentBinds),
                logger: self.logger).decode((String, String).self) {
                result.students.append(Student(id: id, displayName: name))
            }
            var labBinds = PostgresBindings()
            var labSQL = "SELECT id, content_hash, title, step_count FROM labs"
            if let lab = filter.lab { labSQL += " WHERE id = $1"; labBinds.append(lab) }
            for try await (id, hash, title, steps) in try await connection.query(
                PostgresQuery(unsafeSQL: labSQL + " ORDER BY id", binds: labBinds),
                logger: self.logger).decode((String, String, String?, Int?).self) {
                result.labs.append(LabVersion(id: id, contentHash: hash, title: title, stepCount: steps))
            }
            func select(_ columns: String, from table: String, time: String) -> PostgresQuery {
                let (clause, binds) = Self.whereClause(filter, time: time)
                return PostgresQuery(unsafeSQL: "SELECT \(columns) FROM \(table)\(clause) ORDER BY id", binds: binds)
            }
            for try await (id, reset, student, lab, step, started, duration, status, code, output, provenance)
                in try await connection.query(
                    select("id, reset_by, student_id, lab_id, step, started_at, duration, status, code, output, provenance",
                           from: "step_runs", time: "started_at"), logger: self.logger)
                .decode((Int64, Int64?, String, String, Int, Double, Double, String, String, String, String).self) {
                result.stepRuns.append(Stored(id: id, resetBy: reset, record: StepRun(
                    student: student, lab: lab, step: step, startedAt: RecordCoding.date(started), duration: duration,
                    status: StepRun.Status(rawValue: status) ?? .error, code: code, output: output,
                    provenance: RecordCoding.decode([String: String].self, from: provenance, fallback: [:]))))
            }
            for try await (id, reset, student, lab, step, question, text, answered) in try await connection.query(
                select("id, reset_by, student_id, lab_id, step, question_id, answer, answered_at",
                       from: "answers", time: "answered_at"), logger: self.logger)
                .decode((Int64, Int64?, String, String, Int, String, String, Double).self) {
                result.answers.append(Stored(id: id, resetBy: reset, record: Answer(
                    student: student, lab: lab, step: step, question: question, text: text,
                    answeredAt: RecordCoding.date(answered))))
            }
            var checks: [Int64: [ExerciseSubmission.CheckResult]] = [:]
            let (submissionClause, submissionBinds) = Self.whereClause(filter, time: "submitted_at")
            for try await (submission, name, passed, message) in try await connection.query(
                PostgresQuery(unsafeSQL: """
                    SELECT submission_id, name, passed, message FROM check_results
                    WHERE submission_id IN (SELECT id FROM submissions\(submissionClause))
                    ORDER BY submission_id, position
                    """, binds: submissionBinds), logger: self.logger)
                .decode((Int64, String, Bool, String?).self) {
                checks[submission, default: []].append(.init(name: name, passed: passed, message: message))
            }
            for try await (id, reset, student, lab, step, exercise, code, submitted) in try await connection.query(
                select("id, reset_by, student_id, lab_id, step, exercise_id, code, submitted_at",
                       from: "submissions", time: "submitted_at"), logger: self.logger)
                .decode((Int64, Int64?, String, String, Int, String, String, Double).self) {
                result.submissions.append(Stored(id: id, resetBy: reset, record: ExerciseSubmission(
                    student: student, lab: lab, step: step, exercise: exercise, code: code,
                    checks: checks[id] ?? [], submittedAt: RecordCoding.date(submitted))))
            }
            for try await (id, reset, student, lab, step, kind, item, revealed) in try await connection.query(
                select("id, reset_by, student_id, lab_id, step, kind, item_id, revealed_at",
                       from: "reveals", time: "revealed_at"), logger: self.logger)
                .decode((Int64, Int64?, String, String, Int, String, String, Double).self) {
                result.reveals.append(Stored(id: id, resetBy: reset, record: Reveal(
                    student: student, lab: lab, step: step, kind: Reveal.Kind(rawValue: kind) ?? .hint, item: item,
                    revealedAt: RecordCoding.date(revealed))))
            }
            for try await (id, reset, student, lab, quiz, answers, score, maximum, policy, passed, attempted)
                in try await connection.query(
                    select("id, reset_by, student_id, lab_id, quiz_id, answers, score, maximum, policy, passed, attempted_at",
                           from: "quiz_attempts", time: "attempted_at"), logger: self.logger)
                .decode((Int64, Int64?, String, String, String, String, Double, Double, String, Bool, Double).self) {
                result.quizAttempts.append(Stored(id: id, resetBy: reset, record: QuizAttempt(
                    student: student, lab: lab, quiz: quiz,
                    answers: RecordCoding.decode([String: [String]].self, from: answers, fallback: [:]),
                    score: score, maximum: maximum, policy: policy, passed: passed,
                    attemptedAt: RecordCoding.date(attempted))))
            }
            guard self.hasTrainingRuns else { return result }
            for try await (id, reset, student, lab, step, started, base, method, hyperparameters, losses, globalStep, seconds, speed,
                           digest, outcome, failure) in try await connection.query(
                    select("""
                        id, reset_by, student_id, lab_id, step, started_at, base_model, method, hyperparameters, losses, global_step, \
                        seconds, tokens_per_second, weights_digest, outcome, failure
                        """, from: "training_runs", time: "started_at"), logger: self.logger)
                .decode((Int64, Int64?, String, String, Int?, Double, String, String, String, String, Int, Double, Double,
                         String, String, String?).self) {
                result.trainingRuns.append(Stored(id: id, resetBy: reset, record: TrainingRunRecord(
                    student: student, lab: lab, step: step, startedAt: RecordCoding.date(started), baseModel: base, method: method,
                    hyperparameters: hyperparameters, losses: RecordCoding.decode([Double].self, from: losses, fallback: []),
                    globalStep: globalStep, seconds: seconds, tokensPerSecond: speed, weightsDigest: digest,
                    outcome: TrainingRunRecord.Outcome(rawValue: outcome) ?? .failed, failure: failure)))
            }
            return result
        }
    }

    public func events(matching filter: RecordFilter) async throws -> [ProgressEvent] {
        let eventFilter = RecordFilter(student: filter.student, lab: filter.lab, since: filter.since, includeReset: true)
        return try await withConnection { connection in
            let (clause, binds) = Self.whereClause(eventFilter, time: "at")
            var events: [ProgressEvent] = []
            for try await (id, at, student, lab, step, kind, record, detail) in try await connection.query(
                PostgresQuery(unsafeSQL: """
                    SELECT id, at, student_id, lab_id, step, kind, record_id, detail FROM events\(clause) ORDER BY id
                    """, binds: binds), logger: self.logger)
                .decode((Int64, Double, String, String?, Int?, String, Int64?, String).self) {
                events.append(ProgressEvent(
                    id: id, at: RecordCoding.date(at), student: student, lab: lab, step: step,
                    kind: EventKind(rawValue: kind), recordID: record,
                    detail: RecordCoding.decode([String: String].self, from: detail, fallback: [:])))
            }
            return events
        }
    }

    public func countEvents(matching filter: RecordFilter) async throws -> Int {
        let eventFilter = RecordFilter(student: filter.student, lab: filter.lab, since: filter.since, includeReset: true)
        return try await withConnection { connection in
            let (clause, binds) = Self.whereClause(eventFilter, time: "at")
            var count = 0
            for try await value in try await connection.query(
                PostgresQuery(unsafeSQL: "SELECT COUNT(*) FROM events\(clause)", binds: binds),
                logger: self.logger).decode(Int.self) {
                count = value
            }
            return count
        }
    }

    public func schemaVersion() async throws -> Int {
        try await withConnection { connection in
            var version = 0
            for try await value in try await connection.query(
                "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", logger: self.logger).decode(Int.self) {
                version = value
            }
            return version
        }
    }

    /// The server's current value of the setting `name` (`SHOW name`), for example `fsync` or
    /// `synchronous_commit`, so a benchmark can state the durability its figures were measured with.
    ///
    /// - Throws: ``ProgressStoreError`` (an unknown setting is a `database` error).
    public func serverSetting(_ name: String) async throws -> String {
        try await withConnection { connection in
            var value = ""
            for try await text in try await connection.query(
                "SELECT current_setting(\(name))", logger: self.logger).decode(String.self) {
                value = text
            }
            return value
        }
    }

    public func close() async throws {
        await slot.close()
    }

    // MARK: - Internals

    /// Runs `body` with the store's connection (after any operation in progress), opening a new
    /// one first if the server closed it; errors become ``ProgressStoreError`` values.
    private func withConnection<T: Sendable>(
        _ body: @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        do {
            return try await slot.withConnection(body)
        } catch is PostgresConnectionSlot.SlotClosed {
            throw ProgressStoreError(.closed, "the store was closed", location: location)
        } catch {
            throw Self.storeError(error, location: location, settings: settings)
        }
    }

    /// Runs `body` inside `BEGIN … COMMIT` (rolled back when it throws).
    @discardableResult
    private func transaction<T: Sendable>(
        _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        let logger = self.logger
        return try await withConnection { connection in
            try await connection.query("BEGIN", logger: logger)
            do {
                let value = try await body(connection)
                try await connection.query("COMMIT", logger: logger)
                return value
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw error
            }
        }
    }

    /// Runs one self-contained record statement that returns `(record id, event id)`; a single
    /// statement is its own transaction, so the record and its event commit together. When the
    /// foreign keys refuse it (nothing was written: the student or the lab is new), runs its twin
    /// that inserts them first, on the same connection before any other operation.
    private func receipt<Statement: PostgresStatements.Writing>(_ statement: Statement) async throws
        -> RecordReceipt {
        let logger = self.logger
        let location = self.location
        return try await withConnection { connection in
            do {
                return try await Self.receipt(statement, on: connection, logger: logger, location: location)
            } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23503" {
                return try await Self.receipt(PostgresStatements.CreatingStudentAndLab(base: statement), on: connection,
                                              logger: logger, location: location)
            }
        }
    }

    /// Executes `statement` on `connection` and reads its one `(record id, event id)` row.
    private static func receipt<Statement: PostgresPreparedStatement>(
        _ statement: Statement, on connection: PostgresConnection, logger: Logger, location: String
    ) async throws -> RecordReceipt where Statement.Row == (Int64, Int64) {
        var result: RecordReceipt?
        for try await (record, event) in try await connection.execute(statement, logger: logger) {
            result = RecordReceipt(recordID: record, eventID: event)
        }
        guard let result else {
            throw ProgressStoreError(.database, "the server returned no id for a new record", location: location)
        }
        return result
    }

    private func ensure(_ connection: PostgresConnection, student: String, lab: String?) async throws {
        let now = Date().timeIntervalSince1970
        try await connection.query("""
            INSERT INTO students(id, display_name, created_at) VALUES (\(student), \(student), \(now))
            ON CONFLICT (id) DO NOTHING
            """, logger: logger)
        if let lab {
            try await connection.query("""
                INSERT INTO labs(id, content_hash, updated_at) VALUES (\(lab), '', \(now)) ON CONFLICT (id) DO NOTHING
                """, logger: logger)
        }
    }

    private func insertReturningID(_ connection: PostgresConnection, _ query: PostgresQuery) async throws -> Int64 {
        var id: Int64?
        for try await value in try await connection.query(query, logger: logger).decode(Int64.self) { id = value }
        guard let id else {
            throw ProgressStoreError(.database, "the server returned no id for a new record", location: location)
        }
        return id
    }

    /// `INSERT INTO table (columns) VALUES ($1, …)`, with `RETURNING id` when asked.
    private static func insert(into table: String, columns: [String], values: [RecordValue], returningID: Bool)
        -> PostgresQuery {
        var binds = PostgresBindings(capacity: values.count)
        for value in values { binds.append(value) }
        let placeholders = values.indices.map { "$\($0 + 1)" }.joined(separator: ", ")
        return PostgresQuery(
            unsafeSQL: "INSERT INTO \(table)(\(columns.joined(separator: ", "))) VALUES (\(placeholders))"
                + (returningID ? " RETURNING id" : ""),
            binds: binds)
    }

    private func insertEvent(_ connection: PostgresConnection, _ event: NewEvent, recordID: Int64?) async throws -> Int64 {
        try await insertReturningID(connection, """
            INSERT INTO events(at, student_id, lab_id, step, kind, record_id, detail)
            VALUES (\(RecordCoding.seconds(event.at)), \(event.student), \(event.lab), \(event.step),
                    \(event.kind.rawValue), \(recordID), \(RecordCoding.json(event.detail)))
            RETURNING id
            """)
    }

    /// ` WHERE …` with `$1…` parameters for `filter` over a table whose time column is `time`.
    private static func whereClause(_ filter: RecordFilter, time: String) -> (String, PostgresBindings) {
        var conditions: [String] = []
        var binds = PostgresBindings()
        if let student = filter.student { binds.append(student); conditions.append("student_id = $\(binds.count)") }
        if let lab = filter.lab { binds.append(lab); conditions.append("lab_id = $\(binds.count)") }
        if let since = filter.since {
            binds.append(since.timeIntervalSince1970)
            conditions.append("\(time) >= $\(binds.count)")
        }
        if !filter.includeReset { conditions.append("reset_by IS NULL") }
        let clause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        return (clause, binds)
    }

    /// A PostgresNIO error as a ``ProgressStoreError`` that says why, never showing the password.
    static func storeError(_ error: any Error, location: String, settings: PostgresSettings) -> ProgressStoreError {
        if let error = error as? ProgressStoreError { return error }
        if error is CancellationError {
            return ProgressStoreError(.closed, "the operation was cancelled", location: location)
        }
        guard let error = error as? PSQLError else {
            return ProgressStoreError(.database, Self.scrub("\(error)", settings), location: location)
        }
        let server = settings.host + ":" + String(settings.port)
        let serverMessage = error.serverInfo?[.message].map { Self.scrub($0, settings) }
        switch error.code {
        case .server:
            let state = error.serverInfo?[.sqlState] ?? ""
            let message = serverMessage ?? "the server reported SQLSTATE \(state)"
            switch state {
            case "28P01", "28000":
                return ProgressStoreError(.authenticationFailed, "authentication failed: \(message)", location: location,
                                          fix: "check the user name and password in LABRUN_DATABASE_URL or --database")
            case "3D000":
                return ProgressStoreError(.badURL, message, location: location,
                                          fix: "create the database (createdb \(settings.database)) or fix the URL")
            case "42501":
                return ProgressStoreError(.permissionDenied, "permission denied: \(message)", location: location,
                                          fix: "ask the database owner to GRANT this user access to labrun's tables")
            case "53100":
                return ProgressStoreError(.diskFull, "the server's disk is full: \(message)", location: location,
                                          fix: "free space on the database server")
            case "57P01", "57P02":
                return ProgressStoreError(.unreachable, "the server ended the session: \(message)", location: location,
                                          fix: "try again (the next command opens a new session)")
            case "53300", "57P03":
                return ProgressStoreError(.busy, message, location: location, fix: "try again in a moment")
            default:
                return ProgressStoreError(.database, "\(message) (SQLSTATE \(state))", location: location)
            }
        case .connectionError:
            let cause = error.underlying.map { Self.scrub("\($0)", settings) } ?? "connection failed"
            return ProgressStoreError(.unreachable, "cannot connect to \(server): \(cause)", location: location,
                                      fix: "check that PostgreSQL runs and that the host and port are right")
        // `clientClosedConnection`: a statement handed to a connection the server was already
        // closing (the store closes its own connection only in `close()`, which the slot reports).
        case .serverClosedConnection, .uncleanShutdown, .clientClosedConnection:
            return ProgressStoreError(.unreachable, "the server at \(server) closed the connection", location: location,
                                      fix: "check the server, then try again")
        case .authMechanismRequiresPassword:
            return ProgressStoreError(.authenticationFailed, "the server asks for a password and the URL has none",
                                      location: location, fix: "write postgres://user:PASSWORD@host:port/database")
        case .unsupportedAuthMechanism, .saslError:
            return ProgressStoreError(.authenticationFailed, "authentication failed (\(error.code))", location: location,
                                      fix: "check the user name and password")
        case .sslUnsupported:
            return ProgressStoreError(.unreachable, "the server does not offer TLS but the URL requires it",
                                      location: location, fix: "use sslmode=prefer or enable TLS on the server")
        default:
            return ProgressStoreError(.database, "PostgreSQL error: \(error.code)\(serverMessage.map { ": \($0)" } ?? "")",
                                      location: location)
        }
    }

    /// `text` with the password, if it appears, replaced by `***`.
    private static func scrub(_ text: String, _ settings: PostgresSettings) -> String {
        guard let password = settings.password, !password.isEmpty else { return text }
        return text.replacingOccurrences(of: password, with: "***")
    }
}

/// The first outcome of a connection attempt or of its deadline, handed once to the caller.
private final class ConnectAttempt: Sendable {
    private struct State {
        var outcome: Result<PostgresConnection, any Error>?
        var waiter: CheckedContinuation<PostgresConnection, any Error>?
        var finished = false
    }

    private let state = Mutex(State())

    /// Delivers `outcome` if nothing was delivered before; returns whether it was.
    func finish(_ outcome: Result<PostgresConnection, any Error>) -> Bool {
        let (delivered, waiter) = state.withLock { state -> (Bool, CheckedContinuation<PostgresConnection, any Error>?) in
            if state.finished { return (false, nil) }
            state.finished = true
            guard let waiter = state.waiter else {
                state.outcome = outcome
                return (true, nil)
            }
            state.waiter = nil
            return (true, waiter)
        }
        waiter?.resume(with: outcome)
        return delivered
    }

    /// Waits for the delivered outcome.
    func outcome() async throws -> PostgresConnection {
        try await withCheckedThrowingContinuation { continuation in
            let ready = state.withLock { state -> Result<PostgresConnection, any Error>? in
                if let outcome = state.outcome { return outcome }
                state.waiter = continuation
                return nil
            }
            if let ready { continuation.resume(with: ready) }
        }
    }
}
#endif
