/// Turns token-id sequences into a `MaskedLMBatch` as transformers'
/// `DataCollatorForLanguageModeling(mlm=True)` does, from a seeded generator of its own (so the
/// same seed masks the same positions on every machine, though not the positions PyTorch picks):
/// each non-special token is chosen with `probability`; a chosen token becomes `maskTokenID` 80%
/// of the time, a random token 10%, and stays 10%; labels hold the chosen tokens' ids, −100
/// elsewhere. Rows are right-padded with `padTokenID`.
public struct MaskedLMCollator: Sendable {
    /// `[MASK]`'s id.
    public var maskTokenID: Int
    /// The padding id.
    public var padTokenID: Int
    /// The vocabulary size (random replacements are drawn below it).
    public var vocabularySize: Int
    /// Ids never chosen: `[CLS]`, `[SEP]`, padding.
    public var specialTokenIDs: Set<Int>
    /// The chance that a token is chosen (transformers' `mlm_probability`, 0.15).
    public var probability: Double

    /// A collator with transformers' defaults for the probability.
    public init(maskTokenID: Int, padTokenID: Int, vocabularySize: Int, specialTokenIDs: Set<Int>, probability: Double = 0.15) {
        self.maskTokenID = maskTokenID
        self.padTokenID = padTokenID
        self.vocabularySize = vocabularySize
        self.specialTokenIDs = specialTokenIDs
        self.probability = probability
    }

    /// The masked batch of `sequences`, drawn from `seed`.
    /// - Throws: `TrainingError` for no sequences, an empty one, or a probability outside (0, 1].
    public func batch(_ sequences: [[Int]], seed: UInt64) throws -> MaskedLMBatch {
        let source = "masked-LM collator"
        guard probability > 0, probability <= 1 else {
            throw TrainingError(source: source, problem: "mlm_probability is \(probability)", fix: "use a probability in (0, 1], such as 0.15")
        }
        guard !sequences.isEmpty, !sequences.contains(where: \.isEmpty) else {
            throw TrainingError(source: source, problem: "there are no sequences, or one is empty", fix: "give tokenized, non-empty texts")
        }
        var generator = SplitMix64(seed: seed)
        func uniform() -> Double { Double(generator.next() >> 11) / Double(1 << 53) }
        let time = sequences.map(\.count).max()!
        var ids: [[Int]] = [], mask: [[Int]] = [], labels: [[Int]] = []
        for sequence in sequences {
            var row = sequence, label = [Int](repeating: CrossEntropy.ignored, count: sequence.count)
            for position in sequence.indices where !specialTokenIDs.contains(sequence[position]) && uniform() < probability {
                label[position] = sequence[position]
                let draw = uniform()
                if draw < 0.8 {
                    row[position] = maskTokenID
                } else if draw < 0.9 {
                    row[position] = Int(generator.next() % UInt64(vocabularySize))
                }
            }
            let padding = time - sequence.count
            ids.append(row + [Int](repeating: padTokenID, count: padding))
            mask.append([Int](repeating: 1, count: sequence.count) + [Int](repeating: 0, count: padding))
            labels.append(label + [Int](repeating: CrossEntropy.ignored, count: padding))
        }
        return try TokenBatch(inputIDs: ids, attentionMask: mask, labels: labels)
    }
}
