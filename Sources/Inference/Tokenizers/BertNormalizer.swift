import Foundation

/// BERT's text normaliser (Hugging Face `BertNormalizer`, the first half of `BasicTokenizer`):
/// remove NUL, U+FFFD and control characters and turn white space into spaces; surround CJK
/// ideographs with spaces; strip accents (NFD, then drop non-spacing marks); lowercase.
public struct BertNormalizer: Sendable, Equatable {
    /// Remove control characters and unify white space.
    public var cleanText: Bool
    /// Surround CJK ideographs with spaces.
    public var handleChineseCharacters: Bool
    /// Strip accents (when nil, follows `lowercase`, as Hugging Face does).
    public var stripAccents: Bool?
    /// Lowercase.
    public var lowercase: Bool

    /// A normaliser with the given switches (BERT uncased defaults).
    public init(cleanText: Bool = true, handleChineseCharacters: Bool = true, stripAccents: Bool? = nil,
                lowercase: Bool = true) {
        self.cleanText = cleanText
        self.handleChineseCharacters = handleChineseCharacters
        self.stripAccents = stripAccents
        self.lowercase = lowercase
    }

    /// Normalises `original[range]`, remembering where each output scalar came from.
    public func normalize(_ original: [Unicode.Scalar], range: Range<Int>) -> NormalizedText {
        var text = NormalizedText()
        text.scalars.reserveCapacity(range.count)
        text.origins.reserveCapacity(range.count)
        let strip = stripAccents ?? lowercase
        for index in range {
            let scalar = original[index]
            if cleanText {
                if scalar.value == 0 || scalar.value == 0xFFFD || UnicodeClasses.isBertControl(scalar) { continue }
                if UnicodeClasses.isWhitespace(scalar) {
                    text.append(" ", origin: index)
                    continue
                }
            }
            if handleChineseCharacters && UnicodeClasses.isChineseCharacter(scalar) {
                text.append(" ", origin: index)
                text.append(scalar, origin: index)
                text.append(" ", origin: index)
                continue
            }
            if scalar.value < 0x80 {
                if lowercase && scalar.value >= 0x41 && scalar.value <= 0x5A {
                    text.append(Unicode.Scalar(scalar.value + 32)!, origin: index)
                } else {
                    text.append(scalar, origin: index)
                }
                continue
            }
            let decomposed: [Unicode.Scalar]
            if strip {
                decomposed = String(Character(scalar)).decomposedStringWithCanonicalMapping.unicodeScalars
                    .filter { $0.properties.generalCategory != .nonspacingMark }
            } else {
                decomposed = [scalar]
            }
            for part in decomposed {
                if lowercase {
                    for lower in part.properties.lowercaseMapping.unicodeScalars { text.append(lower, origin: index) }
                } else {
                    text.append(part, origin: index)
                }
            }
        }
        return text
    }
}
