/// What SEAT and embedding projection need: one fixed-size vector per sentence (for example the
/// mean-pooled output of a sentence-transformers model).
public protocol SentenceEmbedder {
    /// One embedding per sentence, in order; every vector has the same length.
    func embed(_ sentences: [String]) throws -> [[Float]]
}
