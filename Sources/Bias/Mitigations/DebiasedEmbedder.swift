/// A sentence embedder whose vectors have the bias subspace projected out (SentenceDebias).
public struct DebiasedEmbedder: SentenceEmbedder {
    /// The embedder whose vectors are debiased.
    public let base: any SentenceEmbedder
    /// The subspace removed.
    public let subspace: BiasSubspace

    /// `base` with `subspace` removed from every vector.
    public init(base: any SentenceEmbedder, subspace: BiasSubspace) {
        self.base = base
        self.subspace = subspace
    }

    /// The base embeddings with the subspace removed.
    public func embed(_ sentences: [String]) throws -> [[Float]] {
        try base.embed(sentences).map(subspace.removing(from:))
    }
}
