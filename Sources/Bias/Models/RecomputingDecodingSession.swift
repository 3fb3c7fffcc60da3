/// A `DecodingSession` for any `NextTokenPredictor`: it keeps the token ids and asks the model for
/// the whole context at every step (no cache). The default a predictor without a cache gets.
public final class RecomputingDecodingSession: DecodingSession {
    /// The model asked at every step.
    public let model: any NextTokenPredictor
    /// The context so far (prompt and appended tokens).
    public private(set) var context: [Int]

    /// A session that continues `context` (not empty) with `model`.
    public init(model: any NextTokenPredictor, context: [Int]) {
        self.model = model
        self.context = context.isEmpty ? [model.beginningTokenID] : context
    }

    /// The model's next-token log-probabilities after the whole context.
    public func nextTokenLogProbabilities() throws -> [Float] {
        try model.nextTokenLogProbabilities(context)
    }

    /// Appends `token`.
    public func append(_ token: Int) {
        context.append(token)
    }
}
