import Bias
import Foundation
import Inference
import LabScript

/// LabScript's `labrun` module: the bias metrics and mitigations of the Bias target (and the
/// risk measurements of the courseware) under the names of the bias toolkit's LabScript API.
///
///     import labrun
///     result = labrun.crows_pairs("HuggingFaceTB/SmolLM2-135M-Instruct", "builtin")
///     print(result["metric"], result["n"])
///
/// A `model` argument is a model id (resolved through the hub, `--model` substitutes it) or a
/// pipeline object from `transformers.pipeline`. Results are dicts with the issue's field names
/// first (`metric`, `by_type`, `n`, `pairs`), then the extra detail the Bias target reports.
enum LabrunModule {
    /// The module, with models resolved through `models`.
    static func make(models: ModelProvider, output: @escaping (String) -> Void = { _ in }) -> HostModule {
        let module = HostModule(name: "labrun", doc: """
            labrun: bias metrics, mitigations and risk measurements (help(labrun.NAME) for each).
              metrics:      sweep, crows_pairs, stereoset, seat, honest, generation_bias
              mitigations:  cda, self_debias, counterfactual_decoding, debias_embeddings, finetune
              data:         occupations, minimal_pairs, installed_models
              risks:        most_similar, flag_toxicity, find_personal_data, redact, verbatim_overlap
              datasets:     gender_composition, npmi, model_card_bias_section
            """)
        let loader = BiasModelArgument(models: models)
        defineMetrics(in: module, loader: loader)
        defineMitigations(in: module, loader: loader)
        defineRisks(in: module, loader: loader)
        defineTraining(in: module, models: models, output: output)
        defineData(in: module, models: models)
        return module
    }

    static func function(_ name: String, _ signature: String, computes: String, definition: String, example: String,
                         used: [String], positional: Int) -> ActionFunction {
        ActionFunction(name: name, module: "labrun", signature: signature, computes: computes, definition: definition,
                       example: example, arguments: ArgumentSpec(used: used, ignored: [], positional: positional))
    }

    /// A Bias result as a LabScript dict (snake_case field names, declaration order).
    static func encode(_ result: some Encodable) throws -> Value {
        try ValueEncoder().encode(result)
    }

    static func progress(_ label: String) -> ProgressHandler {
        let bar = MetricProgress.standardError(label: label)
        return { done, total in bar.report(done: done, total: total) }
    }

    // MARK: - Metrics

    private static func defineMetrics(in module: HostModule, loader: BiasModelArgument) {
        function("sweep", "sweep(template, fills, model, task=None, top_k=5, targets=None, samples=3, seed=0, max_new_tokens=20)",
                 computes: """
                 A counterfactual sweep: the template with each fill-in put in its placeholder, the same model action
                 for each (fill-mask at [MASK], the next token, or sampled continuations), side by side, with the gap
                 between every two rows. fills is a list (placeholder {group}) or a dict {"name": [fills]} whose key
                 names the placeholder. task defaults to fill-mask for a masked model, next-token for a causal one.
                 Returns {"task", "rows": [{"fill", "text", "predictions": [{"token", "token_str", "score"}],
                 "target_probabilities", "generations"}], "gaps": [{"first", "second", "top_k_overlap",
                 "total_variation_distance", "probability_ratios"}]}.
                 """,
                 definition: """
                 counterfactual evaluation (Kusner et al. 2017; templates as in Kurita et al. 2019): top-k overlap
                 = |top-k(a) ∩ top-k(b)| / k; total variation distance = ½ Σ_w |p_a(w) − p_b(w)| over the whole
                 vocabulary; probability ratio = p_a(target) / p_b(target) for the first token of each target word.
                 """,
                 example: """
                 s = labrun.sweep("The {group} worked as a [MASK].", ["man", "woman"], model="bert-base-uncased")
                 print([p["token_str"] for p in s["rows"][0]["predictions"]], s["gaps"][0]["top_k_overlap"])
                 """,
                 used: ["template", "fills", "model", "task", "top_k", "targets", "samples", "seed", "max_new_tokens",
                        "temperature", "top_p"],
                 positional: 3).define(in: module, models: loader.models) { arguments in
            var template = try arguments.string(0, "template")
            let fillsValue = try arguments.required(1, "fills")
            let fills: [String]
            if fillsValue.asDictionary != nil {
                let entries = try BiasValues.entries(fillsValue, argument: "fills", function: "sweep")
                guard entries.count == 1, let first = entries.first else {
                    throw HostError.valueError("sweep() fills as a dict must have exactly one placeholder, e.g. {\"group\": [\"man\", \"woman\"]}")
                }
                fills = try ValueBuilding.strings(first.value, argument: "fills", function: "sweep")
                if first.key != "group" { template = template.replacingOccurrences(of: "{\(first.key)}", with: "{group}") }
            } else {
                fills = try ValueBuilding.strings(fillsValue, argument: "fills", function: "sweep")
            }
            let taskName = try arguments.string("task", default: nil)
            let task: CounterfactualSweep.Task?
            if let taskName {
                guard let known = CounterfactualSweep.Task(rawValue: taskName) else {
                    throw HostError.valueError("sweep() unknown task '\(taskName)'; known: \(CounterfactualSweep.Task.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                task = known
            } else {
                task = nil
            }
            let modelTask: ModelTask? = switch task {
            case .fillMask?: .fillMask
            case .nextToken?, .textGeneration?: .textGeneration
            case nil: nil
            }
            let model = try loader.model(try arguments.required(2, "model"), action: "sweep", task: modelTask)
            let targets = try arguments.value(nil, "targets").flatMap { $0.isNone ? nil : try ValueBuilding.strings($0, argument: "targets", function: "sweep") } ?? []
            let result = try BiasActions.sweep(
                template: template, fills: fills, model: model, task: task,
                topK: try BiasValues.positive(arguments, "top_k", default: 5), targets: targets,
                samples: try BiasValues.positive(arguments, "samples", default: 3), seed: try ValueBuilding.seed(arguments, default: 0) ?? 0,
                sampling: Sampling(maxNewTokens: try arguments.int("max_new_tokens", default: 20),
                                   temperature: try arguments.double("temperature", default: 1.0),
                                   topK: 50, topP: try arguments.double("top_p", default: 1.0)),
                progress: progress("sweep"))
            return sweepValue(result)
        }

        function("crows_pairs", "crows_pairs(model, pairs_or_path=\"builtin\", bias_type=None)",
                 computes: """
                 The CrowS-Pairs score: the share (in percent) of minimal pairs where the model gives the more
                 stereotyping sentence (sent_more) a higher score than the less stereotyping one; 50 is the unbiased
                 ideal. pairs_or_path is "builtin" (the project's original minimal pairs), the path of a CrowS-Pairs
                 CSV file, or a list of dicts with sent_more, sent_less, stereo_antistereo and bias_type.
                 Returns {"metric", "by_type", "n", "pairs", "stereo_metric", "antistereo_metric", "neutral"};
                 each pair is {"pair": {...}, "more_score", "less_score"}.
                 """,
                 definition: """
                 Nangia et al. 2020. Masked LM: the sum of log P(token) over the tokens the two sentences share
                 (difflib-aligned), masking one at a time. Causal LM: the sentence's log-probability, the first token
                 conditioned on BOS. metric = 100 · #(score(sent_more) > score(sent_less)) / N, also per bias type.
                 """,
                 example: """
                 r = labrun.crows_pairs("HuggingFaceTB/SmolLM2-135M-Instruct", "builtin")
                 print(f"{r['metric']:.1f} over {r['n']} pairs", r["by_type"])
                 """,
                 used: ["model", "pairs_or_path", "bias_type"], positional: 3).define(in: module, models: loader.models) { arguments in
            let model = try loader.model(try arguments.required(0, "model"), action: "crows_pairs", task: nil)
            let source = arguments.value(1, "pairs_or_path")
            let biasType = try arguments.string("bias_type", at: 2, default: nil)
            var pairs: [CrowSPair]?
            var path: String?
            if !BiasValues.isBuiltin(source), let source {
                if let text = source.asString { path = text } else { pairs = try BiasValues.crowsPairs(source, function: "crows_pairs") }
            }
            return try encode(try BiasActions.crowsPairs(model: model, pairs: pairs, path: path, biasType: biasType,
                                                         progress: progress("crows_pairs")))
        }

        function("stereoset", "stereoset(model, path=\"builtin\")",
                 computes: """
                 StereoSet intrasentence scores: the stereotype score SS (50 is ideal), the language modelling score
                 LMS (100 is ideal) and the idealized CAT score ICAT (100 is ideal). path is a StereoSet JSON file
                 (the public dev set's format), or "builtin": the project's own 16-item sample (4 per domain) that
                 shows how the scores work but is far too small to compare with published figures.
                 Returns {"ss", "lms", "icat", "by_domain": {domain: {"ss", "lms", "icat", "count"}}, "n"}.
                 """,
                 definition: """
                 Nadeem et al. 2021: per target term SS = 100 · (stereotype preferred over anti-stereotype) / total,
                 LMS = 100 · (meaningful preferred over unrelated) / (2 · total), averaged over terms;
                 ICAT = LMS · min(SS, 100 − SS) / 50.
                 """,
                 example: """
                 s = labrun.stereoset("gpt2", "stereoset/dev.json")
                 print(f"SS {s['ss']:.1f}  LMS {s['lms']:.1f}  ICAT {s['icat']:.1f}")
                 """,
                 used: ["model", "path"], positional: 2).define(in: module, models: loader.models) { arguments in
            let model = try loader.model(try arguments.required(0, "model"), action: "stereoset", task: nil)
            let path = arguments.value(1, "path")
            if BiasValues.isBuiltin(path) {
                let set = StereoSetSample.set
                switch model {
                case .masked(let masked): return try encode(try set.evaluate(masked: masked, progress: progress("stereoset")))
                case .causal(let causal): return try encode(try set.evaluate(causal: causal, progress: progress("stereoset")))
                case .embedder: throw HostError.valueError("stereoset() cannot run on a sentence embedding model; give it a fill-mask or text-generation model")
                }
            }
            guard let file = path?.asString else {
                throw HostError.typeError("stereoset() argument 'path' must be \"builtin\" or the path of a StereoSet JSON file, not \(path?.typeName ?? "None")")
            }
            return try encode(try BiasActions.stereoset(model: model, path: file, progress: progress("stereoset")))
        }

        function("seat", "seat(model, test_or_path=\"builtin\", permutations=100000, seed=0)",
                 computes: """
                 A SEAT / WEAT association test on sentence embeddings: how much more the first target set is
                 associated with the first attribute set (and the second with the second) than the other way round.
                 test_or_path is "builtin" (= "builtin-career-family", WEAT 6), "builtin-math-arts" (WEAT 7),
                 "builtin-science-arts" (WEAT 8), a SEAT jsonl path, or a dict {"targ1", "targ2", "attr1", "attr2"}
                 each {"category", "examples"}. Returns {"effect_size", "p_value", "n", "second_target_count",
                 "exact", "partitions"}.
                 """,
                 definition: """
                 Caliskan et al. 2017; May et al. 2019: s(w,A,B) = mean cos(w,a) − mean cos(w,b); effect size
                 d = (mean_X s − mean_Y s) / std_{X∪Y} s (ddof 1); one-sided p-value by exact permutation when
                 C(2n,n) ≤ 100,000, otherwise Monte Carlo over `permutations` seeded partitions with a +1 pseudo-count.
                 """,
                 example: """
                 r = labrun.seat("sentence-transformers/all-MiniLM-L6-v2", "builtin-career-family", seed=0)
                 print(f"effect size {r['effect_size']:.2f}, p = {r['p_value']:.3f}, n = {r['n']}")
                 """,
                 used: ["model", "test_or_path", "permutations", "seed"], positional: 2).define(in: module, models: loader.models) { arguments in
            let model = try loader.model(try arguments.required(0, "model"), action: "seat", task: .featureExtraction)
            let test = try BiasValues.seatTest(arguments.value(1, "test_or_path"), function: "seat")
            return try encode(try BiasActions.seat(model: model, test: test,
                                                   permutations: try BiasValues.positive(arguments, "permutations", default: 100_000),
                                                   seed: try ValueBuilding.seed(arguments, default: 0) ?? 0, progress: progress("seat")))
        }

        function("honest", "honest(model, templates=\"builtin\", lexicon=\"builtin\", k=20, seed=0)",
                 computes: """
                 The HONEST score: the share of the model's top-k completions of identity templates ("[I] is known
                 as a [M].") that are hurtful words of the lexicon, overall, per identity, per identity category and
                 per lexicon category. templates: "builtin", a HONEST TSV path, or a list of {"template", "identity",
                 "category"}; lexicon: "builtin" (the project's small mild list), a HurtLex TSV path, a dict
                 word → category, or a list of words. Returns {"honest_score", "by_identity", "by_category",
                 "by_lexicon_category", "k", "completions"}.
                 """,
                 definition: """
                 Nozza et al. 2021: HONEST = Σ_templates #(top-k completions in the lexicon) / (#templates · k);
                 a masked model fills [M] with its top-k tokens, a causal model samples k seeded continuations.
                 """,
                 example: """
                 r = labrun.honest("bert-base-uncased", k=10)
                 print(r["honest_score"], r["by_category"])
                 """,
                 used: ["model", "templates", "lexicon", "k", "seed"], positional: 3).define(in: module, models: loader.models) { arguments in
            let model = try loader.model(try arguments.required(0, "model"), action: "honest", task: nil)
            let templates = try BiasValues.honestTemplates(arguments.value(1, "templates"), function: "honest")
            let lexicon = try BiasValues.hurtLexicon(arguments.value(2, "lexicon"), function: "honest")
            return try encode(try BiasActions.honest(model: model, templates: templates.templates, templatesPath: templates.path,
                                                     lexicon: lexicon.lexicon, lexiconPath: lexicon.path,
                                                     k: try BiasValues.positive(arguments, "k", default: 20),
                                                     seed: try ValueBuilding.seed(arguments, default: 0) ?? 0, progress: progress("honest")))
        }

        function("generation_bias", "generation_bias(model, prompts_or_set=\"occupations\", n=10, seed=0, max_new_tokens=12, temperature=1.0, top_k=50, top_p=1.0, decoding=\"plain\", decay_constant=50, averaged_tokens=None, neutral_text=None, judge=None)",
                 computes: """
                 The generation bias score: for counterfactual prompt pairs (about a man / about a woman), sample n
                 seeded continuations of each prompt and count a continuation as biased when it names an occupation
                 of its group's stereotype lexicon (the bundled occupation lexicon: jobs held by ≥ 70 % women for
                 "female" prompts, ≤ 30 % for "male" ones). Also the perplexity of a neutral held-out text, so a
                 mitigation can show it kept quality (neutral_text replaces the bundled held-out paragraph, e.g. for a
                 model with a short context). prompts_or_set: "occupations" (bundled) or
                 {"pairs": [[(prompt, group), (prompt, group)], ...], "stereotypes": {group: [words]}}.
                 decoding picks how each next token is chosen, so the same score can be measured before and after a
                 decoding-time mitigation: "plain" (the model as it is; temperature=0 decodes greedily),
                 "counterfactual" (counterfactual-averaged decoding: the distributions after every prompt of the
                 prompt's pair are averaged at each step, or only for the first averaged_tokens tokens, the rest
                 written from the prompt's own distribution) or "self_debias" (Self-Debias with the bundled prefixes and
                 λ = decay_constant, 50 by default; a smaller λ suppresses less). Every continuation is also scored by
                 the plain model: generation_perplexity says how natural the written text is to the unmitigated model
                 (compare it before and after), while perplexity is the plain model on the neutral text and does not
                 change with decoding. For a fine-tuned model, judge= names the model that scores the continuations
                 (its base model), so that the text perplexity before and after training is judged by the same model.
                 Returns {"score", "ci": {"lower", "upper", ...}, "perplexity", "generation_perplexity", "decoding",
                 "samples": [{"prompt", "group", "seed", "text", "matches", "token_count", "log_probability"}],
                 "by_group"}.
                 """,
                 definition: """
                 score = biased / total with a 95 % Wilson score interval; perplexity = exp(−mean log P(token)) over
                 the held-out text, the first token conditioned on BOS; generation_perplexity = exp(−Σ log P(continuation
                 token | prompt, tokens before) / Σ tokens) over all samples under the plain model. Samples use seeds
                 seed … seed+n−1 for every prompt, so both prompts of a pair see the same random stream.
                 """,
                 example: """
                 r = labrun.generation_bias("HuggingFaceTB/SmolLM2-135M-Instruct", "occupations", n=8, seed=7)
                 m = labrun.generation_bias("HuggingFaceTB/SmolLM2-135M-Instruct", "occupations", n=8, seed=7, decoding="counterfactual")
                 print(f"bias score {r['score']:.3f} -> {m['score']:.3f}, text perplexity {r['generation_perplexity']:.1f} -> {m['generation_perplexity']:.1f}")
                 """,
                 used: ["model", "prompts_or_set", "n", "seed", "max_new_tokens", "temperature", "top_k", "top_p", "decoding", "decay_constant",
                        "averaged_tokens", "neutral_text", "judge"],
                 positional: 2).define(in: module, models: loader.models) { arguments in
            let model = try loader.model(try arguments.required(0, "model"), action: "generation_bias", task: .textGeneration)
            let set = try BiasValues.generationSet(arguments.value(1, "prompts_or_set"), function: "generation_bias")
            let sampling = Sampling(maxNewTokens: try arguments.int("max_new_tokens", default: 12),
                                    temperature: try arguments.double("temperature", default: 1.0),
                                    topK: try arguments.int("top_k", default: 50), topP: try arguments.double("top_p", default: 1.0))
            let decodingName = try arguments.string("decoding", default: "plain") ?? "plain"
            let lambda = try arguments.double("decay_constant", default: 50)
            guard lambda >= 0 else { throw HostError.valueError("generation_bias() decay_constant must not be negative, not \(lambda)") }
            let averagedTokens = try BiasValues.averagedTokens(arguments)
            guard let decoding = GenerationDecoding(name: decodingName, selfDebias: SelfDebias(lambda: lambda),
                                                    averagedTokens: averagedTokens) else {
                throw HostError.valueError("generation_bias(): unknown decoding '\(decodingName)'; use one of: \(GenerationDecoding.names.map { "\"\($0)\"" }.joined(separator: ", "))")
            }
            let judge = try arguments.value(nil, "judge").map { try loader.model($0, action: "generation_bias", task: .textGeneration) }
            return try encode(try BiasActions.generationBias(model: model, judge: judge, set: set, n: try BiasValues.positive(arguments, "n", default: 10),
                                                             seed: try ValueBuilding.seed(arguments, default: 0) ?? 0, sampling: sampling,
                                                             decoding: decoding,
                                                             neutralText: try arguments.string("neutral_text", default: nil) ?? NeutralText.heldOut,
                                                             progress: progress("generation_bias")))
        }
    }

    /// The sweep as a dict, with fill-mask's `token_str` for each prediction's text.
    static func sweepValue(_ result: SweepResult) -> Value {
        func sorted(_ values: [String: Double]) -> Value {
            .dict(values.sorted { $0.key < $1.key }.map { ($0.key, .float($0.value)) })
        }
        return .dict([
            ("task", .string(result.task.rawValue)),
            ("rows", .list(result.rows.map { row -> Value in
                .dict([
                    ("fill", .string(row.fill)),
                    ("text", .string(row.text)),
                    ("predictions", .list(row.predictions.map { prediction -> Value in
                        .dict([("token", .int(prediction.token)), ("token_str", .string(prediction.tokenString)),
                               ("score", .float(prediction.score))])
                    })),
                    ("target_probabilities", sorted(row.targetProbabilities)),
                    ("generations", Value(row.generations)),
                ])
            })),
            ("gaps", .list(result.gaps.map { gap -> Value in
                .dict([
                    ("first", .string(gap.first)),
                    ("second", .string(gap.second)),
                    ("top_k_overlap", .float(gap.topKOverlap)),
                    ("total_variation_distance", .float(gap.totalVariationDistance)),
                    ("probability_ratios", sorted(gap.probabilityRatios)),
                ])
            })),
        ])
    }
}
