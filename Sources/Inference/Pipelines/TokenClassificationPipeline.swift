import Foundation

/// One labelled token or entity, named as transformers' token-classification pipeline names its
/// fields (`entity` per token, `entity_group` once grouped).
public struct TokenEntity: Sendable, Equatable {
    /// The label (`entity`), or the grouped label without its `B-`/`I-` prefix (`entity_group`).
    public var label: String
    /// The softmax probability of the label (the mean over the tokens of a group).
    public var score: Double
    /// The token's position in the ids, special tokens counted (`index`); nil for a group.
    public var index: Int?
    /// The token string (`##ing`), or the group's tokens joined back into text.
    public var word: String
    /// Where it starts in the text, in Unicode scalars as Python indexes (`start`).
    public var start: Int
    /// Where it ends (exclusive), in the same units (`end`).
    public var end: Int

    /// An entity.
    public init(label: String, score: Double, index: Int?, word: String, start: Int, end: Int) {
        self.label = label
        self.score = score
        self.index = index
        self.word = word
        self.start = start
        self.end = end
    }
}

/// transformers' `pipeline("token-classification")` (alias `ner`): a label for each token of a text
/// from a `*ForTokenClassification` model.
///
/// With `aggregation: .none` every token not labelled with an ignored label (`O`) is returned
/// with its label; `.simple` first merges neighbouring tokens whose labels have the same tag and
/// where the later one does not start a new entity (`B-`), averaging their scores.
public struct TokenClassificationPipeline: Sendable {
    /// How tokens become entities.
    public enum Aggregation: String, Sendable, CaseIterable {
        /// One result per token.
        case none
        /// Neighbouring tokens of one entity merged (transformers' `"simple"`).
        case simple
    }

    /// The model it runs on.
    public let model: EncoderTokenClassifier

    /// A pipeline over `model`.
    public init(model: EncoderTokenClassifier) {
        self.model = model
    }

    /// The entities of each text, in text order.
    /// - Throws: `PipelineError` for an empty or too long text; model errors.
    public func callAsFunction(_ texts: [String], aggregation: Aggregation = .none, ignoreLabels: [String] = ["O"]) throws -> [[TokenEntity]] {
        let tokenizer = model.tokenizer
        let encodings = try texts.enumerated().map { index, text in
            guard !text.isEmpty else {
                throw PipelineError(pipeline: "token-classification", problem: "text \(index) is empty; give each text at least one character")
            }
            return tokenizer.encode(text)
        }
        let logits = try model.logits(for: encodings.map(\.ids))
        return zip(encodings, logits).map { encoding, rows in
            var tokens: [(entity: TokenEntity, id: Int)] = []
            for position in 0..<encoding.count where !encoding.specialTokensMask[position] {
                let scores = ClassificationFunction.softmax.scores(rows.row(position))
                let best = scores.indices.max { scores[$0] < scores[$1] || (scores[$0] == scores[$1] && $0 > $1) }!
                let offset = encoding.offsets[position]
                tokens.append((TokenEntity(label: model.labels[best], score: scores[best], index: position, word: encoding.tokens[position],
                                           start: offset.lowerBound, end: offset.upperBound), encoding.ids[position]))
            }
            let entities = aggregation == .simple ? group(tokens) : tokens.map(\.entity)
            return entities.filter { !ignoreLabels.contains($0.label) }
        }
    }

    /// `B-PER` → (`B`, `PER`); `I-PER` → (`I`, `PER`); any other label → (`I`, label), as transformers splits them.
    static func tag(_ label: String) -> (boundary: String, tag: String) {
        if label.hasPrefix("B-") { return ("B", String(label.dropFirst(2))) }
        if label.hasPrefix("I-") { return ("I", String(label.dropFirst(2))) }
        return ("I", label)
    }

    /// Neighbouring tokens of one entity merged: same tag, the later not a `B-`.
    private func group(_ tokens: [(entity: TokenEntity, id: Int)]) -> [TokenEntity] {
        var groups: [[(entity: TokenEntity, id: Int)]] = []
        for token in tokens {
            if let last = groups.last?.last, Self.tag(token.entity.label).tag == Self.tag(last.entity.label).tag,
               Self.tag(token.entity.label).boundary != "B" {
                groups[groups.count - 1].append(token)
            } else {
                groups.append([token])
            }
        }
        return groups.map { members in
            let first = members[0].entity
            let label = first.label.split(separator: "-", maxSplits: 1).last.map(String.init) ?? first.label
            return TokenEntity(label: label, score: members.map(\.entity.score).reduce(0, +) / Double(members.count), index: nil,
                               word: model.tokenizer.decode(members.map(\.id), skipSpecialTokens: true),
                               start: first.start, end: members[members.count - 1].entity.end)
        }
    }
}
