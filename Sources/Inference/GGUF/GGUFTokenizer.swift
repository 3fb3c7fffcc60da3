/// Builds the tokenizer a GGUF file describes in its `tokenizer.ggml.*` metadata, with the
/// engine's own tokenizer implementations, so a GGUF model needs no other file.
///
/// Supported: model `gpt2` (byte-level BPE) with pre-tokenizer `gpt2`/`default` (the GPT-2 regex)
/// or `smollm` (every digit split off first, then the GPT-2 regex). Tokens of type 3 (control)
/// and 4 (user-defined) are matched in the raw text as added tokens; control tokens are special.
public enum GGUFTokenizer {
    /// The tokenizer of `file`.
    /// - Throws: `GGUFError` naming the key that is missing, malformed or unsupported.
    public static func load(from file: GGUFFile) throws -> ByteLevelBPETokenizer {
        func fail(_ key: String, _ message: String, fix: String = "use a GGUF file converted by a current llama.cpp") -> GGUFError {
            GGUFError(file: file.path, offset: nil, message: "\(key) \(message)", fix: fix)
        }
        let model = file.metadata["tokenizer.ggml.model"]?.string
        guard model == "gpt2" else {
            throw fail("tokenizer.ggml.model", "is \(model.map { "'\($0)'" } ?? "missing"); labrun reads byte-level BPE ('gpt2') tokenizers from GGUF")
        }
        let preName = file.metadata["tokenizer.ggml.pre"]?.string ?? "default"
        let preTokenizers: [PreTokenizer]
        switch preName {
        case "smollm":
            preTokenizers = [.digits(individualDigits: true), .byteLevel(addPrefixSpace: false, useRegex: true)]
        case "gpt2", "default":
            preTokenizers = [.byteLevel(addPrefixSpace: false, useRegex: true)]
        default:
            throw fail("tokenizer.ggml.pre", "is '\(preName)', which labrun does not implement (supported: smollm, gpt2, default)",
                       fix: "use the model's tokenizer.json instead, or a GGUF with a supported pre-tokenizer")
        }
        guard let tokenValues = file.metadata["tokenizer.ggml.tokens"]?.array else {
            throw fail("tokenizer.ggml.tokens", "is missing or not an array")
        }
        var tokens: [String] = []
        tokens.reserveCapacity(tokenValues.count)
        for (index, value) in tokenValues.enumerated() {
            guard let text = value.string else { throw fail("tokenizer.ggml.tokens", "has a non-string entry at index \(index)") }
            tokens.append(text)
        }
        var vocabulary: [String: Int] = [:]
        vocabulary.reserveCapacity(tokens.count)
        for (id, token) in tokens.enumerated() where vocabulary[token] == nil { vocabulary[token] = id }

        var merges: [(String, String)] = []
        if let mergeValues = file.metadata["tokenizer.ggml.merges"]?.array {
            merges.reserveCapacity(mergeValues.count)
            for (index, value) in mergeValues.enumerated() {
                guard let line = value.string else { throw fail("tokenizer.ggml.merges", "has a non-string entry at index \(index)") }
                let parts = line.split(separator: " ", omittingEmptySubsequences: false)
                guard parts.count == 2 else {
                    throw fail("tokenizer.ggml.merges", "entry \(index) \"\(line)\" is not two tokens separated by one space")
                }
                merges.append((String(parts[0]), String(parts[1])))
            }
        }
        let types = file.metadata["tokenizer.ggml.token_type"]?.array?.map { $0.int ?? 1 } ?? []
        var added: [AddedTokens.Token] = []
        for (id, type) in types.enumerated() where id < tokens.count && (type == 3 || type == 4) {
            added.append(AddedTokens.Token(content: tokens[id], id: id, special: type == 3))
        }
        func special(_ key: String) throws -> SpecialTokens.Token? {
            guard let value = file.metadata["tokenizer.ggml.\(key)_token_id"] else { return nil }
            guard let id = value.int, id >= 0, id < tokens.count else {
                throw fail("tokenizer.ggml.\(key)_token_id", "is \(value), outside the \(tokens.count) tokens")
            }
            return SpecialTokens.Token(text: tokens[id], id: id)
        }
        let beginning = try special("bos")
        let addBeginning = file.metadata["tokenizer.ggml.add_bos_token"]?.bool ?? false
        let specials = SpecialTokens(padding: try special("padding"), unknown: try special("unknown"),
                                     beginning: beginning, end: try special("eos"),
                                     ids: Set(added.filter(\.special).map(\.id)))
        do {
            return try ByteLevelBPETokenizer(
                vocabulary: vocabulary, merges: merges, preTokenizers: preTokenizers, addedTokens: added,
                templatePrefix: addBeginning ? beginning.map { [$0.id] } ?? [] : [],
                specialTokens: specials, source: file.path)
        } catch let error as TokenizerError {
            throw GGUFError(file: file.path, offset: nil, message: "tokenizer metadata: \(error.problem) (\(error.place ?? ""))",
                            fix: "the file is damaged; download it again")
        }
    }
}
