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

    /// A statement that writes a record or an event, assuming its student and lab exist;
    /// `creatingSQL` inserts them first.
    protocol Writing: PostgresPreparedStatement where Row == (Int64, Int64) {
        /// The same statement headed by ``studentAndLab``.
        static var creatingSQL: String { get }
    }

    /// `Base` with its student and lab inserted first, for a record whose student or lab is new.
    struct CreatingStudentAndLab<Base: Writing>: PostgresPreparedStatement {
        typealias Row = (Int64, Int64)
        /// PostgresNIO's default name, the full type name, would pass PostgreSQL's 63-byte limit on
        /// names, and every twin's would end up the same after the server cut it.
        static var name: String { "creating " + Base.name }
        static var sql: String { Base.creatingSQL }
        static var bindingDataTypes: [PostgresDataType] { Base.bindingDataTypes }

        let base: Base

        func makeBindings() throws -> PostgresBindings { try base.makeBindings() }
        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
    }

    /// A record of type `Record` and its event, generated from the record type's columns: $1 the
    /// student, $2 the lab, $3 unused, then one parameter per column, then the event's time, step,
    /// kind and detail.
    struct RecordStatement<Record: ProgressRecord>: Writing {
        typealias Row = (Int64, Int64)
        static var name: String { "record " + Record.table }
        static var record: String {
            let columns = Record.columns
            let names = (["student_id", "lab_id"] + columns.map(\.name)).joined(separator: ", ")
            let values = (["$1", "$2"] + columns.indices.map { "$\($0 + 4)" }).joined(separator: ", ")
            return "r AS (INSERT INTO \(Record.table)(\(names)) VALUES (\(values)) RETURNING id)"
        }
        static var event: String {
            let first = Record.columns.count + 4
            return """
                INSERT INTO events(at, student_id, lab_id, step, kind, record_id, detail)
                SELECT $\(first), $1, $2, $\(first + 1), $\(first + 2), r.id, $\(first + 3) FROM r
                RETURNING record_id, id
                """
        }
        static var sql: String { statement([record], then: event) }
        static var creatingSQL: String { statement(studentAndLab + [record], then: event) }
        static var bindingDataTypes: [PostgresDataType] {
            [.text, .text, .float8] + Record.columns.map { $0.kind.postgresType } + [.float8, .int8, .text, .text]
        }

        let record: Record
        let now: Double

        func makeBindings() throws -> PostgresBindings {
            let event = record.event
            var binds = PostgresBindings(capacity: Record.columns.count + 7)
            binds.append(event.student)
            binds.append(event.lab)
            binds.append(now)
            for value in record.values { binds.append(value) }
            binds.append(RecordCoding.seconds(event.at))
            binds.append(event.step)
            binds.append(event.kind.rawValue)
            binds.append(RecordCoding.json(event.detail))
            return binds
        }

        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
    }

    /// An event with no record; the lab ($2) and step ($5) may be `NULL`. Returns `(id, id)`.
    struct EventStatement: Writing {
        typealias Row = (Int64, Int64)
        static let name = "event"
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

extension RecordValue.Kind {
    /// The parameter type a prepared statement declares for a column of this kind.
    var postgresType: PostgresDataType {
        switch self {
        case .text: return .text
        case .integer: return .int8
        case .real: return .float8
        case .boolean: return .bool
        }
    }
}

extension PostgresBindings {
    /// Appends `value`; `.null` as a `NULL` whose type the statement or the column gives.
    mutating func append(_ value: RecordValue) {
        switch value {
        case .text(let text): append(text)
        case .integer(let number): append(number)
        case .real(let number): append(number)
        case .boolean(let flag): append(flag)
        case .null: appendNull()
        }
    }
}
#endif
