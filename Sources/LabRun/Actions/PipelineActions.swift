import Foundation
import Inference
import LabScript

/// The tasks `transformers.pipeline(task, model=…)` accepts, with the arguments each call takes.
extension ModelTask {
    /// What `pipeline(...)` itself accepts.
    static let construction = ArgumentSpec(
        used: ["task", "model", "top_k", "function_to_apply", "truncation"],
        ignored: ["device", "device_map", "torch_dtype", "framework", "trust_remote_code", "revision", "use_fast", "tokenizer",
                  "return_all_scores"],
        positional: 2)

    /// What a call of the pipeline object accepts.
    var call: ArgumentSpec {
        switch self {
        case .fillMask:
            return ArgumentSpec(used: ["inputs", "top_k", "targets"], ignored: ["batch_size", "tokenizer_kwargs"], positional: 1)
        case .textGeneration:
            return ArgumentSpec(
                used: ["text_inputs", "max_new_tokens", "do_sample", "temperature", "top_k", "top_p", "seed",
                       "num_return_sequences", "return_full_text"],
                ignored: ["pad_token_id", "batch_size", "truncation"], positional: 1)
        case .featureExtraction:
            return ArgumentSpec(used: ["inputs", "pooling"], ignored: ["batch_size", "truncation", "tokenize_kwargs"], positional: 1)
        case .sentenceScoring:
            return ArgumentSpec(used: ["inputs", "prepend_bos"], ignored: ["batch_size"], positional: 1)
        case .textClassification:
            return ArgumentSpec(used: ["inputs", "top_k", "function_to_apply", "truncation", "batch_size", "return_all_scores"],
                                ignored: ["padding", "max_length"], positional: 1)
        case .zeroShotClassification:
            return ArgumentSpec(used: ["sequences", "candidate_labels", "hypothesis_template", "multi_label"],
                                ignored: ["batch_size", "truncation"], positional: 2)
        case .tokenClassification:
            return ArgumentSpec(used: ["inputs", "aggregation_strategy", "ignore_labels"], ignored: ["batch_size"], positional: 1)
        }
    }

    /// One line for `help(pipeline_object)`.
    var summary: String {
        switch self {
        case .fillMask:
            return "fill-mask: unmasker(text, top_k=5, targets=None) -> [{'score', 'token', 'token_str', 'sequence'}, ...]"
        case .textGeneration:
            return "text-generation: generator(text_or_messages, max_new_tokens=20, do_sample=False, temperature=1.0, top_k=50, top_p=1.0, seed=None, num_return_sequences=1, return_full_text=True) -> [{'generated_text'}]"
        case .featureExtraction:
            return "feature-extraction: extractor(text) -> [[[hidden] per token]]; extractor(texts, pooling='mean') -> one vector per text"
        case .sentenceScoring:
            return "sentence-scoring: scorer(text_or_texts, prepend_bos=False) -> {'text', 'log_prob', 'tokens', 'token_log_probs'}"
        case .textClassification:
            return "text-classification: classifier(text_or_texts, top_k=1, function_to_apply=None, truncation=False, batch_size=32) -> [{'label', 'score'}] (top_k=None: every label, sorted)"
        case .zeroShotClassification:
            return "zero-shot-classification: classifier(text_or_texts, candidate_labels, hypothesis_template='This example is {}.', multi_label=False) -> {'sequence', 'labels', 'scores'}"
        case .tokenClassification:
            return "token-classification: tagger(text_or_texts, aggregation_strategy='none'|'simple', ignore_labels=['O']) -> [{'entity', 'score', 'index', 'word', 'start', 'end'}] ('entity_group' when simple)"
        }
    }
}

/// The object `pipeline(task, model=…)` returns: callable as transformers' pipelines are, with
/// results shaped the same (lists of dicts with the same keys, in the same order).
final class PipelineAction: HostObject {
    let task: ModelTask
    /// The id the lab's code asked for.
    let requestedModel: String
    let models: ModelProvider
    /// `top_k` given to `pipeline(...)`, the default of every call.
    let defaultTopK: Int
    /// What `pipeline("text-classification", …)` fixed for every call (`top_k`, `function_to_apply`, `truncation`).
    var classificationDefaults = ClassificationArguments()

    init(task: ModelTask, requestedModel: String, models: ModelProvider, defaultTopK: Int) {
        self.task = task
        self.requestedModel = requestedModel
        self.models = models
        self.defaultTopK = defaultTopK
    }

    var typeName: String {
        switch task {
        case .fillMask: return "FillMaskPipeline"
        case .textGeneration: return "TextGenerationPipeline"
        case .featureExtraction: return "FeatureExtractionPipeline"
        case .sentenceScoring: return "SentenceScoringPipeline"
        case .textClassification: return "TextClassificationPipeline"
        case .zeroShotClassification: return "ZeroShotClassificationPipeline"
        case .tokenClassification: return "TokenClassificationPipeline"
        }
    }

    var reprText: String { "<\(typeName) model='\(models.effectiveID(for: requestedModel))'>" }

    var helpText: String { "\(typeName) for \(models.effectiveID(for: requestedModel))\n  \(task.summary)" }

    func attribute(_ name: String) throws -> Value? {
        switch name {
        case "task": return .string(task.rawValue)
        case "model": return .string(models.effectiveID(for: requestedModel))
        case "tokenizer": return .host(TokenizerAction(tokenizer: try tokenizer(), modelID: models.effectiveID(for: requestedModel)))
        default: return nil
        }
    }

    /// The model, resolved, downloaded and loaded on first use.
    func model() throws -> LoadedModel {
        try models.model(requestedModel, task: task.rawValue)
    }

    func tokenizer() throws -> any Tokenizer {
        try model().tokenizer
    }

    func call(_ arguments: Arguments) throws -> Value {
        try task.call.validate(arguments)
        do {
            switch task {
            case .fillMask: return try fillMask(arguments)
            case .textGeneration: return try generate(arguments)
            case .featureExtraction: return try extractFeatures(arguments)
            case .sentenceScoring: return try score(arguments)
            case .textClassification: return try classifyTexts(arguments)
            case .zeroShotClassification: return try classifyZeroShot(arguments)
            case .tokenClassification: return try classifyTokens(arguments)
            }
        } catch let error as HostError {
            throw error
        } catch let error as PipelineError {
            throw HostError.valueError(error.description)
        } catch {
            throw HostError.runtimeError("\(error)")
        }
    }

    // MARK: - fill-mask

    private func fillMask(_ arguments: Arguments) throws -> Value {
        let input = try arguments.required(0, "inputs")
        let topK = try arguments.int("top_k", default: defaultTopK)
        guard topK >= 1 else { throw HostError.valueError("top_k must be at least 1 (got \(topK))") }
        let targets = try arguments.value(nil, "targets").flatMap { $0.isNone ? nil : try ValueBuilding.strings($0, argument: "targets", function: typeName) }
        let texts = try ValueBuilding.strings(input, argument: "inputs", function: typeName)
        let perText = try FillMaskAction.predictions(for: texts, topK: topK, targets: targets, model: try model(),
                                                     modelID: models.effectiveID(for: requestedModel))
        let shaped = perText.map { masks -> Value in
            let lists = masks.map { Value.list($0) }
            return lists.count == 1 ? lists[0] : .list(lists)
        }
        return input.asString != nil ? shaped[0] : .list(shaped)
    }

    // MARK: - text-generation

    private func generate(_ arguments: Arguments) throws -> Value {
        let input = try arguments.required(0, "text_inputs")
        var options = GenerationOptions()
        options.maxNewTokens = try arguments.int("max_new_tokens", default: options.maxNewTokens)
        options.doSample = try arguments.bool("do_sample", default: options.doSample)
        options.temperature = try arguments.double("temperature", default: options.temperature)
        options.topK = try arguments.int("top_k", default: options.topK ?? 0)
        options.topP = try arguments.double("top_p", default: options.topP)
        options.seed = try ValueBuilding.seed(arguments, default: models.seed)
        options.numReturnSequences = try arguments.int("num_return_sequences", default: 1)
        options.returnFullText = try arguments.bool("return_full_text", default: true)
        guard options.maxNewTokens >= 0 else { throw HostError.valueError("max_new_tokens must not be negative") }
        if options.doSample {
            // A sampling call without a seed draws one, so the record says how to repeat it.
            let seed = options.seed ?? UInt64.random(in: 0..<(1 << 31))
            options.seed = seed
            models.noteSeed(seed)
        }
        let pipeline = TextGenerationPipeline(model: try causalModel())
        if let messages = try ChatMessages(input) {
            let completions = try pipeline(messages.turns.map { ChatMessage(role: $0.role, content: $0.content) }, options: options)
            return .list(completions.map { completion in
                .dict([("generated_text", .list(messages.values + [Value.dict([("role", .string("assistant")), ("content", .string(completion.reply))])]))])
            })
        }
        let prompts = try ValueBuilding.strings(input, argument: "text_inputs", function: typeName)
        let results = try prompts.map { prompt in
            Value.list(try pipeline(prompt, options: options).map { .dict([("generated_text", .string($0.generatedText))]) })
        }
        return input.asString != nil ? results[0] : .list(results)
    }

    private func causalModel() throws -> any CausalLanguageModel {
        guard let model = try model().causal else {
            throw HostError.valueError("\(models.effectiveID(for: requestedModel)) cannot generate text: it is not a causal language model; use a model such as HuggingFaceTB/SmolLM2-135M-Instruct")
        }
        return model
    }

    // MARK: - feature-extraction

    private func extractFeatures(_ arguments: Arguments) throws -> Value {
        let input = try arguments.required(0, "inputs")
        guard let encoder = try model().encoder else {
            throw HostError.valueError("\(models.effectiveID(for: requestedModel)) does not produce embeddings; use a model such as sentence-transformers/all-MiniLM-L6-v2")
        }
        let pipeline = FeatureExtractionPipeline(model: encoder)
        if let pooling = try arguments.string("pooling", default: nil) {
            guard pooling == "mean" else { throw HostError.valueError("pooling must be 'mean' (the model's sentence pooling), not '\(pooling)'") }
            let texts = try ValueBuilding.strings(input, argument: "inputs", function: typeName)
            let vectors = try pipeline.sentenceEmbeddings(texts).map { Value.list($0.map(ValueBuilding.float)) }
            return input.asString != nil ? vectors[0] : .list(vectors)
        }
        let texts = try ValueBuilding.strings(input, argument: "inputs", function: typeName)
        let results = try texts.map { text in
            Value.list([.list(try pipeline(text).map { Value.list($0.map(ValueBuilding.float)) })])
        }
        return input.asString != nil ? results[0] : .list(results)
    }

    // MARK: - sentence-scoring

    private func score(_ arguments: Arguments) throws -> Value {
        let input = try arguments.required(0, "inputs")
        let prependBOS = try arguments.bool("prepend_bos", default: false)
        let texts = try ValueBuilding.strings(input, argument: "inputs", function: typeName)
        let model = try model()
        let scores: [SequenceScore]
        if let masked = model.masked {
            if prependBOS { throw HostError.valueError("prepend_bos applies to causal models; a masked model's score already covers every token") }
            scores = try ScoringPipeline(model: masked).pseudoLogLikelihood(texts)
        } else if let causal = model.causal {
            scores = try ScoringPipeline(model: causal).sequenceLogProbability(texts, prependBeginningOfSequence: prependBOS)
        } else {
            throw HostError.valueError("\(models.effectiveID(for: requestedModel)) cannot score sentences: it is neither a masked nor a causal language model")
        }
        let values = scores.map { score in
            Value.dict([
                ("text", .string(score.text)),
                ("log_prob", .float(score.total)),
                ("tokens", .list(score.tokens.map { .string($0.token) })),
                ("token_log_probs", .list(score.tokens.map { .float($0.logProbability) })),
            ])
        }
        return input.asString != nil ? values[0] : .list(values)
    }
}

/// A chat conversation given to a text-generation pipeline: a list of `{"role", "content"}` dicts.
struct ChatMessages {
    let turns: [(role: String, content: String)]
    let values: [Value]

    /// The messages, or nil when `value` is not a list of dicts (a prompt string, a list of prompts).
    init?(_ value: Value) throws {
        guard let items = value.asArray, let first = items.first, first.asDictionary != nil else { return nil }
        var turns: [(String, String)] = []
        for item in items {
            guard let entries = item.asDictionary,
                  let role = entries.first(where: { $0.0 == "role" })?.1.asString,
                  let content = entries.first(where: { $0.0 == "content" })?.1.asString else {
                throw HostError.valueError("each chat message must be a dict with str 'role' and 'content', e.g. {\"role\": \"user\", \"content\": \"Hi\"}")
            }
            guard ["system", "user", "assistant"].contains(role) else {
                throw HostError.valueError("unknown chat role '\(role)'; use 'system', 'user' or 'assistant'")
            }
            turns.append((role, content))
        }
        self.turns = turns
        self.values = items
    }
}
