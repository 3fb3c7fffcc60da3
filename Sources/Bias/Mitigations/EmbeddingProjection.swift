/// Embedding projection (SentenceDebias, Liang et al. 2020) as a lab action: find the bias subspace
/// from counterfactual sentence pairs, remove its top `k` directions, and report SEAT before and
/// after.
public enum EmbeddingProjection {
    /// The project's counterfactual pairs: each bundled gendered sentence with its CDA counterfactual.
    public static func bundledPairs() -> [(String, String)] {
        let cda = CounterfactualAugmentation()
        return CounterfactualTemplates.subspaceSentences.map { ($0, cda.counterfactual(of: $0)) }
    }

    /// Debiases `embedder` with the top `k` directions of `pairs` and runs `test` before and after
    /// (same `permutations` and `seed` both times).
    public static func debias(embedder: any SentenceEmbedder, pairs: [(String, String)] = bundledPairs(), k: Int = 1,
                              test: WEATTest = WEATWordSets.sentences(WEATWordSets.weat6), permutations: Int = 100_000, seed: UInt64 = 0,
                              progress: ProgressHandler? = nil) throws -> EmbeddingDebiasResult {
        let subspace = try BiasSubspace(embedder: embedder, pairs: pairs, k: k)
        progress?(1, 3)
        let before = try test.run(embedder: embedder, permutations: permutations, seed: seed)
        progress?(2, 3)
        let after = try test.run(embedder: DebiasedEmbedder(base: embedder, subspace: subspace), permutations: permutations, seed: seed)
        progress?(3, 3)
        return EmbeddingDebiasResult(subspace: subspace, before: before, after: after)
    }
}
