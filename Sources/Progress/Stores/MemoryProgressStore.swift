import Foundation

/// A progress store held in memory, for tests and previews. Same behaviour as the SQL stores
/// (atomic records with events, resets that hide without deleting), nothing on disk.
public actor MemoryProgressStore: ProgressStore {
    /// `memory`.
    public nonisolated let location = "memory"

    private var students: [String: Student] = [:]
    private var studentOrder: [String] = []
    private var labs: [String: LabVersion] = [:]
    private var labOrder: [String] = []
    /// Every record in commit order, keyed by its type's table.
    private var tables: [String: [Row]] = [:]
    private var events: [ProgressEvent] = []
    private var nextRecordID: Int64 = 1
    private var isClosed = false

    /// An empty store.
    public init() {}

    public func save(_ student: Student) async throws {
        try open()
        try RecordValidation.check(student: student.id, lab: nil, step: nil, location: location)
        if students[student.id] == nil { studentOrder.append(student.id) }
        students[student.id] = student
        appendEvent(NewEvent(student: student.id, kind: .studentSaved, detail: ["displayName": student.displayName]),
                    recordID: nil)
    }

    public func save(_ lab: LabVersion) async throws {
        try open()
        try RecordValidation.check(student: "-", lab: lab.id, step: nil, location: location)
        if labs[lab.id] == nil { labOrder.append(lab.id) }
        labs[lab.id] = lab
    }

    @discardableResult
    public func record<Record: ProgressRecord>(_ record: Record) async throws -> RecordReceipt {
        let event = record.event
        try prepare(student: event.student, lab: event.lab, step: event.step)
        let id = takeID()
        tables[Record.table, default: []].append(Row(id: id, event: event, record: record))
        return RecordReceipt(recordID: id, eventID: appendEvent(event, recordID: id))
    }

    @discardableResult
    public func append(_ event: NewEvent) async throws -> Int64 {
        try prepare(student: event.student, lab: event.lab, step: event.step)
        return appendEvent(event, recordID: nil)
    }

    public func reset(_ scope: ResetScope) async throws -> ResetSummary {
        try prepare(student: scope.student, lab: scope.lab, step: scope.step)
        let eventID = Int64(events.count + 1)
        var count = 0
        for table in tables.keys {
            for index in tables[table, default: []].indices {
                let row = tables[table, default: []][index]
                if row.resetBy == nil, row.event.student == scope.student,
                   scope.covers(lab: row.event.lab ?? "", step: row.event.step) {
                    tables[table, default: []][index].resetBy = eventID
                    count += 1
                }
            }
        }
        let id = appendEvent(NewEvent(student: scope.student, lab: scope.lab, step: scope.step, kind: .reset,
                                      detail: ["scope": scope.description, "records": String(count)]),
                             recordID: nil)
        return ResetSummary(eventID: id, recordsReset: count)
    }

    public func records(matching filter: RecordFilter) async throws -> ProgressRecords {
        try open()
        var result = ProgressRecords()
        result.students = studentOrder.compactMap { students[$0] }.filter { filter.student == nil || $0.id == filter.student }
        result.labs = labOrder.compactMap { labs[$0] }.filter { filter.lab == nil || $0.id == filter.lab }
        result.stepRuns = stored(StepRun.self, matching: filter)
        result.answers = stored(Answer.self, matching: filter)
        result.submissions = stored(ExerciseSubmission.self, matching: filter)
        result.reveals = stored(Reveal.self, matching: filter)
        result.quizAttempts = stored(QuizAttempt.self, matching: filter)
        result.trainingRuns = stored(TrainingRunRecord.self, matching: filter)
        return result
    }

    public func events(matching filter: RecordFilter) async throws -> [ProgressEvent] {
        try open()
        return events.filter { event in
            if let student = filter.student, event.student != student { return false }
            if let lab = filter.lab, event.lab != lab { return false }
            if let since = filter.since, event.at < since { return false }
            return true
        }
    }

    public func countEvents(matching filter: RecordFilter) async throws -> Int {
        try await events(matching: filter).count
    }

    public func schemaVersion() async throws -> Int {
        try open()
        return SchemaMigration.all.last?.version ?? 0
    }

    public func close() async throws {
        isClosed = true
    }

    // MARK: - Internals

    /// A stored record with the event it was written with (its student, lab, step and time).
    private struct Row {
        let id: Int64
        var resetBy: Int64?
        let event: NewEvent
        let record: any ProgressRecord
    }

    /// The records of `Record`'s table that pass `filter`, in commit order.
    private func stored<Record: ProgressRecord>(_: Record.Type, matching filter: RecordFilter) -> [Stored<Record>] {
        tables[Record.table, default: []].compactMap { row in
            guard let record = row.record as? Record,
                  filter.matches(student: row.event.student, lab: row.event.lab, at: row.event.at, resetBy: row.resetBy)
            else { return nil }
            return Stored(id: row.id, resetBy: row.resetBy, record: record)
        }
    }

    private func open() throws {
        if isClosed { throw ProgressStoreError(.closed, "the store was closed", location: location) }
    }

    private func prepare(student: String, lab: String?, step: Int?) throws {
        try open()
        try RecordValidation.check(student: student, lab: lab, step: step, location: location)
        if students[student] == nil {
            students[student] = Student(id: student)
            studentOrder.append(student)
        }
        if let lab, labs[lab] == nil {
            labs[lab] = LabVersion(id: lab, contentHash: "")
            labOrder.append(lab)
        }
    }

    private func takeID() -> Int64 {
        defer { nextRecordID += 1 }
        return nextRecordID
    }

    @discardableResult
    private func appendEvent(_ event: NewEvent, recordID: Int64?) -> Int64 {
        let id = Int64(events.count + 1)
        events.append(ProgressEvent(id: id, at: event.at, student: event.student, lab: event.lab, step: event.step,
                                    kind: event.kind, recordID: recordID, detail: event.detail))
        return id
    }
}
