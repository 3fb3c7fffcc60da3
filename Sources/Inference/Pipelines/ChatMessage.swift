/// One turn of a chat, as transformers' `{"role": ..., "content": ...}` dictionaries.
public struct ChatMessage: Sendable, Equatable, Codable {
    /// `system`, `user` or `assistant`.
    public var role: String
    /// The text of the turn.
    public var content: String

    /// A message.
    public init(role: String, content: String) {
        self.role = role
        self.content = content
    }
}

/// A chat model's prompt format, recognised from the Jinja chat template its tokenizer ships.
///
/// labrun does not run Jinja: it recognises ChatML templates (`<|im_start|>role\ncontent<|im_end|>\n`,
/// as SmolLM2, Qwen and others use) and renders them directly, including the default system prompt
/// a template inserts when the conversation does not start with one.
public struct ChatTemplate: Sendable, Equatable {
    /// The system prompt the template adds when the first message is not a system message.
    public var defaultSystemPrompt: String?

    /// ChatML with an optional default system prompt.
    public init(defaultSystemPrompt: String? = nil) {
        self.defaultSystemPrompt = defaultSystemPrompt
    }

    /// Recognises a ChatML Jinja template, or returns nil for any other format.
    public init?(jinja template: String) {
        guard template.contains("<|im_start|>"), template.contains("<|im_end|>") else { return nil }
        // SmolLM2: {% if loop.first and messages[0]['role'] != 'system' %}{{ '<|im_start|>system\n...<|im_end|>\n' }}
        let marker = "<|im_start|>system\n"
        if template.contains("!= 'system'") || template.contains("!= \"system\""),
           let start = template.range(of: marker),
           let end = template.range(of: "<|im_end|>", range: start.upperBound..<template.endIndex) {
            let prompt = String(template[start.upperBound..<end.lowerBound])
            defaultSystemPrompt = prompt.contains("{{") || prompt.contains("'") ? nil : prompt
        } else {
            defaultSystemPrompt = nil
        }
    }

    /// The prompt text for `messages`, ending with `<|im_start|>assistant\n` when
    /// `addGenerationPrompt` (so the model writes the assistant's reply).
    /// - Throws: `PipelineError` for an empty conversation or an empty role.
    public func render(_ messages: [ChatMessage], addGenerationPrompt: Bool = true) throws -> String {
        guard !messages.isEmpty else {
            throw PipelineError(pipeline: "text-generation", problem: "the chat has no messages; pass a list of {\"role\": ..., \"content\": ...}")
        }
        var text = ""
        if let defaultSystemPrompt, messages[0].role != "system" {
            text += "<|im_start|>system\n\(defaultSystemPrompt)<|im_end|>\n"
        }
        for message in messages {
            guard !message.role.isEmpty else {
                throw PipelineError(pipeline: "text-generation", problem: "a chat message has an empty role; use \"system\", \"user\" or \"assistant\"")
            }
            text += "<|im_start|>\(message.role)\n\(message.content)<|im_end|>\n"
        }
        if addGenerationPrompt { text += "<|im_start|>assistant\n" }
        return text
    }
}

/// A causal model that knows how to format a chat (its tokenizer's chat template).
public protocol ChatLanguageModel: CausalLanguageModel {
    /// The model's chat format, or nil when it has none.
    var chatTemplate: ChatTemplate? { get }
}

/// The result of a chat: the conversation with the model's reply appended (transformers'
/// `generated_text` for a list of messages).
public struct ChatCompletion: Sendable, Equatable {
    /// The input messages followed by `{"role": "assistant", "content": reply}`.
    public var messages: [ChatMessage]
    /// The new token ids (the end-of-turn token included when it stopped generation).
    public var tokenIDs: [Int]

    /// The assistant's reply.
    public var reply: String { messages.last?.content ?? "" }

    /// A completion.
    public init(messages: [ChatMessage], tokenIDs: [Int]) {
        self.messages = messages
        self.tokenIDs = tokenIDs
    }
}

extension TextGenerationPipeline {
    /// Chat: formats `messages` with the model's chat template (plus the assistant prompt),
    /// generates the reply, and returns the conversation with the reply appended
    /// (`options.numReturnSequences` of them), as transformers does for a list of messages.
    /// - Throws: `PipelineError` when the model has no chat template or the chat is empty;
    ///   generation errors.
    public func callAsFunction(_ messages: [ChatMessage], options: GenerationOptions = GenerationOptions()) throws -> [ChatCompletion] {
        guard let template = (model as? any ChatLanguageModel)?.chatTemplate else {
            throw PipelineError(pipeline: "text-generation", problem: "this model has no chat template; pass a string prompt instead of messages")
        }
        let prompt = try template.render(messages)
        var replyOptions = options
        replyOptions.returnFullText = false
        return try callAsFunction(prompt, options: replyOptions).map { generated in
            ChatCompletion(messages: messages + [ChatMessage(role: "assistant", content: generated.generatedText)],
                           tokenIDs: generated.tokenIDs)
        }
    }
}
