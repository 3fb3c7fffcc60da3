/// A padded batch of token ids with its attention mask and labels, as a data collator hands it to
/// a transformers model: `inputIDs`, `attentionMask` and `labels` are all `[batch, time]`.
///
/// Labels are −100 where the loss ignores a position (padding, or prompt tokens). Whether a
/// label belongs to its own position (masked LM) or to the next one (causal LM) is the model's
/// business: `CausalLMBatch` and `MaskedLMBatch` say which.
public struct TokenBatch: Sendable, Equatable {
    /// Rows of token ids, all `time` long.
    public let inputIDs: [[Int]]
    /// 1 for a real token, 0 for padding, same shape as `inputIDs`.
    public let attentionMask: [[Int]]
    /// The target ids, −100 for ignored positions, same shape as `inputIDs`.
    public let labels: [[Int]]

    /// The number of rows.
    public var batchSize: Int { inputIDs.count }
    /// The length of every row.
    public var time: Int { inputIDs.first?.count ?? 0 }

    /// A batch from its three tables.
    /// - Throws: `TrainingError` when the batch is empty, the rows differ in length, the tables differ
    ///   in shape, or the mask holds something other than 0 and 1.
    public init(inputIDs: [[Int]], attentionMask: [[Int]]? = nil, labels: [[Int]]) throws {
        let source = "training batch"
        guard let first = inputIDs.first, !first.isEmpty else {
            throw TrainingError(source: source, problem: "the batch has no tokens", fix: "give at least one non-empty row of input ids")
        }
        let mask = attentionMask ?? inputIDs.map { [Int](repeating: 1, count: $0.count) }
        for (name, table) in [("input_ids", inputIDs), ("attention_mask", mask), ("labels", labels)] {
            guard table.count == inputIDs.count else {
                throw TrainingError(source: source, problem: "\(name) has \(table.count) rows but input_ids has \(inputIDs.count)",
                                    fix: "give one row of \(name) per row of input_ids")
            }
            if let row = table.firstIndex(where: { $0.count != first.count }) {
                throw TrainingError(source: source, problem: "row \(row) of \(name) has \(table[row].count) tokens but row 0 of input_ids has \(first.count)",
                                    fix: "pad every row to the same length (right padding, with attention_mask 0 and label -100)")
            }
        }
        for (row, values) in mask.enumerated() {
            if let column = values.firstIndex(where: { $0 != 0 && $0 != 1 }) {
                throw TrainingError(source: source, problem: "attention_mask[\(row)][\(column)] is \(values[column])",
                                    fix: "use 1 for real tokens and 0 for padding")
            }
        }
        self.inputIDs = inputIDs
        self.attentionMask = mask
        self.labels = labels
    }

    /// Checks every id and label against a vocabulary of `vocabularySize` tokens and the row length
    /// against `contextLength` positions.
    /// - Throws: `TrainingError` naming the first offending row and column.
    func validate(vocabularySize: Int, contextLength: Int, model: String) throws {
        let source = "training batch for \(model)"
        guard time <= contextLength else {
            throw TrainingError(source: source, problem: "rows are \(time) tokens long but the model has \(contextLength) positions",
                                fix: "truncate the texts to at most \(contextLength) tokens")
        }
        for row in 0..<batchSize {
            for column in 0..<time {
                let id = inputIDs[row][column]
                guard id >= 0, id < vocabularySize else {
                    throw TrainingError(source: source, problem: "input_ids[\(row)][\(column)] is \(id), outside the vocabulary of \(vocabularySize)",
                                        fix: "tokenize with the model's own tokenizer")
                }
                let label = labels[row][column]
                guard label == CrossEntropy.ignored || (label >= 0 && label < vocabularySize) else {
                    throw TrainingError(source: source, problem: "labels[\(row)][\(column)] is \(label), outside the vocabulary of \(vocabularySize)",
                                        fix: "use token ids of the model's tokenizer, or -100 to ignore a position")
                }
            }
        }
    }

    /// The row-major attention mask as 32-bit integers, `[batch · time]`.
    var flatMask: [Int32] { attentionMask.flatMap { $0.map(Int32.init) } }
    /// The row-major input ids, `[batch · time]`.
    var flatIDs: [Int] { inputIDs.flatMap { $0 } }

    /// The target of each position for a causal model: the label of the next position (−100 at each
    /// row's last position), `[batch · time]`, as transformers' `ForCausalLMLoss` shifts them.
    var shiftedTargets: [Int] {
        labels.flatMap { row in Array(row.dropFirst()) + [CrossEntropy.ignored] }
    }

    /// The target of each position for a masked model: its own label, `[batch · time]`.
    var unshiftedTargets: [Int] { labels.flatMap { $0 } }
}

/// A causal-LM batch: the label at position `t + 1` is the target of the logits at `t` (the
/// model shifts them), so `labels` may simply be `inputIDs` with padding set to −100.
public typealias CausalLMBatch = TokenBatch
