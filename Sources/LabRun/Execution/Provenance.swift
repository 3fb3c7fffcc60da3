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
                  tokenizer: use.tokenizerKind, precision: use.numericPath ?? "tokenizer only")
        }
        return Provenance(models: models, seeds: provider.seeds, labrunVersion: LabRunVersion.current)
    }

    /// One line per model for the terminal: `model X (asked for Y) · sha256 abc… · tokenizer · precision`,
    /// then seeds and version.
    public var summaryLines: [String] {
        var lines = models.map { model -> String in
            var parts = [model.id == model.requested ? model.id : "\(model.id) (the lab asked for \(model.requested))"]
            if let digest = model.weightsSHA256 { parts.append("sha256 \(digest)") }
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
        }
        if !seeds.isEmpty { pairs["seeds"] = seeds.map(String.init).joined(separator: ",") }
        return pairs
    }
}
