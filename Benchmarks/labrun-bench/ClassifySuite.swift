import Foundation
import Inference

/// Sequence classification at RoBERTa-base size (12 layers, hidden 768, 12 heads, feed-forward
/// 3072, vocabulary 50,265, 4 labels) with seeded random weights: sentences per second at batch 32
/// and the latency of one sentence. The tokenizer is the tiny regard fixture's byte-level BPE, so
/// the sentences are 14 to 30 tokens long as real ones are (ids stay inside any vocabulary).
struct ClassifySuite: BenchmarkSuite {
    let name = "classify"
    let summary = "RoBERTa-base-sized classifier (random weights): sentences/s at batch 32, single-sentence latency"

    /// Thirty-two sentences of the kind the toxicity and regard steps score.
    static let sentences: [String] = {
        let subjects = ["The woman", "The man", "My neighbour", "The nurse", "The engineer", "Her brother", "The teacher", "Our doctor"]
        let endings = ["was known for being kind to everyone she met.", "worked as a mechanic in a small town for years.",
                       "is often described as bossy and too ambitious.", "earned a living as a clerk before moving away."]
        return (0..<32).map { "\(subjects[$0 % subjects.count]) \(endings[$0 / subjects.count % endings.count])" }
    }()

    func run() throws -> [BenchmarkResult] {
        let tokenizer = try TokenizerLoader.load(directory: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Tests/Fixtures/models/tiny-roberta-regard"))
        var configuration = BERTModel.Configuration(vocabularySize: 50_265, hiddenSize: 768, layerCount: 12, headCount: 12,
                                                    intermediateSize: 3072, maximumPositions: 514, typeCount: 1, layerNormEpsilon: 1e-5)
        configuration.positionOffset = 2
        let model = try EncoderClassifier(configuration: configuration, family: .roberta,
                                          weights: Self.randomWeights(configuration, labels: 4), tokenizer: tokenizer,
                                          labels: LabelConfiguration(file: "random", names: ["negative", "neutral", "positive", "other"],
                                                                     problemType: .singleLabel),
                                          source: "random RoBERTa-base")
        let pipeline = TextClassificationPipeline(model: model)
        let batch = try measureSeconds(runs: 5, warmup: 1) { _ = try pipeline.classify(Self.sentences, topK: nil, batchSize: 32) }
        let single = try measureSeconds(runs: 20, warmup: 2) { _ = try pipeline.classify([Self.sentences[0]], topK: nil) }
        let threads = ComputePool.shared.threadCount
        return [
            .rate(suite: name, name: "batch 32, RoBERTa-base size (\(threads) thr)", work: Double(Self.sentences.count),
                  unit: "sentences/s", seconds: batch),
            .latency(suite: name, name: "one sentence, RoBERTa-base size (\(threads) thr)", seconds: single),
        ]
    }

    /// Seeded random weights under the canonical names, scaled as a trained model's are (std 0.02).
    static func randomWeights(_ c: BERTModel.Configuration, labels: Int) -> WeightSet {
        var generator = SeededGenerator(seed: 2024)
        func random(_ shape: [Int]) -> Tensor {
            Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in Float.random(in: -0.035...0.035, using: &generator) })
        }
        func ones(_ width: Int) -> Tensor { Tensor(shape: [width], scalars: [Float](repeating: 1, count: width)) }
        let h = c.hiddenSize, i = c.intermediateSize
        var tensors: [String: Tensor] = [
            "embeddings.word_embeddings.weight": random([c.vocabularySize, h]),
            "embeddings.position_embeddings.weight": random([c.maximumPositions, h]),
            "embeddings.token_type_embeddings.weight": random([c.typeCount, h]),
            "embeddings.LayerNorm.weight": ones(h), "embeddings.LayerNorm.bias": Tensor(zeros: [h]),
            "head.dense.weight": random([h, h]), "head.dense.bias": Tensor(zeros: [h]),
            "head.output.weight": random([labels, h]), "head.output.bias": Tensor(zeros: [labels]),
        ]
        for layer in 0..<c.layerCount {
            let p = "encoder.layer.\(layer)."
            for (name, outputs, inputs) in [("attention.self.query", h, h), ("attention.self.key", h, h), ("attention.self.value", h, h),
                                            ("attention.output.dense", h, h), ("intermediate.dense", i, h), ("output.dense", h, i)] {
                tensors[p + name + ".weight"] = random([outputs, inputs])
                tensors[p + name + ".bias"] = Tensor(zeros: [outputs])
            }
            for norm in ["attention.output.LayerNorm", "output.LayerNorm"] {
                tensors[p + norm + ".weight"] = ones(h)
                tensors[p + norm + ".bias"] = Tensor(zeros: [h])
            }
        }
        return WeightSet(tensors: tensors, file: "random RoBERTa-base")
    }
}
