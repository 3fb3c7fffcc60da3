import Foundation

/// A kind of student work the store keeps: the record type states its table, its columns and the
/// event it writes, so every backend writes every record type the same generic way.
///
/// The table's `student_id` and `lab_id` come from ``event`` (a record always names a lab) and are
/// not listed in ``columns``; the store adds the table's `id` and `reset_by`.
public protocol ProgressRecord: Codable, Sendable, Hashable {
    /// The table the records are stored in (`step_runs`).
    static var table: String { get }
    /// The record kind's name in exports and spool files (`step-run`).
    static var recordKind: String { get }
    /// The table's own columns, in the order the store writes them.
    static var columns: [RecordColumn<Self>] { get }
    /// The event written with the record: student, lab, step, kind, detail and time.
    var event: NewEvent { get }
    /// Rows of other tables that belong to this record (a submission's check results).
    var children: [ChildRows] { get }
}

extension ProgressRecord {
    /// Most records have no child rows.
    public var children: [ChildRows] { [] }

    /// The record's column values, in the order of ``columns``.
    var values: [RecordValue] { Self.columns.map { $0.value(self) } }
}

/// One column of a record's table: its name, the kind of value it holds and how to read it.
public struct RecordColumn<Record>: Sendable {
    /// The SQL column name.
    public let name: String
    /// The kind of value (every row's value has this kind or is `.null`).
    public let kind: RecordValue.Kind
    /// Reads the column's value from a record.
    public let value: @Sendable (Record) -> RecordValue

    /// A column named `name` holding `kind` values read by `value`.
    public init(_ name: String, _ kind: RecordValue.Kind, _ value: @escaping @Sendable (Record) -> RecordValue) {
        self.name = name
        self.kind = kind
        self.value = value
    }
}

/// A value written to a column. Times are stored as seconds since 1970, dictionaries as JSON text.
public enum RecordValue: Sendable, Hashable {
    /// The kinds of column the schema uses.
    public enum Kind: Sendable, Hashable {
        /// `TEXT`.
        case text
        /// `INTEGER`.
        case integer
        /// `REAL` / `DOUBLE PRECISION`.
        case real
        /// `BOOLEAN` (SQLite: 0 or 1).
        case boolean
    }

    /// Text.
    case text(String)
    /// A whole number.
    case integer(Int)
    /// A floating-point number.
    case real(Double)
    /// True or false.
    case boolean(Bool)
    /// No value.
    case null

    /// A time, as seconds since 1970.
    public static func time(_ date: Date) -> RecordValue { .real(RecordCoding.seconds(date)) }

    /// A value as compact JSON text with sorted keys.
    public static func json<Value: Encodable>(_ value: Value) -> RecordValue { .text(RecordCoding.json(value)) }

    /// Text, or `.null` for `nil`.
    public static func text(orNull value: String?) -> RecordValue { value.map { .text($0) } ?? .null }
}

/// Rows of another table that belong to a record, written in the record's transaction with the
/// record's id in `parentColumn`.
public struct ChildRows: Sendable, Hashable {
    /// The table (`check_results`).
    public var table: String
    /// The column that holds the record's id (`submission_id`).
    public var parentColumn: String
    /// The other columns, in the order of each row's values.
    public var columns: [String]
    /// One list of values per row.
    public var rows: [[RecordValue]]

    /// Child rows of `table`.
    public init(table: String, parentColumn: String, columns: [String], rows: [[RecordValue]]) {
        self.table = table
        self.parentColumn = parentColumn
        self.columns = columns
        self.rows = rows
    }
}
