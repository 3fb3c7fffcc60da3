/// Tokens matched in the raw text before any normalisation or splitting (`[CLS]`, `<|im_start|>`):
/// Hugging Face's added tokens. At each position the longest one wins.
public struct AddedTokens: Sendable {
    /// One added token.
    public struct Token: Sendable, Equatable {
        /// Its text.
        public var content: String
        /// Its id.
        public var id: Int
        /// Whether it is special (skipped when decoding with `skipSpecialTokens`).
        public var special: Bool
        /// Whether white space on its left is swallowed.
        public var leftStrip: Bool
        /// Whether white space on its right is swallowed.
        public var rightStrip: Bool

        /// An added token.
        public init(content: String, id: Int, special: Bool, leftStrip: Bool = false, rightStrip: Bool = false) {
            self.content = content
            self.id = id
            self.special = special
            self.leftStrip = leftStrip
            self.rightStrip = rightStrip
        }
    }

    /// A piece of text after splitting: plain text to tokenise, or an added token.
    public enum Piece: Equatable {
        /// Scalars `range` of the text, to be tokenised by the model.
        case text(Range<Int>)
        /// The added token `token` found at `range`.
        case added(Token, Range<Int>)
    }

    /// Every added token.
    public let tokens: [Token]
    private let byFirstScalar: [Unicode.Scalar: [(scalars: [Unicode.Scalar], token: Token)]]

    /// A matcher over `tokens` (empty contents are ignored).
    public init(_ tokens: [Token]) {
        self.tokens = tokens
        var table: [Unicode.Scalar: [(scalars: [Unicode.Scalar], token: Token)]] = [:]
        for token in tokens {
            let scalars = Array(token.content.unicodeScalars)
            guard let first = scalars.first else { continue }
            table[first, default: []].append((scalars, token))
        }
        for key in table.keys { table[key]?.sort { $0.scalars.count > $1.scalars.count } }
        byFirstScalar = table
    }

    /// Splits `scalars` into text pieces and added tokens, in order.
    public func split(_ scalars: [Unicode.Scalar]) -> [Piece] {
        guard !byFirstScalar.isEmpty else { return scalars.isEmpty ? [] : [.text(0..<scalars.count)] }
        var pieces: [Piece] = []
        var textStart = 0
        var index = 0
        while index < scalars.count {
            guard let candidates = byFirstScalar[scalars[index]],
                  let match = candidates.first(where: { candidate in
                      index + candidate.scalars.count <= scalars.count
                          && scalars[index ..< index + candidate.scalars.count].elementsEqual(candidate.scalars)
                  }) else {
                index += 1
                continue
            }
            var textEnd = index
            if match.token.leftStrip {
                while textEnd > textStart && scalars[textEnd - 1].properties.isWhitespace { textEnd -= 1 }
            }
            if textEnd > textStart { pieces.append(.text(textStart..<textEnd)) }
            var end = index + match.scalars.count
            pieces.append(.added(match.token, index..<end))
            if match.token.rightStrip {
                while end < scalars.count && scalars[end].properties.isWhitespace { end += 1 }
            }
            index = end
            textStart = end
        }
        if textStart < scalars.count { pieces.append(.text(textStart..<scalars.count)) }
        return pieces
    }
}

extension AddedTokens {
    /// Encodes `text` the way both tokenizer kinds do: the template's prefix ids (when
    /// `addSpecialTokens`), added tokens kept whole, every other stretch of the text through
    /// `encodeText`, then the template's suffix ids. `tokensByID` names the template ids.
    func encode(_ text: String, addSpecialTokens: Bool, prefix: [Int], suffix: [Int], tokensByID: [String],
                encodeText: ([Unicode.Scalar], Range<Int>, inout Encoding) -> Void) -> Encoding {
        let original = Array(text.unicodeScalars)
        var encoding = Encoding()
        if addSpecialTokens {
            for id in prefix { encoding.append(id: id, token: tokensByID[id], offset: 0..<0, special: true) }
        }
        for piece in split(original) {
            switch piece {
            case .added(let token, let range):
                encoding.append(id: token.id, token: token.content, offset: range, special: token.special)
            case .text(let range):
                encodeText(original, range, &encoding)
            }
        }
        if addSpecialTokens {
            for id in suffix { encoding.append(id: id, token: tokensByID[id], offset: 0..<0, special: true) }
        }
        return encoding
    }
}
