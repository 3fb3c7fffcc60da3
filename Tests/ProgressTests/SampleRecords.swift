import Foundation
@testable import Progress

/// The records every schema fixture holds: one of each kind for two students, and a reset.
enum SampleRecords {
    static let runs = [
        StepRun(student: "ada", lab: "ml-bias", step: 1, startedAt: Clock.at(0), duration: 0.5, status: .ok,
                code: "from transformers import pipeline", output: "", provenance: ["labrun": "0.1.0"]),
        StepRun(student: "ada", lab: "ml-bias", step: 2, startedAt: Clock.at(60), duration: 2.25, status: .error,
                code: "unmasker('The man worked as a [MASK].')", output: "NameError: name 'unmasker' is not defined\n"),
        StepRun(student: "grace", lab: "ml-bias", step: 1, startedAt: Clock.at(90), duration: 0.75, status: .ok,
                code: "x = 1", output: "1\n", provenance: ["model": "bert-base-uncased"]),
    ]
    static let answer = Answer(student: "ada", lab: "ml-bias", step: 1, question: "step1-q1",
                               text: "The model mirrors its corpus.", answeredAt: Clock.at(30))
    static let submission = ExerciseSubmission(
        student: "grace", lab: "ml-bias", step: 3, exercise: "debias", code: "score = 0.1",
        checks: [.init(name: "score < 0.15", passed: true)], submittedAt: Clock.at(120))
    static let reveal = Reveal(student: "ada", lab: "ml-bias", step: 2, kind: .solution, item: "step2",
                               revealedAt: Clock.at(150))
    static let attempt = QuizAttempt(student: "grace", lab: "ml-bias", quiz: "ml-bias", answers: ["Q1": ["A"]],
                                     score: 3, maximum: 4, policy: "all-or-nothing", passed: true,
                                     attemptedAt: Clock.at(200))

    /// Writes the sample into `store`, then resets ada's step 2 (so fixtures hold a reset record).
    static func write(into store: any ProgressStore) async throws {
        try await store.save(Student(id: "ada", displayName: "Ada Lovelace"))
        for run in runs { try await store.record(run) }
        try await store.record(answer)
        try await store.record(submission)
        try await store.record(reveal)
        try await store.record(attempt)
        _ = try await store.reset(ResetScope(student: "ada", lab: "ml-bias", step: 2))
    }

    /// Checks that `store` holds exactly the sample (records, reset marks, events).
    static func expectations(in store: any ProgressStore) async throws -> [String] {
        var problems: [String] = []
        let all = try await store.records(matching: RecordFilter(includeReset: true))
        if all.stepRuns.map(\.record) != runs { problems.append("step runs differ: \(all.stepRuns)") }
        if all.answers.map(\.record) != [answer] { problems.append("answers differ") }
        if all.submissions.map(\.record) != [submission] { problems.append("submissions differ") }
        if all.reveals.map(\.record) != [reveal] { problems.append("reveals differ") }
        if all.quizAttempts.map(\.record) != [attempt] { problems.append("quiz attempts differ") }
        if Set(all.students) != [Student(id: "ada", displayName: "Ada Lovelace"), Student(id: "grace")] {
            problems.append("students differ: \(all.students)")
        }
        let visible = try await store.records(matching: RecordFilter())
        if visible.stepRuns.map(\.record) != [runs[0], runs[2]] { problems.append("the reset no longer hides step 2") }
        if !visible.reveals.isEmpty { problems.append("the reset no longer hides the reveal") }
        let kinds = try await store.allEvents().map(\.kind)
        let expectedKinds: [EventKind] = [.studentSaved, .stepRun, .stepRun, .stepRun, .answer, .submission, .reveal,
                                          .quizAttempt, .reset]
        if kinds != expectedKinds { problems.append("events differ: \(kinds)") }
        return problems
    }
}
