import Bias
import Foundation
import Inference
import LabScript

extension LabrunModule {
    /// Causal architectures the engine runs, by `model_type` (config.json) or GGUF architecture.
    static let causalArchitectures: Set<String> = ["llama", "gpt2"]
    /// Masked-LM architectures the engine runs.
    static let maskedArchitectures: Set<String> = ["bert"]

    /// `labrun.minimal_pairs` and `labrun.installed_models`: the data and the model list a lab
    /// loops over, so a study's table grows with what is installed.
    static func defineData(in module: HostModule, models: ModelProvider) {
        function("minimal_pairs", "minimal_pairs(path=\"builtin\")",
                 computes: """
                 CrowS-Pairs-style minimal pairs as a list of dicts {"sent_more", "sent_less", "stereo_antistereo",
                 "bias_type"}, in file order: "builtin" is the project's own 40 pairs (the set crows_pairs(model,
                 "builtin") scores), or the path of a CrowS-Pairs CSV file. Slice it to split it (pairs[0::2] and
                 pairs[1::2] keep every bias type on both sides) and pass a part to crows_pairs, or train on one side.
                 """,
                 definition: "sent_more is the more stereotyping sentence of a pair, sent_less the less stereotyping one (Nangia et al. 2020).",
                 example: """
                 pairs = labrun.minimal_pairs()
                 train, held_out = pairs[0::2], pairs[1::2]
                 print(len(train), len(held_out), held_out[0]["bias_type"])
                 """,
                 used: ["path"], positional: 1).define(in: module, models: models) { arguments in
            let source = arguments.value(0, "path")
            let set: CrowSPairs
            if BiasValues.isBuiltin(source) {
                set = try MinimalPairs.pairs()
            } else if let path = source?.asString {
                do {
                    set = try CrowSPairs(contentsOfFile: path)
                } catch {
                    throw HostError(kind: "OSError", message: "minimal_pairs(): \(error)")
                }
            } else {
                throw HostError.typeError("minimal_pairs() argument 'path' must be \"builtin\" or the path of a CrowS-Pairs CSV file, not \(source?.typeName ?? "None")")
            }
            return .list(set.pairs.map { pair in
                .dict([("sent_more", .string(pair.sentMore)), ("sent_less", .string(pair.sentLess)),
                       ("stereo_antistereo", .string(pair.direction.rawValue)), ("bias_type", .string(pair.biasType))])
            })
        }

        function("installed_models", "installed_models(task=None)",
                 computes: """
                 The ids of the models on this machine (labrun's models folder, then the Hugging Face cache), smallest
                 first, that labrun's engine runs for task: "text-generation" (causal models), "fill-mask" (masked
                 models), or None (both). Under `labrun step --model ID` it is [ID], so a loop over it runs the
                 chosen model.
                 """,
                 definition: "the architecture comes from config.json's model_type or the GGUF header; the size is the folder's total bytes.",
                 example: """
                 for model_id in labrun.installed_models("text-generation"):
                     print(model_id, labrun.crows_pairs(model_id, "builtin")["metric"])
                 """,
                 used: ["task"], positional: 1).define(in: module, models: models) { arguments in
            let task = try arguments.string("task", at: 0, default: nil)
            let architectures: Set<String>
            switch task {
            case "text-generation": architectures = causalArchitectures
            case "fill-mask": architectures = maskedArchitectures
            case nil: architectures = causalArchitectures.union(maskedArchitectures)
            case let other?:
                throw HostError.valueError("installed_models(): task must be \"text-generation\", \"fill-mask\" or None, not '\(other)'")
            }
            if let substitute = models.substitute { return .list([.string(substitute)]) }
            var seen = Set<String>()
            let found = models.hub.installedModels()
                .filter { model in model.architecture.map(architectures.contains) ?? false }
                .filter { seen.insert($0.id).inserted }
                .sorted { ($0.sizeInBytes, $0.id) < ($1.sizeInBytes, $1.id) }
            return .list(found.map { .string($0.id) })
        }
    }
}
