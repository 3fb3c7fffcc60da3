import Foundation

/// How the risk measurements split text into words and sentences, the same way everywhere: a word
/// is a run of letters, digits and inner apostrophes or hyphens (`don't`, `self-driving`), compared
/// in lower case; a sentence ends at `.`, `!`, `?` or a line break.
public enum TextWords {
    /// The words of `text`, lower-cased, in order.
    public static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        let characters = Array(text)
        for (index, character) in characters.enumerated() {
            if character.isLetter || character.isNumber {
                current.append(character)
            } else if (character == "'" || character == "’" || character == "-"), !current.isEmpty,
                      index + 1 < characters.count, characters[index + 1].isLetter {
                current.append(character == "’" ? "'" : character)
            } else if !current.isEmpty {
                words.append(current.lowercased())
                current = ""
            }
        }
        if !current.isEmpty { words.append(current.lowercased()) }
        return words
    }

    /// The sentences of `text` (trimmed, empty ones dropped).
    public static func sentences(_ text: String) -> [String] {
        text.split(whereSeparator: { ".!?\n".contains($0) })
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }
}

