import Foundation
import Testing
@testable import Inference

/// One sequence-classification case of `classifiers_public.json` (transformers 5.24 outputs).
struct ClassifierCase: Decodable, CustomTestStringConvertible {
    struct Score: Decodable {
        let label: String
        let score: Double
    }

    let model: String
    let texts: [String]
    let input_ids: [[Int]]
    let logits: [[Float]]
    let pipeline_default: [Score]
    let pipeline_top_k_none: [[Score]]
    let pipeline_top_k_2_sigmoid: [[Score]]

    var testDescription: String { model }

    /// The sequence-classification cases (the zero-shot case has another shape).
    static func all() throws -> [ClassifierCase] {
        struct File: Decodable {
            struct Entry: Decodable { let task: String? }
            let cases: [Entry]
        }
        let data = try Data(contentsOf: Fixtures.root.appendingPathComponent("classifiers_public.json"))
        let raw = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        let cases = (raw["cases"] as! [[String: Any]]).filter { $0["task"] == nil }
        return try cases.map { try JSONDecoder().decode(ClassifierCase.self, from: JSONSerialization.data(withJSONObject: $0)) }
    }

    /// The fixture's model folder, copied under Tests/Fixtures/models.
    var directory: URL { Fixtures.model(URL(fileURLWithPath: model).lastPathComponent) }
}

@Suite("Sequence classifiers against transformers")
struct ClassifierConformanceTests {
    static let cases = (try? ClassifierCase.all()) ?? []

    private func classifier(_ fixture: ClassifierCase) throws -> any SequenceClassificationModel {
        try ModelLoader.load(directory: fixture.directory).sequenceClassifier()
    }

    @Test("The fixture file holds the three classifier families")
    func fixturesLoad() {
        #expect(Self.cases.count == 3)
    }

    @Test("Tokenization with special tokens gives transformers' ids", arguments: cases)
    func inputIDs(_ fixture: ClassifierCase) throws {
        let model = try classifier(fixture)
        for (text, expected) in zip(fixture.texts, fixture.input_ids) {
            #expect(model.tokenizer.encode(text).ids == expected, "\(text)")
        }
    }

    @Test("Logits of the batch are within 1e-4 of transformers'", arguments: cases)
    func logits(_ fixture: ClassifierCase) throws {
        let model = try classifier(fixture)
        let logits = try model.logits(for: fixture.input_ids, tokenTypes: nil)
        #expect(logits.shape == [fixture.texts.count, fixture.logits[0].count])
        for (row, expected) in fixture.logits.enumerated() {
            #expect(maximumDifference(logits.row(row), expected) < 1e-4, "text \(row)")
        }
    }

    @Test("The default pipeline gives the top label and score of each text", arguments: cases)
    func pipelineDefault(_ fixture: ClassifierCase) throws {
        let pipeline = TextClassificationPipeline(model: try classifier(fixture))
        let results = try pipeline.classify(fixture.texts)
        for (result, expected) in zip(results, fixture.pipeline_default) {
            #expect(result.count == 1)
            #expect(result[0].label == expected.label)
            #expect(abs(result[0].score - expected.score) < 1e-4)
        }
    }

    @Test("top_k=None gives every label, sorted by score", arguments: cases)
    func pipelineAllLabels(_ fixture: ClassifierCase) throws {
        let results = try TextClassificationPipeline(model: try classifier(fixture)).classify(fixture.texts, topK: nil)
        for (result, expected) in zip(results, fixture.pipeline_top_k_none) {
            #expect(result.map(\.label) == expected.map(\.label))
            #expect(maximumDifference(result.map { Float($0.score) }, expected.map { Float($0.score) }) < 1e-4)
        }
    }

    @Test("top_k=2 with function_to_apply='sigmoid' gives the two best sigmoid scores", arguments: cases)
    func pipelineTopTwoSigmoid(_ fixture: ClassifierCase) throws {
        let results = try TextClassificationPipeline(model: try classifier(fixture))
            .classify(fixture.texts, topK: 2, function: .sigmoid)
        for (result, expected) in zip(results, fixture.pipeline_top_k_2_sigmoid) {
            #expect(result.map(\.label) == expected.map(\.label))
            #expect(maximumDifference(result.map { Float($0.score) }, expected.map { Float($0.score) }) < 1e-4)
        }
    }

    @Test("Batches of any size give the same logits as one batch")
    func batchSizeDoesNotChangeLogits() throws {
        let fixture = try #require(Self.cases.first { $0.model.hasSuffix("tiny-roberta-regard") })
        let pipeline = TextClassificationPipeline(model: try classifier(fixture))
        let whole = try pipeline.logits(fixture.texts, batchSize: 32)
        let single = try pipeline.logits(fixture.texts, batchSize: 1)
        for (a, b) in zip(whole, single) { #expect(maximumDifference(a, b) < 1e-5) }
    }

    @Test("RoBERTa's vocab.json and merges.txt without tokenizer.json give the same ids (<s>, </s>, byte-level BPE)")
    func robertaSlowTokenizerFiles() throws {
        let fixture = try #require(Self.cases.first { $0.model.hasSuffix("tiny-roberta-regard") })
        let folder = try Fixtures.temporaryDirectory()
        for file in ["vocab.json", "merges.txt", "tokenizer_config.json"] {
            try FileManager.default.copyItem(at: fixture.directory.appendingPathComponent(file), to: folder.appendingPathComponent(file))
        }
        let tokenizer = try TokenizerLoader.load(directory: folder)
        for (text, expected) in zip(fixture.texts, fixture.input_ids) {
            #expect(tokenizer.encode(text).ids == expected, "\(text)")
        }
        #expect(tokenizer.specialTokens.mask?.text == "<mask>")
    }

    @Test("The multi-label DistilBERT reads problem_type and its six labels")
    func multiLabelConfiguration() throws {
        let fixture = try #require(Self.cases.first { $0.model.hasSuffix("tiny-distilbert-multilabel") })
        let model = try classifier(fixture)
        #expect(model.problemType == .multiLabel)
        #expect(model.labels == ["toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate"])
        #expect(ClassificationFunction.default(for: model) == .sigmoid)
    }
}

@Suite("Text classification input and configuration errors")
struct ClassifierErrorTests {
    /// A copy of a fixture model folder whose config.json is replaced by `edit` of it.
    private func modelWithConfig(_ name: String, _ edit: (inout [String: Any]) -> Void) throws -> URL {
        let source = Fixtures.model(name)
        let folder = try Fixtures.temporaryDirectory().appendingPathComponent(name)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for file in try FileManager.default.contentsOfDirectory(atPath: source.path) where file != "config.json" {
            try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent(file), withDestinationURL: source.appendingPathComponent(file))
        }
        var config = try JSONSerialization.jsonObject(with: Data(contentsOf: source.appendingPathComponent("config.json"))) as! [String: Any]
        edit(&config)
        try JSONSerialization.data(withJSONObject: config).write(to: folder.appendingPathComponent("config.json"))
        return folder
    }

    @Test("An id2label with more labels than the head has outputs names the config and the fix")
    func id2labelMismatch() throws {
        let folder = try modelWithConfig("tiny-bert-toxicity") { $0["id2label"] = ["0": "a", "1": "b", "2": "c"] }
        #expect {
            _ = try ModelLoader.load(directory: folder)
        } throws: { error in
            let text = "\(error)"
            return text.contains("config.json") && text.contains("id2label names 3 labels") && text.contains("2 outputs")
        }
    }

    @Test("id2label ids that skip a number are refused")
    func id2labelGap() throws {
        let folder = try modelWithConfig("tiny-bert-toxicity") { $0["id2label"] = ["0": "a", "2": "b"] }
        #expect(throws: ModelError.self) { _ = try ModelLoader.load(directory: folder) }
    }

    @Test("A config without id2label names its labels LABEL_0 and LABEL_1, as transformers does")
    func defaultLabelNames() throws {
        let folder = try modelWithConfig("tiny-bert-toxicity") { $0.removeValue(forKey: "id2label"); $0.removeValue(forKey: "label2id") }
        let model = try ModelLoader.load(directory: folder).sequenceClassifier()
        #expect(model.labels == ["LABEL_0", "LABEL_1"])
    }

    @Test("An empty text is a PipelineError naming its index")
    func emptyText() throws {
        let model = try ModelLoader.load(directory: Fixtures.model("tiny-bert-toxicity")).sequenceClassifier()
        #expect(throws: PipelineError.self) { _ = try TextClassificationPipeline(model: model).classify(["fine", ""]) }
    }

    @Test("A text longer than the model accepts is refused, and truncation keeps [CLS] and [SEP]")
    func truncation() throws {
        let model = try ModelLoader.load(directory: Fixtures.model("tiny-bert-toxicity")).sequenceClassifier()
        let long = Array(repeating: "word", count: 300).joined(separator: " ")
        let pipeline = TextClassificationPipeline(model: model)
        #expect(throws: PipelineError.self) { _ = try pipeline.classify([long]) }
        let ids = try pipeline.encode([long], truncation: true)[0]
        #expect(ids.count == model.maximumSequenceLength)
        #expect(ids.first == 101 && ids.last == 102)
        #expect(try pipeline.classify([long], truncation: true)[0].count == 1)
    }

    @Test("RoBERTa counts positions after the padding id, so it accepts max_position_embeddings - 2 tokens")
    func robertaPositions() throws {
        let model = try ModelLoader.load(directory: Fixtures.model("tiny-roberta-regard")).sequenceClassifier()
        #expect(model.maximumSequenceLength == 128)
    }

    @Test("A model without a classification head says which model to use")
    func noHead() throws {
        let model = try ModelLoader.load(directory: Fixtures.model("tiny-bert-mlm"))
        #expect(model.classifier == nil)
        #expect(throws: ModelError.self) { _ = try model.sequenceClassifier() }
    }
}

/// The zero-shot case of `classifiers_public.json`.
struct ZeroShotCase: Decodable {
    struct Result: Decodable {
        let sequence: String
        let labels: [String]
        let scores: [Double]
    }

    let model: String
    let texts: [String]
    let candidate_labels: [String]
    let hypothesis_template: String
    let single: [Result]
    let multi_label: [Result]
    let templated: [Result]

    static func load() throws -> ZeroShotCase {
        let data = try Data(contentsOf: Fixtures.root.appendingPathComponent("classifiers_public.json"))
        let raw = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        let entry = try #require((raw["cases"] as! [[String: Any]]).first { $0["task"] as? String == "zero-shot-classification" })
        return try JSONDecoder().decode(ZeroShotCase.self, from: JSONSerialization.data(withJSONObject: entry))
    }
}

@Suite("Zero-shot classification against transformers")
struct ZeroShotConformanceTests {
    private func check(_ results: [ZeroShotResult], _ expected: [ZeroShotCase.Result]) {
        #expect(results.count == expected.count)
        for (result, reference) in zip(results, expected) {
            #expect(result.sequence == reference.sequence)
            #expect(result.labels == reference.labels, "\(reference.sequence)")
            #expect(maximumDifference(result.scores.map(Float.init), reference.scores.map(Float.init)) < 1e-4, "\(reference.sequence)")
        }
    }

    @Test("Single-label, multi-label and templated results match, labels in order")
    func allThreeModes() throws {
        let fixture = try ZeroShotCase.load()
        let model = try ModelLoader.load(directory: Fixtures.model("tiny-bert-nli")).sequenceClassifier()
        let pipeline = ZeroShotClassificationPipeline(model: model)
        #expect(pipeline.entailmentIndex == 2)
        check(try pipeline(fixture.texts, candidateLabels: fixture.candidate_labels), fixture.single)
        check(try pipeline(fixture.texts, candidateLabels: fixture.candidate_labels, multiLabel: true), fixture.multi_label)
        check(try pipeline(fixture.texts, candidateLabels: fixture.candidate_labels, hypothesisTemplate: fixture.hypothesis_template),
              fixture.templated)
    }

    @Test("A BERT pair is [CLS] a [SEP] b [SEP] with segment 1 for the hypothesis; RoBERTa doubles </s> and keeps segment 0")
    func pairEncoding() throws {
        let bert = try ModelLoader.load(directory: Fixtures.model("tiny-bert-nli")).sequenceClassifier()
        let pair = bert.encodePair("a b", "c")
        #expect(pair.ids.first == 101 && pair.ids.filter { $0 == 102 }.count == 2)
        #expect(pair.tokenTypes == [0, 0, 0, 0, 1, 1])
        let roberta = try ModelLoader.load(directory: Fixtures.model("tiny-roberta-regard")).sequenceClassifier()
        let robertaPair = roberta.encodePair("a", "b")
        #expect(robertaPair.ids.first == 0 && robertaPair.ids.last == 2 && robertaPair.ids.filter { $0 == 2 }.count == 3)
        #expect(Set(robertaPair.tokenTypes) == [0])
    }

    @Test("No candidates, or a template without {}, are PipelineErrors")
    func badArguments() throws {
        let model = try ModelLoader.load(directory: Fixtures.model("tiny-bert-nli")).sequenceClassifier()
        let pipeline = ZeroShotClassificationPipeline(model: model)
        #expect(throws: PipelineError.self) { _ = try pipeline(["text"], candidateLabels: []) }
        #expect(throws: PipelineError.self) { _ = try pipeline(["text"], candidateLabels: ["a"], hypothesisTemplate: "About it.") }
    }
}
