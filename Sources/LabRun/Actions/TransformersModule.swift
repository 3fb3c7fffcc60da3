import Foundation
import Inference
import LabScript

/// LabScript's `transformers` module: the names of Hugging Face transformers that lab code uses,
/// bound to labrun's engine.
///
///     from transformers import pipeline, AutoTokenizer, set_seed
///     unmasker = pipeline("fill-mask", model="bert-base-uncased")
///     tokenizer = AutoTokenizer.from_pretrained("gpt2")
enum TransformersModule {
    /// The module, with its models resolved through `models`.
    static func make(models: ModelProvider, output: @escaping (String) -> Void = { _ in }) -> HostModule {
        let module = HostModule(name: "transformers", doc: """
            Hugging Face transformers, as labrun runs it (no Python, no PyTorch).
              pipeline(task, model=...)            tasks: \(ModelTask.allCases.map(\.rawValue).joined(separator: ", "))
              AutoTokenizer.from_pretrained(id)    the model's tokenizer
              set_seed(n)                          the seed of later sampling
              AutoModelForCausalLM.from_pretrained(id), AutoModelForMaskedLM.from_pretrained(id), TrainingArguments(...),
              Trainer(...), DataCollatorForLanguageModeling(tokenizer, mlm=True)   training
            """)
        module.define("pipeline", doc: """
            pipeline(task, model=None, top_k=5) -> a callable pipeline object.
            Tasks: \(ModelTask.allCases.map(\.rawValue).joined(separator: ", ")).
            Example: unmasker = pipeline("fill-mask", model="bert-base-uncased")
            """, explain: { call in explainPipeline(call, models: models) }) { arguments in
            try ModelTask.construction.validate(arguments)
            let taskName = try arguments.string(0, "task")
            // transformers' aliases: sentiment-analysis is text-classification, ner is token-classification.
            let aliases = ["sentiment-analysis": ModelTask.textClassification, "ner": .tokenClassification]
            guard let task = aliases[taskName] ?? ModelTask(rawValue: taskName) else {
                throw HostError.valueError("unknown task '\(taskName)'; labrun runs: \(ModelTask.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if case .host(let object)? = arguments.value(1, "model"), let trained = object as? TrainableModelObject {
                guard trained.tasks.contains(task) else {
                    throw HostError.valueError("pipeline(\"\(taskName)\"): the \(trained.typeName) of \(trained.baseID) is a \(trained.isMaskedLM ? "masked" : "causal") language model and cannot run \(taskName); it runs \(trained.tasks.map { "pipeline(\"\($0.rawValue)\")" }.joined(separator: ", "))\(task == .textGeneration ? ", and a causal model from AutoModelForCausalLM generates text" : "")")
                }
                let topK = try arguments.int("top_k", default: 5)
                return .host(PipelineAction(task: task, requestedModel: try trained.registeredID(), models: models, defaultTopK: topK))
            }
            guard let model = try arguments.string("model", at: 1, default: nil) else {
                throw HostError.valueError("pipeline(\"\(taskName)\") needs model=...; labrun picks no default model, e.g. model=\"\(task.exampleModel)\"")
            }
            if task == .textClassification {
                let action = PipelineAction(task: task, requestedModel: model, models: models, defaultTopK: 1)
                action.classificationDefaults = try ClassificationArguments().overridden(by: arguments)
                return .host(action)
            }
            let topK = try arguments.int("top_k", default: 5)
            return .host(PipelineAction(task: task, requestedModel: model, models: models, defaultTopK: topK))
        }
        module.define("set_seed", doc: "set_seed(seed): the seed of every later sampling call that passes no seed=") { arguments in
            try arguments.check(maxPositional: 1, keywords: ["seed"])
            guard let seed = try arguments.required(0, "seed").asInt, seed >= 0 else {
                throw HostError.valueError("set_seed() needs a non-negative int")
            }
            models.seed = UInt64(seed)
            return .none
        }
        module.set("AutoTokenizer", .host(AutoTokenizerClass(models: models)))
        TrainingModule.add(to: module, models: models, output: output)
        module.explain("AutoTokenizer.from_pretrained") { call in
            CallExplanation("\(call.name) → the tokenizer of \(models.describe(call.string(0) ?? "?")) (the weights are not loaded)")
        }
        return module
    }

    /// What `labrun explain` says of `pipeline(task, model)`: labrun's pipeline for the task, on
    /// the model, with the keywords it uses and ignores; a pipeline whose task is written out is
    /// followed, so that calls of it are explained too.
    static func explainPipeline(_ call: WrittenCall, models: ModelProvider) -> CallExplanation {
        let task = call.string(0, "task")
        let model = call.string(1, "model")
        var sentence = "\(call.name) → labrun's \(task ?? "?") pipeline"
        if let model { sentence += " on \(models.describe(model))" }
        sentence += ModelTask.construction.note(given: call.keywords)
        guard let task else { return CallExplanation(sentence) }
        return CallExplanation(sentence) { pipelineCall in
            var sentence = "calls the \(task) pipeline `\(pipelineCall.name)`"
            if let model { sentence += " (\(models.describe(model)))" }
            if let known = ModelTask(rawValue: task) { sentence += known.call.note(given: pipelineCall.keywords) }
            return CallExplanation(sentence)
        }
    }
}

extension ModelTask {
    /// A bundled model that suits the task, for error messages.
    var exampleModel: String {
        switch self {
        case .featureExtraction: return "sentence-transformers/all-MiniLM-L6-v2"
        case .textClassification: return "facebook/roberta-hate-speech-dynabench-r4-target"
        case .zeroShotClassification: return "typeform/distilbert-base-uncased-mnli"
        case .tokenClassification: return "dslim/bert-base-NER"
        default: return "HuggingFaceTB/SmolLM2-135M-Instruct"
        }
    }
}

/// `transformers.AutoTokenizer`: only `from_pretrained(id)`.
final class AutoTokenizerClass: HostObject {
    let models: ModelProvider

    init(models: ModelProvider) { self.models = models }

    var typeName: String { "type" }
    var reprText: String { "<class 'transformers.AutoTokenizer'>" }
    var helpText: String { "AutoTokenizer.from_pretrained(model_id) -> the model's tokenizer" }

    func attribute(_ name: String) throws -> Value? {
        guard name == "from_pretrained" else { return nil }
        return .builtin(BuiltinFunction(name: "from_pretrained", doc: helpText) { [models] arguments in
            try arguments.check(maxPositional: 1, keywords: ["pretrained_model_name_or_path", "use_fast", "revision"])
            let id = try arguments.string(0, "pretrained_model_name_or_path")
            return .host(TokenizerAction(tokenizer: try models.tokenizer(id), modelID: models.effectiveID(for: id)))
        })
    }
}

/// A tokenizer as transformers exposes it: callable, `tokenize`, `decode`,
/// `convert_ids_to_tokens`, `convert_tokens_to_ids`, `mask_token`, …
final class TokenizerAction: HostObject {
    let tokenizer: any Tokenizer
    let modelID: String

    init(tokenizer: any Tokenizer, modelID: String) {
        self.tokenizer = tokenizer
        self.modelID = modelID
    }

    var typeName: String { "Tokenizer" }
    var reprText: String { "<Tokenizer of '\(modelID)', vocab_size=\(tokenizer.vocabularySize)>" }
    var helpText: String {
        """
        Tokenizer of \(modelID)
          tokenizer(text_or_texts) -> {'input_ids': [...], 'attention_mask': [...]}
          tokenizer.tokenize(text) -> tokens, without special tokens
          tokenizer.decode(ids, skip_special_tokens=False) -> text
          tokenizer.convert_ids_to_tokens(ids), tokenizer.convert_tokens_to_ids(tokens)
          tokenizer.mask_token, tokenizer.vocab_size
        """
    }

    func call(_ arguments: Arguments) throws -> Value {
        try arguments.check(maxPositional: 1, keywords: ["text", "add_special_tokens", "return_tensors", "padding", "truncation"])
        let input = try arguments.required(0, "text")
        let special = try arguments.bool("add_special_tokens", default: true)
        if let tensors = arguments.value(nil, "return_tensors"), !tensors.isNone {
            throw HostError.valueError("return_tensors is not supported: labrun has no tensors in LabScript; the ids come back as lists")
        }
        let encode = { (text: String) -> Value in
            let ids = self.tokenizer.encode(text, addSpecialTokens: special).ids
            return .dict([("input_ids", .list(ids.map { .int($0) })), ("attention_mask", .list(ids.map { _ in .int(1) }))])
        }
        if let text = input.asString { return encode(text) }
        let texts = try ValueBuilding.strings(input, argument: "text", function: "Tokenizer")
        let encoded = texts.map { tokenizer.encode($0, addSpecialTokens: special).ids }
        return .dict([
            ("input_ids", .list(encoded.map { .list($0.map { .int($0) }) })),
            ("attention_mask", .list(encoded.map { .list($0.map { _ in .int(1) }) })),
        ])
    }

    func attribute(_ name: String) throws -> Value? {
        switch name {
        case "mask_token": return tokenizer.specialTokens.mask.map { .string($0.text) } ?? Value.none
        case "mask_token_id": return tokenizer.specialTokens.mask.map { .int($0.id) } ?? Value.none
        case "bos_token": return tokenizer.specialTokens.beginning.map { .string($0.text) } ?? Value.none
        case "eos_token": return tokenizer.specialTokens.end.map { .string($0.text) } ?? Value.none
        case "vocab_size": return .int(tokenizer.vocabularySize)
        case "name_or_path": return .string(modelID)
        case "tokenize":
            return method(name, doc: "tokenize(text) -> the tokens, without special tokens") { arguments in
                let text = try arguments.string(0, "text")
                return Value(self.tokenizer.encode(text, addSpecialTokens: false).tokens)
            }
        case "encode":
            return method(name, doc: "encode(text, add_special_tokens=True) -> ids") { arguments in
                let text = try arguments.string(0, "text")
                let special = try arguments.bool("add_special_tokens", default: true)
                return .list(self.tokenizer.encode(text, addSpecialTokens: special).ids.map { .int($0) })
            }
        case "decode":
            return method(name, doc: "decode(ids, skip_special_tokens=False) -> text") { arguments in
                let ids = try ValueBuilding.ints(try arguments.required(0, "token_ids"), argument: "token_ids", function: "decode")
                let skip = try arguments.bool("skip_special_tokens", default: false)
                return .string(self.tokenizer.decode(ids, skipSpecialTokens: skip))
            }
        case "convert_ids_to_tokens":
            return method(name, doc: "convert_ids_to_tokens(ids) -> tokens") { arguments in
                let value = try arguments.required(0, "ids")
                if let id = value.asInt, value.asBool == nil {
                    return self.tokenizer.token(of: id).map { .string($0) } ?? .none
                }
                let ids = try ValueBuilding.ints(value, argument: "ids", function: "convert_ids_to_tokens")
                return .list(ids.map { self.tokenizer.token(of: $0).map { .string($0) } ?? .none })
            }
        case "convert_tokens_to_ids":
            return method(name, doc: "convert_tokens_to_ids(tokens) -> ids (the unknown token's id for unknown tokens)") { arguments in
                let value = try arguments.required(0, "tokens")
                let unknown = self.tokenizer.specialTokens.unknown.map { Value.int($0.id) } ?? .none
                if let token = value.asString { return self.tokenizer.id(of: token).map { .int($0) } ?? unknown }
                let tokens = try ValueBuilding.strings(value, argument: "tokens", function: "convert_tokens_to_ids")
                return .list(tokens.map { self.tokenizer.id(of: $0).map { .int($0) } ?? unknown })
            }
        default:
            return nil
        }
    }

    private func method(_ name: String, doc: String, _ body: @escaping (Arguments) throws -> Value) -> Value {
        .builtin(BuiltinFunction(name: name, doc: doc) { arguments in
            return try body(arguments)
        })
    }
}
