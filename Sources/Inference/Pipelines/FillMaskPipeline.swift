import Foundation

/// One candidate for one `[MASK]`, named as transformers' fill-mask pipeline names its fields.
public struct FillMaskPrediction: Sendable, Equatable {
    /// The probability (softmax over the whole vocabulary at that position).
    public var score: Double
    /// The token id (`token`).
    public var token: Int
    /// The token decoded on its own (`token_str`).
    public var tokenString: String
    /// The input with this token in place of the mask, decoded (`sequence`).
    public var sequence: String

    /// A prediction.
    public init(score: Double, token: Int, tokenString: String, sequence: String) {
        self.score = score
        self.token = token
        self.tokenString = tokenString
        self.sequence = sequence
    }
}

/// transformers' `pipeline("fill-mask")`: the most likely tokens for each mask token in a text.
///
/// Result shape: one list of predictions per mask, in text order (transformers returns the inner
/// list alone when there is a single mask). As transformers does, `sequence` skips special tokens
/// when the text has one mask, and keeps them (other masks stay `[MASK]`) when it has several.
public struct FillMaskPipeline: Sendable {
    /// The model it runs on.
    public let model: any MaskedLanguageModel

    /// A pipeline over `model`.
    public init(model: any MaskedLanguageModel) {
        self.model = model
    }

    /// Predictions for each mask of `text`: `topK` candidates (at most the number of targets), or
    /// only among `targets` (tokens of the vocabulary; a target that is not one token counts as its first token).
    /// - Throws: `PipelineError` when the text has no mask token or no target is usable; model errors.
    public func callAsFunction(_ text: String, topK: Int = 5, targets: [String]? = nil) throws -> [[FillMaskPrediction]] {
        try callAsFunction([text], topK: topK, targets: targets)[0]
    }

    /// `callAsFunction(_:topK:targets:)` for several texts in one batch.
    public func callAsFunction(_ texts: [String], topK: Int = 5, targets: [String]? = nil) throws -> [[[FillMaskPrediction]]] {
        let tokenizer = model.tokenizer
        guard let mask = tokenizer.specialTokens.mask else {
            throw PipelineError(pipeline: "fill-mask", problem: "the tokenizer has no mask token")
        }
        let candidates = try targets.map { try targetIDs($0, tokenizer: tokenizer) }
        let batch = texts.map { tokenizer.encode($0).ids }
        var positions: [[Int]] = []
        for (text, ids) in zip(texts, batch) {
            let found = ids.indices.filter { ids[$0] == mask.id }
            guard !found.isEmpty else {
                throw PipelineError(pipeline: "fill-mask", problem: "no mask token (\(mask.text)) found in \"\(text)\"; put \(mask.text) where a word should be predicted")
            }
            positions.append(found)
        }
        guard !texts.isEmpty else { return [] }
        let logits = try model.logits(for: batch, at: positions)
        let width = logits.shape[1]
        let padding = tokenizer.specialTokens.padding?.id
        var row = 0
        var results: [[[FillMaskPrediction]]] = []
        for (ids, found) in zip(batch, positions) {
            var perText: [[FillMaskPrediction]] = []
            for position in found {
                var probabilities = logits.row(row)
                row += 1
                probabilities.withUnsafeMutableBufferPointer { Softmax.apply($0.baseAddress!, rows: 1, width: width) }
                let ranked = TopK.indices(of: probabilities, count: topK, among: candidates)
                perText.append(ranked.map { id in
                    var filled = ids
                    filled[position] = id
                    if let padding { filled.removeAll { $0 == padding } }
                    return FillMaskPrediction(score: Double(probabilities[id]), token: id,
                                              tokenString: tokenizer.decode([id]),
                                              sequence: tokenizer.decode(filled, skipSpecialTokens: found.count == 1))
                })
            }
            results.append(perText)
        }
        return results
    }

    /// The ids of `targets`, as transformers resolves them (whole-token lookup, else the first token).
    private func targetIDs(_ targets: [String], tokenizer: any Tokenizer) throws -> [Int] {
        var ids: [Int] = []
        for target in targets {
            let id = tokenizer.id(of: target) ?? tokenizer.encode(target, addSpecialTokens: false).ids.first
            if let id, !ids.contains(id) { ids.append(id) }
        }
        guard !ids.isEmpty else {
            throw PipelineError(pipeline: "fill-mask", problem: "none of the targets \(targets) is a token of the vocabulary")
        }
        return ids
    }
}
