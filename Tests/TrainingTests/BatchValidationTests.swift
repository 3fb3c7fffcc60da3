import Foundation
import Testing
@testable import Training

/// Bad batches are refused with a message that names the place and the fix.
@Suite struct BatchValidationTests {
    static let model = try! TrainableLlama(directory: TrainingFixtures.url("models/tiny-llama"))

    static func message(_ body: () throws -> Void) -> String {
        do { try body(); return "" } catch { return "\(error)" }
    }

    @Test func emptyBatchIsRefused() {
        #expect(Self.message { _ = try TokenBatch(inputIDs: [], labels: []) }.contains("no tokens"))
    }

    @Test func raggedRowsAreRefused() {
        let text = Self.message { _ = try TokenBatch(inputIDs: [[1, 2, 3], [1, 2]], labels: [[1, 2, 3], [1, 2]]) }
        #expect(text.contains("row 1") && text.contains("pad"))
    }

    @Test func idOutsideTheVocabularyIsRefused() throws {
        let batch = try TokenBatch(inputIDs: [[1, 60000]], labels: [[1, 2]])
        let text = Self.message { _ = try Self.model.loss(batch) }
        #expect(text.contains("input_ids[0][1]") && text.contains("49152"))
    }

    @Test func sequenceLongerThanTheContextIsRefused() throws {
        let row = [Int](repeating: 5, count: 129)
        let text = Self.message { _ = try Self.model.loss(try TokenBatch(inputIDs: [row], labels: [row])) }
        #expect(text.contains("128 positions"))
    }

    @Test func batchWithoutLabelsIsRefused() throws {
        let batch = try TokenBatch(inputIDs: [[1, 2, 3]], labels: [[1, -100, -100]])
        #expect(Self.message { _ = try Self.model.loss(batch) }.contains("-100"))
    }
}
