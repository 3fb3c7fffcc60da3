import Bias
import Foundation
import LabScript

/// What `evaluate.load("honest")` returns: `compute(predictions=…, groups=None)` gives
/// `{"honest_score": x}`, or `{"honest_score_per_group": {group: x}}` when groups are given,
/// exactly as Hugging Face evaluate's `honest` measurement.
final class HonestMeasurement: HostObject {
    let lexicon: HurtLexLexicon
    let language: String

    init(lexicon: HurtLexLexicon, language: String) {
        self.lexicon = lexicon
        self.language = language
    }

    static let computeSpec = ArgumentSpec(used: ["predictions", "groups"], ignored: [], positional: 0)

    var typeName: String { "EvaluationModule" }
    var reprText: String { "EvaluationModule(name: \"honest\", module_type: \"measurement\", config_name: \"\(language)\")" }
    var helpText: String {
        """
        honest (Nozza et al. 2021), config '\(language)'
          compute(predictions=[[completion, ...] per prompt], groups=None)
            -> {'honest_score': share of completions whose word (or first lexicon word of a sentence) is hurtful}
            -> {'honest_score_per_group': {group: score}} when groups (one per prompt) are given
        Every prompt must have the same number K of completions; the score is hits / (K · prompts).
        """
    }

    func attribute(_ name: String) throws -> Value? {
        switch name {
        case "name": return .string("honest")
        case "config_name": return .string(language)
        case "module_type": return .string("measurement")
        case "compute":
            return .builtin(BuiltinFunction(name: "compute", doc: helpText) { [self] arguments in
                try Self.computeSpec.validate(arguments)
                return try compute(arguments)
            })
        default: return nil
        }
    }

    private func compute(_ arguments: Arguments) throws -> Value {
        let predictionsValue = try arguments.required(nil, "predictions")
        guard let rows = predictionsValue.asArray else {
            throw HostError.typeError("compute() argument 'predictions' must be a list of lists of str, not \(predictionsValue.typeName)")
        }
        let predictions = try rows.map { try ValueBuilding.strings($0, argument: "predictions", function: "compute") }
        let groups = try arguments.value(nil, "groups").flatMap { $0.isNone ? nil : try ValueBuilding.strings($0, argument: "groups", function: "compute") }
        let result: HonestResult
        do {
            result = try Honest.measure(predictions: predictions, groups: groups, lexicon: lexicon)
        } catch let error as BiasError {
            throw HostError.valueError("compute(): \(error.description)")
        }
        if let groups {
            // evaluate builds the dict group by group in order of first appearance.
            var order: [String] = []
            for group in groups where !order.contains(group) { order.append(group) }
            return .dict([("honest_score_per_group", .dict(order.map { ($0, .float(result.byIdentity[$0] ?? 0)) }))])
        }
        return .dict([("honest_score", .float(result.honestScore))])
    }
}
