import Foundation

/// The SQL dialects the progress store speaks.
public enum SQLDialect: String, Sendable, CaseIterable {
    /// SQLite 3 (through GRDB).
    case sqlite
    /// PostgreSQL (through PostgresNIO).
    case postgres
}

/// One step of the progress store's schema: a version number, a name, and the statements that take
/// a database from the previous version to this one. Both SQL backends run the same migrations;
/// the few words SQLite and PostgreSQL spell differently (an auto-numbered key, the trigger that
/// keeps the event log append-only) are rendered per dialect.
///
/// The applied versions are rows of `schema_migrations(version, name, applied_at)`. A backend
/// applies the missing ones inside one write transaction that first takes the database's write
/// lock (SQLite: `BEGIN IMMEDIATE`; PostgreSQL: `pg_advisory_xact_lock`), so processes that start
/// at once apply each migration exactly once.
public struct SchemaMigration: Sendable {
    /// The schema version this migration produces (1, 2, …).
    public let version: Int
    /// What it does, in a few words.
    public let name: String
    /// Statements for both dialects; `{{ID}}` is replaced by an auto-numbered 64-bit primary key.
    let shared: [String]
    /// Extra statements per dialect, run after the shared ones.
    let specific: [SQLDialect: [String]]

    /// The statements to run for `dialect`, in order.
    public func statements(for dialect: SQLDialect) -> [String] {
        let identity = dialect == .sqlite ? "INTEGER PRIMARY KEY" : "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
        return shared.map { $0.replacingOccurrences(of: "{{ID}}", with: identity) } + (specific[dialect] ?? [])
    }

    /// Every migration, oldest first. Never edit a released one: add a new version.
    public static let all: [SchemaMigration] = [version1, version2, version3]

    /// The newest schema version this labrun knows.
    public static var latestVersion: Int { all.last?.version ?? 0 }

    /// The table that records which versions were applied (created before any migration runs).
    static let bookkeeping = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            applied_at DOUBLE PRECISION NOT NULL
        )
        """

    /// Version 1: students, labs, the event log, and one table per kind of record.
    ///
    /// Times are seconds since 1970 UTC as double precision (`to_timestamp(at)` in PostgreSQL,
    /// `datetime(at, 'unixepoch')` in SQLite); JSON is stored as text. `reset_by` names the `reset`
    /// event that hid a record from progress reports.
    static let version1 = SchemaMigration(
        version: 1,
        name: "students, labs, events and records",
        shared: [
            """
            CREATE TABLE students (
                id TEXT PRIMARY KEY,
                display_name TEXT NOT NULL,
                created_at DOUBLE PRECISION NOT NULL
            )
            """,
            """
            CREATE TABLE labs (
                id TEXT PRIMARY KEY,
                content_hash TEXT NOT NULL,
                updated_at DOUBLE PRECISION NOT NULL
            )
            """,
            """
            CREATE TABLE events (
                id {{ID}},
                at DOUBLE PRECISION NOT NULL,
                student_id TEXT NOT NULL REFERENCES students(id),
                lab_id TEXT REFERENCES labs(id),
                step INTEGER,
                kind TEXT NOT NULL,
                record_id BIGINT,
                detail TEXT NOT NULL
            )
            """,
            "CREATE INDEX events_by_student ON events(student_id, id)",
            """
            CREATE TABLE step_runs (
                id {{ID}},
                student_id TEXT NOT NULL REFERENCES students(id),
                lab_id TEXT NOT NULL REFERENCES labs(id),
                step INTEGER NOT NULL CHECK (step >= 1),
                started_at DOUBLE PRECISION NOT NULL,
                duration DOUBLE PRECISION NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('ok', 'error')),
                code TEXT NOT NULL,
                output TEXT NOT NULL,
                provenance TEXT NOT NULL,
                reset_by BIGINT REFERENCES events(id)
            )
            """,
            "CREATE INDEX step_runs_by_student ON step_runs(student_id, lab_id, step)",
            """
            CREATE TABLE answers (
                id {{ID}},
                student_id TEXT NOT NULL REFERENCES students(id),
                lab_id TEXT NOT NULL REFERENCES labs(id),
                step INTEGER NOT NULL CHECK (step >= 1),
                question_id TEXT NOT NULL,
                answer TEXT NOT NULL,
                answered_at DOUBLE PRECISION NOT NULL,
                reset_by BIGINT REFERENCES events(id)
            )
            """,
            """
            CREATE TABLE submissions (
                id {{ID}},
                student_id TEXT NOT NULL REFERENCES students(id),
                lab_id TEXT NOT NULL REFERENCES labs(id),
                step INTEGER NOT NULL CHECK (step >= 1),
                exercise_id TEXT NOT NULL,
                code TEXT NOT NULL,
                passed BOOLEAN NOT NULL,
                submitted_at DOUBLE PRECISION NOT NULL,
                reset_by BIGINT REFERENCES events(id)
            )
            """,
            """
            CREATE TABLE check_results (
                submission_id BIGINT NOT NULL REFERENCES submissions(id),
                position INTEGER NOT NULL,
                name TEXT NOT NULL,
                passed BOOLEAN NOT NULL,
                message TEXT,
                PRIMARY KEY (submission_id, position)
            )
            """,
            """
            CREATE TABLE reveals (
                id {{ID}},
                student_id TEXT NOT NULL REFERENCES students(id),
                lab_id TEXT NOT NULL REFERENCES labs(id),
                step INTEGER NOT NULL CHECK (step >= 1),
                kind TEXT NOT NULL CHECK (kind IN ('hint', 'solution')),
                item_id TEXT NOT NULL,
                revealed_at DOUBLE PRECISION NOT NULL,
                reset_by BIGINT REFERENCES events(id)
            )
            """,
            """
            CREATE TABLE quiz_attempts (
                id {{ID}},
                student_id TEXT NOT NULL REFERENCES students(id),
                lab_id TEXT NOT NULL REFERENCES labs(id),
                quiz_id TEXT NOT NULL,
                answers TEXT NOT NULL,
                score DOUBLE PRECISION NOT NULL,
                maximum DOUBLE PRECISION NOT NULL,
                policy TEXT NOT NULL,
                passed BOOLEAN NOT NULL,
                attempted_at DOUBLE PRECISION NOT NULL,
                reset_by BIGINT REFERENCES events(id)
            )
            """,
        ],
        specific: [
            .sqlite: [
                """
                CREATE TRIGGER events_no_update BEFORE UPDATE ON events
                BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END
                """,
                """
                CREATE TRIGGER events_no_delete BEFORE DELETE ON events
                BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END
                """,
            ],
            .postgres: [
                """
                CREATE FUNCTION labrun_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'the event log is append-only'; END $$
                """,
                """
                CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
                FOR EACH ROW EXECUTE FUNCTION labrun_events_append_only()
                """,
            ],
        ]
    )

    /// Version 2: a lab's title and step count (so progress shows steps never run without reading
    /// the lab file), and indexes for the class view (`--class --lab`) and `export --since`.
    static let version2 = SchemaMigration(
        version: 2,
        name: "lab titles and step counts; class and export indexes",
        shared: [
            "ALTER TABLE labs ADD COLUMN title TEXT",
            "ALTER TABLE labs ADD COLUMN step_count INTEGER",
            "CREATE INDEX step_runs_by_lab ON step_runs(lab_id, student_id, step)",
            "CREATE INDEX quiz_attempts_by_lab ON quiz_attempts(lab_id, student_id)",
            "CREATE INDEX events_by_time ON events(at)",
        ],
        specific: [:]
    )

    /// Version 3: training runs (`Trainer.train()`, `labrun.finetune`) with their losses, speed,
    /// weights digest and outcome.
    static let version3 = SchemaMigration(
        version: 3,
        name: "training runs",
        shared: [
            """
            CREATE TABLE training_runs (
                id {{ID}},
                student_id TEXT NOT NULL REFERENCES students(id),
                lab_id TEXT NOT NULL REFERENCES labs(id),
                step INTEGER,
                started_at DOUBLE PRECISION NOT NULL,
                base_model TEXT NOT NULL,
                method TEXT NOT NULL,
                hyperparameters TEXT NOT NULL,
                losses TEXT NOT NULL,
                global_step INTEGER NOT NULL,
                seconds DOUBLE PRECISION NOT NULL,
                tokens_per_second DOUBLE PRECISION NOT NULL,
                weights_digest TEXT NOT NULL,
                outcome TEXT NOT NULL,
                failure TEXT,
                reset_by BIGINT REFERENCES events(id)
            )
            """,
            "CREATE INDEX training_runs_by_student ON training_runs(student_id, lab_id, step)",
        ],
        specific: [:]
    )
}
