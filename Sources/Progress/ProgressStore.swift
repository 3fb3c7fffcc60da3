import Foundation

/// The record of every student's work: step runs, answers, submissions, reveals, quiz attempts,
/// and an append-only event log.
///
/// Three backends share this protocol: ``MemoryProgressStore`` (tests), ``SQLiteProgressStore``
/// (one file, the default) and ``PostgresProgressStore`` (a class on one server). Each `record`
/// call writes the record and its event in one transaction: after it returns, both are committed;
/// when it throws, neither is. Every method throws ``ProgressStoreError``.
///
/// Students and labs named by a record are created on first use (display name = id, empty content
/// hash); ``save(_:)-(Student)`` and ``save(_:)-(LabVersion)`` set their details.
public protocol ProgressStore: Sendable {
    /// Where the store is, for messages: a file path or a URL without its password.
    var location: String { get }

    /// Registers a student or changes their display name.
    func save(_ student: Student) async throws
    /// Registers a lab version (id, content hash, title, step count), replacing what was known.
    func save(_ lab: LabVersion) async throws

    /// Records `record`, its child rows and its event atomically.
    @discardableResult func record<Record: ProgressRecord>(_ record: Record) async throws -> RecordReceipt
    /// Appends an event with no record attached; returns its id.
    @discardableResult func append(_ event: NewEvent) async throws -> Int64

    /// Hides the student's records in `scope` from progress reports by marking them with a new
    /// `reset` event (nothing is deleted: exports with `includeReset` still show them).
    func reset(_ scope: ResetScope) async throws -> ResetSummary

    /// Every record that passes `filter`.
    func records(matching filter: RecordFilter) async throws -> ProgressRecords
    /// Every event that passes `filter` (student, lab, since; reset does not apply), in id order.
    func events(matching filter: RecordFilter) async throws -> [ProgressEvent]
    /// How many events pass `filter`.
    func countEvents(matching filter: RecordFilter) async throws -> Int
    /// The schema version the database is at (the in-memory store reports the latest).
    func schemaVersion() async throws -> Int

    /// Releases connections and files. Later calls throw ``ProgressStoreError/Code/closed``.
    func close() async throws
}

extension ProgressStore {
    /// Every event, in id order.
    public func allEvents() async throws -> [ProgressEvent] {
        try await events(matching: RecordFilter(includeReset: true))
    }
}

/// Checks a record's fields before any backend writes it.
enum RecordValidation {
    /// Throws ``ProgressStoreError/Code/invalidRecord`` when the student, lab or step of `event`
    /// is unusable.
    static func check(_ event: NewEvent, location: String) throws {
        try check(student: event.student, lab: event.lab, step: event.step, location: location)
    }

    /// Throws ``ProgressStoreError/Code/invalidRecord`` when `student`/`lab`/`step` are unusable.
    static func check(student: String, lab: String?, step: Int?, location: String) throws {
        if student.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ProgressStoreError(.invalidRecord, "the student id is empty", location: location,
                                     fix: "log in with `labrun login <name>` or pass --student")
        }
        if let lab, lab.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ProgressStoreError(.invalidRecord, "the lab id is empty", location: location)
        }
        if let step, step < 1 {
            throw ProgressStoreError(.invalidRecord, "step \(step) is not a step number (steps count from 1)",
                                     location: location)
        }
    }
}
