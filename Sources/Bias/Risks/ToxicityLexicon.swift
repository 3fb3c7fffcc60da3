/// A word list for flagging toxic text, and the verdict for each text.
///
/// The bundled list is the project's own, deliberately **mild**: common English insults and
/// demeaning words (no slurs), enough to show how list-based flagging works and where it fails —
/// it misses toxicity without listed words and flags quoted or reclaimed uses. A real deployment uses
/// a trained classifier (for example `facebook/roberta-hate-speech-dynabench-r4-target`) or a
/// curated lexicon such as HurtLex, and checks the verdicts by hand.
public struct ToxicityLexicon: Sendable, Equatable {
    /// What `flag` found in one text.
    public struct Verdict: Sendable, Equatable, Codable {
        /// The text.
        public let text: String
        /// Whether any lexicon word occurs in it.
        public let flagged: Bool
        /// The lexicon words found, in the order they occur (each once).
        public let matches: [String]
    }

    /// The words, lower case; a word also matches with a plural `s`.
    public let words: Set<String>

    /// A lexicon of `words` (compared in lower case, as whole words).
    public init(words: [String]) {
        self.words = Set(words.map { $0.lowercased() })
    }

    /// The project's mild list (see the type's note).
    public static let bundled = ToxicityLexicon(words: [
        "idiot", "stupid", "moron", "dumb", "loser", "pathetic", "worthless", "useless", "ugly",
        "disgusting", "hate", "shut up", "trash", "fool", "freak", "lazy", "ignorant", "incompetent", "scum",
    ])

    /// The verdict for `text`: whole-word (and multi-word phrase) matches, case-insensitive.
    public func flag(_ text: String) -> Verdict {
        let tokens = TextWords.words(text)
        var found: [String] = []
        for (index, token) in tokens.enumerated() {
            for entry in words.sorted() where !found.contains(entry) {
                let parts = entry.split(separator: " ").map(String.init)
                guard index + parts.count <= tokens.count else { continue }
                let window = Array(tokens[index..<(index + parts.count)])
                var plural = window
                plural[plural.count - 1] = String(plural[plural.count - 1].dropLast())
                if window == parts || (window.last?.hasSuffix("s") == true && plural == parts) {
                    found.append(entry)
                }
            }
        }
        return Verdict(text: text, flagged: !found.isEmpty, matches: found)
    }
}
