import Bias
import Foundation
import LabScript

extension LabrunModule {
    static func defineMitigations(in module: HostModule, loader: BiasModelArgument) {
        function("cda", "cda(texts, pairs=None)",
                 computes: """
                 Counterfactual data augmentation: the texts followed by their counterfactuals, every word of a pair
                 swapped for the other in both directions ("he" ↔ "she", "actor" ↔ "actress"), keeping case and
                 punctuation. pairs defaults to the project's gender word pairs; pass [("a", "b"), ...] for others.
                 Returns a list of str: the originals, then one counterfactual per text.
                 """,
                 definition: "two-sided CDA (Lu et al. 2020; Zmigrod et al. 2019): each token that is one side of a pair becomes the other side.",
                 example: """
                 for line in labrun.cda(["She is a nurse.", "My brother fixed the car."]):
                     print(line)
                 """,
                 used: ["texts", "pairs"], positional: 2).define(in: module, models: loader.models) { arguments in
            let texts = try ValueBuilding.strings(try arguments.required(0, "texts"), argument: "texts", function: "cda")
            let pairs = try BiasValues.wordPairs(arguments.value(1, "pairs"), function: "cda")
            return Value(BiasActions.cda(texts: texts, pairs: pairs))
        }

        function("self_debias", "self_debias(model, prompt, prefixes=None, decay_constant=50, epsilon=0.01, max_new_tokens=20, do_sample=False, temperature=1.0, top_k=50, top_p=1.0, seed=0)",
                 computes: """
                 Generates a continuation of prompt with Self-Debias: tokens that become more likely when the model is
                 told to be biased (a debiasing prefix such as "The following text discriminates against people
                 because of their gender:") are scaled down. Returns the continuation (str, without the prompt).
                 """,
                 definition: """
                 Schick et al. 2021: Δ(w) = max over prefixes of max(p(w | prefix + x) − p(w | x), 0);
                 p̃(w) ∝ p(w) · max(e^(−λ·Δ(w)), ε) with λ = decay_constant = 50 and ε = 0.01, renormalised.
                 """,
                 example: """
                 print(labrun.self_debias("HuggingFaceTB/SmolLM2-135M-Instruct", "The woman worked as a", max_new_tokens=8))
                 """,
                 used: ["model", "prompt", "prefixes", "decay_constant", "epsilon", "max_new_tokens", "do_sample",
                        "temperature", "top_k", "top_p", "seed"],
                 positional: 2).define(in: module, models: loader.models) { arguments in
            let model = try loader.model(try arguments.required(0, "model"), action: "self_debias", task: .textGeneration)
            let prompt = try arguments.string(1, "prompt")
            let prefixes = try arguments.value(nil, "prefixes").flatMap { $0.isNone ? nil : try ValueBuilding.strings($0, argument: "prefixes", function: "self_debias") }
            let text = try BiasActions.selfDebias(model: model, prompt: prompt, prefixes: prefixes ?? SelfDebias.defaultPrefixes,
                                                  lambda: try arguments.double("decay_constant", default: 50),
                                                  epsilon: try arguments.double("epsilon", default: 0.01),
                                                  sampling: try BiasValues.sampling(arguments, maxNewTokens: 20, sampleByDefault: false),
                                                  seed: try ValueBuilding.seed(arguments, default: 0) ?? 0)
            return .string(text)
        }

        function("counterfactual_decoding", "counterfactual_decoding(model, prompt, variants=None, pairs=None, averaged_tokens=None, max_new_tokens=20, do_sample=False, temperature=1.0, top_k=50, top_p=1.0, seed=0)",
                 computes: """
                 Generates a continuation of prompt from next-token distributions averaged over the prompt and its
                 counterfactual variants (by default its CDA counterfactual: "The man" → "The woman"), so no group's
                 version alone decides the next word; with averaged_tokens, only that many first tokens are picked
                 from the average and the rest from the prompt's own distribution. Returns the continuation (str,
                 without the prompt).
                 """,
                 definition: """
                 counterfactual-averaged decoding: at every step p̄(w) = (1/|V|) Σ_v p(w | variant v + tokens so far);
                 the chosen token is appended to every variant; after averaged_tokens tokens (when given)
                 p(w | prompt + tokens so far) alone.
                 """,
                 example: """
                 print(labrun.counterfactual_decoding("HuggingFaceTB/SmolLM2-135M-Instruct", "The man worked as a", max_new_tokens=8))
                 """,
                 used: ["model", "prompt", "variants", "pairs", "averaged_tokens", "max_new_tokens", "do_sample", "temperature", "top_k",
                        "top_p", "seed"],
                 positional: 2).define(in: module, models: loader.models) { arguments in
            let model = try loader.model(try arguments.required(0, "model"), action: "counterfactual_decoding", task: .textGeneration)
            let prompt = try arguments.string(1, "prompt")
            let variants = try arguments.value(nil, "variants").flatMap { $0.isNone ? nil : try ValueBuilding.strings($0, argument: "variants", function: "counterfactual_decoding") }
            let pairs = try BiasValues.wordPairs(arguments.value(nil, "pairs"), function: "counterfactual_decoding")
            let text = try BiasActions.counterfactualDecoding(model: model, prompt: prompt, variants: variants, pairs: pairs,
                                                              averagedTokens: try BiasValues.averagedTokens(arguments),
                                                              sampling: try BiasValues.sampling(arguments, maxNewTokens: 20, sampleByDefault: false),
                                                              seed: try ValueBuilding.seed(arguments, default: 0) ?? 0)
            return .string(text)
        }

        function("debias_embeddings", "debias_embeddings(model, pairs=None, k=1, test_or_path=\"builtin\", permutations=100000, seed=0)",
                 computes: """
                 SentenceDebias: finds the bias subspace of a sentence embedder from counterfactual sentence pairs
                 (the project's gendered sentences and their CDA counterfactuals by default), removes its top k
                 directions from every embedding, and runs the SEAT test before and after. Returns {"k",
                 "explained_variance", "before": {SEAT result}, "after": {SEAT result}}.
                 """,
                 definition: """
                 Liang et al. 2020: PCA over the differences of each pair's embeddings from their pair mean; the
                 debiased embedding is e − Σ_{j≤k} (e·v_j) v_j. SEAT as in labrun.seat.
                 """,
                 example: """
                 r = labrun.debias_embeddings("sentence-transformers/all-MiniLM-L6-v2", k=1)
                 print(f"{r['before']['effect_size']:.2f} -> {r['after']['effect_size']:.2f}")
                 """,
                 used: ["model", "pairs", "k", "test_or_path", "permutations", "seed"], positional: 2).define(in: module, models: loader.models) { arguments in
            let model = try loader.model(try arguments.required(0, "model"), action: "debias_embeddings", task: .featureExtraction)
            let pairs = try BiasValues.sentencePairs(arguments.value(1, "pairs"), function: "debias_embeddings")
            let test = try BiasValues.seatTest(arguments.value(nil, "test_or_path"), function: "debias_embeddings")
            let result = try BiasActions.debiasEmbeddings(model: model, pairs: pairs, k: try BiasValues.positive(arguments, "k", default: 1),
                                                          test: test,
                                                          permutations: try BiasValues.positive(arguments, "permutations", default: 100_000),
                                                          seed: try ValueBuilding.seed(arguments, default: 0) ?? 0,
                                                          progress: progress("debias_embeddings"))
            return .dict([
                ("k", .int(result.subspace.directions.count)),
                ("explained_variance", Value(result.subspace.explainedVariance)),
                ("before", try encode(result.before)),
                ("after", try encode(result.after)),
            ])
        }
    }
}
