import Foundation

/// A student's answers in canonical terms: question id (`Q3`) → the canonical letters chosen.
///
/// A question missing from the sheet, or mapped to an empty set, was left blank.
public struct AnswerSheet: Sendable, Hashable {
    /// Chosen canonical letters per question id.
    public var choices: [String: Set<String>]

    /// A sheet with the given choices.
    public init(_ choices: [String: Set<String>] = [:]) {
        self.choices = choices
    }

    /// The letters chosen for `questionID` (empty when blank).
    public subscript(questionID: String) -> Set<String> {
        get { choices[questionID] ?? [] }
        set { choices[questionID] = newValue }
    }

    /// Reads an answer as written by a person or a spreadsheet: letters, optionally separated by
    /// spaces, commas, semicolons or `+` (`"C"`, `"BD"`, `"b, d"`); upper-cased. An empty string is
    /// a blank answer.
    /// - Throws: `AnswerSyntaxError` naming the first character that is not a letter A–Z or a
    ///   separator, or a letter given twice.
    public static func letters(in text: String) throws(AnswerSyntaxError) -> Set<String> {
        var letters = Set<String>()
        for character in text {
            if character == " " || character == "," || character == ";" || character == "+" || character == "\t" {
                continue
            }
            guard character.isASCII, character.isLetter else {
                throw AnswerSyntaxError(text: text, problem: "'\(character)' is not an option letter")
            }
            let letter = character.uppercased()
            guard letters.insert(letter).inserted else {
                throw AnswerSyntaxError(text: text, problem: "letter \(letter) is given twice")
            }
        }
        return letters
    }

    /// Normalises a question reference: `3`, `q3` and `Q3` all become `Q3`; `nil` when the text is
    /// not such a reference.
    public static func questionID(from reference: String) -> String? {
        var text = Substring(reference.trimmingCharacters(in: .whitespaces))
        if text.first == "Q" || text.first == "q" { text = text.dropFirst() }
        guard !text.isEmpty, text.allSatisfy(\.isASCII), let number = Int(text), number > 0 else { return nil }
        return "Q\(number)"
    }
}
