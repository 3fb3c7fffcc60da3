/// A text ↔ token-id mapping that matches a Hugging Face tokenizer exactly.
///
/// Implemented by `WordPieceTokenizer` (BERT) and `ByteLevelBPETokenizer` (GPT-2, SmolLM2, Llama 3);
/// `TokenizerLoader` builds the right one from a model folder.
public protocol Tokenizer: Sendable {
    /// The algorithm, as provenance names it (`WordPiece`, `byte-level BPE`).
    var kind: String { get }
    /// The number of ids (the largest id + 1, added tokens included).
    var vocabularySize: Int { get }
    /// The special tokens (class, separator, mask, padding, unknown, beginning/end of sequence).
    var specialTokens: SpecialTokens { get }
    /// Splits `text` into tokens; with `addSpecialTokens` the model's template (e.g. `[CLS] … [SEP]`) is applied.
    func encode(_ text: String, addSpecialTokens: Bool) -> Encoding
    /// Turns ids back into text as Hugging Face's `decode` does; unknown ids are skipped.
    func decode(_ ids: [Int], skipSpecialTokens: Bool) -> String
    /// The id of a token string (`"[MASK]"`, `"Ġthe"`), or nil.
    func id(of token: String) -> Int?
    /// The token string of an id, or nil when out of range.
    func token(of id: Int) -> String?
}

extension Tokenizer {
    /// `encode(text, addSpecialTokens: true)`.
    public func encode(_ text: String) -> Encoding { encode(text, addSpecialTokens: true) }
    /// `decode(ids, skipSpecialTokens: false)`.
    public func decode(_ ids: [Int]) -> String { decode(ids, skipSpecialTokens: false) }
}
