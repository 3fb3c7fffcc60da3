/// Counterfactual data augmentation (CDA; Lu et al. 2020, Webster et al. 2020): every text is paired
/// with its counterfactual, in which each word of a pair list is swapped for its partner in both
/// directions (`he` → `she` and `she` → `he`), keeping the word's case and all punctuation.
public struct CounterfactualAugmentation: Sendable {
    /// The pairs swapped.
    public let pairs: [WordPair]
    private let partner: [String: String]

    /// Swaps with `pairs` (the project's gender pair list when not given). When a word is in several
    /// pairs, its first pair wins (e.g. `her` → `his` when that pair comes before `her` → `him`).
    public init(pairs: [WordPair] = GenderWordPairs.all) {
        self.pairs = pairs
        var partner: [String: String] = [:]
        for pair in pairs {
            if partner[pair.first] == nil { partner[pair.first] = pair.second }
            if partner[pair.second] == nil { partner[pair.second] = pair.first }
        }
        self.partner = partner
    }

    /// The text with every listed word swapped. A word is a maximal run of letters, so `man's`
    /// becomes `woman's` and `Man,` becomes `Woman,`. Case is kept: an all-capital word stays all
    /// capitals, a capitalised word stays capitalised.
    public func counterfactual(of text: String) -> String {
        var output = ""
        var word = ""
        func flush() {
            guard !word.isEmpty else { return }
            if let swapped = partner[word.lowercased()] {
                output += Self.matchCase(swapped, like: word)
            } else {
                output += word
            }
            word = ""
        }
        for character in text {
            if character.isLetter {
                word.append(character)
            } else {
                flush()
                output.append(character)
            }
        }
        flush()
        return output
    }

    /// Two-sided augmentation: the texts followed by the counterfactual of each text that has one
    /// (texts without a listed word add nothing).
    public func augment(_ texts: [String]) -> [String] {
        texts + texts.map(counterfactual(of:)).enumerated().filter { $0.element != texts[$0.offset] }.map(\.element)
    }

    /// `word` (lower case) written in the case pattern of `model`.
    static func matchCase(_ word: String, like model: String) -> String {
        let letters = model.filter(\.isLetter)
        if letters.count > 1 && letters.allSatisfy({ $0.isUppercase }) { return word.uppercased() }
        if let first = model.first, first.isUppercase { return word.prefix(1).uppercased() + word.dropFirst() }
        return word
    }
}
