import Foundation
import Inference
import LabScript

/// The arguments of a text-classification pipeline that `pipeline(...)` fixes and each call may
/// override, with transformers' meaning.
struct ClassificationArguments {
    /// `top_k`: absent (transformers' legacy shape: one dict per text), None (every label, sorted)
    /// or a count (that many, sorted, as a list per text).
    enum TopK: Equatable {
        case legacy
        case all
        case count(Int)
    }

    var topK: TopK = .legacy
    var function: ClassificationFunction?
    var truncation = false
    var batchSize = 32

    /// These arguments with the ones `arguments` gives (`top_k`, `function_to_apply`, `truncation`, `batch_size`).
    /// - Throws: `HostError` for a value of the wrong type or an unknown function.
    func overridden(by arguments: Arguments) throws -> ClassificationArguments {
        var result = self
        if let given = arguments.value(nil, "top_k") {
            if given.isNone {
                result.topK = .all
            } else {
                guard let count = given.asInt, given.asBool == nil else {
                    throw HostError.typeError("\(arguments.functionName)() argument 'top_k' must be int or None, not \(given.typeName)")
                }
                guard count >= 1 else { throw HostError.valueError("top_k must be at least 1, or None for every label (got \(count))") }
                result.topK = .count(count)
            }
        } else if let all = arguments.value(nil, "return_all_scores"), all.asBool == true {
            // transformers' older spelling of top_k=None (kept by some course notebooks).
            result.topK = .all
        }
        if let name = try arguments.string("function_to_apply", default: nil) {
            guard let function = ClassificationFunction(rawValue: name.lowercased()) else {
                throw HostError.valueError("function_to_apply must be 'softmax', 'sigmoid' or 'none', not '\(name)'")
            }
            result.function = function
        }
        result.truncation = try arguments.bool("truncation", default: result.truncation)
        result.batchSize = try arguments.int("batch_size", default: result.batchSize)
        guard result.batchSize >= 1 else { throw HostError.valueError("batch_size must be at least 1 (got \(result.batchSize))") }
        return result
    }

    /// The scores of `texts` shaped as transformers returns them: for a str input, a list (of one
    /// dict by default, of the top labels once `top_k` is given); for a list input, one dict per text
    /// by default, else one list per text.
    func run(_ texts: [String], singleInput: Bool, model: any SequenceClassificationModel) throws -> Value {
        let pipeline = TextClassificationPipeline(model: model)
        let count: Int?
        switch topK {
        case .legacy: count = 1
        case .all: count = nil
        case .count(let n): count = n
        }
        let ranked = try pipeline.classify(texts, topK: count, function: function, truncation: truncation, batchSize: batchSize)
        let perText = ranked.map { scores in
            scores.map { Value.dict([("label", .string($0.label)), ("score", .float($0.score))]) }
        }
        if topK == .legacy {
            return .list(perText.map { $0[0] })
        }
        return singleInput ? .list(perText[0]) : .list(perText.map { .list($0) })
    }
}

extension PipelineAction {
    /// `classifier(texts, top_k=…, function_to_apply=…, truncation=…, batch_size=…)`.
    func classifyTexts(_ arguments: Arguments) throws -> Value {
        let input = try arguments.required(0, "inputs")
        let options = try classificationDefaults.overridden(by: arguments)
        let texts = try ValueBuilding.strings(input, argument: "inputs", function: typeName)
        guard let classifier = try model().classifier else {
            throw HostError.valueError("\(models.effectiveID(for: requestedModel)) has no sequence-classification head, so it cannot classify texts; use a *ForSequenceClassification model such as facebook/roberta-hate-speech-dynabench-r4-target")
        }
        return try options.run(texts, singleInput: input.asString != nil, model: classifier)
    }
}

extension PipelineAction {
    /// `classifier(sequences, candidate_labels, hypothesis_template=…, multi_label=False)`: a dict
    /// `{'sequence', 'labels', 'scores'}` for a str, a list of them for a list, as transformers returns.
    func classifyZeroShot(_ arguments: Arguments) throws -> Value {
        let input = try arguments.required(0, "sequences")
        let texts = try ValueBuilding.strings(input, argument: "sequences", function: typeName)
        let labelsValue = try arguments.required(1, "candidate_labels")
        // transformers also takes the labels as one comma-separated str.
        let labels: [String]
        if let joined = labelsValue.asString {
            labels = joined.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        } else {
            labels = try ValueBuilding.strings(labelsValue, argument: "candidate_labels", function: typeName)
        }
        let template = try arguments.string("hypothesis_template", default: "This example is {}.") ?? "This example is {}."
        let multiLabel = try arguments.bool("multi_label", default: false)
        guard let classifier = try model().classifier else {
            throw HostError.valueError("\(models.effectiveID(for: requestedModel)) has no sequence-classification head; zero-shot classification needs an NLI model such as typeform/distilbert-base-uncased-mnli")
        }
        let results = try ZeroShotClassificationPipeline(model: classifier)(texts, candidateLabels: labels, hypothesisTemplate: template,
                                                                            multiLabel: multiLabel)
        let values = results.map { result in
            Value.dict([("sequence", .string(result.sequence)), ("labels", .list(result.labels.map { .string($0) })),
                        ("scores", .list(result.scores.map { .float($0) }))])
        }
        return input.asString != nil ? values[0] : .list(values)
    }
}

extension PipelineAction {
    /// `tagger(texts, aggregation_strategy="none", ignore_labels=["O"])`: a list of entity dicts for
    /// a str, one list per text for a list, as transformers returns.
    func classifyTokens(_ arguments: Arguments) throws -> Value {
        let input = try arguments.required(0, "inputs")
        let texts = try ValueBuilding.strings(input, argument: "inputs", function: typeName)
        let strategy = try arguments.string("aggregation_strategy", default: "none") ?? "none"
        guard let aggregation = TokenClassificationPipeline.Aggregation(rawValue: strategy.lowercased()) else {
            throw HostError.valueError("aggregation_strategy must be 'none' or 'simple' (labrun does not run 'first', 'average' or 'max'), not '\(strategy)'")
        }
        let ignored = try arguments.value(nil, "ignore_labels").flatMap { $0.isNone ? nil : try ValueBuilding.strings($0, argument: "ignore_labels", function: typeName) } ?? ["O"]
        guard let tagger = try model().tokenClassifier else {
            throw HostError.valueError("\(models.effectiveID(for: requestedModel)) has no token-classification head; use a *ForTokenClassification model such as dslim/bert-base-NER")
        }
        let results = try TokenClassificationPipeline(model: tagger)(texts, aggregation: aggregation, ignoreLabels: ignored)
        let values = results.map { entities in
            Value.list(entities.map { entity in
                var fields: [(String, Value)] = [(entity.index == nil ? "entity_group" : "entity", .string(entity.label)), ("score", .float(entity.score))]
                if let index = entity.index { fields.append(("index", .int(index))) }
                fields += [("word", .string(entity.word)), ("start", .int(entity.start)), ("end", .int(entity.end))]
                return Value.dict(fields)
            })
        }
        return input.asString != nil ? values[0] : .list(values)
    }
}
