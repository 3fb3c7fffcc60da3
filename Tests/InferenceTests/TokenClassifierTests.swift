import Foundation
import Testing
@testable import Inference

/// The token-classification head and pipeline on the tiny BERT weights relabelled as a tagger
/// (`BertForTokenClassification`, labels B-PER and I-PER): the head is checked against the encoder's
/// own hidden states, and the pipeline's grouping against transformers' rules.
@Suite("Token classification")
struct TokenClassifierTests {
    /// tiny-bert-toxicity's files with a config that makes `classifier` a per-token head.
    static func tagger() throws -> EncoderTokenClassifier {
        let source = Fixtures.model("tiny-bert-toxicity")
        let folder = try Fixtures.temporaryDirectory().appendingPathComponent("tiny-bert-tagger")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for file in try FileManager.default.contentsOfDirectory(atPath: source.path) where file != "config.json" {
            try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent(file), withDestinationURL: source.appendingPathComponent(file))
        }
        var config = try JSONSerialization.jsonObject(with: Data(contentsOf: source.appendingPathComponent("config.json"))) as! [String: Any]
        config["architectures"] = ["BertForTokenClassification"]
        config["id2label"] = ["0": "B-PER", "1": "I-PER"]
        config.removeValue(forKey: "label2id")
        try JSONSerialization.data(withJSONObject: config).write(to: folder.appendingPathComponent("config.json"))
        let loaded = try ModelLoader.load(directory: folder)
        #expect(loaded.classifier == nil)
        #expect(loaded.tasks.contains(.tokenClassification))
        return try #require(loaded.tokenClassifier)
    }

    @Test("Each token's logits are the head applied to that token's last hidden state")
    func headOnEveryToken() throws {
        let model = try Self.tagger()
        let ids = model.tokenizer.encode("Marie Curie met Albert Einstein in Paris.").ids
        let logits = try model.logits(for: [ids])[0]
        let hidden = try model.encoder.hiddenStates(for: [ids])[0]
        let weights = try SafeTensors(contentsOf: Fixtures.model("tiny-bert-toxicity").appendingPathComponent("model.safetensors"))
        let w = try #require(weights.tensors["classifier.weight"]), b = try #require(weights.tensors["classifier.bias"])
        #expect(logits.shape == [ids.count, 2])
        for token in 0..<ids.count {
            let state = hidden.row(token)
            let expected = (0..<2).map { label in
                b.scalars[label] + (0..<state.count).reduce(Float(0)) { $0 + state[$1] * w.scalars[label * state.count + $1] }
            }
            #expect(maximumDifference(logits.row(token), expected) < 1e-5)
        }
    }

    @Test("Without aggregation every non-special token is returned with its index, word and offsets")
    func noAggregation() throws {
        let model = try Self.tagger()
        let text = "Marie Curie met Albert Einstein."
        let entities = try TokenClassificationPipeline(model: model)([text])[0]
        let encoding = model.tokenizer.encode(text)
        #expect(entities.map(\.index) == Array(1..<encoding.count - 1))
        let scalars = Array(text.unicodeScalars)
        for entity in entities {
            #expect(["B-PER", "I-PER"].contains(entity.label))
            #expect(entity.score >= 0.5 && entity.score <= 1)
            #expect(String(String.UnicodeScalarView(scalars[entity.start..<entity.end])).lowercased() == entity.word.replacingOccurrences(of: "##", with: ""))
        }
        let ignored = try TokenClassificationPipeline(model: model)([text], ignoreLabels: ["B-PER", "I-PER"])[0]
        #expect(ignored.isEmpty)
    }

    @Test("Simple aggregation merges a run that no B- label interrupts and averages its scores")
    func simpleAggregation() throws {
        let model = try Self.tagger()
        let text = "Marie Curie met Albert Einstein in Paris."
        let pipeline = TokenClassificationPipeline(model: model)
        let tokens = try pipeline([text])[0]
        let groups = try pipeline([text], aggregation: .simple)[0]
        // A new group starts at the first token and at every B-PER.
        #expect(groups.count == 1 + tokens.dropFirst().filter { $0.label == "B-PER" }.count)
        #expect(groups.allSatisfy { $0.label == "PER" && $0.index == nil })
        #expect(groups.first?.start == 0 && groups.last?.end == tokens.last?.end)
        let firstGroupSize = (tokens.dropFirst().firstIndex { $0.label == "B-PER" } ?? tokens.count)
        let firstMean = tokens.prefix(firstGroupSize).map(\.score).reduce(0, +) / Double(firstGroupSize)
        #expect(abs((groups.first?.score ?? 0) - firstMean) < 1e-12)
        let begin = TokenClassificationPipeline.tag("B-LOC"), outside = TokenClassificationPipeline.tag("O")
        #expect(begin.boundary == "B" && begin.tag == "LOC" && outside.boundary == "I" && outside.tag == "O")
    }
}
