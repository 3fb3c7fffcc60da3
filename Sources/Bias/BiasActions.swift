import Foundation

/// The bias toolkit as lab actions, one function per name of LabScript's `labrun` module
/// (`labrun.sweep`, `labrun.crows_pairs`, …), so the binding is a thin layer: it turns arguments
/// into these Swift values and the results back into dictionaries with the same field names.
public enum BiasActions {
    /// `labrun.sweep(template, fills, model=…, task=…, top_k=…)`: a counterfactual sweep. The task
    /// defaults to fill-mask for a masked LM and next-token for a causal LM; `targets` are compared
    /// by probability ratio; `samples` and `seed` apply to text generation.
    public static func sweep(template: String, fills: [String], model: BiasModel, task: CounterfactualSweep.Task? = nil, topK: Int = 5,
                             targets: [String] = [], samples: Int = 3, seed: UInt64 = 0, sampling: Sampling = Sampling(),
                             progress: ProgressHandler? = nil) throws -> SweepResult {
        let sweep = try CounterfactualSweep(template: template, fills: fills)
        switch (model, task) {
        case (.masked(let model), nil), (.masked(let model), .fillMask?):
            return try sweep.fillMask(model: model, topK: topK, targets: targets, progress: progress)
        case (.causal(let model), nil), (.causal(let model), .nextToken?):
            return try sweep.nextToken(model: model, topK: topK, targets: targets, progress: progress)
        case (.causal(let model), .textGeneration?):
            return try sweep.textGeneration(model: model, sampling: sampling, samples: samples, seed: seed, progress: progress)
        case (.causal, .fillMask?):
            throw model.unsupported(by: "sweep with task=\"fill-mask\"", needs: "a fill-mask model, or task=\"next-token\"")
        default:
            throw model.unsupported(by: "sweep", needs: "a fill-mask or text-generation model")
        }
    }

    /// `labrun.crows_pairs(model, pairs_or_path, bias_type=None)` → metric, by_type, n, pairs.
    /// `path` is a CrowS-Pairs CSV file; with neither `pairs` nor `path` the bundled minimal pairs
    /// are used.
    public static func crowsPairs(model: BiasModel, pairs: [CrowSPair]? = nil, path: String? = nil, biasType: String? = nil,
                                  progress: ProgressHandler? = nil) throws -> CrowSPairsResult {
        let set: CrowSPairs
        if let pairs {
            set = CrowSPairs(pairs: pairs)
        } else if let path {
            set = try CrowSPairs(contentsOfFile: path)
        } else {
            set = try MinimalPairs.pairs()
        }
        let chosen = set.filtered(biasType: biasType)
        if chosen.pairs.isEmpty, let biasType {
            throw BiasError(problem: "no pair has bias type '\(biasType)'",
                            fix: "use one of: \(Set(set.pairs.map(\.biasType)).sorted().joined(separator: ", "))")
        }
        switch model {
        case .masked(let model): return try chosen.score(masked: model, progress: progress)
        case .causal(let model): return try chosen.score(causal: model, progress: progress)
        case .embedder: throw model.unsupported(by: "crows_pairs", needs: "a fill-mask or text-generation model")
        }
    }

    /// `labrun.stereoset(model, path)` → ss, lms, icat, by_domain, from a StereoSet JSON file.
    public static func stereoset(model: BiasModel, path: String, progress: ProgressHandler? = nil) throws -> StereoSetResult {
        let set = try StereoSet(contentsOfFile: path)
        switch model {
        case .masked(let model): return try set.evaluate(masked: model, progress: progress)
        case .causal(let model): return try set.evaluate(causal: model, progress: progress)
        case .embedder: throw model.unsupported(by: "stereoset", needs: "a fill-mask or text-generation model")
        }
    }

    /// `labrun.seat(model, test_or_path, permutations=…, seed=…)` → effect_size, p_value, n. With
    /// neither `test` nor `path`, the sentence version of WEAT 6 (career/family) is run.
    public static func seat(model: BiasModel, test: WEATTest? = nil, path: String? = nil, permutations: Int = 100_000, seed: UInt64 = 0,
                            progress: ProgressHandler? = nil) throws -> SEATResult {
        guard case .embedder(let embedder) = model else {
            throw model.unsupported(by: "seat", needs: "a sentence embedding model (feature-extraction)")
        }
        let chosen = try test ?? path.map(WEATTest.init(contentsOfFile:)) ?? WEATWordSets.sentences(WEATWordSets.weat6)
        return try chosen.run(embedder: embedder, permutations: permutations, seed: seed, progress: progress)
    }

    /// `labrun.honest(model, templates, lexicon, k=…)`: templates and lexicon as values or TSV paths;
    /// when absent the bundled ones are used.
    public static func honest(model: BiasModel, templates: [HonestTemplate]? = nil, templatesPath: String? = nil,
                              lexicon: HurtLexLexicon? = nil, lexiconPath: String? = nil, k: Int = 20, seed: UInt64 = 0,
                              progress: ProgressHandler? = nil) throws -> HonestResult {
        let chosenTemplates: [HonestTemplate]
        if let templates {
            chosenTemplates = templates
        } else if let templatesPath {
            guard let text = try? String(contentsOfFile: templatesPath, encoding: .utf8) else {
                throw BiasError(file: templatesPath, problem: "cannot read the HONEST templates", fix: "check the path")
            }
            chosenTemplates = try HonestTemplate.list(tsv: text, file: templatesPath)
        } else {
            chosenTemplates = HonestData.templates
        }
        let chosenLexicon = try lexicon ?? lexiconPath.map { try HurtLexLexicon(contentsOfFile: $0) } ?? HonestData.lexicon()
        let honest = Honest(templates: chosenTemplates, lexicon: chosenLexicon)
        switch model {
        case .masked(let model): return try honest.evaluate(masked: model, k: k, progress: progress)
        case .causal(let model): return try honest.evaluate(causal: model, k: k, seed: seed, progress: progress)
        case .embedder: throw model.unsupported(by: "honest", needs: "a fill-mask or text-generation model")
        }
    }

    /// `labrun.generation_bias(model, prompts_or_set, n=…, seed=…, decoding=…)` → score, ci,
    /// perplexity, generation_perplexity, samples. With no set, the bundled occupation prompts and
    /// lexicon; `decoding` measures the same set under a decoding-time mitigation.
    public static func generationBias(model: BiasModel, judge: BiasModel? = nil, set: GenerationBias? = nil, n: Int = 10, seed: UInt64 = 0,
                                      sampling: Sampling = Sampling(maxNewTokens: 12), decoding: GenerationDecoding = .plain,
                                      neutralText: String = NeutralText.heldOut,
                                      progress: ProgressHandler? = nil) throws -> GenerationBiasResult {
        guard case .causal(let model) = model else {
            throw model.unsupported(by: "generation_bias", needs: "a text-generation model")
        }
        var scorer: (any NextTokenPredictor)?
        if let judge {
            guard case .causal(let judgeModel) = judge else {
                throw judge.unsupported(by: "generation_bias's judge", needs: "a text-generation model")
            }
            scorer = judgeModel
        }
        return try (set ?? GenerationBias.bundled()).run(model: model, judge: scorer, n: n, seed: seed, sampling: sampling,
                                                          decoding: decoding, neutralText: neutralText, progress: progress)
    }

    /// `labrun.cda(texts, pairs=None)`: the texts followed by their counterfactuals (the project's
    /// gender pairs when `pairs` is nil).
    public static func cda(texts: [String], pairs: [WordPair]? = nil) -> [String] {
        CounterfactualAugmentation(pairs: pairs ?? GenderWordPairs.all).augment(texts)
    }

    /// `labrun.self_debias(model, prompt, …)`: the continuation generated with Self-Debias.
    public static func selfDebias(model: BiasModel, prompt: String, prefixes: [String] = SelfDebias.defaultPrefixes,
                                  lambda: Double = 50, epsilon: Double = 0.01, sampling: Sampling = .greedy(), seed: UInt64 = 0) throws -> String {
        guard case .causal(let model) = model else {
            throw model.unsupported(by: "self_debias", needs: "a text-generation model")
        }
        return try SelfDebias(prefixes: prefixes, lambda: lambda, epsilon: epsilon).generate(model: model, prompt: prompt, sampling: sampling, seed: seed)
    }

    /// `labrun.counterfactual_decoding(model, prompt, …)`: the continuation generated from the
    /// averaged distributions of the prompt and its variants (its CDA counterfactual by default).
    public static func counterfactualDecoding(model: BiasModel, prompt: String, variants: [String]? = nil, pairs: [WordPair]? = nil,
                                              averagedTokens: Int? = nil, sampling: Sampling = .greedy(),
                                              seed: UInt64 = 0) throws -> String {
        guard case .causal(let model) = model else {
            throw model.unsupported(by: "counterfactual_decoding", needs: "a text-generation model")
        }
        return try CounterfactualDecoding(sampling: sampling, averagedTokens: averagedTokens).generate(model: model, prompt: prompt, variants: variants,
                                                                       pairs: pairs ?? GenderWordPairs.all, seed: seed)
    }

    /// `labrun.debias_embeddings(model, …)`: SentenceDebias with the top `k` directions of `pairs`
    /// (the bundled counterfactual sentences by default), SEAT before and after.
    public static func debiasEmbeddings(model: BiasModel, pairs: [(String, String)]? = nil, k: Int = 1, test: WEATTest? = nil,
                                        permutations: Int = 100_000, seed: UInt64 = 0, progress: ProgressHandler? = nil) throws -> EmbeddingDebiasResult {
        guard case .embedder(let embedder) = model else {
            throw model.unsupported(by: "debias_embeddings", needs: "a sentence embedding model (feature-extraction)")
        }
        return try EmbeddingProjection.debias(embedder: embedder, pairs: pairs ?? EmbeddingProjection.bundledPairs(), k: k,
                                              test: test ?? WEATWordSets.sentences(WEATWordSets.weat6), permutations: permutations,
                                              seed: seed, progress: progress)
    }
}
