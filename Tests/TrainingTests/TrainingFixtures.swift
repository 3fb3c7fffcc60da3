import Foundation
import Inference
import Testing
@testable import Training

/// The PyTorch reference cases in Fixtures/ (copied from the shared training fixtures; see
/// Fixtures/README.md): a batch, its loss, every parameter's gradient and a 5-step AdamW run.
enum TrainingFixtures {
    /// Tests/TrainingTests/Fixtures, found from this file's path, or the folder named by
    /// LABRUN_TRAINING_FIXTURES (the same layout: JSON files, models/, grads), to run other cases.
    static let root: URL = {
        if let folder = ProcessInfo.processInfo.environment["LABRUN_TRAINING_FIXTURES"] {
            return URL(fileURLWithPath: folder, isDirectory: true)
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures", isDirectory: true)
    }()

    /// A path relative to the fixtures folder (the JSON's `model` and `grads_file` are such paths).
    static func url(_ relative: String) -> URL { root.appendingPathComponent(relative) }

    /// Every case of every `training_*.json` in the fixtures folder and its `generated/` folder:
    /// training_public.json (the shared fixtures) and generated/training_generated.json
    /// (scripts/training-fixtures/make_training_cases.py).
    static let cases: [TrainingCase] = ["", "generated/"].flatMap { folder -> [String] in
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url(folder).path)) ?? []
        return names.filter { $0.hasPrefix("training_") && $0.hasSuffix(".json") }.sorted().map { folder + $0 }
    }.flatMap { name -> [TrainingCase] in
        do {
            return try JSONDecoder().decode(TrainingFile.self, from: Data(contentsOf: url(name))).cases
        } catch {
            fatalError("Fixtures/\(name) cannot be read: \(error)")
        }
    }

    /// The model of `reference`, with its initial LoRA adapter when the case has one.
    static func model(for reference: TrainingCase) throws -> any TrainableModel {
        var model = try TrainableModels.load(directory: url(reference.model))
        if let adapter = reference.adapter_init {
            try model.attachLoRA(directory: url(adapter))
        }
        return model
    }

    /// The case named `name`.
    static func named(_ name: String) -> TrainingCase {
        guard let found = cases.first(where: { $0.name == name }) else { fatalError("no training case \(name)") }
        return found
    }
}

struct TrainingFile: Decodable {
    let cases: [TrainingCase]
}

/// One reference case.
struct TrainingCase: Decodable, CustomTestStringConvertible {
    struct Trainer: Decodable {
        let max_steps: Int?
        let steps: Int?
        let learning_rate: Double
        let weight_decay: Double?
        let max_grad_norm: Double?
        let betas: [Double]?
        let eps: Double?
        let lr_scheduler_type: String?
        let warmup_steps: Int?
        let losses: [Double]
        let grad_norms: [Double]
        /// The rate each step used (generated cases only).
        let learning_rates: [Double]?
        var stepCount: Int { max_steps ?? steps ?? losses.count }
    }
    struct LoRA: Decodable {
        let r: Int
        let lora_alpha: Double
        let target_modules: [String]
        let lora_dropout: Double?
    }
    let name: String
    let model: String
    let kind: String
    let input_ids: [[Int]]?
    let attention_mask: [[Int]]?
    let labels: [[Int]]?
    let loss: Double?
    let grad_norm: Double?
    let param_grad_norms: [String: Double]?
    let grads_file: String?
    let trainer: Trainer?
    let adamw: Trainer?
    let adapter_init: String?
    let lora: LoRA?

    var testDescription: String { name }

    /// The case's batch; cases without one (LoRA) use the batch of the case on the same model.
    func batch() throws -> TokenBatch {
        if let input_ids, let labels {
            return try TokenBatch(inputIDs: input_ids, attentionMask: attention_mask, labels: labels)
        }
        let sibling = TrainingFixtures.cases.first { $0.model == model && $0.input_ids != nil }!
        return try sibling.batch()
    }

    /// The reference gradients by parameter name (PEFT's in-memory names, with `.default.`,
    /// read as the saved ones without it).
    func referenceGradients() throws -> [String: Tensor] {
        let file = try SafeTensors(contentsOf: TrainingFixtures.url(grads_file!))
        return Dictionary(uniqueKeysWithValues: file.tensors.map { ($0.key.replacingOccurrences(of: ".default.", with: "."), $0.value) })
    }
}

/// How far `actual` is from `expected`, relative to the reference's size:
/// `max |a − e| / max(max |e|, floor)`. The floor keeps gradients that are zero in exact
/// arithmetic (BERT's key biases: softmax ignores a score added to every key) from comparing
/// float32 rounding noise of 1e-12 with itself.
func relativeError(_ actual: [Float], _ expected: [Float], floor: Double = 1e-6) -> Double {
    precondition(actual.count == expected.count, "lengths differ: \(actual.count) vs \(expected.count)")
    var difference = 0.0, scale = 0.0
    for (a, e) in zip(actual, expected) {
        difference = max(difference, abs(Double(a) - Double(e)))
        scale = max(scale, abs(Double(e)))
    }
    return difference / max(scale, floor)
}
