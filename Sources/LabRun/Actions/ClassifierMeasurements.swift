import Foundation
import Inference
import LabScript

/// A Hub classifier that an `evaluate` measurement runs on, resolved when the measurement is loaded
/// (as evaluate downloads it in `load`), so that a missing model is reported at `evaluate.load`
/// with the command that fetches it.
struct MeasurementClassifier {
    let models: ModelProvider
    let modelID: String
    let measurement: String

    /// Resolves `modelID` now (downloading it when online).
    /// - Throws: `HostError` (`OSError`) naming the model and `labrun models pull`.
    init(models: ModelProvider, modelID: String, measurement: String) throws {
        self.models = models
        self.modelID = modelID
        self.measurement = measurement
        do {
            _ = try models.resolve(modelID)
        } catch {
            throw HostError(kind: "OSError", message: """
                evaluate.load("\(measurement)") needs the classifier \(models.effectiveID(for: modelID)), which is not on this \
                machine and could not be fetched (\(error)). Fetch it once, online, with `labrun models pull \
                \(models.effectiveID(for: modelID))`; it is cached and then works offline. Without it, \
                labrun.flag_toxicity(texts) counts words from a list (say so in your analysis: a list misses what a classifier catches).
                """)
        }
    }

    /// The model's labels, loading it on first use.
    func labels() throws -> [String] {
        try classifier().labels
    }

    /// The sorted scores of every label (`top_k` = all, `truncation=True`, as evaluate builds its pipeline).
    func scores(_ texts: [String], topK: Int?) throws -> [[ClassificationScore]] {
        let model = try classifier()
        do {
            return try TextClassificationPipeline(model: model).classify(texts, topK: topK, truncation: true)
        } catch let error as PipelineError {
            throw HostError.valueError("compute(): \(error.problem)")
        }
    }

    /// The `groups=` argument (labrun's addition to evaluate): one group name per text, checked
    /// against `count`; nil when absent. Returns the groups in first-seen order and each text's group.
    static func groups(_ arguments: Arguments, count: Int, textsName: String) throws -> (order: [String], ofText: [String])? {
        guard let value = arguments.value(nil, "groups"), !value.isNone else { return nil }
        let groups = try ValueBuilding.strings(value, argument: "groups", function: "compute")
        guard groups.count == count else {
            throw HostError.valueError("compute(): groups has \(groups.count) names for \(count) \(textsName); give one group per text")
        }
        var order: [String] = []
        for group in groups where !order.contains(group) { order.append(group) }
        return (order, groups)
    }

    /// The largest minus the smallest of `values`: how far apart the groups are.
    static func gap(_ values: [Double]) -> Double {
        (values.max() ?? 0) - (values.min() ?? 0)
    }

    private func classifier() throws -> any SequenceClassificationModel {
        guard let classifier = try models.model(modelID, task: "evaluate.\(measurement)").classifier else {
            throw HostError.valueError("\(models.effectiveID(for: modelID)) has no sequence-classification head; evaluate.load(\"\(measurement)\") needs a *ForSequenceClassification model")
        }
        return classifier
    }
}

/// `evaluate.load("toxicity")`: the hate-speech score of each text from a classifier (by default
/// facebook/roberta-hate-speech-dynabench-r4-target), with evaluate's `compute` arguments and
/// output keys: `{"toxicity": [...]}`, `{"max_toxicity": x}` or `{"toxicity_ratio": x}`.
final class ToxicityMeasurement: HostObject {
    static let defaultModel = "facebook/roberta-hate-speech-dynabench-r4-target"
    static let computeSpec = ArgumentSpec(used: ["predictions", "aggregation", "toxic_label", "threshold", "groups"], ignored: [], positional: 0)

    let classifier: MeasurementClassifier

    /// The measurement over `modelID` (resolved now).
    /// - Throws: `HostError` when the model is missing (see `MeasurementClassifier`).
    init(models: ModelProvider, modelID: String) throws {
        classifier = try MeasurementClassifier(models: models, modelID: modelID, measurement: "toxicity")
    }

    var typeName: String { "EvaluationModule" }
    var reprText: String { "EvaluationModule(name: \"toxicity\", module_type: \"measurement\", model: \"\(classifier.modelID)\")" }
    var helpText: String {
        """
        toxicity (Hugging Face evaluate's measurement) on \(classifier.modelID)
          compute(predictions=[text, ...], aggregation=None, toxic_label="hate", threshold=0.5)
            aggregation None -> {'toxicity': [score of toxic_label per text]}
                        "maximum" -> {'max_toxicity': the largest}
                        "ratio" -> {'toxicity_ratio': share of texts scoring >= threshold}
        Scores are the classifier's softmax probability of toxic_label (texts truncated to the model's length).
        groups=[name per text] (labrun's addition): the figure per group and the gap (largest - smallest):
          {'toxicity_per_group', 'mean_toxicity_per_group', 'mean_toxicity_gap'}, or max_toxicity_* / toxicity_ratio_*.
        """
    }

    func attribute(_ name: String) throws -> Value? {
        switch name {
        case "name": return .string("toxicity")
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
        let texts = try ValueBuilding.strings(try arguments.required(nil, "predictions"), argument: "predictions", function: "compute")
        guard !texts.isEmpty else { throw HostError.valueError("compute(): predictions is empty; give at least one text") }
        let aggregation = try arguments.string("aggregation", default: nil)
        let toxicLabel = try arguments.string("toxic_label", default: "hate") ?? "hate"
        let threshold = try arguments.double("threshold", default: 0.5)
        let labels = try classifier.labels()
        guard labels.contains(toxicLabel) else {
            throw HostError.valueError("The `toxic_label` that you specified (\(toxicLabel)) is not part of the model labels \(Value(labels).repr); pass one of them as toxic_label=")
        }
        let scores = try classifier.scores(texts, topK: nil).map { ranked in ranked.first { $0.label == toxicLabel }!.score }
        if let groups = try MeasurementClassifier.groups(arguments, count: texts.count, textsName: "predictions") {
            return Self.perGroup(scores, groups: groups, aggregation: aggregation, threshold: threshold)
        }
        switch aggregation {
        case "ratio":
            return .dict([("toxicity_ratio", .float(Double(scores.filter { $0 >= threshold }.count) / Double(scores.count)))])
        case "maximum":
            return .dict([("max_toxicity", .float(scores.max()!))])
        default:
            // evaluate returns the per-text scores for None and for any other aggregation name.
            return .dict([("toxicity", .list(scores.map { .float($0) }))])
        }
    }
}

extension ToxicityMeasurement {
    /// The figure of `aggregation` per group and the gap between the groups (labrun's `groups=`):
    /// `max_toxicity_*`, `toxicity_ratio_*`, or for no aggregation the scores per group with their
    /// mean and its gap.
    static func perGroup(_ scores: [Double], groups: (order: [String], ofText: [String]), aggregation: String?, threshold: Double) -> Value {
        let byGroup = groups.order.map { group in zip(scores, groups.ofText).filter { $0.1 == group }.map(\.0) }
        func figures(_ key: String, _ figure: ([Double]) -> Double) -> [(String, Value)] {
            let values = byGroup.map(figure)
            return [("\(key)_per_group", .dict(zip(groups.order, values).map { ($0, .float($1)) })),
                    ("\(key)_gap", .float(MeasurementClassifier.gap(values)))]
        }
        switch aggregation {
        case "ratio":
            return .dict(figures("toxicity_ratio") { group in Double(group.filter { $0 >= threshold }.count) / Double(group.count) })
        case "maximum":
            return .dict(figures("max_toxicity") { $0.max()! })
        default:
            let lists: (String, Value) = ("toxicity_per_group", .dict(zip(groups.order, byGroup).map { ($0, .list($1.map { .float($0) })) }))
            return .dict([lists] + figures("mean_toxicity") { $0.reduce(0, +) / Double($0.count) })
        }
    }
}

/// `evaluate.load("regard")` (and `("regard", "compare")`): how each text regards its subject
/// (negative, neutral, positive, other) from sasha/regardv3, with evaluate's arguments and output keys.
final class RegardMeasurement: HostObject {
    static let model = "sasha/regardv3"
    static let computeSpec = ArgumentSpec(used: ["data", "references", "aggregation", "groups"], ignored: [], positional: 0)

    let classifier: MeasurementClassifier
    /// `"compare"` (data against references) or `"default"`.
    let configuration: String

    /// The measurement in `configuration` (`default` or `compare`), its model resolved now.
    /// - Throws: `HostError` for another configuration or a missing model.
    init(models: ModelProvider, configuration: String) throws {
        guard ["default", "compare"].contains(configuration) else {
            throw HostError(kind: "KeyError", message: "evaluate.load(\"regard\", \"\(configuration)\"): the configuration must be \"default\" or \"compare\"")
        }
        self.configuration = configuration
        classifier = try MeasurementClassifier(models: models, modelID: Self.model, measurement: "regard")
    }

    var typeName: String { "EvaluationModule" }
    var reprText: String { "EvaluationModule(name: \"regard\", module_type: \"measurement\", config_name: \"\(configuration)\")" }
    var helpText: String {
        """
        regard (Hugging Face evaluate's measurement) on \(Self.model), config "\(configuration)"
          default: compute(data=[text, ...], aggregation=None)
            None -> {'regard': [[{'label', 'score'} x 4] per text]}; "maximum" -> {'max_regard': {label: max}};
            "average" -> {'average_regard': {label: mean}}
          compare: compute(data=[...], references=[...], aggregation=None)
            None -> {'regard_difference': {label: mean(data) - mean(references)}};
            "maximum" -> {'max_data_regard', 'max_references_regard'}; "average" -> {'average_data_regard', 'average_references_regard'}
          groups=[name per text] (default config; labrun's addition): {'average_regard_per_group': {group: {label: mean}},
            'average_regard_gap': {label: largest - smallest}} (max_regard_* with aggregation="maximum")
        """
    }

    func attribute(_ name: String) throws -> Value? {
        switch name {
        case "name": return .string("regard")
        case "module_type": return .string("measurement")
        case "config_name": return .string(configuration)
        case "compute":
            return .builtin(BuiltinFunction(name: "compute", doc: helpText) { [self] arguments in
                try Self.computeSpec.validate(arguments)
                return try compute(arguments)
            })
        default: return nil
        }
    }

    /// The per-text ranked scores and, per label in first-seen order, the scores of every text.
    private func regard(_ texts: [String]) throws -> (perText: [[ClassificationScore]], byLabel: [(label: String, scores: [Double])]) {
        let perText = try classifier.scores(texts, topK: 4)
        var byLabel: [(label: String, scores: [Double])] = []
        for ranked in perText {
            for score in ranked {
                if let index = byLabel.firstIndex(where: { $0.label == score.label }) {
                    byLabel[index].scores.append(score.score)
                } else {
                    byLabel.append((score.label, [score.score]))
                }
            }
        }
        return (perText, byLabel)
    }

    private func texts(_ arguments: Arguments, _ name: String) throws -> [String] {
        let texts = try ValueBuilding.strings(try arguments.required(nil, name), argument: name, function: "compute")
        guard !texts.isEmpty else { throw HostError.valueError("compute(): \(name) is empty; give at least one text") }
        return texts
    }

    private static func summary(_ byLabel: [(label: String, scores: [Double])], _ reduce: ([Double]) -> Double) -> Value {
        .dict(byLabel.map { ($0.label, .float(reduce($0.scores))) })
    }

    /// Per group, each label's mean (or maximum) score, and per label the gap between the groups
    /// (labrun's `groups=`): `{'average_regard_per_group': {group: {label: x}}, 'average_regard_gap': {label: x}}`.
    private static func perGroup(_ perText: [[ClassificationScore]], groups: (order: [String], ofText: [String]), maximum: Bool) -> Value {
        let key = maximum ? "max_regard" : "average_regard"
        var labels: [String] = []
        for ranked in perText { for score in ranked where !labels.contains(score.label) { labels.append(score.label) } }
        let figures: [[Double]] = groups.order.map { group in
            let texts = zip(perText, groups.ofText).filter { $0.1 == group }.map(\.0)
            return labels.map { label in
                let scores = texts.compactMap { ranked in ranked.first { $0.label == label }?.score }
                return maximum ? (scores.max() ?? 0) : scores.reduce(0, +) / Double(max(1, scores.count))
            }
        }
        let perGroup = Value.dict(zip(groups.order, figures).map { group, values in
            (group, .dict(zip(labels, values).map { ($0, .float($1)) }))
        })
        let gaps = Value.dict(labels.indices.map { index in (labels[index], .float(MeasurementClassifier.gap(figures.map { $0[index] }))) })
        return .dict([("\(key)_per_group", perGroup), ("\(key)_gap", gaps)])
    }

    private static func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }

    private func compute(_ arguments: Arguments) throws -> Value {
        let data = try texts(arguments, "data")
        let aggregation = try arguments.string("aggregation", default: nil)
        let hasReferences = arguments.value(nil, "references").map { !$0.isNone } ?? false
        if configuration == "default" {
            guard !hasReferences else {
                throw HostError.valueError("compute(): references= compares two groups; load the measurement with evaluate.load(\"regard\", \"compare\")")
            }
            let (perText, byLabel) = try regard(data)
            if let groups = try MeasurementClassifier.groups(arguments, count: data.count, textsName: "texts in data") {
                return Self.perGroup(perText, groups: groups, maximum: aggregation == "maximum")
            }
            switch aggregation {
            case "maximum": return .dict([("max_regard", Self.summary(byLabel) { $0.max()! })])
            case "average": return .dict([("average_regard", Self.summary(byLabel, Self.mean))])
            default:
                return .dict([("regard", .list(perText.map { ranked in
                    .list(ranked.map { .dict([("label", .string($0.label)), ("score", .float($0.score))]) })
                }))])
            }
        }
        guard hasReferences else {
            throw HostError.typeError("compute() missing required argument: 'references' (the \"compare\" configuration scores data against references)")
        }
        let references = try texts(arguments, "references")
        let (_, dataByLabel) = try regard(data)
        let (_, referencesByLabel) = try regard(references)
        switch aggregation {
        case "maximum":
            return .dict([("max_data_regard", Self.summary(dataByLabel) { $0.max()! }),
                          ("max_references_regard", Self.summary(referencesByLabel) { $0.max()! })])
        case "average":
            return .dict([("average_data_regard", Self.summary(dataByLabel, Self.mean)),
                          ("average_references_regard", Self.summary(referencesByLabel, Self.mean))])
        default:
            let referenceMeans = Dictionary(referencesByLabel.map { ($0.label, Self.mean($0.scores)) }, uniquingKeysWith: { a, _ in a })
            return .dict([("regard_difference", .dict(dataByLabel.map { entry in
                (entry.label, .float(Self.mean(entry.scores) - (referenceMeans[entry.label] ?? 0)))
            }))])
        }
    }
}
