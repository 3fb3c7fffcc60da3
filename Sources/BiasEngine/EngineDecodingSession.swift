import Bias
import Inference

/// A `DecodingSession` over the engine's key/value cache: the context is run once when the session
/// starts, then each appended token costs one single-position forward pass.
final class EngineDecodingSession: DecodingSession {
    private let model: any Inference.CausalLanguageModel
    private let cache: KeyValueCache
    private var logits: Tensor
    private var length: Int

    /// Runs `context` (not empty, at most the model's maximum length) into a fresh cache.
    init(model: any Inference.CausalLanguageModel, context: [Int]) throws {
        guard context.count <= model.maximumSequenceLength else {
            throw BiasError(problem: "the text is \(context.count) tokens long but the model reads at most \(model.maximumSequenceLength)",
                            fix: "use shorter texts")
        }
        self.model = model
        cache = model.makeCache(batchSize: 1)
        logits = try model.logits(for: [context], cache: cache, allPositions: false)
        length = context.count
    }

    /// The log-softmax of the last position's logits.
    func nextTokenLogProbabilities() throws -> [Float] {
        LogSoftmax.of(logits.scalars[...])
    }

    /// Runs `token` after the cached context.
    func append(_ token: Int) throws {
        guard length < model.maximumSequenceLength else {
            throw BiasError(problem: "the continuation reached the model's maximum length of \(model.maximumSequenceLength) tokens",
                            fix: "ask for fewer new tokens or use a shorter prompt")
        }
        logits = try model.logits(for: [[token]], cache: cache, allPositions: false)
        length += 1
    }
}
