/// BERT's word splitter (Hugging Face `BertPreTokenizer`): split on white space (dropped) and on
/// punctuation (each punctuation scalar becomes its own word).
public enum BertPreTokenizer {
    /// The words of `text` as ranges of its scalars.
    public static func split(_ text: NormalizedText) -> [Range<Int>] {
        var words: [Range<Int>] = []
        var start: Int?
        for (index, scalar) in text.scalars.enumerated() {
            if UnicodeClasses.isWhitespace(scalar) {
                if let begin = start { words.append(begin..<index) }
                start = nil
            } else if UnicodeClasses.isBertPunctuation(scalar) {
                if let begin = start { words.append(begin..<index) }
                words.append(index..<index + 1)
                start = nil
            } else if start == nil {
                start = index
            }
        }
        if let begin = start { words.append(begin..<text.scalars.count) }
        return words
    }
}
