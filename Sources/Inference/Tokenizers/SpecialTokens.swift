/// A tokenizer's special tokens: what templates add, what `[MASK]` is, what ends generation.
public struct SpecialTokens: Sendable, Equatable {
    /// A special token's text and id.
    public struct Token: Sendable, Equatable {
        /// The token text (`"[MASK]"`).
        public var text: String
        /// Its id.
        public var id: Int
        /// A token with `text` and `id`.
        public init(text: String, id: Int) {
            self.text = text
            self.id = id
        }
    }

    /// `[CLS]`.
    public var classification: Token?
    /// `[SEP]`.
    public var separator: Token?
    /// `[MASK]`.
    public var mask: Token?
    /// `[PAD]`.
    public var padding: Token?
    /// `[UNK]`.
    public var unknown: Token?
    /// Beginning of sequence (`<|endoftext|>` for GPT-2, `<|im_start|>`-style models have none).
    public var beginning: Token?
    /// End of sequence.
    public var end: Token?
    /// Every id that counts as special (skipped by `decode(_:skipSpecialTokens: true)`).
    public var ids: Set<Int>

    /// Special tokens as given.
    public init(classification: Token? = nil, separator: Token? = nil, mask: Token? = nil, padding: Token? = nil,
                unknown: Token? = nil, beginning: Token? = nil, end: Token? = nil, ids: Set<Int> = []) {
        self.classification = classification
        self.separator = separator
        self.mask = mask
        self.padding = padding
        self.unknown = unknown
        self.beginning = beginning
        self.end = end
        let named = [classification, separator, mask, padding, unknown, beginning, end].compactMap { $0?.id }
        self.ids = ids.union(named)
    }
}
