/// What a counterfactual sweep found: one row per fill-in, and the gap between every two rows.
public struct SweepResult: Sendable, Equatable, Codable {
    /// One candidate token with its probability.
    public struct Prediction: Sendable, Equatable, Codable {
        /// The token id.
        public let token: Int
        /// The token's text (fill-mask's `token_str`).
        public let tokenString: String
        /// Its probability, in [0, 1].
        public let score: Double

        /// A prediction.
        public init(token: Int, tokenString: String, score: Double) {
            self.token = token
            self.tokenString = tokenString
            self.score = score
        }
    }

    /// The model's answer for one fill-in.
    public struct Row: Sendable, Equatable, Codable {
        /// The fill-in (`man`, `woman`, a name).
        public let fill: String
        /// The template with the fill-in put in.
        public let text: String
        /// The `topK` most likely tokens (fill-mask and next-token tasks; empty for generation).
        public let predictions: [Prediction]
        /// The probability of each target word's first token (fill-mask and next-token tasks).
        public let targetProbabilities: [String: Double]
        /// The sampled continuations (text-generation task; empty otherwise).
        public let generations: [String]

        /// A row.
        public init(fill: String, text: String, predictions: [Prediction], targetProbabilities: [String: Double], generations: [String]) {
            self.fill = fill
            self.text = text
            self.predictions = predictions
            self.targetProbabilities = targetProbabilities
            self.generations = generations
        }
    }

    /// How far apart two rows' distributions are.
    public struct Gap: Sendable, Equatable, Codable {
        /// The first row's fill-in.
        public let first: String
        /// The second row's fill-in.
        public let second: String
        /// |top-k(first) ∩ top-k(second)| / k.
        public let topKOverlap: Double
        /// ½ Σ_w |p_first(w) − p_second(w)| over the whole vocabulary.
        public let totalVariationDistance: Double
        /// p_first(target) / p_second(target) for each target word (infinite when only the second is 0,
        /// NaN when both are).
        public let probabilityRatios: [String: Double]

        /// A gap.
        public init(first: String, second: String, topKOverlap: Double, totalVariationDistance: Double, probabilityRatios: [String: Double]) {
            self.first = first
            self.second = second
            self.topKOverlap = topKOverlap
            self.totalVariationDistance = totalVariationDistance
            self.probabilityRatios = probabilityRatios
        }
    }

    /// The task that was run (`fill-mask`, `next-token`, `text-generation`).
    public let task: CounterfactualSweep.Task
    /// One row per fill-in, in the order given.
    public let rows: [Row]
    /// The gap for every two fill-ins (i < j), in order; empty for text generation.
    public let gaps: [Gap]

    /// A result.
    public init(task: CounterfactualSweep.Task, rows: [Row], gaps: [Gap]) {
        self.task = task
        self.rows = rows
        self.gaps = gaps
    }
}
