import Foundation
import Testing
@testable import Progress

/// What every backend must do, run against each (PostgreSQL when its test server is configured).
@Suite("Every progress store backend")
struct ProgressStoreConformanceTests {
    static let run = StepRun(
        student: "ada", lab: "ml-bias", step: 2, startedAt: Clock.at(10), duration: 1.25, status: .ok,
        code: "print('héllo, \"world\"')\n", output: "héllo, \"world\"\n",
        provenance: ["model": "bert-base-uncased", "seed": "42"])

    @Test("a step run reads back with every field, and its event points at it", arguments: TestDatabases.available)
    func stepRunRoundTrip(backend: Backend) async throws {
        let store = try await TestDatabases.makeStore(backend)
        let receipt = try await store.record(Self.run)
        let records = try await store.records(matching: RecordFilter())
        #expect(records.stepRuns.map(\.record) == [Self.run])
        #expect(records.stepRuns.first?.id == receipt.recordID)
        let events = try await store.allEvents()
        #expect(events.count == 1)
        #expect(events.first?.id == receipt.eventID)
        #expect(events.first?.kind == .stepRun)
        #expect(events.first?.recordID == receipt.recordID)
        #expect(events.first?.step == 2)
        #expect(events.first?.detail == ["status": "ok"])
        try await store.close()
    }

    @Test("every kind of record is stored with exactly one event", arguments: TestDatabases.available)
    func everyKindOfRecord(backend: Backend) async throws {
        let store = try await TestDatabases.makeStore(backend)
        let answer = Answer(student: "ada", lab: "ml-bias", step: 1, question: "step1-q1",
                            text: "Because the corpus, over-represents men.", answeredAt: Clock.at(1))
        let submission = ExerciseSubmission(
            student: "ada", lab: "ml-bias", step: 3, exercise: "debias", code: "score = 0.1",
            checks: [.init(name: "score < 0.15", passed: true),
                     .init(name: "uses mitigation", passed: false, message: "no call to counterfactual()")],
            submittedAt: Clock.at(2))
        let reveal = Reveal(student: "ada", lab: "ml-bias", step: 3, kind: .hint, item: "debias", revealedAt: Clock.at(3))
        let attempt = QuizAttempt(student: "ada", lab: "ml-bias", quiz: "ml-bias-quiz",
                                  answers: ["Q1": ["B"], "Q2": ["A", "C"]], score: 1.5, maximum: 2,
                                  policy: "partial", passed: true, attemptedAt: Clock.at(4))
        let receipts = [
            try await store.record(answer), try await store.record(submission),
            try await store.record(reveal), try await store.record(attempt),
        ]
        let eventID = try await store.append(NewEvent(student: "ada", kind: EventKind(rawValue: "session.start"),
                                                      detail: ["terminal": "xterm"], at: Clock.at(5)))
        let records = try await store.records(matching: RecordFilter())
        #expect(records.answers.map(\.record) == [answer])
        #expect(records.submissions.map(\.record) == [submission])
        #expect(records.submissions.first?.record.passed == false)
        #expect(records.reveals.map(\.record) == [reveal])
        #expect(records.quizAttempts.map(\.record) == [attempt])
        let events = try await store.allEvents()
        #expect(events.map(\.kind) == [.answer, .submission, .reveal, .quizAttempt, EventKind(rawValue: "session.start")])
        #expect(events.prefix(4).map(\.recordID) == receipts.map(\.recordID))
        #expect(events.map(\.id).sorted() == events.map(\.id))
        #expect(events.last?.id == eventID)
        #expect(Set(events.map(\.id)).count == 5)
        try await store.close()
    }

    @Test("students and labs are created on first use and can be renamed", arguments: TestDatabases.available)
    func studentsAndLabs(backend: Backend) async throws {
        let store = try await TestDatabases.makeStore(backend)
        try await store.record(Self.run)
        var records = try await store.records(matching: RecordFilter())
        #expect(records.students == [Student(id: "ada")])
        #expect(records.labs == [LabVersion(id: "ml-bias", contentHash: "")])
        try await store.save(Student(id: "ada", displayName: "Ada Lovelace"))
        try await store.save(LabVersion(id: "ml-bias", contentHash: "abc123", title: "Bias in masked LMs", stepCount: 4))
        records = try await store.records(matching: RecordFilter())
        #expect(records.students == [Student(id: "ada", displayName: "Ada Lovelace")])
        #expect(records.labs == [LabVersion(id: "ml-bias", contentHash: "abc123", title: "Bias in masked LMs", stepCount: 4)])
        try await store.close()
    }

    @Test("reset hides the student's records of a step, keeps them for export and logs a reset event",
          arguments: TestDatabases.available)
    func resetOneStep(backend: Backend) async throws {
        let store = try await TestDatabases.makeStore(backend)
        var other = Self.run
        other.step = 3
        var classmate = Self.run
        classmate.student = "grace"
        try await store.record(Self.run)
        try await store.record(Self.run)
        try await store.record(other)
        try await store.record(classmate)
        try await store.record(QuizAttempt(student: "ada", lab: "ml-bias", quiz: "q", answers: [:], score: 1,
                                           maximum: 1, policy: "all-or-nothing", passed: true, attemptedAt: Clock.at(1)))
        let summary = try await store.reset(ResetScope(student: "ada", lab: "ml-bias", step: 2))
        #expect(summary.recordsReset == 2)
        let visible = try await store.records(matching: RecordFilter())
        #expect(visible.stepRuns.map(\.record) == [other, classmate])
        #expect(visible.quizAttempts.count == 1, "a step reset keeps the lab's quiz attempts")
        let history = try await store.records(matching: RecordFilter(includeReset: true))
        #expect(history.stepRuns.count == 4)
        #expect(history.stepRuns.filter { $0.resetBy == summary.eventID }.count == 2)
        let events = try await store.allEvents()
        #expect(events.count == 6, "five records and the reset; nothing removed from the log")
        #expect(events.last?.kind == .reset)
        #expect(events.last?.detail["records"] == "2")

        let labReset = try await store.reset(ResetScope(student: "ada", lab: "ml-bias"))
        #expect(labReset.recordsReset == 2, "the step-3 run and the quiz attempt")
        let after = try await store.records(matching: RecordFilter(student: "ada"))
        #expect(after.stepRuns.isEmpty && after.quizAttempts.isEmpty)
        try await store.close()
    }

    @Test("filters narrow by student, lab and time", arguments: TestDatabases.available)
    func filters(backend: Backend) async throws {
        let store = try await TestDatabases.makeStore(backend)
        for (index, (student, lab)) in [("ada", "a"), ("ada", "b"), ("grace", "a")].enumerated() {
            var run = Self.run
            run.student = student
            run.lab = lab
            run.startedAt = Clock.at(Double(index) * 100)
            try await store.record(run)
        }
        #expect(try await store.records(matching: RecordFilter(student: "ada")).stepRuns.count == 2)
        #expect(try await store.records(matching: RecordFilter(lab: "a")).stepRuns.count == 2)
        #expect(try await store.records(matching: RecordFilter(since: Clock.at(100))).stepRuns.count == 2)
        #expect(try await store.records(matching: RecordFilter(student: "grace", lab: "b")).stepRuns.isEmpty)
        #expect(try await store.countEvents(matching: RecordFilter(student: "ada")) == 2)
        #expect(try await store.events(matching: RecordFilter(since: Clock.at(150))).count == 1)
        try await store.close()
    }

    @Test("an invalid record is refused and nothing is written", arguments: TestDatabases.available)
    func invalidRecords(backend: Backend) async throws {
        let store = try await TestDatabases.makeStore(backend)
        var noStudent = Self.run
        noStudent.student = "  "
        var stepZero = Self.run
        stepZero.step = 0
        for run in [noStudent, stepZero] {
            let error = await #expect(throws: ProgressStoreError.self) { try await store.record(run) }
            #expect(error?.code == .invalidRecord)
        }
        #expect(try await store.countEvents(matching: RecordFilter()) == 0)
        try await store.close()
    }

    @Test("a new store is at the latest schema version", arguments: TestDatabases.available)
    func schemaVersion(backend: Backend) async throws {
        let store = try await TestDatabases.makeStore(backend)
        #expect(try await store.schemaVersion() == SchemaMigration.latestVersion)
        try await store.close()
    }

    @Test("a closed store refuses to write", arguments: TestDatabases.available)
    func closedStore(backend: Backend) async throws {
        let store = try await TestDatabases.makeStore(backend)
        try await store.close()
        let error = await #expect(throws: ProgressStoreError.self) { try await store.record(Self.run) }
        #expect(error?.code == .closed)
    }
}
