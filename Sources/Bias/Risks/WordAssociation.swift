import Foundation

/// Associations between identity words and the other words of a corpus, as normalised pointwise
/// mutual information at sentence level.
///
/// For an identity word i and a word w, with N sentences: p(i) = sentences containing i / N,
/// p(w) likewise, p(i, w) = sentences containing both / N;
/// PMI = log(p(i, w) / (p(i) · p(w))) and nPMI = PMI / −log p(i, w), in [−1, 1] (1 when i and w
/// always occur together; defined as 1 when p(i, w) = 1). Only pairs that co-occur in at least
/// `minCount` sentences are kept, since nPMI of rare pairs is noise (Bouma 2009, "Normalized
/// (pointwise) mutual information in collocation extraction").
public struct WordAssociation: Sendable, Equatable, Codable {
    /// The identity word.
    public let identity: String
    /// The associated word.
    public let word: String
    /// nPMI(identity, word).
    public let npmi: Double
    /// Sentences containing both.
    public let count: Int

    /// An association.
    public init(identity: String, word: String, npmi: Double, count: Int) {
        self.identity = identity
        self.word = word
        self.npmi = npmi
        self.count = count
    }

    /// Every (identity, word) pair of `texts` with at least `minCount` shared sentences, sorted by
    /// nPMI (highest first), then identity and word. Identity words are never counted as the
    /// other word.
    public static func npmi(texts: [String], identityWords: [String], minCount: Int = 2) -> [WordAssociation] {
        let identities = Set(identityWords.map { $0.lowercased() })
        let sentences = texts.flatMap(TextWords.sentences).map { Set(TextWords.words($0)) }
        let total = Double(sentences.count)
        guard total > 0 else { return [] }
        var wordCounts: [String: Int] = [:]
        var pairCounts: [String: [String: Int]] = [:]
        for sentence in sentences {
            for word in sentence { wordCounts[word, default: 0] += 1 }
            for identity in sentence where identities.contains(identity) {
                for word in sentence where !identities.contains(word) {
                    pairCounts[identity, default: [:]][word, default: 0] += 1
                }
            }
        }
        var rows: [WordAssociation] = []
        for (identity, words) in pairCounts {
            let pIdentity = Double(wordCounts[identity] ?? 0) / total
            for (word, count) in words where count >= max(1, minCount) {
                let pWord = Double(wordCounts[word] ?? 0) / total
                let pJoint = Double(count) / total
                let score = pJoint >= 1 ? 1 : log(pJoint / (pIdentity * pWord)) / -log(pJoint)
                rows.append(WordAssociation(identity: identity, word: word, npmi: score, count: count))
            }
        }
        return rows.sorted {
            if $0.npmi != $1.npmi { return $0.npmi > $1.npmi }
            if $0.identity != $1.identity { return $0.identity < $1.identity }
            return $0.word < $1.word
        }
    }
}
