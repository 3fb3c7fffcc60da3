/// What the masked-LM metrics (CrowS-Pairs masked, fill-mask sweeps, HONEST, StereoSet) need from a
/// BERT-like model: its tokenizer and the log-probabilities it gives at a masked position.
public protocol MaskedPredictor {
    /// The mask token as it is written in text (`[MASK]` for BERT, `<mask>` for RoBERTa).
    var maskToken: String { get }
    /// The id of the mask token.
    var maskTokenID: Int { get }
    /// Ids of the special tokens (`[CLS]`, `[SEP]`, `[PAD]`, …), which the metrics never score.
    var specialTokenIDs: Set<Int> { get }
    /// The number of entries in every distribution `logProbabilities(tokenIDs:at:)` returns.
    var vocabularySize: Int { get }
    /// Token ids of `text` with the model's special tokens added (`[CLS] … [SEP]`), as the
    /// model's tokenizer gives them.
    func encode(_ text: String) throws -> [Int]
    /// The token's text as fill-mask prints it in `token_str` (word-piece markers removed).
    func tokenString(_ id: Int) -> String
    /// The log-softmax over the vocabulary (`vocabularySize` entries, natural log) that the model
    /// predicts at `position` of `tokenIDs`; the caller has put `maskTokenID` there.
    func logProbabilities(tokenIDs: [Int], at position: Int) throws -> [Float]
    /// `logProbabilities(tokenIDs:at:)` for several (ids, position) queries at once, in order. Has a
    /// default implementation that asks one at a time; an engine may batch them.
    func logProbabilities(batch: [(tokenIDs: [Int], position: Int)]) throws -> [[Float]]
}

extension MaskedPredictor {
    /// One query at a time.
    public func logProbabilities(batch: [(tokenIDs: [Int], position: Int)]) throws -> [[Float]] {
        try batch.map { try logProbabilities(tokenIDs: $0.tokenIDs, at: $0.position) }
    }
}
