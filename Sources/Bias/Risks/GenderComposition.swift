/// The gender composition of a corpus, disaggregated by gendered terms: how often words of each
/// side of the project's gender word pairs (`he`/`she`, `man`/`woman`, …) occur, and in how many
/// texts.
public struct GenderComposition: Sendable, Equatable, Codable {
    /// Occurrences of male terms.
    public let male: Int
    /// Occurrences of female terms.
    public let female: Int
    /// male / (male + female), nil when neither occurs.
    public let maleShare: Double?
    /// Texts that mention a male term.
    public let textsMentioningMale: Int
    /// Texts that mention a female term.
    public let textsMentioningFemale: Int
    /// The number of texts.
    public let texts: Int
    /// Each gendered term that occurs, with its count.
    public let terms: [String: Int]

    /// Counts over `texts` with `pairs` (male word first; by default `GenderWordPairs.all`). A word
    /// listed on both sides (`her` pairs with `his` and `him`) counts once, for its side.
    public init(texts: [String], pairs: [WordPair] = GenderWordPairs.all) {
        let maleWords = Set(pairs.map(\.first))
        let femaleWords = Set(pairs.map(\.second)).subtracting(maleWords)
        var male = 0, female = 0, withMale = 0, withFemale = 0
        var terms: [String: Int] = [:]
        for text in texts {
            var sawMale = false, sawFemale = false
            for word in TextWords.words(text) {
                if maleWords.contains(word) {
                    male += 1
                    sawMale = true
                    terms[word, default: 0] += 1
                } else if femaleWords.contains(word) {
                    female += 1
                    sawFemale = true
                    terms[word, default: 0] += 1
                }
            }
            if sawMale { withMale += 1 }
            if sawFemale { withFemale += 1 }
        }
        self.male = male
        self.female = female
        self.maleShare = male + female == 0 ? nil : Double(male) / Double(male + female)
        self.textsMentioningMale = withMale
        self.textsMentioningFemale = withFemale
        self.texts = texts.count
        self.terms = terms
    }
}
