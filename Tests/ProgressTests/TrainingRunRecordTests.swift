import Foundation
import Testing
@testable import Progress

/// Training runs in every backend: stored with their event, read back field for field, hidden by
/// a reset of their step, and exported.
@Suite("Training run records")
struct TrainingRunRecordTests {
    static let run = TrainingRunRecord(
        student: "ada", lab: "generative-bias", step: 6, startedAt: Clock.at(20), baseModel: "HuggingFaceTB/SmolLM2-135M-Instruct",
        method: "lora", hyperparameters: #"{"learning_rate":0.001,"lora":{"r":8},"max_steps":3}"#, losses: [3.25, 2.5, 2.0625],
        globalStep: 3, seconds: 12.5, tokensPerSecond: 240.5,
        weightsDigest: String(repeating: "ab", count: 32), outcome: .interrupted)
    static let failed = TrainingRunRecord(
        student: "ada", lab: "generative-bias", step: nil, startedAt: Clock.at(30), baseModel: "tiny-gpt2", method: "full",
        hyperparameters: "{}", losses: [], globalStep: 0, seconds: 0.5, tokensPerSecond: 0,
        weightsDigest: String(repeating: "0", count: 64), outcome: .failed, failure: "training stopped at step 1 of 3: the loss is nan")

    @Test("a training run reads back with every field, and its event says how it ended", arguments: TestDatabases.available)
    func roundTrip(backend: Backend) async throws {
        let store = try await TestDatabases.makeStore(backend)
        let receipt = try await store.record(Self.run)
        try await store.record(Self.failed)
        let records = try await store.records(matching: RecordFilter())
        #expect(records.trainingRuns.map(\.record) == [Self.run, Self.failed])
        #expect(records.trainingRuns.first?.id == receipt.recordID)
        let events = try await store.allEvents()
        #expect(events.map(\.kind) == [.trainingRun, .trainingRun])
        #expect(events.first?.recordID == receipt.recordID)
        #expect(events.first?.step == 6)
        #expect(events.first?.detail["outcome"] == "interrupted")
        #expect(events.last?.detail["failure"] == Self.failed.failure)
        try await store.close()
    }

    @Test("a reset of the step hides its training runs", arguments: TestDatabases.available)
    func reset(backend: Backend) async throws {
        let store = try await TestDatabases.makeStore(backend)
        try await store.record(Self.run)
        let summary = try await store.reset(ResetScope(student: "ada", lab: "generative-bias", step: 6))
        #expect(summary.recordsReset == 1)
        #expect(try await store.records(matching: RecordFilter()).trainingRuns.isEmpty)
        #expect(try await store.records(matching: RecordFilter(includeReset: true)).trainingRuns.first?.resetBy == summary.eventID)
        try await store.close()
    }

    @Test("the export lists training runs: a CSV row and a JSON array")
    func export() throws {
        var records = ProgressRecords()
        records.trainingRuns = [Stored(id: 4, resetBy: nil, record: Self.run)]
        let lines = ProgressExport.csv(records).components(separatedBy: "\r\n")
        #expect(lines[1].hasPrefix("training-run,4,ada,generative-bias,6,HuggingFaceTB/SmolLM2-135M-Instruct,2025-11-24T16:00:20Z,interrupted,,3,,12.500,,"))
        #expect(lines[1].contains("method lora; 240.5 tok/s; sha256 abab"))
        #expect(lines[1].hasSuffix("losses 3.25 2.5 2.0625"))
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let object = try JSONSerialization.jsonObject(with: encoder.encode(ProgressExport.Document(records, events: []))) as? [String: Any]
        let runs = try #require(object?["trainingRuns"] as? [[String: Any]])
        #expect(runs.first?["id"] as? Int == 4)
        #expect(runs.first?["globalStep"] as? Int == 3)
        #expect(runs.first?["outcome"] as? String == "interrupted")
    }
}
