import Foundation

/// One generated text, named as transformers' text-generation pipeline names it.
public struct GeneratedText: Sendable, Equatable {
    /// The prompt followed by the continuation (or the continuation alone; `generated_text`).
    public var generatedText: String
    /// The new token ids (an end-of-sequence token included when it stopped generation).
    public var tokenIDs: [Int]

    /// A result.
    public init(generatedText: String, tokenIDs: [Int]) {
        self.generatedText = generatedText
        self.tokenIDs = tokenIDs
    }
}

/// transformers' `pipeline("text-generation")` for any `CausalLanguageModel` (GPT-2, Llama):
/// encodes the prompt with the model's template, runs it once, then one token per step through
/// the key/value cache until `maxNewTokens`, an end-of-sequence token, or the model's length limit.
public struct TextGenerationPipeline: Sendable {
    /// The model it runs on.
    public let model: any CausalLanguageModel

    /// A pipeline over `model`.
    public init(model: any CausalLanguageModel) {
        self.model = model
    }

    /// `options.numReturnSequences` continuations of each prompt, one list per prompt (prompts run one after another).
    /// - Throws: as `callAsFunction(_:options:)` for one prompt.
    public func callAsFunction(_ prompts: [String], options: GenerationOptions = GenerationOptions()) throws -> [[GeneratedText]] {
        try prompts.map { try callAsFunction($0, options: options) }
    }

    /// `options.numReturnSequences` continuations of `prompt`.
    /// - Throws: `PipelineError` for invalid options (several greedy sequences, a non-positive
    ///   temperature, an empty prompt without a beginning-of-sequence token); model errors.
    public func callAsFunction(_ prompt: String, options: GenerationOptions = GenerationOptions()) throws -> [GeneratedText] {
        guard options.numReturnSequences >= 1 else {
            throw PipelineError(pipeline: "text-generation", problem: "num_return_sequences must be at least 1")
        }
        guard options.doSample || options.numReturnSequences == 1 else {
            throw PipelineError(pipeline: "text-generation", problem: "greedy decoding gives one sequence; set do_sample=True to return \(options.numReturnSequences)")
        }
        guard !options.doSample || options.temperature > 0 else {
            throw PipelineError(pipeline: "text-generation", problem: "temperature must be positive (got \(options.temperature))")
        }
        guard options.topP > 0 && options.topP <= 1 else {
            throw PipelineError(pipeline: "text-generation", problem: "top_p must be in (0, 1] (got \(options.topP))")
        }
        let tokenizer = model.tokenizer
        var promptIDs = tokenizer.encode(prompt).ids
        if promptIDs.isEmpty {
            guard let start = tokenizer.specialTokens.beginning?.id else {
                throw PipelineError(pipeline: "text-generation", problem: "the prompt is empty and the tokenizer has no beginning-of-sequence token")
            }
            promptIDs = [start]
        }
        var sampler = TokenSampler(options: options)
        let endTokens = model.endOfSequenceTokenIDs
        var results: [GeneratedText] = []
        for _ in 0..<options.numReturnSequences {
            let cache = model.makeCache(batchSize: 1)
            var newIDs: [Int] = []
            var input = promptIDs
            while newIDs.count < options.maxNewTokens && promptIDs.count + newIDs.count < model.maximumSequenceLength {
                let logits = try model.logits(for: [input], cache: cache, allPositions: false)
                let next = sampler.next(from: logits.row(0))
                newIDs.append(next)
                if options.stopAtEndOfSequence && endTokens.contains(next) { break }
                input = [next]
            }
            let full = Array(tokenizer.decode(promptIDs + newIDs, skipSpecialTokens: true).unicodeScalars)
            let promptLength = tokenizer.decode(promptIDs, skipSpecialTokens: true).unicodeScalars.count
            var continuation = String.UnicodeScalarView()
            continuation.append(contentsOf: full.dropFirst(promptLength))
            let text = options.returnFullText ? prompt + String(continuation) : String(continuation)
            results.append(GeneratedText(generatedText: text, tokenIDs: newIDs))
        }
        return results
    }
}
