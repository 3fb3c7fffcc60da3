/// Ranks candidate texts by the cosine similarity of their embeddings to a query's embedding.
public enum SimilarityRanking {
    /// One candidate with its similarity to the query.
    public struct Match: Sendable, Equatable, Codable {
        /// The candidate text.
        public let text: String
        /// cos(query, candidate), in [−1, 1].
        public let score: Double
        /// Its position in the list given.
        public let index: Int
    }

    /// cos(a, b) = a·b / (|a| |b|), computed in Double; 0 when either vector is zero.
    public static func cosine(_ a: [Float], _ b: [Float]) -> Double {
        var dot = 0.0, normA = 0.0, normB = 0.0
        for (x, y) in zip(a, b) {
            dot += Double(x) * Double(y)
            normA += Double(x) * Double(x)
            normB += Double(y) * Double(y)
        }
        return normA == 0 || normB == 0 ? 0 : dot / (normA.squareRoot() * normB.squareRoot())
    }

    /// The candidates sorted by similarity to the query (highest first; ties keep input order),
    /// embedded with `embedder` in one batch.
    public static func rank(query: String, candidates: [String], embedder: any SentenceEmbedder) throws -> [Match] {
        guard !candidates.isEmpty else {
            throw BiasError(problem: "no candidate texts were given", fix: "pass a non-empty list of texts to compare with the query")
        }
        let vectors = try embedder.embed([query] + candidates)
        let matches = candidates.enumerated().map { index, text in
            Match(text: text, score: cosine(vectors[0], vectors[index + 1]), index: index)
        }
        return matches.sorted { $0.score != $1.score ? $0.score > $1.score : $0.index < $1.index }
    }
}
