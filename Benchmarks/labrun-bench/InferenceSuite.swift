import Foundation
import Inference
import LabRun

/// The inference engine on the workloads labs run: MiniLM sentence embeddings (batch throughput
/// and single-sentence latency) and one fill-mask on a BERT-base-sized model built from random
/// weights (12 layers, 768 hidden, 30522 vocabulary). Needs the bundled all-MiniLM-L6-v2
/// (its tokenizer is also the one of the random BERT-base).
struct InferenceSuite: BenchmarkSuite {
    let name = "inference"
    let summary = "MiniLM sentences/s (batch 32) and latency, fill-mask latency on a random BERT-base"

    /// 32 short sentences of the kind bias labs embed.
    static let sentences: [String] = (0..<32).map { index in
        let people = ["man", "woman", "doctor", "nurse", "engineer", "teacher", "pilot", "cook"]
        let verbs = ["works as a", "is known as a", "wants to be a", "trained as a"]
        let jobs = ["carpenter", "lawyer", "secretary", "programmer"]
        return "The \(people[index % 8]) \(verbs[index % 4]) \(jobs[(index / 8) % 4])."
    }

    func run() throws -> [BenchmarkResult] {
        guard let miniLM = Self.miniLMDirectory() else {
            FileHandle.standardError.write(Data("inference: skipped, all-MiniLM-L6-v2 is not installed (scripts/install-models.sh)\n".utf8))
            return []
        }
        var results: [BenchmarkResult] = []
        let tokenizer = try TokenizerLoader.load(directory: miniLM)
        let lengths = Self.sentences.map { tokenizer.encode($0, addSpecialTokens: true).ids.count }
        // A batch is padded to its longest sentence; one sentence runs at its own length.
        let batchFLOPs = Double(Self.sentences.count) * Self.encoderFLOPs(tokens: lengths.max() ?? 0, hidden: 384,
                                                                          intermediate: 1536, layers: 6)
        let sentenceFLOPs = Self.encoderFLOPs(tokens: lengths[0], hidden: 384, intermediate: 1536, layers: 6)
        let embeddings = FeatureExtractionPipeline(model: try ModelLoader.load(directory: miniLM).textEncoder())
        _ = try embeddings.sentenceEmbeddings(["warm-up"])
        let batch = try measureSeconds(runs: 20, warmup: 3) {
            _ = try embeddings.sentenceEmbeddings(Self.sentences, batchSize: 32)
        }
        results.append(.rate(suite: name, name: "MiniLM embed, batch of 32 (goal >= 600)", work: 32,
                             unit: "sentences/s", seconds: batch).roofline(.compute, workPerUnit: batchFLOPs / 32))
        let single = try measureSeconds(runs: 50, warmup: 5) {
            _ = try embeddings.sentenceEmbeddings([Self.sentences[0]])
        }
        results.append(.latency(suite: name, name: "MiniLM embed, 1 sentence (goal <= 3)", seconds: single)
            .roofline(.compute, workPerRun: sentenceFLOPs))
        results.append(.rate(suite: name, name: "MiniLM embed, batch of 32, fastest run", work: 32, unit: "sentences/s",
                             seconds: [batch.min() ?? 0]))
        results.append(.latency(suite: name, name: "MiniLM embed, 1 sentence, fastest run", seconds: [single.min() ?? 0]))

        let bertBase = try Self.randomBERTBase(tokenizer: tokenizer)
        let fillMask = FillMaskPipeline(model: bertBase)
        let fillText = "The man worked as a [MASK] in the city."
        let fill = try measureSeconds(runs: 20, warmup: 3) {
            _ = try fillMask(fillText, topK: 5)
        }
        // The encoder over every token, then the MLM head (transform and decoder) at the mask.
        let fillFLOPs = Self.encoderFLOPs(tokens: tokenizer.encode(fillText, addSpecialTokens: true).ids.count,
                                          hidden: 768, intermediate: 3072, layers: 12)
            + 2 * 768 * 768 + 2 * 768 * 30522
        results.append(.latency(suite: name, name: "fill-mask, BERT-base random (goal <= 25)", seconds: fill)
            .roofline(.compute, workPerRun: fillFLOPs))
        results.append(.latency(suite: name, name: "fill-mask, BERT-base random, fastest run", seconds: [fill.min() ?? 0]))

        // Process CPU time (all threads) of one run, least of several: on a machine shared with
        // other builds this is closer to the unloaded cost than wall time (with one BLAS thread
        // it is the single-core latency; with more, idle BLAS threads that spin are counted too).
        let batchCPU = try Self.leastCPUSeconds(runs: 10) { _ = try embeddings.sentenceEmbeddings(Self.sentences, batchSize: 32) }
        results.append(.rate(suite: name, name: "MiniLM embed, batch of 32, per CPU second", work: 32,
                             unit: "sentences/s", seconds: [batchCPU]))
        let singleCPU = try Self.leastCPUSeconds(runs: 30) { _ = try embeddings.sentenceEmbeddings([Self.sentences[0]]) }
        results.append(.latency(suite: name, name: "MiniLM embed, 1 sentence, CPU time", seconds: [singleCPU]))
        let fillCPU = try Self.leastCPUSeconds(runs: 10) { _ = try fillMask("The man worked as a [MASK] in the city.", topK: 5) }
        results.append(.latency(suite: name, name: "fill-mask, BERT-base random, CPU time", seconds: [fillCPU]))
        return results
    }

    /// FLOPs of a BERT-style encoder over `tokens` tokens: per layer, the four attention
    /// projections and the two feed-forward products (2 per multiply-add), plus the attention
    /// scores and their weighted sum of values (2·tokens²·hidden each).
    static func encoderFLOPs(tokens: Int, hidden: Int, intermediate: Int, layers: Int) -> Double {
        let n = Double(tokens), h = Double(hidden)
        return Double(layers) * (2 * n * (4 * h * h + 2 * h * Double(intermediate)) + 4 * n * n * h)
    }

    /// The least process CPU time (user + system, every thread) that one call of `body` took.
    static func leastCPUSeconds(runs: Int, _ body: () throws -> Void) rethrows -> Double {
        func cpuSeconds() -> Double {
            var now = timespec()
            clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now)
            return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
        }
        var least = Double.infinity
        for _ in 0..<runs {
            let start = cpuSeconds()
            try body()
            least = min(least, cpuSeconds() - start)
        }
        return least
    }

    static func miniLMDirectory() -> URL? {
        let url = LabRunState().modelsFolder.appendingPathComponent("sentence-transformers/all-MiniLM-L6-v2", isDirectory: true)
        return FileManager.default.fileExists(atPath: url.appendingPathComponent("model.safetensors").path) ? url : nil
    }

    /// BERT-base's shapes with seeded uniform weights in ±0.05 (LayerNorm γ = 1, β = 0), with an MLM head.
    static func randomBERTBase(tokenizer: any Tokenizer) throws -> BERTModel {
        let configuration = BERTModel.Configuration(vocabularySize: 30522, hiddenSize: 768, layerCount: 12, headCount: 12,
                                                    intermediateSize: 3072, maximumPositions: 512)
        var generator = SeededGenerator(seed: 12)
        var tensors: [String: Tensor] = [:]
        func random(_ name: String, _ shape: [Int]) {
            let count = shape.reduce(1, *)
            tensors[name] = Tensor(shape: shape, scalars: (0..<count).map { _ in (generator.uniform() - 0.5) * 0.1 })
        }
        func norm(_ prefix: String) {
            tensors[prefix + ".weight"] = Tensor(shape: [768], scalars: [Float](repeating: 1, count: 768))
            tensors[prefix + ".bias"] = Tensor(zeros: [768])
        }
        func linear(_ prefix: String, _ outputs: Int, _ inputs: Int) {
            random(prefix + ".weight", [outputs, inputs])
            random(prefix + ".bias", [outputs])
        }
        random("embeddings.word_embeddings.weight", [30522, 768])
        random("embeddings.position_embeddings.weight", [512, 768])
        random("embeddings.token_type_embeddings.weight", [2, 768])
        norm("embeddings.LayerNorm")
        for layer in 0..<12 {
            let p = "encoder.layer.\(layer)."
            for part in ["query", "key", "value"] { linear(p + "attention.self." + part, 768, 768) }
            linear(p + "attention.output.dense", 768, 768)
            norm(p + "attention.output.LayerNorm")
            linear(p + "intermediate.dense", 3072, 768)
            linear(p + "output.dense", 768, 3072)
            norm(p + "output.LayerNorm")
        }
        linear("cls.predictions.transform.dense", 768, 768)
        norm("cls.predictions.transform.LayerNorm")
        random("cls.predictions.bias", [30522])
        return try BERTModel(configuration: configuration, weights: WeightSet(tensors: tensors, file: "random BERT-base"),
                             tokenizer: tokenizer, source: "random BERT-base")
    }
}
