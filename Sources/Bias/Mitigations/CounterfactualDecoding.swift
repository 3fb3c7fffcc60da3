import Foundation

/// Counterfactual-averaged decoding: at every step the next-token distributions of the prompt and
/// of its counterfactual variants (each continued with the same tokens so far) are averaged, and
/// the next token is picked from the average. A word the model would only say for one group loses
/// half its weight.
///
/// With `averagedTokens`, only the first tokens are picked from the average and the rest from the
/// prompt's own distribution: the words that the prompt's group decides (the job after "worked as
/// a") are chosen for every group at once, and the text after them is written for the person the
/// prompt is about (no "She's" after a prompt about a man).
public struct CounterfactualDecoding: Sendable {
    /// How tokens are picked from the averaged distribution.
    public let sampling: Sampling
    /// How many tokens come from the averaged distributions (nil: every token).
    public let averagedTokens: Int?

    /// Decoding with `sampling` (greedy when not given), averaging the first `averagedTokens`
    /// tokens (every token when nil).
    public init(sampling: Sampling = .greedy(), averagedTokens: Int? = nil) {
        self.sampling = sampling
        self.averagedTokens = averagedTokens
    }

    /// The mean of the probability distributions that follow each of `contexts`.
    public static func averagedDistribution(model: any NextTokenPredictor, contexts: [[Int]]) throws -> [Double] {
        var total = [Double](repeating: 0, count: model.vocabularySize)
        for context in contexts {
            let distribution = TokenDistribution(logProbabilities: try model.nextTokenLogProbabilities(context))
            guard distribution.probabilities.count == total.count else {
                throw BiasError(problem: "the model returned \(distribution.probabilities.count) probabilities for a vocabulary of \(total.count)",
                                fix: "check the model's vocabulary size")
            }
            for index in total.indices { total[index] += distribution.probabilities[index] }
        }
        return total.map { $0 / Double(max(1, contexts.count)) }
    }

    /// Continues `prompt` with the distributions of `prompt` and `variants` averaged at each step
    /// (when `variants` is nil, the one counterfactual made by swapping `pairs`). Returns the
    /// continuation text (without the prompt).
    public func generate(model: any NextTokenPredictor, prompt: String, variants: [String]? = nil,
                         pairs: [WordPair] = GenderWordPairs.all, seed: UInt64 = 0) throws -> String {
        let others = variants ?? [CounterfactualAugmentation(pairs: pairs).counterfactual(of: prompt)].filter { $0 != prompt }
        let contexts = try ([prompt] + others).map { [model.beginningTokenID] + (try model.encode($0)) }
        return model.decode(try generateTokens(model: model, contexts: contexts, seed: seed))
    }

    /// The token ids added after every one of `contexts` (token ids, each starting with the model's
    /// beginning token): at each step the next-token distributions of all contexts are averaged, a
    /// token is picked from the average with `sampling` and a generator seeded with `seed`, and it
    /// is appended to every context. After `averagedTokens` tokens only the first context's
    /// distribution is used. Stops at an end token or after `sampling.maxNewTokens`.
    public func generateTokens(model: any NextTokenPredictor, contexts: [[Int]], seed: UInt64 = 0) throws -> [Int] {
        guard !contexts.isEmpty else { return [] }
        var sessions = try contexts.map { try model.makeSession(context: $0) }
        var generator = SplitMix64(seed: seed)
        var added: [Int] = []
        for step in 0..<max(0, sampling.maxNewTokens) {
            if let averagedTokens, step == averagedTokens { sessions = [sessions[0]] }
            var total = [Double](repeating: 0, count: model.vocabularySize)
            for session in sessions {
                let distribution = TokenDistribution(logProbabilities: try session.nextTokenLogProbabilities())
                guard distribution.probabilities.count == total.count else {
                    throw BiasError(problem: "the model returned \(distribution.probabilities.count) probabilities for a vocabulary of \(total.count)",
                                    fix: "check the model's vocabulary size")
                }
                for index in total.indices { total[index] += distribution.probabilities[index] }
            }
            let next = sampling.pick(from: total.map { Float(log($0 / Double(sessions.count))) }, using: &generator)
            if model.endTokenIDs.contains(next) { break }
            added.append(next)
            for session in sessions { try session.append(next) }
        }
        return added
    }
}
