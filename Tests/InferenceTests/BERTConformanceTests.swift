import Foundation
import Testing
@testable import Inference

/// One mask of tiny_bert_mlm_public.json.
struct MaskReference: Decodable, Sendable {
    let position: Int
    let top_ids: [Int]
    let top_logits: [Float]
    let logsumexp: Float?
}

/// One case of tiny_bert_mlm_public.json.
struct TinyBERTCase: Decodable, Sendable, CustomTestStringConvertible {
    let text: String
    let ids: [Int]
    let masks: [MaskReference]
    let cls_hidden: [Float]
    let mean_hidden: [Float]
    var testDescription: String { text }
}

/// One case of tiny_bert_mlm_legacy_f16_public.json.
struct LegacyBERTCase: Decodable, Sendable, CustomTestStringConvertible {
    let text: String
    let ids: [Int]
    let position: Int
    let top_ids: [Int]
    let top_logits: [Float]
    var testDescription: String { text }
}

/// One case of minilm_embeddings_public.json.
struct MiniLMCase: Decodable, Sendable, CustomTestStringConvertible {
    let text: String
    let ids: [Int]
    let embedding: [Float]
    let first_token_hidden: [Float]
    var testDescription: String { text }
}

/// The indices of the `count` largest values, largest first (ties: lower index first).
func topIndices(_ values: [Float], _ count: Int) -> [Int] {
    Array(values.indices.sorted { values[$0] != values[$1] ? values[$0] > values[$1] : $0 < $1 }.prefix(count))
}

@Suite struct BERTConformanceTests {
    static let tiny = Result { try BERTModel(directory: Fixtures.model("tiny-bert-mlm")) }
    static let legacy = Result { try BERTModel(directory: Fixtures.model("tiny-bert-mlm-legacy")) }
    static let tinyCases: [TinyBERTCase] = (try? Fixtures.load("tiny_bert_mlm_public.json")) ?? []
    static let legacyCases: [LegacyBERTCase] = (try? Fixtures.load("tiny_bert_mlm_legacy_f16_public.json")) ?? []
    static let miniLMCases: [MiniLMCase] = (try? Fixtures.load("minilm_embeddings_public.json")) ?? []

    @Test func fixturesHaveCases() {
        #expect(Self.tinyCases.count >= 6 && Self.legacyCases.count >= 2 && Self.miniLMCases.count >= 8)
    }

    @Test("tiny-bert-mlm: ids, top-10 logits, log-sum-exp and hidden states within 1e-4", arguments: tinyCases)
    func tinyBERTMatches(_ reference: TinyBERTCase) throws {
        let model = try Self.tiny.get()
        let ids = model.tokenizer.encode(reference.text).ids
        #expect(ids == reference.ids)
        let logits = try model.logits(for: [ids], at: [reference.masks.map(\.position)])
        for (row, mask) in reference.masks.enumerated() {
            let values = logits.row(row)
            let top = topIndices(values, mask.top_ids.count)
            #expect(top == mask.top_ids)
            #expect(maximumDifference(top.map { values[$0] }, mask.top_logits) < 1e-4)
            if let expected = mask.logsumexp {
                #expect(abs(Softmax.logSumExp(values, width: values.count) - expected) < 1e-4)
            }
        }
        let states = try model.hiddenStates(for: [ids])[0]
        #expect(maximumDifference(states.row(0), reference.cls_hidden) < 1e-4)
        let mean = Pooling(mode: .mean).apply(states)
        #expect(maximumDifference(mean, reference.mean_hidden) < 1e-4)
    }

    @Test("tiny-bert-mlm-legacy (F16, gamma/beta, explicit decoder): top-10 within 1e-3", arguments: legacyCases)
    func legacyBERTMatches(_ reference: LegacyBERTCase) throws {
        let model = try Self.legacy.get()
        #expect(model.tokenizer.encode(reference.text).ids == reference.ids)
        let values = try model.logits(for: [reference.ids], at: [[reference.position]]).row(0)
        let top = topIndices(values, reference.top_ids.count)
        #expect(top == reference.top_ids)
        #expect(maximumDifference(top.map { values[$0] }, reference.top_logits) < 1e-3)
    }

    /// Every kernel works row by row in a fixed order, so a sequence's states are bit-identical
    /// whatever else is in its batch (and however the products are split between threads).
    @Test func aBatchOfDifferentLengthsEqualsOneSequenceAtATimeExactly() throws {
        let model = try Self.tiny.get()
        let batch = Self.tinyCases.map(\.ids)
        let together = try model.hiddenStates(for: batch)
        for (index, ids) in batch.enumerated() {
            #expect(together[index].scalars == (try model.hiddenStates(for: [ids])[0]).scalars)
        }
        guard let directory = Fixtures.miniLM, let miniLM = try Fixtures.models.model(at: directory).textEncoder() as? BERTModel else { return }
        let sentences = Self.miniLMCases.map { miniLM.tokenizer.encode($0.text).ids }
        let all = try miniLM.hiddenStates(for: sentences)
        for (index, ids) in sentences.enumerated() {
            #expect(all[index].scalars == (try miniLM.hiddenStates(for: [ids])[0]).scalars, "MiniLM sentence \(index)")
        }
    }

    @Test("all-MiniLM-L6-v2: normalised mean embedding and [CLS] state within 1e-4", arguments: miniLMCases)
    func miniLMMatches(_ reference: MiniLMCase) throws {
        guard let directory = Fixtures.miniLM else {
            print("skipped: all-MiniLM-L6-v2 is not installed (run scripts/install-models.sh)")
            return
        }
        let model = try Fixtures.models.model(at: directory).textEncoder() as? BERTModel
        let bert = try #require(model)
        #expect(bert.pooling == Pooling(mode: .mean, normalize: true, maximumSequenceLength: 256))
        #expect(!bert.hasMaskedLanguageModelHead)
        let ids = bert.tokenizer.encode(reference.text).ids
        #expect(ids == reference.ids)
        let states = try bert.hiddenStates(for: [ids])[0]
        #expect(maximumDifference(Array(states.row(0).prefix(reference.first_token_hidden.count)), reference.first_token_hidden) < 1e-4)
        #expect(maximumDifference(bert.pooling.apply(states), reference.embedding) < 1e-4)
    }
}

@Suite struct MalformedModelTests {
    /// Copies tiny-bert-mlm into a temporary folder, letting `edit` change config.json's fields.
    func tinyCopy(editing edit: (inout [String: Any]) -> Void) throws -> URL {
        let directory = try Fixtures.temporaryDirectory()
        for name in ["model.safetensors", "vocab.txt", "tokenizer_config.json"] {
            try FileManager.default.copyItem(at: Fixtures.model("tiny-bert-mlm").appendingPathComponent(name),
                                              to: directory.appendingPathComponent(name))
        }
        var config = try JSONSerialization.jsonObject(with: Data(contentsOf: Fixtures.model("tiny-bert-mlm").appendingPathComponent("config.json"))) as! [String: Any]
        edit(&config)
        try JSONSerialization.data(withJSONObject: config).write(to: directory.appendingPathComponent("config.json"))
        return directory
    }

    @Test func configMissingAFieldIsNamed() throws {
        let directory = try tinyCopy { $0["hidden_size"] = nil }
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect {
            _ = try BERTModel(directory: directory)
        } throws: { error in
            "\(error)".contains("config.json") && "\(error)".contains("missing field \"hidden_size\"")
        }
    }

    @Test func configThatDisagreesWithTheWeightsNamesTheTensor() throws {
        let directory = try tinyCopy { $0["intermediate_size"] = 65 }
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect {
            _ = try BERTModel(directory: directory)
        } throws: { error in "\(error)".contains("encoder.layer.0.intermediate.dense.weight") && "\(error)".contains("[64, 32]") }
    }

    @Test func idsOutsideTheVocabularyAreRefused() throws {
        let model = try BERTConformanceTests.tiny.get()
        #expect(throws: ModelError.self) { _ = try model.hiddenStates(for: [[101, 30522, 102]]) }
        #expect(throws: ModelError.self) { _ = try model.hiddenStates(for: [Array(repeating: 100, count: 129)]) }
    }
}
