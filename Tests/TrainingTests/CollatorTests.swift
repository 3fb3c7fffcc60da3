import Testing
@testable import Training

/// The collators build the batches the fixtures were made from.
@Suite struct CollatorTests {
    @Test func causalCollatorRebuildsTheFixtureBatch() throws {
        let reference = TrainingFixtures.named("tiny-llama-full")
        let sequences = zip(reference.input_ids!, reference.attention_mask!).map { ids, mask in Array(ids[0..<mask.filter { $0 == 1 }.count]) }
        let batch = try CausalLMCollator(padTokenID: 0).batch(sequences)
        #expect(batch == (try reference.batch()))
    }

    @Test func promptTokensAreNotPredicted() throws {
        let batch = try CausalLMCollator(padTokenID: 0).batch([[5, 6, 7, 8], [9, 10]], promptLengths: [2, 1])
        #expect(batch.labels == [[-100, -100, 7, 8], [-100, 10, -100, -100]])
    }

    @Test func emptyDatasetIsRefused() {
        #expect(throws: TrainingError.self) { try CausalLMCollator(padTokenID: 0).batch([]) }
    }

    @Test func maskingIsSeededAndSparesSpecialTokens() throws {
        let collator = MaskedLMCollator(maskTokenID: 103, padTokenID: 0, vocabularySize: 30522, specialTokenIDs: [101, 102, 0])
        let sequences = (0..<50).map { row in [101] + (0..<20).map { 1000 + row * 20 + $0 } + [102] }
        let a = try collator.batch(sequences, seed: 7), b = try collator.batch(sequences, seed: 7)
        #expect(a == b)
        #expect(a != (try collator.batch(sequences, seed: 8)))
        let chosen = a.labels.joined().filter { $0 != -100 }.count
        #expect((100...200).contains(chosen), "\(chosen) of 1000 tokens chosen")
        let masked = zip(a.inputIDs.joined(), a.labels.joined()).filter { $1 != -100 && $0 == 103 }.count
        #expect(Double(masked) / Double(chosen) > 0.65 && Double(masked) / Double(chosen) < 0.95)
        #expect(a.inputIDs.allSatisfy { $0.first == 101 && $0.last == 102 })
    }
}
