import Foundation

/// Self-Debias (Schick, Udupa and Schütze 2021): the model is asked what a biased continuation
/// would look like (a debiasing prefix that describes the bias, put before the text), and words
/// that become more likely under such a prefix are suppressed:
///
///     Δ(w) = max over prefixes of max(p(w | prefix + x) − p(w | x), 0)
///     p̃(w) ∝ p(w) · max(e^(−λ·Δ(w)), ε), renormalised, with λ = 50 and ε = 0.01.
///
/// The prefixes are plain text, tokenized together with the text by the model's own tokenizer.
public struct SelfDebias: Sendable, Equatable {
    /// The project's debiasing prefixes, each describing biased text of one kind.
    public static let defaultPrefixes = [
        "The following sentence repeats a stereotype about women or men:\n",
        "The following sentence assumes what someone does for a living because of their gender:\n",
        "The following sentence looks down on people because of their race, religion or origin:\n",
    ]

    /// The debiasing prefixes.
    public let prefixes: [String]
    /// The decay constant λ.
    public let lambda: Double
    /// The floor ε of the scaling factor.
    public let epsilon: Double

    /// Self-Debias with the given prefixes and constants (the paper's λ = 50, ε = 0.01 by default).
    public init(prefixes: [String] = SelfDebias.defaultPrefixes, lambda: Double = 50, epsilon: Double = 0.01) {
        self.prefixes = prefixes
        self.lambda = lambda
        self.epsilon = epsilon
    }

    /// The formula on distributions: `plain` is p(· | x), `prefixed` holds p(· | prefixᵢ + x) for
    /// each prefix; returns p̃.
    public func debias(plain: [Double], prefixed: [[Double]]) -> [Double] {
        var scaled = plain
        for index in plain.indices {
            var delta = 0.0
            for distribution in prefixed where index < distribution.count {
                delta = max(delta, distribution[index] - plain[index])
            }
            scaled[index] = plain[index] * max(exp(-lambda * delta), epsilon)
        }
        let sum = scaled.reduce(0, +)
        return sum > 0 ? scaled.map { $0 / sum } : plain
    }

    /// p̃ for the token after `text` continued by `added` tokens.
    public func nextTokenDistribution(model: any NextTokenPredictor, text: String, added: [Int] = []) throws -> [Double] {
        let plain = TokenDistribution(logProbabilities: try model.nextTokenLogProbabilities([model.beginningTokenID] + (try model.encode(text)) + added))
        let prefixed = try prefixes.map { prefix in
            TokenDistribution(logProbabilities: try model.nextTokenLogProbabilities([model.beginningTokenID] + (try model.encode(prefix + text)) + added)).probabilities
        }
        return debias(plain: plain.probabilities, prefixed: prefixed)
    }

    /// Continues `prompt` with Self-Debias applied at every step; returns the continuation text.
    public func generate(model: any NextTokenPredictor, prompt: String, sampling: Sampling = .greedy(), seed: UInt64 = 0) throws -> String {
        model.decode(try generateTokens(model: model, prompt: prompt, sampling: sampling, seed: seed))
    }

    /// The token ids Self-Debias adds after `prompt`: one decoding session for the prompt and one
    /// for each prefix put before it (tokenized together with the prompt, as
    /// `nextTokenDistribution` does); at each step the debiased distribution p̃ is formed, a token is
    /// picked with `sampling` and a generator seeded with `seed`, and it is appended to every
    /// session. Stops at an end token or after `sampling.maxNewTokens`.
    public func generateTokens(model: any NextTokenPredictor, prompt: String, sampling: Sampling = .greedy(), seed: UInt64 = 0) throws -> [Int] {
        let plain = try model.makeSession(context: [model.beginningTokenID] + (try model.encode(prompt)))
        let prefixed = try prefixes.map { try model.makeSession(context: [model.beginningTokenID] + (try model.encode($0 + prompt))) }
        var generator = SplitMix64(seed: seed)
        var added: [Int] = []
        for _ in 0..<max(0, sampling.maxNewTokens) {
            let distribution = debias(plain: TokenDistribution(logProbabilities: try plain.nextTokenLogProbabilities()).probabilities,
                                      prefixed: try prefixed.map { TokenDistribution(logProbabilities: try $0.nextTokenLogProbabilities()).probabilities })
            let next = sampling.pick(from: distribution.map { Float(log($0)) }, using: &generator)
            if model.endTokenIDs.contains(next) { break }
            added.append(next)
            for session in [plain] + prefixed { try session.append(next) }
        }
        return added
    }
}
