import Foundation

/// What a training step minimises, computed from the logits `[rows, vocabulary]` of a batch:
/// the cross-entropy of the labels and, as options, a token penalty and a divergence between the
/// next-token distributions of counterfactual prompt pairs (the bias penalty of the mitigation labs).
public struct TrainingObjective: Sendable, Equatable {
    /// The divergences a pair penalty can use.
    public enum Divergence: String, Sendable, Equatable {
        /// `½ (KL(p‖q) + KL(q‖p))`: unbounded, grows fast when one side is confident.
        case symmetricKL = "symmetric_kl"
        /// Jensen–Shannon, `½ KL(p‖m) + ½ KL(q‖m)` with `m = (p + q) / 2`: bounded by ln 2.
        case jensenShannon = "js"
    }

    /// `weight × mean(logits of tokens)` at every position whose label counts: pushes the listed
    /// tokens' logits down (the course's token penalty).
    public struct TokenPenalty: Sendable, Equatable {
        /// The penalised token ids.
        public var tokens: [Int]
        /// λ.
        public var weight: Double
        /// A penalty of `weight` on `tokens`.
        public init(tokens: [Int], weight: Double) {
            self.tokens = tokens
            self.weight = weight
        }
    }

    /// `weight × mean over pairs of D(p, q)`, where rows `2i` and `2i + 1` of the batch are the two
    /// prompts of pair `i` and `p`, `q` their next-token distributions at each row's last real token.
    public struct PairPenalty: Sendable, Equatable {
        /// Which divergence (Jensen–Shannon by default: bounded, so one confident pair cannot swamp the loss).
        public var divergence: Divergence
        /// λ.
        public var weight: Double
        /// A penalty of `weight` on `divergence`.
        public init(divergence: Divergence = .jensenShannon, weight: Double) {
            self.divergence = divergence
            self.weight = weight
        }
    }

    /// Whether the labels' cross-entropy is part of the objective.
    public var includesCrossEntropy: Bool
    /// What the summed cross-entropy is divided by: the batch's counted tokens when nil, or those
    /// of every micro-batch of an accumulated step.
    public var divisor: Int?
    /// The optional token penalty.
    public var tokenPenalty: TokenPenalty?
    /// The optional pair penalty.
    public var pairPenalty: PairPenalty?

    /// An objective from its parts.
    public init(includesCrossEntropy: Bool = true, divisor: Int? = nil, tokenPenalty: TokenPenalty? = nil, pairPenalty: PairPenalty? = nil) {
        self.includesCrossEntropy = includesCrossEntropy
        self.divisor = divisor
        self.tokenPenalty = tokenPenalty
        self.pairPenalty = pairPenalty
    }

    /// The mean cross-entropy over counted tokens: what `model(…, labels=…).loss` is.
    public static let crossEntropy = TrainingObjective()

    /// The summed cross-entropy divided by `divisor` (gradient accumulation).
    public static func crossEntropy(dividingBy divisor: Int?) -> TrainingObjective {
        TrainingObjective(divisor: divisor)
    }

    /// Only `penalty` over the pairs of a batch of counterfactual prompts (labels unused).
    public static func pairs(_ penalty: PairPenalty) -> TrainingObjective {
        TrainingObjective(includesCrossEntropy: false, pairPenalty: penalty)
    }

    /// Checks the objective against `batch`, whose labels count at `counted` positions.
    /// - Throws: `TrainingError` for nothing to minimise, token ids outside the vocabulary, an odd
    ///   number of rows for pairs, or a row with no real token.
    func validate(_ batch: TokenBatch, counted: Int, vocabularySize: Int, model: String) throws {
        let source = "training objective for \(model)"
        if includesCrossEntropy || tokenPenalty != nil, counted == 0, (divisor ?? 0) == 0 {
            throw TrainingError(source: "training batch for \(model)",
                                problem: "no position has a label to predict (every label is -100, after the shift for causal models)",
                                fix: "give rows with labels that are not -100")
        }
        if let penalty = tokenPenalty, let bad = penalty.tokens.first(where: { $0 < 0 || $0 >= vocabularySize }) ?? (penalty.tokens.isEmpty ? -1 : nil) {
            throw TrainingError(source: source, problem: bad == -1 ? "the token penalty lists no token" : "penalised token \(bad) is outside the vocabulary of \(vocabularySize)",
                                fix: "list token ids of the model's tokenizer")
        }
        if pairPenalty != nil {
            guard batch.batchSize % 2 == 0 else {
                throw TrainingError(source: source, problem: "the pair penalty needs pairs of rows but the batch has \(batch.batchSize)",
                                    fix: "put the two prompts of each counterfactual pair in rows 2i and 2i+1")
            }
            if let row = batch.attentionMask.firstIndex(where: { !$0.contains(1) }) {
                throw TrainingError(source: source, problem: "row \(row) has no real token", fix: "give every prompt at least one token")
            }
        }
    }

    /// Returns the objective's value and overwrites `logits[rows, vocabulary]` with its gradient.
    /// `targets[rows]` are the labels each position predicts; `lastPositions[pair row]` the index
    /// of each row's last real token (used by the pair penalty); `time` the row length.
    func lossAndGradient(_ logits: UnsafeMutablePointer<Float>, targets: [Int], counted: Int, rows: Int, vocabulary: Int,
                         time: Int, lastPositions: [Int]) -> Double {
        var total = 0.0
        // Penalties read the raw logits, so they run before cross-entropy overwrites them.
        var extra: [(row: Int, gradient: [Float])] = []
        if let penalty = tokenPenalty {
            let share = penalty.weight / Double(max(counted, 1) * penalty.tokens.count)
            var sum = 0.0
            for row in 0..<rows where targets[row] != CrossEntropy.ignored {
                var gradient = [Float](repeating: 0, count: vocabulary)
                for token in penalty.tokens {
                    sum += Double(logits[row * vocabulary + token])
                    gradient[token] += Float(share)
                }
                extra.append((row, gradient))
            }
            total += sum * share
        }
        if let penalty = pairPenalty {
            let pairs = lastPositions.count / 2
            for pair in 0..<pairs {
                let rowA = 2 * pair * time + lastPositions[2 * pair], rowB = (2 * pair + 1) * time + lastPositions[2 * pair + 1]
                let (value, gradientA, gradientB) = Self.divergence(penalty.divergence, logits + rowA * vocabulary, logits + rowB * vocabulary,
                                                                    vocabulary: vocabulary, scale: penalty.weight / Double(pairs))
                total += value
                extra.append((rowA, gradientA))
                extra.append((rowB, gradientB))
            }
        }
        if includesCrossEntropy {
            total += CrossEntropy.lossAndGradient(logits, targets: targets, rows: rows, vocabulary: vocabulary, counted: divisor ?? counted)
        } else {
            logits.update(repeating: 0, count: rows * vocabulary)
        }
        for (row, gradient) in extra {
            let z = logits + row * vocabulary
            for j in 0..<vocabulary { z[j] += gradient[j] }
        }
        return total
    }

    /// `scale × D(softmax(a), softmax(b))` and its gradients with respect to `a` and `b` (`[vocabulary]` each).
    static func divergence(_ kind: Divergence, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, vocabulary: Int,
                           scale: Double) -> (Double, [Float], [Float]) {
        func logSoftmax(_ z: UnsafePointer<Float>) -> [Double] {
            var maximum = -Double.infinity
            for j in 0..<vocabulary { maximum = max(maximum, Double(z[j])) }
            var sum = 0.0
            for j in 0..<vocabulary { sum += exp(Double(z[j]) - maximum) }
            let shift = maximum + log(sum)
            return (0..<vocabulary).map { Double(z[$0]) - shift }
        }
        let lp = logSoftmax(a), lq = logSoftmax(b)
        let p = lp.map(exp), q = lq.map(exp)
        var gradientA = [Float](repeating: 0, count: vocabulary), gradientB = gradientA
        switch kind {
        case .symmetricKL:
            // S = ½ Σ (p − q)(log p − log q); ∂S/∂a_j = ½ [p_j (u_j − E_p u) + (p_j − q_j)], u = log p − log q.
            var value = 0.0, meanP = 0.0, meanQ = 0.0
            for j in 0..<vocabulary {
                let u = lp[j] - lq[j]
                value += 0.5 * (p[j] - q[j]) * u
                meanP += p[j] * u
                meanQ += q[j] * u
            }
            for j in 0..<vocabulary {
                let u = lp[j] - lq[j]
                gradientA[j] = Float(scale * 0.5 * (p[j] * (u - meanP) + (p[j] - q[j])))
                gradientB[j] = Float(scale * 0.5 * (q[j] * (meanQ - u) - (p[j] - q[j])))
            }
            return (scale * value, gradientA, gradientB)
        case .jensenShannon:
            // JS = ½ KL(p‖m) + ½ KL(q‖m); ∂JS/∂a_j = ½ p_j (g_j − E_p g), g = log p − log m.
            var value = 0.0, meanP = 0.0, meanQ = 0.0
            var lm = [Double](repeating: 0, count: vocabulary)
            for j in 0..<vocabulary {
                lm[j] = log(0.5 * (p[j] + q[j]))
                value += 0.5 * (p[j] * (lp[j] - lm[j]) + q[j] * (lq[j] - lm[j]))
                meanP += p[j] * (lp[j] - lm[j])
                meanQ += q[j] * (lq[j] - lm[j])
            }
            for j in 0..<vocabulary {
                gradientA[j] = Float(scale * 0.5 * p[j] * ((lp[j] - lm[j]) - meanP))
                gradientB[j] = Float(scale * 0.5 * q[j] * ((lq[j] - lm[j]) - meanQ))
            }
            return (scale * value, gradientA, gradientB)
        }
    }
}

extension TokenBatch {
    /// The index of each row's last real token (attention mask 1), 0 for a row without one.
    var lastRealPositions: [Int] {
        attentionMask.map { row in row.lastIndex(of: 1) ?? 0 }
    }
}
