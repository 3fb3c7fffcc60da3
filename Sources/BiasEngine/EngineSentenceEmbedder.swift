import Bias
import Inference

/// A text encoder of the inference engine (sentence-transformers, BERT) seen through
/// `SentenceEmbedder`: the feature-extraction pipeline's pooled sentence embeddings.
public struct EngineSentenceEmbedder: SentenceEmbedder {
    /// The pipeline that pools the encoder's states.
    public let pipeline: FeatureExtractionPipeline
    /// Sentences per forward pass.
    public var batchSize: Int

    /// Wraps an encoder.
    public init(model: any TextEncoder, batchSize: Int = 32) {
        pipeline = FeatureExtractionPipeline(model: model)
        self.batchSize = batchSize
    }

    /// Wraps a feature-extraction pipeline.
    public init(pipeline: FeatureExtractionPipeline, batchSize: Int = 32) {
        self.pipeline = pipeline
        self.batchSize = batchSize
    }

    /// One pooled (and, for sentence-transformers models, normalised as its files say) vector per sentence.
    public func embed(_ sentences: [String]) throws -> [[Float]] {
        try pipeline.sentenceEmbeddings(sentences, batchSize: batchSize)
    }
}
