import Bias
import Foundation
import LabScript

/// What `evaluate.load("perplexity", module_type="metric")` returns: `compute(predictions=texts,
/// model_id=model)` gives `{"perplexities": [...], "mean_perplexity": x}` as Hugging Face
/// evaluate's perplexity metric does. `model_id` is a model id, a pipeline, or a model from
/// `AutoModelForCausalLM` (trained or not), so a fine-tune's before and after are one line each.
///
/// Per text: exp of the mean negative log-likelihood of its tokens (no special token added).
/// With `add_start_token=True` (the default) every token is predicted, the first one after BOS;
/// without it the first token is context only, so a text needs at least two tokens.
final class PerplexityMetric: HostObject {
    let models: ModelProvider

    init(models: ModelProvider) {
        self.models = models
    }

    static let computeSpec = ArgumentSpec(used: ["predictions", "model_id", "batch_size", "add_start_token", "max_length"],
                                          ignored: ["device"], positional: 0)

    var typeName: String { "EvaluationModule" }
    var reprText: String { "EvaluationModule(name: \"perplexity\", module_type: \"metric\")" }
    var helpText: String {
        """
        perplexity (Hugging Face evaluate's metric)
          compute(predictions=[text, ...], model_id=model, batch_size=16, add_start_token=True, max_length=None)
            -> {'perplexities': [one per text], 'mean_perplexity': their mean}
        model_id: a causal model id, a text-generation pipeline, or a model from AutoModelForCausalLM (its current
        weights). Per text: exp(mean -log P(token)) over its tokens; add_start_token=True predicts the first token
        after BOS, False uses it as context only. max_length truncates each text (BOS included).
        """
    }

    func attribute(_ name: String) throws -> Value? {
        switch name {
        case "name": return .string("perplexity")
        case "module_type": return .string("metric")
        case "compute":
            return .builtin(BuiltinFunction(name: "compute", doc: helpText) { [self] arguments in
                try Self.computeSpec.validate(arguments)
                return try compute(arguments)
            })
        default: return nil
        }
    }

    private func compute(_ arguments: Arguments) throws -> Value {
        let texts = try ValueBuilding.strings(try arguments.required(nil, "predictions"), argument: "predictions", function: "compute")
        guard !texts.isEmpty else { throw HostError.valueError("compute(): predictions is empty; give at least one text") }
        let batchSize = try arguments.int("batch_size", default: 16)
        guard batchSize >= 1 else { throw HostError.valueError("compute(): batch_size must be at least 1, not \(batchSize)") }
        let addStartToken = try arguments.bool("add_start_token", default: true)
        var maxLength: Int?
        if let given = arguments.value(nil, "max_length"), !given.isNone {
            maxLength = try arguments.int("max_length", default: 0)
            guard let maxLength, maxLength >= 2 else {
                throw HostError.valueError("compute(): max_length must be at least 2 tokens, or None")
            }
        }
        let modelValue = try arguments.required(nil, "model_id")
        guard case .causal(let model) = try BiasModelArgument(models: models).model(modelValue, action: "perplexity", task: .textGeneration) else {
            throw HostError.valueError("compute(): perplexity needs a causal language model (text-generation) as model_id")
        }
        var sequences: [[Int]] = []
        for (index, text) in texts.enumerated() {
            var ids = (addStartToken ? [model.beginningTokenID] : []) + (try model.encode(text))
            if let maxLength { ids = Array(ids.prefix(maxLength)) }
            guard ids.count >= 2 else {
                throw HostError.valueError("compute(): predictions[\(index)] (\(repr(text))) has too few tokens to score; with add_start_token=False a text needs at least two")
            }
            sequences.append(ids)
        }
        var perplexities: [Double] = []
        var start = 0
        while start < sequences.count {
            let chunk = Array(sequences[start ..< min(sequences.count, start + batchSize)])
            for logProbabilities in try model.conditionalLogProbabilities(batch: chunk) {
                perplexities.append(exp(-logProbabilities.reduce(0, +) / Double(logProbabilities.count)))
            }
            start += chunk.count
        }
        return .dict([("perplexities", .list(perplexities.map { Value($0) })),
                      ("mean_perplexity", Value(perplexities.reduce(0, +) / Double(perplexities.count)))])
    }

    private func repr(_ text: String) -> String {
        text.count > 40 ? "'\(text.prefix(37))...'" : "'\(text)'"
    }
}
