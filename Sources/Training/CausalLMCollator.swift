/// Turns token-id sequences into a `CausalLMBatch` as transformers'
/// `DataCollatorForLanguageModeling(mlm=False)` does: right padding with `padTokenID`, labels =
/// the ids with padding (and, optionally, each sequence's prompt) set to −100.
public struct CausalLMCollator: Sendable {
    /// The id written into padding positions (SmolLM2: `<|endoftext|>`, 0).
    public var padTokenID: Int

    /// A collator padding with `padTokenID`.
    public init(padTokenID: Int) {
        self.padTokenID = padTokenID
    }

    /// The batch of `sequences`; `promptLengths[i]` leading tokens of sequence `i` are not predicted
    /// (prompt/completion data), none when nil.
    /// - Throws: `TrainingError` for no sequences, an empty one, or prompt lengths that do not fit.
    public func batch(_ sequences: [[Int]], promptLengths: [Int]? = nil) throws -> CausalLMBatch {
        let source = "causal-LM collator"
        guard !sequences.isEmpty else {
            throw TrainingError(source: source, problem: "there are no sequences", fix: "give at least one tokenized text (an empty dataset cannot train)")
        }
        if let index = sequences.firstIndex(where: \.isEmpty) {
            throw TrainingError(source: source, problem: "sequence \(index) has no tokens", fix: "drop empty texts from the dataset")
        }
        if let promptLengths {
            guard promptLengths.count == sequences.count,
                  zip(promptLengths, sequences).allSatisfy({ $0 >= 0 && $0 < $1.count }) else {
                throw TrainingError(source: source, problem: "prompt lengths \(promptLengths) do not fit the sequences",
                                    fix: "give one prompt length per sequence, shorter than the sequence")
            }
        }
        let time = sequences.map(\.count).max()!
        var ids: [[Int]] = [], mask: [[Int]] = [], labels: [[Int]] = []
        for (index, sequence) in sequences.enumerated() {
            let padding = time - sequence.count
            ids.append(sequence + [Int](repeating: padTokenID, count: padding))
            mask.append([Int](repeating: 1, count: sequence.count) + [Int](repeating: 0, count: padding))
            var label = sequence
            for position in 0..<(promptLengths?[index] ?? 0) { label[position] = CrossEntropy.ignored }
            labels.append(label + [Int](repeating: CrossEntropy.ignored, count: padding))
        }
        return try TokenBatch(inputIDs: ids, attentionMask: mask, labels: labels)
    }
}
