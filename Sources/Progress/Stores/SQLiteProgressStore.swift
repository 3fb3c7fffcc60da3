import Foundation
import GRDB
import Synchronization

/// The progress store in one SQLite file (the default: `$LABRUN_HOME/progress.sqlite`).
///
/// Opens a GRDB `DatabasePool`, so the file is in WAL mode (readers never block the writer) with
/// `synchronous = NORMAL`: a committed record survives the process being killed at any moment; an
/// operating-system crash or power cut may lose the last few commits but never corrupts the file.
/// Several processes may write the same file: every write is one `BEGIN IMMEDIATE` transaction,
/// and a writer waits up to `busyTimeout` seconds for the others. Migrations run when the store
/// opens, inside such a transaction.
public final class SQLiteProgressStore: ProgressStore {
    /// The file's path.
    public let location: String
    private let pool: DatabasePool
    /// Set by ``close()``: later calls say the store was closed rather than what GRDB says of a closed pool.
    private let closed = Atomic<Bool>(false)
    private let version: Int

    /// Opens (creating if needed) the store at `path`, creating missing folders, and migrates it to
    /// `schemaVersion` (default: the latest; tests pass an older one to make fixtures).
    ///
    /// - Parameter busyTimeout: seconds a write waits while other processes hold the file.
    /// - Throws: ``ProgressStoreError`` (permission denied, disk full, not a database, schema too new).
    public init(path: String, busyTimeout: Double = 15, schemaVersion: Int = SchemaMigration.latestVersion) throws {
        location = path
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw ProgressStoreError(.permissionDenied, "cannot create the folder \(folder.path)", location: path,
                                     fix: "check the folder's permissions, or set LABRUN_DATABASE_URL or --database")
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.label = "labrun-progress"
        configuration.foreignKeysEnabled = true
        configuration.maximumReaderCount = 2
        do {
            pool = try Self.openPool(path: path, configuration: configuration, busyTimeout: busyTimeout)
            version = try Self.migrate(pool, to: schemaVersion, location: path)
        } catch {
            throw Self.storeError(error, location: path)
        }
    }

    /// Opens the pool, trying again while other processes hold the file, for up to `busyTimeout`
    /// seconds. Turning a new file into WAL mode needs an exclusive lock, and when several
    /// processes race to do it SQLite answers `SQLITE_BUSY` at once instead of waiting the busy
    /// timeout (waiting could deadlock), so the first labrun processes on a new file retry here.
    private static func openPool(path: String, configuration: Configuration, busyTimeout: Double) throws -> DatabasePool {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .milliseconds(Int64(max(0, busyTimeout) * 1000)))
        var pause = 0.002
        while true {
            do {
                return try DatabasePool(path: path, configuration: configuration)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && clock.now < deadline {
                // Jittered, growing pauses so the racing processes do not retry in step.
                Thread.sleep(forTimeInterval: pause * Double.random(in: 0.5...1.5))
                pause = min(pause * 2, 0.1)
            }
        }
    }

    /// Applies the missing migrations in one `BEGIN IMMEDIATE` transaction; returns the version.
    private static func migrate(_ pool: DatabasePool, to target: Int, location: String) throws -> Int {
        // Fast path: an up-to-date database needs no write lock.
        let known = try? pool.read { db -> Int? in
            guard try db.tableExists("schema_migrations") else { return nil }
            return try Int.fetchOne(db, sql: "SELECT MAX(version) FROM schema_migrations")
        }
        if let version = known, version == target { return version }
        return try pool.writeWithoutTransaction { db in
            var reached = 0
            try db.inTransaction(.immediate) {
                try db.execute(sql: SchemaMigration.bookkeeping)
                let current = try Int.fetchOne(db, sql: "SELECT MAX(version) FROM schema_migrations") ?? 0
                if current > SchemaMigration.latestVersion {
                    throw ProgressStoreError(
                        .schemaTooNew,
                        "the database is at schema version \(current); this labrun knows versions up to \(SchemaMigration.latestVersion)",
                        location: location, fix: "upgrade labrun")
                }
                reached = current
                for migration in SchemaMigration.all where migration.version > current && migration.version <= target {
                    for statement in migration.statements(for: .sqlite) {
                        try db.execute(sql: statement)
                    }
                    try db.execute(sql: "INSERT INTO schema_migrations(version, name, applied_at) VALUES (?, ?, ?)",
                                   arguments: [migration.version, migration.name, Date().timeIntervalSince1970])
                    reached = migration.version
                }
                return .commit
            }
            return reached
        }
    }

    // MARK: - Writing

    public func save(_ student: Student) async throws {
        try RecordValidation.check(student: student.id, lab: nil, step: nil, location: location)
        try await write { db in
            let now = Date().timeIntervalSince1970
            try db.execute(sql: """
                INSERT INTO students(id, display_name, created_at) VALUES (?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET display_name = excluded.display_name
                """, arguments: [student.id, student.displayName, now])
            _ = try Self.insertEvent(db, NewEvent(student: student.id, kind: .studentSaved,
                                                  detail: ["displayName": student.displayName]), recordID: nil)
            return ()
        }
    }

    public func save(_ lab: LabVersion) async throws {
        try RecordValidation.check(student: "-", lab: lab.id, step: nil, location: location)
        let hasDetails = version >= 2
        try await write { db in
            let now = Date().timeIntervalSince1970
            if hasDetails {
                try db.execute(sql: """
                    INSERT INTO labs(id, content_hash, updated_at, title, step_count) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET content_hash = excluded.content_hash,
                        updated_at = excluded.updated_at, title = excluded.title, step_count = excluded.step_count
                    """, arguments: [lab.id, lab.contentHash, now, lab.title, lab.stepCount])
            } else {
                try db.execute(sql: """
                    INSERT INTO labs(id, content_hash, updated_at) VALUES (?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET content_hash = excluded.content_hash, updated_at = excluded.updated_at
                    """, arguments: [lab.id, lab.contentHash, now])
            }
            return ()
        }
    }

    @discardableResult
    public func record<Record: ProgressRecord>(_ record: Record) async throws -> RecordReceipt {
        let event = record.event
        try RecordValidation.check(event, location: location)
        return try await write { db in
            try Self.ensure(db, student: event.student, lab: event.lab)
            let id = try Self.insert(db, into: Record.table, columns: ["student_id", "lab_id"] + Record.columns.map(\.name),
                                     values: [.text(event.student), .text(orNull: event.lab)] + record.values)
            for child in record.children {
                for row in child.rows {
                    _ = try Self.insert(db, into: child.table, columns: [child.parentColumn] + child.columns,
                                        values: [.integer(Int(id))] + row)
                }
            }
            return RecordReceipt(recordID: id, eventID: try Self.insertEvent(db, event, recordID: id))
        }
    }

    @discardableResult
    public func append(_ event: NewEvent) async throws -> Int64 {
        try RecordValidation.check(student: event.student, lab: event.lab, step: event.step, location: location)
        return try await write { db in
            try Self.ensure(db, student: event.student, lab: event.lab)
            return try Self.insertEvent(db, event, recordID: nil)
        }
    }

    public func reset(_ scope: ResetScope) async throws -> ResetSummary {
        try RecordValidation.check(student: scope.student, lab: scope.lab, step: scope.step, location: location)
        let hasTrainingRuns = version >= 3
        return try await write { db in
            try Self.ensure(db, student: scope.student, lab: scope.lab)
            var tables = ["step_runs", "answers", "submissions", "reveals"] + (hasTrainingRuns ? ["training_runs"] : [])
            if scope.step == nil { tables.append("quiz_attempts") }
            var condition = "student_id = ? AND reset_by IS NULL"
            var arguments: [any DatabaseValueConvertible] = [scope.student]
            if let lab = scope.lab { condition += " AND lab_id = ?"; arguments.append(lab) }
            if let step = scope.step { condition += " AND step = ?"; arguments.append(step) }
            var count = 0
            for table in tables {
                count += try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table) WHERE \(condition)",
                                          arguments: StatementArguments(arguments)) ?? 0
            }
            let eventID = try Self.insertEvent(db, NewEvent(
                student: scope.student, lab: scope.lab, step: scope.step, kind: .reset,
                detail: ["scope": scope.description, "records": String(count)]), recordID: nil)
            for table in tables {
                try db.execute(sql: "UPDATE \(table) SET reset_by = ? WHERE \(condition)",
                               arguments: StatementArguments([eventID] + arguments))
            }
            return ResetSummary(eventID: eventID, recordsReset: count)
        }
    }

    // MARK: - Reading

    public func records(matching filter: RecordFilter) async throws -> ProgressRecords {
        let hasDetails = version >= 2
        let hasTrainingRuns = version >= 3
        return try await read { db in
            var result = ProgressRecords()
            let studentRows = try Row.fetchAll(
                db, sql: "SELECT id, display_name FROM students" + (filter.student == nil ? "" : " WHERE id = ?")
                    + " ORDER BY created_at, id",
                arguments: StatementArguments(filter.student.map { [$0] } ?? []))
            result.students = studentRows.map { Student(id: $0["id"], displayName: $0["display_name"]) }
            let labColumns = hasDetails ? "id, content_hash, title, step_count" : "id, content_hash"
            let labRows = try Row.fetchAll(
                db, sql: "SELECT \(labColumns) FROM labs" + (filter.lab == nil ? "" : " WHERE id = ?") + " ORDER BY id",
                arguments: StatementArguments(filter.lab.map { [$0] } ?? []))
            result.labs = labRows.map {
                LabVersion(id: $0["id"], contentHash: $0["content_hash"],
                           title: hasDetails ? $0["title"] : nil, stepCount: hasDetails ? $0["step_count"] : nil)
            }
            func select(_ table: String, time: String) throws -> [Row] {
                let (clause, arguments) = Self.whereClause(filter, time: time)
                return try Row.fetchAll(db, sql: "SELECT * FROM \(table)\(clause) ORDER BY id", arguments: arguments)
            }
            result.stepRuns = try select("step_runs", time: "started_at").map { row in
                Stored(id: row["id"], resetBy: row["reset_by"], record: StepRun(
                    student: row["student_id"], lab: row["lab_id"], step: row["step"],
                    startedAt: RecordCoding.date(row["started_at"]), duration: row["duration"],
                    status: StepRun.Status(rawValue: row["status"]) ?? .error, code: row["code"],
                    output: row["output"],
                    provenance: RecordCoding.decode([String: String].self, from: row["provenance"], fallback: [:])))
            }
            result.answers = try select("answers", time: "answered_at").map { row in
                Stored(id: row["id"], resetBy: row["reset_by"], record: Answer(
                    student: row["student_id"], lab: row["lab_id"], step: row["step"], question: row["question_id"],
                    text: row["answer"], answeredAt: RecordCoding.date(row["answered_at"])))
            }
            let submissionRows = try select("submissions", time: "submitted_at")
            var checks: [Int64: [ExerciseSubmission.CheckResult]] = [:]
            if !submissionRows.isEmpty {
                let (clause, arguments) = Self.whereClause(filter, time: "submitted_at")
                let checkRows = try Row.fetchAll(db, sql: """
                    SELECT submission_id, name, passed, message FROM check_results
                    WHERE submission_id IN (SELECT id FROM submissions\(clause)) ORDER BY submission_id, position
                    """, arguments: arguments)
                for row in checkRows {
                    checks[row["submission_id"], default: []].append(
                        .init(name: row["name"], passed: row["passed"], message: row["message"]))
                }
            }
            result.submissions = submissionRows.map { row in
                let id: Int64 = row["id"]
                return Stored(id: id, resetBy: row["reset_by"], record: ExerciseSubmission(
                    student: row["student_id"], lab: row["lab_id"], step: row["step"], exercise: row["exercise_id"],
                    code: row["code"], checks: checks[id] ?? [], submittedAt: RecordCoding.date(row["submitted_at"])))
            }
            result.reveals = try select("reveals", time: "revealed_at").map { row in
                Stored(id: row["id"], resetBy: row["reset_by"], record: Reveal(
                    student: row["student_id"], lab: row["lab_id"], step: row["step"],
                    kind: Reveal.Kind(rawValue: row["kind"]) ?? .hint, item: row["item_id"],
                    revealedAt: RecordCoding.date(row["revealed_at"])))
            }
            result.quizAttempts = try select("quiz_attempts", time: "attempted_at").map { row in
                Stored(id: row["id"], resetBy: row["reset_by"], record: QuizAttempt(
                    student: row["student_id"], lab: row["lab_id"], quiz: row["quiz_id"],
                    answers: RecordCoding.decode([String: [String]].self, from: row["answers"], fallback: [:]),
                    score: row["score"], maximum: row["maximum"], policy: row["policy"], passed: row["passed"],
                    attemptedAt: RecordCoding.date(row["attempted_at"])))
            }
            if hasTrainingRuns {
                result.trainingRuns = try select("training_runs", time: "started_at").map { row in
                    Stored(id: row["id"], resetBy: row["reset_by"], record: TrainingRunRecord(
                        student: row["student_id"], lab: row["lab_id"], step: row["step"],
                        startedAt: RecordCoding.date(row["started_at"]), baseModel: row["base_model"], method: row["method"],
                        hyperparameters: row["hyperparameters"],
                        losses: RecordCoding.decode([Double].self, from: row["losses"], fallback: []),
                        globalStep: row["global_step"], seconds: row["seconds"], tokensPerSecond: row["tokens_per_second"],
                        weightsDigest: row["weights_digest"],
                        outcome: TrainingRunRecord.Outcome(rawValue: row["outcome"]) ?? .failed, failure: row["failure"]))
                }
            }
            return result
        }
    }

    public func events(matching filter: RecordFilter) async throws -> [ProgressEvent] {
        let eventFilter = RecordFilter(student: filter.student, lab: filter.lab, since: filter.since, includeReset: true)
        return try await read { db in
            let (clause, arguments) = Self.whereClause(eventFilter, time: "at")
            return try Row.fetchAll(db, sql: "SELECT * FROM events\(clause) ORDER BY id", arguments: arguments).map { row in
                ProgressEvent(id: row["id"], at: RecordCoding.date(row["at"]), student: row["student_id"],
                              lab: row["lab_id"], step: row["step"], kind: EventKind(rawValue: row["kind"]),
                              recordID: row["record_id"],
                              detail: RecordCoding.decode([String: String].self, from: row["detail"], fallback: [:]))
            }
        }
    }

    public func countEvents(matching filter: RecordFilter) async throws -> Int {
        let eventFilter = RecordFilter(student: filter.student, lab: filter.lab, since: filter.since, includeReset: true)
        return try await read { db in
            let (clause, arguments) = Self.whereClause(eventFilter, time: "at")
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events\(clause)", arguments: arguments) ?? 0
        }
    }

    public func schemaVersion() async throws -> Int {
        try await read { db in try Int.fetchOne(db, sql: "SELECT MAX(version) FROM schema_migrations") ?? 0 }
    }

    /// Runs `PRAGMA integrity_check` and returns its lines (`["ok"]` for a sound file).
    public func integrityCheck() async throws -> [String] {
        try await read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
    }

    public func close() async throws {
        closed.store(true, ordering: .releasing)
        do { try pool.close() } catch { throw Self.storeError(error, location: location) }
    }

    /// With `capped`, holds the file at its current size as a full disk would: a write that
    /// needs another page fails with `SQLITE_FULL` (`PRAGMA max_page_count` on the writer
    /// connection); without, lifts the cap. For the failure tests, which may not fill a real disk.
    func capFileSize(_ capped: Bool) async throws {
        try await pool.writeWithoutTransaction { db in
            let current = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            let pages = capped ? current : 1_073_741_823
            _ = try Int.fetchOne(db, sql: "PRAGMA max_page_count = \(pages)")
        }
    }

    // MARK: - Internals

    /// Runs `body` in one `BEGIN IMMEDIATE` transaction, mapping failures to ``ProgressStoreError``.
    @discardableResult
    private func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try refuseWhenClosed()
        do {
            return try await pool.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                guard let result else { throw DatabaseError(resultCode: .SQLITE_ERROR, message: "no result") }
                return result
            }
        } catch {
            throw Self.storeError(error, location: location)
        }
    }

    /// Runs `body` on a reader, mapping failures to ``ProgressStoreError``.
    private func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try refuseWhenClosed()
        do {
            return try await pool.read(body)
        } catch {
            throw Self.storeError(error, location: location)
        }
    }

    private func refuseWhenClosed() throws {
        if closed.load(ordering: .acquiring) {
            throw ProgressStoreError(.closed, "the store was closed", location: location)
        }
    }

    /// Creates the student and the lab when they are new (display name = id, empty hash).
    private static func ensure(_ db: Database, student: String, lab: String?) throws {
        let now = Date().timeIntervalSince1970
        try db.cachedStatement(sql: """
            INSERT INTO students(id, display_name, created_at) VALUES (?, ?, ?) ON CONFLICT(id) DO NOTHING
            """).execute(arguments: [student, student, now])
        if let lab {
            try db.cachedStatement(sql: """
                INSERT INTO labs(id, content_hash, updated_at) VALUES (?, '', ?) ON CONFLICT(id) DO NOTHING
                """).execute(arguments: [lab, now])
        }
    }

    /// Appends an event; returns its id.
    private static func insertEvent(_ db: Database, _ event: NewEvent, recordID: Int64?) throws -> Int64 {
        try db.cachedStatement(sql: """
            INSERT INTO events(at, student_id, lab_id, step, kind, record_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [RecordCoding.seconds(event.at), event.student, event.lab, event.step,
                                     event.kind.rawValue, recordID, RecordCoding.json(event.detail)])
        return db.lastInsertedRowID
    }

    /// `INSERT INTO table (columns) VALUES (?, …)`; returns the new row's id.
    private static func insert(_ db: Database, into table: String, columns: [String], values: [RecordValue]) throws
        -> Int64 {
        let placeholders = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        try db.cachedStatement(sql: "INSERT INTO \(table)(\(columns.joined(separator: ", "))) VALUES (\(placeholders))")
            .execute(arguments: StatementArguments(values.map(\.databaseValue)))
        return db.lastInsertedRowID
    }

    /// ` WHERE …` for `filter` over a table whose time column is `time`.
    private static func whereClause(_ filter: RecordFilter, time: String) -> (String, StatementArguments) {
        var conditions: [String] = []
        var arguments: [any DatabaseValueConvertible] = []
        if let student = filter.student { conditions.append("student_id = ?"); arguments.append(student) }
        if let lab = filter.lab { conditions.append("lab_id = ?"); arguments.append(lab) }
        if let since = filter.since { conditions.append("\(time) >= ?"); arguments.append(since.timeIntervalSince1970) }
        if !filter.includeReset { conditions.append("reset_by IS NULL") }
        let clause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        return (clause, StatementArguments(arguments))
    }

    /// A GRDB or file-system error as a ``ProgressStoreError`` that says why, in the student's words.
    static func storeError(_ error: any Error, location: String) -> ProgressStoreError {
        if let error = error as? ProgressStoreError { return error }
        guard let error = error as? DatabaseError else {
            return ProgressStoreError(.database, "\(error)", location: location)
        }
        let detail = error.message ?? "SQLite error \(error.extendedResultCode.rawValue)"
        switch error.resultCode {
        case .SQLITE_FULL:
            let folder = URL(fileURLWithPath: location).deletingLastPathComponent().path
            return ProgressStoreError(
                .diskFull, "the disk that holds \(folder) is full (\(detail))", location: location,
                fix: "free some space on that disk (or set LABRUN_DATABASE_URL or --database to a file on another disk),"
                    + " then run the step again")
        case .SQLITE_PERM, .SQLITE_READONLY, .SQLITE_AUTH:
            return ProgressStoreError(.permissionDenied, "permission denied (\(detail))", location: location,
                                      fix: "make the file and its folder writable, or set LABRUN_DATABASE_URL or --database")
        case .SQLITE_CANTOPEN:
            return ProgressStoreError(.permissionDenied, "cannot open the database file (\(detail))", location: location,
                                      fix: "check that the folder exists and is writable, or set LABRUN_DATABASE_URL or --database")
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return ProgressStoreError(.busy, "other labrun processes held the database too long (\(detail))",
                                      location: location, fix: "try again")
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            return ProgressStoreError(.corrupt, "the file is not a labrun progress database or is damaged (\(detail))",
                                      location: location, fix: "move it aside, or point --database at another file")
        case .SQLITE_IOERR:
            return ProgressStoreError(.database, "the disk reported an I/O error (\(detail))", location: location)
        default:
            return ProgressStoreError(.database, detail, location: location)
        }
    }
}

extension RecordValue {
    /// The value as SQLite stores it (booleans as 0 or 1).
    fileprivate var databaseValue: DatabaseValue {
        switch self {
        case .text(let text): return text.databaseValue
        case .integer(let number): return number.databaseValue
        case .real(let number): return number.databaseValue
        case .boolean(let flag): return flag.databaseValue
        case .null: return .null
        }
    }
}
