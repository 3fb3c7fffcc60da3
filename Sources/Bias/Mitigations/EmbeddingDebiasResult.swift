/// SEAT before and after removing the bias subspace from an embedder.
public struct EmbeddingDebiasResult: Sendable, Equatable {
    /// The subspace that was removed.
    public let subspace: BiasSubspace
    /// SEAT on the original embeddings.
    public let before: SEATResult
    /// SEAT on the debiased embeddings.
    public let after: SEATResult

    /// A result.
    public init(subspace: BiasSubspace, before: SEATResult, after: SEATResult) {
        self.subspace = subspace
        self.before = before
        self.after = after
    }
}
