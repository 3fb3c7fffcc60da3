/// How much of an original text a generation repeats word for word: the longest run of
/// consecutive words the two share (compared in lower case, punctuation ignored).
public struct VerbatimOverlap: Sendable, Equatable, Codable {
    /// The longest shared run of words, joined by spaces ("" when they share no word).
    public let longestRun: String
    /// Its length in words.
    public let length: Int
    /// length / (words of the original), in [0, 1]: how much of the original was reproduced in one
    /// piece.
    public let share: Double
    /// The number of words in the original.
    public let originalWords: Int

    /// The overlap of `generated` with `original` (longest common substring over words, by dynamic
    /// programming in O(|generated| · |original|)); the first longest run in `generated` wins.
    public init(generated: String, original: String) {
        let produced = TextWords.words(generated)
        let source = TextWords.words(original)
        var previous = [Int](repeating: 0, count: source.count + 1)
        var best = 0
        var bestEnd = 0
        for i in 0..<produced.count {
            var current = [Int](repeating: 0, count: source.count + 1)
            for j in 0..<source.count where produced[i] == source[j] {
                current[j + 1] = previous[j] + 1
                if current[j + 1] > best {
                    best = current[j + 1]
                    bestEnd = i + 1
                }
            }
            previous = current
        }
        longestRun = produced[(bestEnd - best)..<bestEnd].joined(separator: " ")
        length = best
        originalWords = source.count
        share = source.isEmpty ? 0 : Double(best) / Double(source.count)
    }
}
