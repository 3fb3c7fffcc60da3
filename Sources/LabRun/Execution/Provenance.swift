import Foundation
import Inference

/// Where a result came from, recorded with every run and shown under it: the model that ran
/// (and the one the lab asked for), the weights' SHA-256, the tokenizer, the seeds, the numeric
/// path and labrun's version.
public struct Provenance: Sendable, Codable, Equatable {
    /// One model a run used.
    public struct Model: Sendable, Codable, Equatable {
        /// The id that ran.
        public var id: String
        /// The id the lab's code named (differs under `--model`).
        public var requested: String
        /// The task or action it served.
        public var task: String
        /// The first 12 hex digits of the weight file's SHA-256, when it could be read.
        public var weightsSHA256: String?
        /// The tokenizer kind (`WordPiece`, `byte-level BPE`).
        public var tokenizer: String?
        /// How the numbers were computed (`float32`, or the quantized fast path of a GGUF model;
        /// `tokenizer only` when the run used only the model's tokenizer).
        public var precision: String
        /// For a model trained in the run: the first 12 hex digits of its base's weight file's SHA-256.
        public var baseSHA256: String?
        /// For a model with a LoRA adapter: the first 12 hex digits of the SHA-256 of the adapter's
        /// tensors (float32 bytes, in name order). A fully fine-tuned model's tensor digest is `weightsSHA256`.
        public var adapterSHA256: String?
        /// For a model trained in the run: the run that last changed its weights.
        public var training: Training?
    }

    /// A training run, as the provenance of the model it trained names it.
    public struct Training: Sendable, Codable, Equatable {
        /// The optimizer steps the run took.
        public var steps: Int
        /// Its (peak) learning rate.
        public var learningRate: Double
        /// Its seed (data order, masking, dropout).
        public var seed: Int
        /// What ran it: `Trainer` or `labrun.finetune`.
        public var trainer: String

        /// `trained 12 steps, lr 3e-4, seed 0 (labrun.finetune)`.
        public var summary: String {
            "trained \(steps) step\(steps == 1 ? "" : "s"), lr \(Self.rate(learningRate)), seed \(seed) (\(trainer))"
        }

        /// A learning rate as people write it: `3e-4`, `2.5e-5`, `0.01`.
        static func rate(_ value: Double) -> String {
            guard value > 0, value < 1e-2 else { return String(format: "%g", value) }
            let exponent = Int(log10(value).rounded(.down))
            let mantissa = value / pow(10, Double(exponent))
            return String(format: "%ge%d", (mantissa * 1000).rounded() / 1000, exponent)
        }
    }

    /// Every model used, in first-use order.
    public var models: [Model]
    /// The seeds passed to sampling calls, in order (empty when nothing was sampled).
    public var seeds: [UInt64]
    /// labrun's version.
    public var labrunVersion: String

    /// The provenance of the models `provider` loaded during a run: a read of what was recorded
    /// when each was loaded (the digest is computed, or read from the digest cache, here).
    public static func of(_ provider: ModelProvider) -> Provenance {
        let models = provider.uses.map { use in
            Model(id: use.id, requested: use.requested, task: use.task,
                  weightsSHA256: use.weightsDigest.map { String($0.prefix(12)) },
                  tokenizer: use.tokenizerKind, precision: use.numericPath ?? "tokenizer only",
                  baseSHA256: use.trained?.baseSHA256.map { String($0.prefix(12)) },
                  adapterSHA256: use.trained?.adapterSHA256.map { String($0.prefix(12)) }, training: use.trained?.training)
        }
        return Provenance(models: models, seeds: provider.seeds, labrunVersion: LabRunVersion.current)
    }

    /// One line per model for the terminal: `model X (asked for Y) · sha256 abc… · tokenizer · precision`
    /// (a trained model's with `base sha256 …`, `adapter sha256 …` and its training run), then seeds and version.
    public var summaryLines: [String] {
        var lines = models.map { model -> String in
            var parts = [model.id == model.requested ? model.id : "\(model.id) (the lab asked for \(model.requested))"]
            if let digest = model.baseSHA256 { parts.append("base sha256 \(digest)") }
            if let digest = model.adapterSHA256 { parts.append("adapter sha256 \(digest)") }
            if let digest = model.weightsSHA256 { parts.append("sha256 \(digest)") }
            if let training = model.training { parts.append(training.summary) }
            if let tokenizer = model.tokenizer { parts.append(tokenizer) }
            parts.append(model.precision)
            return parts.joined(separator: " · ")
        }
        var tail = ["labrun \(labrunVersion)"]
        if !seeds.isEmpty { tail.insert("seed\(seeds.count == 1 ? "" : "s") \(seeds.map(String.init).joined(separator: ", "))", at: 0) }
        lines.append(tail.joined(separator: " · "))
        return lines
    }

    /// The provenance as the progress store's string pairs.
    public var record: [String: String] {
        var pairs = ["labrun_version": labrunVersion]
        for (index, model) in models.enumerated() {
            let prefix = index == 0 ? "model" : "model\(index + 1)"
            pairs[prefix] = model.id
            pairs["\(prefix)_requested"] = model.requested
            pairs["\(prefix)_task"] = model.task
            pairs["\(prefix)_precision"] = model.precision
            if let digest = model.weightsSHA256 { pairs["\(prefix)_sha256"] = digest }
            if let tokenizer = model.tokenizer { pairs["\(prefix)_tokenizer"] = tokenizer }
            if let digest = model.baseSHA256 { pairs["\(prefix)_base_sha256"] = digest }
            if let digest = model.adapterSHA256 { pairs["\(prefix)_adapter_sha256"] = digest }
            if let training = model.training { pairs["\(prefix)_training"] = training.summary }
        }
        if !seeds.isEmpty { pairs["seeds"] = seeds.map(String.init).joined(separator: ",") }
        return pairs
    }
}
