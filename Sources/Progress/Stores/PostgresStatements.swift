#if PostgreSQL
import Foundation
import PostgresNIO

/// The PostgreSQL store's record writes as prepared statements: each record (with its event) is
/// one statement, so one round trip and one implicit transaction, and the server parses and plans
/// it once per connection instead of once per record.
///
/// A record names its student ($1) and lab ($2), which exist after that student's first record in
/// that lab. So the store runs the plain statement, which the foreign keys refuse (as a whole,
/// writing nothing) when one of them is new, and only then its ``CreatingStudentAndLab`` twin,
/// which inserts them first. Creating them on every record cost about a quarter of the server's
/// time per record (`pgbench`, 50 clients: 6,700–8,600 against 9,700–10,300 statements/s).
///
/// Every statement declares its parameter types (`bindingDataTypes`), so a parameter that is
/// `NULL` on the first call (a lab-less event) does not leave the server guessing a type that a
/// later non-null value would not match; the plain statements leave $3 (the time the twin stamps
/// on a new student or lab) unused. Each returns one row `(record id, event id)`.
enum PostgresStatements {
    /// `INSERT … ON CONFLICT DO NOTHING` for the student ($1) and the lab ($2) at time $3.
    static let studentAndLab = [
        "s AS (INSERT INTO students(id, display_name, created_at) VALUES ($1, $1, $3) ON CONFLICT (id) DO NOTHING)",
        "l AS (INSERT INTO labs(id, content_hash, updated_at) SELECT $2, '', $3 WHERE $2 IS NOT NULL ON CONFLICT (id) DO NOTHING)",
    ]

    /// `WITH` the common table expressions `writes` (none for an event alone), then `event`.
    static func statement(_ writes: [String], then event: String) -> String {
        (writes.isEmpty ? "" : "WITH " + writes.joined(separator: ",\n     ") + "\n") + event
    }

    /// A record's statement, assuming its student and lab exist; `creatingSQL` inserts them first.
    protocol RecordStatement: PostgresPreparedStatement where Row == (Int64, Int64) {
        /// The same statement headed by ``studentAndLab``.
        static var creatingSQL: String { get }
    }

    /// `Base` with its student and lab inserted first, for a record whose student or lab is new.
    struct CreatingStudentAndLab<Base: RecordStatement>: PostgresPreparedStatement {
        typealias Row = (Int64, Int64)
        /// PostgresNIO's default name, the full type name, would pass PostgreSQL's 63-byte limit on
        /// names, and every twin's would end up the same after the server cut it.
        static var name: String { "creating " + String(describing: Base.self) }
        static var sql: String { Base.creatingSQL }
        static var bindingDataTypes: [PostgresDataType] { Base.bindingDataTypes }

        let base: Base

        func makeBindings() throws -> PostgresBindings { try base.makeBindings() }
        func decodeRow(_ row: PostgresRow) throws -> Row { try base.decodeRow(row) }
    }

    /// A step run and its `step.run` event.
    struct StepRunRecord: RecordStatement {
        typealias Row = (Int64, Int64)
        static let record = """
            r AS (INSERT INTO step_runs(student_id, lab_id, step, started_at, duration, status, code, output, provenance)
                  VALUES ($1, $2, $4, $5, $6, $7, $8, $9, $10) RETURNING id)
            """
        static let event = """
            INSERT INTO events(at, student_id, lab_id, step, kind, record_id, detail)
            SELECT $5, $1, $2, $4, $11, r.id, $12 FROM r
            RETURNING record_id, id
            """
        static let sql = statement([record], then: event)
        static let creatingSQL = statement(studentAndLab + [record], then: event)
        static let bindingDataTypes: [PostgresDataType] = [
            .text, .text, .float8, .int8, .float8, .float8, .text, .text, .text, .text, .text, .text,
        ]

        let run: StepRun
        let now: Double

        func makeBindings() throws -> PostgresBindings {
            var binds = PostgresBindings(capacity: 12)
            binds.append(run.student)
            binds.append(run.lab)
            binds.append(now)
            binds.append(run.step)
            binds.append(RecordCoding.seconds(run.startedAt))
            binds.append(run.duration)
            binds.append(run.status.rawValue)
            binds.append(run.code)
            binds.append(run.output)
            binds.append(RecordCoding.json(run.provenance))
            binds.append(EventKind.stepRun.rawValue)
            binds.append(RecordCoding.json(["status": run.status.rawValue]))
            return binds
        }

        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
    }

    /// A free-text answer and its `answer` event.
    struct AnswerRecord: RecordStatement {
        typealias Row = (Int64, Int64)
        static let record = """
            r AS (INSERT INTO answers(student_id, lab_id, step, question_id, answer, answered_at)
                  VALUES ($1, $2, $4, $5, $6, $7) RETURNING id)
            """
        static let event = """
            INSERT INTO events(at, student_id, lab_id, step, kind, record_id, detail)
            SELECT $7, $1, $2, $4, $8, r.id, $9 FROM r
            RETURNING record_id, id
            """
        static let sql = statement([record], then: event)
        static let creatingSQL = statement(studentAndLab + [record], then: event)
        static let bindingDataTypes: [PostgresDataType] = [
            .text, .text, .float8, .int8, .text, .text, .float8, .text, .text,
        ]

        let answer: Answer
        let now: Double

        func makeBindings() throws -> PostgresBindings {
            var binds = PostgresBindings(capacity: 9)
            binds.append(answer.student)
            binds.append(answer.lab)
            binds.append(now)
            binds.append(answer.step)
            binds.append(answer.question)
            binds.append(answer.text)
            binds.append(RecordCoding.seconds(answer.answeredAt))
            binds.append(EventKind.answer.rawValue)
            binds.append(RecordCoding.json(["question": answer.question]))
            return binds
        }

        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
    }

    /// A hint or solution reveal and its `reveal` event.
    struct RevealRecord: RecordStatement {
        typealias Row = (Int64, Int64)
        static let record = """
            r AS (INSERT INTO reveals(student_id, lab_id, step, kind, item_id, revealed_at)
                  VALUES ($1, $2, $4, $5, $6, $7) RETURNING id)
            """
        static let event = """
            INSERT INTO events(at, student_id, lab_id, step, kind, record_id, detail)
            SELECT $7, $1, $2, $4, $8, r.id, $9 FROM r
            RETURNING record_id, id
            """
        static let sql = statement([record], then: event)
        static let creatingSQL = statement(studentAndLab + [record], then: event)
        static let bindingDataTypes: [PostgresDataType] = [
            .text, .text, .float8, .int8, .text, .text, .float8, .text, .text,
        ]

        let reveal: Reveal
        let now: Double

        func makeBindings() throws -> PostgresBindings {
            var binds = PostgresBindings(capacity: 9)
            binds.append(reveal.student)
            binds.append(reveal.lab)
            binds.append(now)
            binds.append(reveal.step)
            binds.append(reveal.kind.rawValue)
            binds.append(reveal.item)
            binds.append(RecordCoding.seconds(reveal.revealedAt))
            binds.append(EventKind.reveal.rawValue)
            binds.append(RecordCoding.json(["kind": reveal.kind.rawValue, "item": reveal.item]))
            return binds
        }

        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
    }

    /// A quiz attempt and its `quiz.attempt` event (no step).
    struct QuizAttemptRecord: RecordStatement {
        typealias Row = (Int64, Int64)
        static let record = """
            r AS (INSERT INTO quiz_attempts(student_id, lab_id, quiz_id, answers, score, maximum, policy, passed,
                                            attempted_at)
                  VALUES ($1, $2, $4, $5, $6, $7, $8, $9, $10) RETURNING id)
            """
        static let event = """
            INSERT INTO events(at, student_id, lab_id, step, kind, record_id, detail)
            SELECT $10, $1, $2, NULL::integer, $11, r.id, $12 FROM r
            RETURNING record_id, id
            """
        static let sql = statement([record], then: event)
        static let creatingSQL = statement(studentAndLab + [record], then: event)
        static let bindingDataTypes: [PostgresDataType] = [
            .text, .text, .float8, .text, .text, .float8, .float8, .text, .bool, .float8, .text, .text,
        ]

        let attempt: QuizAttempt
        let now: Double

        func makeBindings() throws -> PostgresBindings {
            var binds = PostgresBindings(capacity: 12)
            binds.append(attempt.student)
            binds.append(attempt.lab)
            binds.append(now)
            binds.append(attempt.quiz)
            binds.append(RecordCoding.json(attempt.answers))
            binds.append(attempt.score)
            binds.append(attempt.maximum)
            binds.append(attempt.policy)
            binds.append(attempt.passed)
            binds.append(RecordCoding.seconds(attempt.attemptedAt))
            binds.append(EventKind.quizAttempt.rawValue)
            binds.append(RecordCoding.json(["quiz": attempt.quiz, "score": "\(attempt.score)/\(attempt.maximum)"]))
            return binds
        }

        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
    }

    /// An event with no record; the lab ($2) and step ($5) may be `NULL`. Returns `(id, id)`.
    struct EventRecord: RecordStatement {
        typealias Row = (Int64, Int64)
        static let event = """
            INSERT INTO events(at, student_id, lab_id, step, kind, record_id, detail)
            VALUES ($4, $1, $2, $5, $6, NULL, $7)
            RETURNING id, id
            """
        static let sql = statement([], then: event)
        static let creatingSQL = statement(studentAndLab, then: event)
        static let bindingDataTypes: [PostgresDataType] = [.text, .text, .float8, .float8, .int8, .text, .text]

        let event: NewEvent
        let now: Double

        func makeBindings() throws -> PostgresBindings {
            var binds = PostgresBindings(capacity: 7)
            binds.append(event.student)
            binds.append(event.lab)
            binds.append(now)
            binds.append(RecordCoding.seconds(event.at))
            binds.append(event.step)
            binds.append(event.kind.rawValue)
            binds.append(RecordCoding.json(event.detail))
            return binds
        }

        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
    }
}
#endif
