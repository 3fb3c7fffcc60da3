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
    private var stepRuns: [Stored<StepRun>] = []
    private var answers: [Stored<Answer>] = []
    private var submissions: [Stored<ExerciseSubmission>] = []
    private var reveals: [Stored<Reveal>] = []
    private var quizAttempts: [Stored<QuizAttempt>] = []
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
    public func record(_ run: StepRun) async throws -> RecordReceipt {
        try prepare(student: run.student, lab: run.lab, step: run.step)
        let id = takeID()
        stepRuns.append(Stored(id: id, record: run))
        let event = appendEvent(NewEvent(student: run.student, lab: run.lab, step: run.step, kind: .stepRun,
                                         detail: ["status": run.status.rawValue], at: run.startedAt), recordID: id)
        return RecordReceipt(recordID: id, eventID: event)
    }

    @discardableResult
    public func record(_ answer: Answer) async throws -> RecordReceipt {
        try prepare(student: answer.student, lab: answer.lab, step: answer.step)
        let id = takeID()
        answers.append(Stored(id: id, record: answer))
        let event = appendEvent(NewEvent(student: answer.student, lab: answer.lab, step: answer.step, kind: .answer,
                                         detail: ["question": answer.question], at: answer.answeredAt), recordID: id)
        return RecordReceipt(recordID: id, eventID: event)
    }

    @discardableResult
    public func record(_ submission: ExerciseSubmission) async throws -> RecordReceipt {
        try prepare(student: submission.student, lab: submission.lab, step: submission.step)
        let id = takeID()
        submissions.append(Stored(id: id, record: submission))
        let event = appendEvent(NewEvent(
            student: submission.student, lab: submission.lab, step: submission.step, kind: .submission,
            detail: ["exercise": submission.exercise, "passed": String(submission.passed)],
            at: submission.submittedAt), recordID: id)
        return RecordReceipt(recordID: id, eventID: event)
    }

    @discardableResult
    public func record(_ reveal: Reveal) async throws -> RecordReceipt {
        try prepare(student: reveal.student, lab: reveal.lab, step: reveal.step)
        let id = takeID()
        reveals.append(Stored(id: id, record: reveal))
        let event = appendEvent(NewEvent(
            student: reveal.student, lab: reveal.lab, step: reveal.step, kind: .reveal,
            detail: ["kind": reveal.kind.rawValue, "item": reveal.item], at: reveal.revealedAt), recordID: id)
        return RecordReceipt(recordID: id, eventID: event)
    }

    @discardableResult
    public func record(_ attempt: QuizAttempt) async throws -> RecordReceipt {
        try prepare(student: attempt.student, lab: attempt.lab, step: nil)
        let id = takeID()
        quizAttempts.append(Stored(id: id, record: attempt))
        let event = appendEvent(NewEvent(
            student: attempt.student, lab: attempt.lab, kind: .quizAttempt,
            detail: ["quiz": attempt.quiz, "score": "\(attempt.score)/\(attempt.maximum)"],
            at: attempt.attemptedAt), recordID: id)
        return RecordReceipt(recordID: id, eventID: event)
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
        func mark<R>(_ list: inout [Stored<R>], student: (R) -> String, lab: (R) -> String, step: (R) -> Int?) {
            for index in list.indices where list[index].resetBy == nil {
                let record = list[index].record
                if student(record) == scope.student, scope.covers(lab: lab(record), step: step(record)) {
                    list[index].resetBy = eventID
                    count += 1
                }
            }
        }
        mark(&stepRuns, student: \.student, lab: \.lab, step: { $0.step })
        mark(&answers, student: \.student, lab: \.lab, step: { $0.step })
        mark(&submissions, student: \.student, lab: \.lab, step: { $0.step })
        mark(&reveals, student: \.student, lab: \.lab, step: { $0.step })
        mark(&quizAttempts, student: \.student, lab: \.lab, step: { _ in nil })
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
        result.stepRuns = stepRuns.filter {
            filter.matches(student: $0.record.student, lab: $0.record.lab, at: $0.record.startedAt, resetBy: $0.resetBy)
        }
        result.answers = answers.filter {
            filter.matches(student: $0.record.student, lab: $0.record.lab, at: $0.record.answeredAt, resetBy: $0.resetBy)
        }
        result.submissions = submissions.filter {
            filter.matches(student: $0.record.student, lab: $0.record.lab, at: $0.record.submittedAt, resetBy: $0.resetBy)
        }
        result.reveals = reveals.filter {
            filter.matches(student: $0.record.student, lab: $0.record.lab, at: $0.record.revealedAt, resetBy: $0.resetBy)
        }
        result.quizAttempts = quizAttempts.filter {
            filter.matches(student: $0.record.student, lab: $0.record.lab, at: $0.record.attemptedAt, resetBy: $0.resetBy)
        }
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
