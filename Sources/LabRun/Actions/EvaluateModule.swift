import Bias
import Foundation
import LabScript

/// LabScript's `evaluate` module: `evaluate.load(name)` for the Hugging Face evaluate
/// measurements labrun can compute offline, with the same names, arguments and result keys.
///
///     import evaluate
///     honest = evaluate.load("honest", "en")
///     print(honest.compute(predictions=completions, groups=groups))
enum EvaluateModule {
    /// The measurements `load` knows, with one line each for error messages and help.
    static let known: [(name: String, summary: String)] = [
        ("honest", "HONEST (Nozza et al. 2021): share of hurtful words among completions; compute(predictions=[[str]], groups=None)"),
        ("perplexity", "a causal model's perplexity on each text; compute(predictions=[str], model_id=model, add_start_token=True)"),
        ("toxicity", "hate-speech score per text from a classifier (facebook/roberta-hate-speech-dynabench-r4-target, or the model named as config_name); compute(predictions=[str], aggregation=None|\"maximum\"|\"ratio\", toxic_label=\"hate\", threshold=0.5)"),
        ("regard", "how each text regards its subject, from sasha/regardv3; compute(data=[str], aggregation=None|\"maximum\"|\"average\"); config \"compare\" adds references=[str]"),
    ] + TextMeasurement.Kind.allCases.map { ($0.rawValue, $0.summary) }

    /// The module, with Hub models resolved through `models`.
    static func make(models: ModelProvider) -> HostModule {
        let module = HostModule(name: "evaluate", doc: """
            Hugging Face evaluate, as labrun runs it offline.
              load(name, config_name=None)   measurements: \(known.map(\.name).joined(separator: ", "))
            """)
        ActionFunction(
            name: "load", module: "evaluate",
            signature: "load(path, config_name=None, module_type=None, lexicon=None)",
            computes: """
            Loads a measurement by name; call .compute(...) on it. Known:
            \(known.map { "  \($0.name): \($0.summary)" }.joined(separator: "\n"))
            For "toxicity", config_name is the classifier's model id ("default": facebook/roberta-hate-speech-dynabench-r4-target);
            for "regard", "default" or "compare" (data against references). Their models load like any model: offline, fetch them
            first with `labrun models pull ID`.
            For "honest", config_name is the language ("en", the default); labrun has no HurtLex copy, so it uses
            the project's small bundled English lexicon unless lexicon= names a HurtLex TSV file (labrun's addition).
            """,
            definition: "the measurements of Hugging Face evaluate (https://huggingface.co/docs/evaluate), same inputs and result keys.",
            example: """
            honest = evaluate.load("honest", "en")
            r = honest.compute(predictions=[["CEO", "father"], ["maid", "nurse"]], groups=["male", "female"])
            print(r["honest_score_per_group"])
            toxicity = evaluate.load("toxicity", module_type="measurement")
            print(toxicity.compute(predictions=["she went to the library"], aggregation="maximum"))
            perplexity = evaluate.load("perplexity", module_type="metric")
            print(perplexity.compute(predictions=["The nurse is here."], model_id="HuggingFaceTB/SmolLM2-135M-Instruct")["mean_perplexity"])
            """,
            arguments: ArgumentSpec(used: ["path", "config_name", "module_type", "lexicon"],
                                    ignored: ["cache_dir", "experiment_id", "keep_in_memory", "download_mode", "revision"],
                                    positional: 2)
        ).define(in: module, models: models) { arguments in
            let name = try arguments.string(0, "path")
            let config = try arguments.string("config_name", at: 1, default: nil)
            switch name.split(separator: "/").last.map(String.init) ?? name {
            case "honest":
                let lexicon: HurtLexLexicon
                if let path = try arguments.string("lexicon", default: nil) {
                    lexicon = try HurtLexLexicon(contentsOfFile: path)
                } else {
                    guard config == nil || config == "en" else {
                        throw HostError.valueError("load(\"honest\", \"\(config ?? "")\"): labrun bundles an English lexicon only; pass lexicon=\"hurtlex_\(config?.uppercased() ?? "XX").tsv\" (a HurtLex TSV file) for other languages")
                    }
                    lexicon = try HonestData.lexicon()
                }
                return .host(HonestMeasurement(lexicon: lexicon, language: config ?? "en"))
            case "perplexity":
                return .host(PerplexityMetric(models: models))
            case "toxicity":
                let model = config == nil || config == "default" ? ToxicityMeasurement.defaultModel : config!
                return .host(try ToxicityMeasurement(models: models, modelID: model))
            case "regard":
                return .host(try RegardMeasurement(models: models, configuration: config ?? "default"))
            case let other where TextMeasurement.Kind(rawValue: other) != nil:
                return .host(TextMeasurement(kind: TextMeasurement.Kind(rawValue: other)!))
            default:
                throw HostError.valueError("evaluate.load(): unknown measurement '\(name)'; labrun knows: \(known.map(\.name).joined(separator: ", "))")
            }
        }
        return module
    }
}
