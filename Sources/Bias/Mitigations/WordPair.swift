/// Two words that swap in a counterfactual (`he` ↔ `she`, `actor` ↔ `actress`), lower case.
public struct WordPair: Sendable, Equatable, Hashable, Codable {
    /// The first word.
    public let first: String
    /// The second word.
    public let second: String

    /// A pair; both words are stored in lower case.
    public init(_ first: String, _ second: String) {
        self.first = first.lowercased()
        self.second = second.lowercased()
    }

    /// Reads a pair list: one pair a line, the two words separated by a tab, a comma or spaces
    /// (the WinoBias swap-list format); `#` starts a comment. `file` names the source in errors.
    public static func list(text: String, file: String) throws -> [WordPair] {
        var pairs: [WordPair] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
            let words = line.split(whereSeparator: { $0 == "\t" || $0 == "," || $0 == " " || $0 == "\r" }).map(String.init)
            if words.isEmpty { continue }
            guard words.count == 2 else {
                throw BiasError(file: file, line: index + 1, problem: "expected two words, found \(words.count)",
                                fix: "write one pair a line, e.g. \"he\tshe\"")
            }
            pairs.append(WordPair(words[0], words[1]))
        }
        return pairs
    }
}
