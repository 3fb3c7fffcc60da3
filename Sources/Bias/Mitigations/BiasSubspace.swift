/// The bias subspace of SentenceDebias (Liang et al. 2020): the top principal directions of the
/// embedding differences of counterfactual sentence pairs. Liang et al. centre each pair on its
/// mean, giving ±d/2 for the difference d; PCA of those is the eigen-decomposition of Σ d dᵀ, which
/// is computed here through the small Gram matrix D Dᵀ.
public struct BiasSubspace: Sendable, Equatable {
    /// Orthonormal directions (each of the embedding's dimension), the strongest first.
    public let directions: [[Double]]
    /// The share of the differences' variance each direction explains, in [0, 1].
    public let explainedVariance: [Double]

    /// The top `k` directions of `differences` (one embedding difference per pair). Throws when
    /// there are no differences, they have different lengths, or all are zero.
    public init(differences: [[Float]], k: Int) throws {
        guard let dimension = differences.first?.count, dimension > 0 else {
            throw BiasError(problem: "no counterfactual pairs were given", fix: "give at least one sentence pair")
        }
        guard differences.allSatisfy({ $0.count == dimension }) else {
            throw BiasError(problem: "the embeddings have different lengths", fix: "embed every sentence with the same model")
        }
        let rows = differences.map { $0.map(Double.init) }
        let gram = rows.map { u in rows.map { v in zip(u, v).reduce(0) { $0 + $1.0 * $1.1 } } }
        let eigen = SymmetricEigen(gram)
        let total = eigen.values.reduce(0) { $0 + max($1, 0) }
        guard total > 0 else {
            throw BiasError(problem: "every pair has identical embeddings", fix: "use pairs that differ (e.g. he / she)")
        }
        var directions: [[Double]] = []
        var explained: [Double] = []
        for (value, coefficients) in zip(eigen.values, eigen.vectors).prefix(max(0, k)) where value > total * 1e-12 {
            var direction = [Double](repeating: 0, count: dimension)
            for (row, weight) in zip(rows, coefficients) {
                for index in 0..<dimension { direction[index] += weight * row[index] }
            }
            let norm = direction.reduce(0) { $0 + $1 * $1 }.squareRoot()
            directions.append(direction.map { $0 / norm })
            explained.append(value / total)
        }
        self.directions = directions
        explainedVariance = explained
    }

    /// The subspace of `embedder`'s differences e(first) − e(second) over `pairs`.
    public init(embedder: any SentenceEmbedder, pairs: [(String, String)], k: Int) throws {
        let first = try embedder.embed(pairs.map(\.0))
        let second = try embedder.embed(pairs.map(\.1))
        guard first.count == pairs.count, second.count == pairs.count else {
            throw BiasError(problem: "the embedder returned the wrong number of vectors", fix: "use an embedder that returns one vector per sentence")
        }
        try self.init(differences: zip(first, second).map { u, v in zip(u, v).map { $0 - $1 } }, k: k)
    }

    /// `vector` with its components along every direction removed: v − Σ (v·b) b.
    public func removing(from vector: [Float]) -> [Float] {
        var result = vector.map(Double.init)
        for direction in directions where direction.count == result.count {
            let projection = zip(result, direction).reduce(0) { $0 + $1.0 * $1.1 }
            for index in result.indices { result[index] -= projection * direction[index] }
        }
        return result.map(Float.init)
    }
}
