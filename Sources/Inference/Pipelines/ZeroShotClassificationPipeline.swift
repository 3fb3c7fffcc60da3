import Foundation

/// One text's zero-shot result, named as transformers names it: the candidate labels from most to
/// least likely, with their scores.
public struct ZeroShotResult: Sendable, Equatable {
    /// The text (`sequence`).
    public var sequence: String
    /// The candidate labels, best first (`labels`).
    public var labels: [String]
    /// Their scores, in the same order (`scores`).
    public var scores: [Double]

    /// A result.
    public init(sequence: String, labels: [String], scores: [Double]) {
        self.sequence = sequence
        self.labels = labels
        self.scores = scores
    }
}

/// transformers' `pipeline("zero-shot-classification")` over an NLI classifier: each candidate label
/// becomes the hypothesis `hypothesis_template` with the label in place of `{}`, and the model
/// judges whether the text entails it.
///
/// Single-label: a softmax over the candidates' entailment logits. `multi_label` (or a single
/// candidate): per candidate, a softmax over its contradiction and entailment logits.
public struct ZeroShotClassificationPipeline: Sendable {
    /// The NLI model.
    public let model: any SequenceClassificationModel
    /// The output that means entailment: the first label starting with "entail" (any case), else the last.
    public let entailmentIndex: Int

    /// A pipeline over an NLI `model`.
    public init(model: any SequenceClassificationModel) {
        self.model = model
        entailmentIndex = model.labels.firstIndex { $0.lowercased().hasPrefix("entail") } ?? model.labels.count - 1
    }

    /// The candidate labels of each text, ranked.
    /// - Throws: `PipelineError` for no candidates, an empty text or a template without `{}`; model errors.
    public func callAsFunction(_ texts: [String], candidateLabels: [String], hypothesisTemplate: String = "This example is {}.",
                               multiLabel: Bool = false) throws -> [ZeroShotResult] {
        guard !candidateLabels.isEmpty else {
            throw PipelineError(pipeline: "zero-shot-classification", problem: "candidate_labels is empty; give at least one label")
        }
        guard hypothesisTemplate.contains("{}") else {
            throw PipelineError(pipeline: "zero-shot-classification", problem: "hypothesis_template \"\(hypothesisTemplate)\" has no {} for the label, e.g. \"This example is {}.\"")
        }
        guard model.labels.count >= 2 else {
            throw PipelineError(pipeline: "zero-shot-classification", problem: "the model has \(model.labels.count) output; zero-shot needs an NLI model (contradiction, neutral, entailment)")
        }
        let contradictionIndex = entailmentIndex == 0 ? model.labels.count - 1 : 0
        return try texts.enumerated().map { index, text in
            guard !text.isEmpty else {
                throw PipelineError(pipeline: "zero-shot-classification", problem: "text \(index) is empty; give each text at least one character")
            }
            let pairs = candidateLabels.map { model.encodePair(text, hypothesisTemplate.replacingOccurrences(of: "{}", with: $0)) }
            let logits = try model.logits(for: pairs.map(\.ids), tokenTypes: pairs.map(\.tokenTypes))
            let scores: [Double]
            if multiLabel || candidateLabels.count == 1 {
                scores = (0..<candidateLabels.count).map { row in
                    ClassificationFunction.softmax.scores([logits.row(row)[contradictionIndex], logits.row(row)[entailmentIndex]])[1]
                }
            } else {
                scores = ClassificationFunction.softmax.scores((0..<candidateLabels.count).map { logits.row($0)[entailmentIndex] })
            }
            let order = scores.indices.sorted { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
            return ZeroShotResult(sequence: text, labels: order.map { candidateLabels[$0] }, scores: order.map { scores[$0] })
        }
    }
}
