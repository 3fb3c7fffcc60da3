import Foundation
import Testing
@testable import Progress

/// Progress summaries and exports, computed from records.
@Suite("Progress reports and exports")
struct ReportTests {
    static func records() async throws -> ProgressRecords {
        let store = MemoryProgressStore()
        try await store.save(LabVersion(id: "ml-bias", contentHash: "h", title: "Bias", stepCount: 4))
        let runs: [(String, Int, StepRun.Status, Double)] = [
            ("ada", 1, .ok, 10), ("ada", 2, .error, 5), ("ada", 2, .ok, 7), ("ada", 3, .error, 2), ("ada", 3, .error, 3),
            ("grace", 1, .ok, 4),
        ]
        for (index, (student, step, status, duration)) in runs.enumerated() {
            try await store.record(StepRun(student: student, lab: "ml-bias", step: step, startedAt: Clock.at(Double(index)),
                                           duration: duration, status: status, code: "", output: ""))
        }
        for (score, passed) in [(2.0, false), (4.0, true)] {
            try await store.record(QuizAttempt(student: "ada", lab: "ml-bias", quiz: "ml-bias", answers: [:], score: score,
                                               maximum: 5, policy: "partial", passed: passed, attemptedAt: Clock.at(50)))
        }
        return try await store.records(matching: RecordFilter())
    }

    @Test("a student's lab: latest run decides each step, steps up to the lab's count, best quiz, time spent")
    func summary() async throws {
        let progress = LabProgress.summarize(try await Self.records())
        let ada = try #require(progress.first { $0.student == "ada" })
        #expect(ada.steps.map(\.state) == [.done, .done, .failed, .notRun])
        #expect(ada.steps.map(\.runs) == [1, 2, 2, 0])
        #expect(ada.stuckAt?.step == 3 && ada.stuckAt?.failuresInARow == 2)
        #expect(ada.stepsDone == 2 && ada.fractionDone == 0.5)
        #expect(ada.quizzes == [LabProgress.QuizScore(quiz: "ml-bias", score: 4, maximum: 5, passed: true, attempts: 2)])
        #expect(ada.timeSpent == 27)
        #expect(ada.title == "Bias")
        let grace = try #require(progress.first { $0.student == "grace" })
        #expect(grace.steps.map(\.state.symbol).joined() == "✓···")
        #expect(grace.stuckAt == nil)
    }

    @Test("a step count from the lab file wins over the stored one")
    func stepCountProvider() async throws {
        let progress = LabProgress.summarize(try await Self.records(), stepCount: { $0 == "ml-bias" ? 6 : nil })
        #expect(progress.allSatisfy { $0.steps.count == 6 })
    }

    @Test("CSV: one row per record, header first, fields with commas, quotes and newlines quoted")
    func csv() async throws {
        var records = ProgressRecords()
        records.answers = [Stored(id: 7, resetBy: 9, record: Answer(
            student: "ada", lab: "ml-bias", step: 1, question: "q1", text: "He said \"no\",\nthen left.",
            answeredAt: Clock.at(0)))]
        let text = ProgressExport.csv(records)
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines[0] == ProgressExport.csvHeader.joined(separator: ","))
        #expect(lines[1].hasPrefix("answer,7,ada,ml-bias,1,q1,2025-11-24T16:00:00Z,,,,,,9,,\"He said \"\"no\"\",\nthen left.\""))
    }

    @Test("JSON export holds every record kind and the events, flat with ids")
    func json() async throws {
        let records = try await Self.records()
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let data = try encoder.encode(ProgressExport.Document(records, events: []))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys) == ["students", "labs", "stepRuns", "answers", "submissions", "reveals", "quizAttempts",
                                     "trainingRuns", "events"])
        let runs = try #require(object["stepRuns"] as? [[String: Any]])
        #expect(runs.count == 6)
        #expect(runs.first?["id"] as? Int == 1)
        #expect(runs.first?["student"] as? String == "ada")
    }
}
