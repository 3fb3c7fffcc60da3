import Foundation

/// A BERT, RoBERTa or DistilBERT encoder with a token-classification head
/// (`*ForTokenClassification`): one linear layer from each token's last hidden state to one logit
/// per label (`id2label`, e.g. `B-PER`, `I-PER`, `O`).
public final class EncoderTokenClassifier: Sendable {
    /// The encoder under the head.
    public let encoder: BERTModel
    /// The label of each output (`id2label`).
    public let labels: [String]
    let output: Linear

    /// The tokenizer that goes with the weights.
    public var tokenizer: any Tokenizer { encoder.tokenizer }

    /// A token classifier over `encoder` whose head is `head.output.*` of `weights`.
    /// - Throws: `ModelError` naming the config when `labels` does not match the head, or a misshapen head.
    init(encoder: BERTModel, weights: WeightSet, labels: LabelConfiguration) throws {
        guard let rows = weights.tensors["head.output.weight"]?.shape.first else {
            throw ModelError(file: weights.file, problem: "tensor 'classifier.weight' is missing; this checkpoint has no token-classification head")
        }
        if let declared = labels.names, declared.count != rows {
            throw ModelError(file: labels.file, problem: "id2label names \(declared.count) labels but the token-classification head has \(rows) outputs; make id2label list exactly \(rows) labels, ids 0 to \(rows - 1)")
        }
        self.encoder = encoder
        self.labels = labels.names ?? (0..<rows).map { "LABEL_\($0)" }
        output = try weights.linear("head.output", inputs: encoder.hiddenSize, outputs: rows)
    }

    /// The logits of every token of each sequence: `batch.count` tensors `[length, labels.count]`.
    /// - Throws: `ModelError` for an empty or too long sequence or an id outside the vocabulary.
    public func logits(for batch: [[Int]]) throws -> [Tensor] {
        let hidden = try encoder.packedHiddenStates(for: batch)
        let rows = hidden.shape[0], n = labels.count
        var logits = [Float](repeating: 0, count: rows * n)
        output.apply(hidden.scalars, rows: rows, into: &logits)
        var start = 0
        return batch.map { ids in
            defer { start += ids.count }
            return Tensor(shape: [ids.count, n], scalars: Array(logits[start * n ..< (start + ids.count) * n]))
        }
    }
}
