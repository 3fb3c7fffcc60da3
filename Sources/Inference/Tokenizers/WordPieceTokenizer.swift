/// BERT's tokenizer, as Hugging Face's fast `BertTokenizer`: added tokens matched first, then
/// `BertNormalizer`, `BertPreTokenizer`, greedy longest-match-first WordPiece with a `##`
/// continuation prefix (a word longer than `maximumCharactersPerWord` scalars, or one that cannot
/// be covered, becomes `[UNK]`), and the `[CLS] … [SEP]` template.
public struct WordPieceTokenizer: Tokenizer {
    public var kind: String { "WordPiece" }
    /// Token text → id (the model vocabulary plus added tokens).
    public let vocabulary: [String: Int]
    /// Id → token text.
    public let tokensByID: [String]
    /// The normaliser.
    public let normalizer: BertNormalizer
    /// Tokens matched in the raw text before normalisation.
    public let addedTokens: AddedTokens
    /// The unknown token, e.g. `[UNK]`.
    public let unknownToken: String
    /// Prefix of word-continuing pieces, `##`.
    public let continuingPrefix: String
    /// Words longer than this (in scalars) become the unknown token.
    public let maximumCharactersPerWord: Int
    /// Ids put before the text when special tokens are added (`[CLS]`).
    public let templatePrefix: [Int]
    /// Ids put after the text when special tokens are added (`[SEP]`).
    public let templateSuffix: [Int]
    /// Whether the WordPiece decoder removes spaces before punctuation (tokenizers' `cleanup`).
    public let decoderCleanup: Bool
    /// Whether `decode` applies transformers' `clean_up_tokenization_spaces` to the whole text.
    public let cleanUpTokenizationSpaces: Bool
    /// The special tokens (from the tokenizer files).
    public let specialTokens: SpecialTokens

    /// A tokenizer over `vocabulary` (token → id, every id in `0..<count` used once).
    public init(vocabulary: [String: Int], normalizer: BertNormalizer, addedTokens: [AddedTokens.Token],
                unknownToken: String = "[UNK]", continuingPrefix: String = "##", maximumCharactersPerWord: Int = 100,
                templatePrefix: [String] = ["[CLS]"], templateSuffix: [String] = ["[SEP]"],
                decoderCleanup: Bool = true, cleanUpTokenizationSpaces: Bool = true, specialTokens: SpecialTokens) {
        var vocabulary = vocabulary
        for token in addedTokens where vocabulary[token.content] == nil { vocabulary[token.content] = token.id }
        self.vocabulary = vocabulary
        var byID = [String](repeating: "", count: (vocabulary.values.max() ?? -1) + 1)
        for (token, id) in vocabulary { byID[id] = token }
        tokensByID = byID
        self.normalizer = normalizer
        self.addedTokens = AddedTokens(addedTokens)
        self.unknownToken = unknownToken
        self.continuingPrefix = continuingPrefix
        self.maximumCharactersPerWord = maximumCharactersPerWord
        self.templatePrefix = templatePrefix.compactMap { vocabulary[$0] }
        self.templateSuffix = templateSuffix.compactMap { vocabulary[$0] }
        self.decoderCleanup = decoderCleanup
        self.cleanUpTokenizationSpaces = cleanUpTokenizationSpaces
        self.specialTokens = specialTokens
    }

    /// The number of ids, added tokens included.
    public var vocabularySize: Int { tokensByID.count }

    /// The id of a token string, or nil.
    public func id(of token: String) -> Int? { vocabulary[token] }

    /// The token string of an id, or nil.
    public func token(of id: Int) -> String? { id >= 0 && id < tokensByID.count ? tokensByID[id] : nil }

    /// Ids, tokens and offsets of `text` (see `Tokenizer.encode`).
    public func encode(_ text: String, addSpecialTokens: Bool) -> Encoding {
        addedTokens.encode(text, addSpecialTokens: addSpecialTokens, prefix: templatePrefix, suffix: templateSuffix,
                           tokensByID: tokensByID) { original, range, encoding in
            let normalized = normalizer.normalize(original, range: range)
            for word in BertPreTokenizer.split(normalized) {
                encodeWord(normalized, word, into: &encoding)
            }
        }
    }

    /// Greedy longest-match-first WordPiece over one word.
    private func encodeWord(_ text: NormalizedText, _ word: Range<Int>, into encoding: inout Encoding) {
        let unknownID = vocabulary[unknownToken] ?? 0
        if word.count > maximumCharactersPerWord {
            encoding.append(id: unknownID, token: unknownToken, offset: text.originalSpan(word), special: false)
            return
        }
        var pieces: [(id: Int, token: String, range: Range<Int>)] = []
        var start = word.lowerBound
        while start < word.upperBound {
            var end = word.upperBound
            var found: (id: Int, token: String)?
            while end > start {
                var candidate = text.string(start..<end)
                if start > word.lowerBound { candidate = continuingPrefix + candidate }
                if let id = vocabulary[candidate] {
                    found = (id, candidate)
                    break
                }
                end -= 1
            }
            guard let match = found else {
                encoding.append(id: unknownID, token: unknownToken, offset: text.originalSpan(word), special: false)
                return
            }
            pieces.append((match.id, match.token, start..<end))
            start = end
        }
        for piece in pieces {
            encoding.append(id: piece.id, token: piece.token, offset: text.originalSpan(piece.range), special: false)
        }
    }

    /// Text of `ids` as Hugging Face decodes it (see `Tokenizer.decode`).
    public func decode(_ ids: [Int], skipSpecialTokens: Bool) -> String {
        var output = ""
        var index = 0
        for id in ids {
            guard let token = token(of: id) else { continue }
            if skipSpecialTokens && specialTokens.ids.contains(id) { continue }
            var piece: String
            if index == 0 {
                piece = token
            } else if token.hasPrefix(continuingPrefix) {
                piece = String(token.dropFirst(continuingPrefix.count))
            } else {
                piece = " " + token
            }
            if decoderCleanup { piece = Self.decoderCleanup(piece) }
            output += piece
            index += 1
        }
        return cleanUpTokenizationSpaces ? Self.cleanUpTokenizationSpaces(output) : output
    }

    /// tokenizers' WordPiece decoder clean-up, applied to each token after its leading space is added.
    static func decoderCleanup(_ text: String) -> String {
        text.replacingAll(" .", with: ".").replacingAll(" ?", with: "?").replacingAll(" !", with: "!")
            .replacingAll(" ,", with: ",").replacingAll(" ' ", with: "'").replacingAll(" n't", with: "n't")
            .replacingAll(" 'm", with: "'m").replacingAll(" do not", with: " don't").replacingAll(" 's", with: "'s")
            .replacingAll(" 've", with: "'ve").replacingAll(" 're", with: "'re")
    }

    /// transformers' `clean_up_tokenization`, applied to the decoded text.
    static func cleanUpTokenizationSpaces(_ text: String) -> String {
        text.replacingAll(" .", with: ".").replacingAll(" ?", with: "?").replacingAll(" !", with: "!")
            .replacingAll(" ,", with: ",").replacingAll(" ' ", with: "'").replacingAll(" n't", with: "n't")
            .replacingAll(" 'm", with: "'m").replacingAll(" 's", with: "'s").replacingAll(" 've", with: "'ve")
            .replacingAll(" 're", with: "'re")
    }
}

extension String {
    /// Every non-overlapping occurrence of `target` (left to right) replaced by `replacement`,
    /// comparing Unicode scalars (not grapheme clusters, unlike Foundation's default).
    func replacingAll(_ target: String, with replacement: String) -> String {
        let source = Array(unicodeScalars)
        let pattern = Array(target.unicodeScalars)
        guard !pattern.isEmpty, source.count >= pattern.count else { return self }
        var result = String.UnicodeScalarView()
        var index = 0
        var changed = false
        while index < source.count {
            if index + pattern.count <= source.count && source[index] == pattern[0]
                && source[index ..< index + pattern.count].elementsEqual(pattern) {
                result.append(contentsOf: replacement.unicodeScalars)
                index += pattern.count
                changed = true
            } else {
                result.append(source[index])
                index += 1
            }
        }
        return changed ? String(result) : self
    }
}
