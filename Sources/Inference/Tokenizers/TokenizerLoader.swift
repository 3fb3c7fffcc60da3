import Foundation

/// Builds the tokenizer a model folder describes, as transformers' `AutoTokenizer` would:
/// `tokenizer.json` (WordPiece or BPE model) when present, else `vocab.txt` (BERT WordPiece), else
/// `vocab.json` + `merges.txt` (GPT-2 byte-level BPE); `tokenizer_config.json` supplies the
/// options and special-token names.
public enum TokenizerLoader {
    /// The tokenizer of the model in `directory`.
    /// - Throws: `TokenizerError` naming the file and the problem (missing files, malformed JSON,
    ///   duplicate vocabulary entries, an unsupported model, normaliser or pre-tokenizer).
    public static func load(directory: URL) throws -> any Tokenizer {
        let fileManager = FileManager.default
        let config = try readJSONObject(directory.appendingPathComponent("tokenizer_config.json"), required: false) ?? [:]
        let tokenizerJSON = directory.appendingPathComponent("tokenizer.json")
        if fileManager.fileExists(atPath: tokenizerJSON.path) {
            return try load(tokenizerJSON: tokenizerJSON, config: config)
        }
        let vocabText = directory.appendingPathComponent("vocab.txt")
        if fileManager.fileExists(atPath: vocabText.path) {
            return try loadWordPiece(vocabText: vocabText, config: config)
        }
        let vocabJSON = directory.appendingPathComponent("vocab.json")
        let mergesText = directory.appendingPathComponent("merges.txt")
        if fileManager.fileExists(atPath: vocabJSON.path) && fileManager.fileExists(atPath: mergesText.path) {
            return try loadBPE(vocabJSON: vocabJSON, mergesText: mergesText, config: config)
        }
        throw TokenizerError(file: directory.path, problem:
            "no tokenizer files: expected tokenizer.json, vocab.txt, or vocab.json with merges.txt")
    }

    // MARK: - tokenizer.json

    /// A tokenizer from a `tokenizer.json` file (plus the options of `tokenizer_config.json`).
    /// - Throws: `TokenizerError` for malformed JSON or a kind of tokenizer that is not supported.
    public static func load(tokenizerJSON url: URL, config: [String: Any] = [:]) throws -> any Tokenizer {
        let file = url.path
        guard let root = try readJSONObject(url, required: true) else {
            throw TokenizerError(file: file, problem: "cannot be read")
        }
        guard let model = root["model"] as? [String: Any] else {
            throw TokenizerError(file: file, place: "model", problem: "is missing or not an object")
        }
        let added = try addedTokens(root["added_tokens"], file: file)
        let (prefix, suffix) = try template(root["post_processor"], file: file)
        let modelType = (model["type"] as? String) ?? (model["merges"] != nil ? "BPE" : "WordPiece")
        switch modelType {
        case "WordPiece":
            let vocabulary = try vocabularyObject(model["vocab"], file: file, place: "model.vocab")
            var normalizer = BertNormalizer(cleanText: false, handleChineseCharacters: false, stripAccents: false, lowercase: false)
            if let spec = root["normalizer"] as? [String: Any] {
                guard spec["type"] as? String == "BertNormalizer" else {
                    throw unsupported(file, "normalizer", spec["type"], supported: "BertNormalizer")
                }
                normalizer = BertNormalizer(
                    cleanText: spec["clean_text"] as? Bool ?? true,
                    handleChineseCharacters: spec["handle_chinese_chars"] as? Bool ?? true,
                    stripAccents: spec["strip_accents"] as? Bool,
                    lowercase: spec["lowercase"] as? Bool ?? true)
            }
            if let spec = root["pre_tokenizer"] as? [String: Any], spec["type"] as? String != "BertPreTokenizer" {
                throw unsupported(file, "pre_tokenizer", spec["type"], supported: "BertPreTokenizer")
            }
            var cleanup = true
            if let decoder = root["decoder"] as? [String: Any] {
                guard decoder["type"] as? String == "WordPiece" else {
                    throw unsupported(file, "decoder", decoder["type"], supported: "WordPiece")
                }
                cleanup = decoder["cleanup"] as? Bool ?? true
            }
            let unknown = model["unk_token"] as? String ?? "[UNK]"
            return WordPieceTokenizer(
                vocabulary: vocabulary, normalizer: normalizer, addedTokens: added, unknownToken: unknown,
                continuingPrefix: model["continuing_subword_prefix"] as? String ?? "##",
                maximumCharactersPerWord: model["max_input_chars_per_word"] as? Int ?? 100,
                templatePrefix: prefix ?? ["[CLS]"], templateSuffix: suffix ?? ["[SEP]"],
                decoderCleanup: cleanup,
                cleanUpTokenizationSpaces: config["clean_up_tokenization_spaces"] as? Bool ?? true,
                specialTokens: bertSpecialTokens(vocabulary: vocabulary, added: added, config: config))
        case "BPE":
            let vocabulary = try vocabularyObject(model["vocab"], file: file, place: "model.vocab")
            if let prefix = model["continuing_subword_prefix"] as? String, !prefix.isEmpty {
                throw unsupported(file, "model.continuing_subword_prefix", prefix, supported: "none (byte-level BPE)")
            }
            if let suffix = model["end_of_word_suffix"] as? String, !suffix.isEmpty {
                throw unsupported(file, "model.end_of_word_suffix", suffix, supported: "none (byte-level BPE)")
            }
            if model["byte_fallback"] as? Bool == true {
                throw unsupported(file, "model.byte_fallback", "true", supported: "false (byte-level BPE)")
            }
            if let spec = root["normalizer"] as? [String: Any] {
                throw unsupported(file, "normalizer", spec["type"], supported: "none for BPE")
            }
            let steps = try preTokenizers(root["pre_tokenizer"], file: file)
            if let decoder = root["decoder"] as? [String: Any], decoder["type"] as? String != "ByteLevel" {
                throw unsupported(file, "decoder", decoder["type"], supported: "ByteLevel")
            }
            guard let mergeList = model["merges"] as? [Any] else {
                throw TokenizerError(file: file, place: "model.merges", problem: "is missing or not a list")
            }
            var merges: [(String, String)] = []
            merges.reserveCapacity(mergeList.count)
            for (index, item) in mergeList.enumerated() {
                if let text = item as? String {
                    let parts = text.split(separator: " ", omittingEmptySubsequences: false)
                    guard parts.count == 2 else {
                        throw TokenizerError(file: file, place: "model.merges[\(index)]", problem: "\"\(text)\" is not two tokens separated by one space")
                    }
                    merges.append((String(parts[0]), String(parts[1])))
                } else if let pair = item as? [String], pair.count == 2 {
                    merges.append((pair[0], pair[1]))
                } else {
                    throw TokenizerError(file: file, place: "model.merges[\(index)]", problem: "is neither \"a b\" nor [\"a\", \"b\"]")
                }
            }
            return try ByteLevelBPETokenizer(
                vocabulary: vocabulary, merges: merges, preTokenizers: steps, addedTokens: added,
                ignoreMerges: model["ignore_merges"] as? Bool ?? false,
                templatePrefix: (prefix ?? []).compactMap { token in vocabulary[token] ?? added.first { $0.content == token }?.id },
                templateSuffix: (suffix ?? []).compactMap { token in vocabulary[token] ?? added.first { $0.content == token }?.id },
                specialTokens: bpeSpecialTokens(vocabulary: vocabulary, added: added, config: config), source: file)
        default:
            throw unsupported(file, "model.type", modelType, supported: "WordPiece, BPE")
        }
    }

    // MARK: - vocab.txt

    /// A BERT tokenizer from `vocab.txt` (one token a line, id = line number from 0) and the options of
    /// `tokenizer_config.json` (`do_lower_case`, `strip_accents`, `tokenize_chinese_chars`, token names).
    /// - Throws: `TokenizerError` when the file cannot be read or a token appears twice.
    public static func loadWordPiece(vocabText url: URL, config: [String: Any] = [:]) throws -> any Tokenizer {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw TokenizerError(file: url.path, problem: "cannot be read")
        }
        var vocabulary: [String: Int] = [:]
        var lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        for (index, line) in lines.enumerated() {
            var bytes = Array(line)
            if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
            guard let token = String(validating: bytes, as: UTF8.self) else {
                throw TokenizerError(file: url.path, place: "line \(index + 1)", problem: "is not valid UTF-8")
            }
            if let first = vocabulary[token] {
                throw TokenizerError(file: url.path, place: "line \(index + 1)",
                                     problem: "token \"\(token)\" appears twice (first on line \(first + 1)); remove the duplicate")
            }
            vocabulary[token] = index
        }
        guard !vocabulary.isEmpty else { throw TokenizerError(file: url.path, problem: "is empty") }
        let lowercase = config["do_lower_case"] as? Bool ?? true
        let normalizer = BertNormalizer(cleanText: true,
                                        handleChineseCharacters: config["tokenize_chinese_chars"] as? Bool ?? true,
                                        stripAccents: config["strip_accents"] as? Bool, lowercase: lowercase)
        let special = bertSpecialTokens(vocabulary: vocabulary, added: [], config: config)
        let added = [special.unknown, special.separator, special.padding, special.classification, special.mask]
            .compactMap { $0 }.map { AddedTokens.Token(content: $0.text, id: $0.id, special: true) }
        return WordPieceTokenizer(
            vocabulary: vocabulary, normalizer: normalizer, addedTokens: added,
            unknownToken: special.unknown?.text ?? "[UNK]",
            templatePrefix: [special.classification?.text ?? "[CLS]"], templateSuffix: [special.separator?.text ?? "[SEP]"],
            cleanUpTokenizationSpaces: config["clean_up_tokenization_spaces"] as? Bool ?? true,
            specialTokens: SpecialTokens(classification: special.classification, separator: special.separator,
                                         mask: special.mask, padding: special.padding, unknown: special.unknown))
    }

    // MARK: - vocab.json + merges.txt

    /// A GPT-2 tokenizer from `vocab.json` and `merges.txt` (first line `#version…` skipped).
    /// `<|endoftext|>` (GPT-2's default) and the added tokens of `tokenizer_config.json` are special.
    /// - Throws: `TokenizerError` for malformed files.
    public static func loadBPE(vocabJSON: URL, mergesText: URL, config: [String: Any] = [:]) throws -> any Tokenizer {
        guard let object = try readJSONObject(vocabJSON, required: true) else {
            throw TokenizerError(file: vocabJSON.path, problem: "cannot be read")
        }
        let vocabulary = try vocabularyObject(object, file: vocabJSON.path, place: nil)
        let text: String
        do { text = try String(contentsOf: mergesText, encoding: .utf8) } catch {
            throw TokenizerError(file: mergesText.path, problem: "cannot be read as UTF-8")
        }
        var merges: [(String, String)] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.isEmpty || (index == 0 && line.hasPrefix("#version")) { continue }
            let parts = line.split(separator: " ", omittingEmptySubsequences: false)
            guard parts.count == 2 else {
                throw TokenizerError(file: mergesText.path, place: "line \(index + 1)", problem: "\"\(line)\" is not two tokens separated by one space")
            }
            merges.append((String(parts[0]), String(parts[1])))
        }
        var added: [AddedTokens.Token] = []
        if let declared = config["added_tokens_decoder"] as? [String: Any] {
            for (key, value) in declared {
                guard let id = Int(key), let spec = value as? [String: Any], let content = spec["content"] as? String else { continue }
                added.append(AddedTokens.Token(content: content, id: id, special: spec["special"] as? Bool ?? false,
                                               leftStrip: spec["lstrip"] as? Bool ?? false, rightStrip: spec["rstrip"] as? Bool ?? false))
            }
        }
        if let id = vocabulary["<|endoftext|>"], !added.contains(where: { $0.id == id }) {
            added.append(AddedTokens.Token(content: "<|endoftext|>", id: id, special: true))
        }
        // RoBERTa's slow-tokenizer files: `<s> … </s>` around a text, its five special tokens
        // matched first (`<mask>` taking the space before it), and `add_prefix_space` from the config.
        var prefix: [Int] = [], suffix: [Int] = []
        let isRoberta = (config["tokenizer_class"] as? String)?.hasPrefix("Roberta") == true
        if isRoberta {
            for (key, fallback) in [("bos_token", "<s>"), ("pad_token", "<pad>"), ("eos_token", "</s>"), ("unk_token", "<unk>"), ("mask_token", "<mask>")] {
                let content = configToken(config, key) ?? fallback
                guard let id = vocabulary[content], !added.contains(where: { $0.id == id }) else { continue }
                added.append(AddedTokens.Token(content: content, id: id, special: true, leftStrip: key == "mask_token"))
            }
            let cls = configToken(config, "cls_token") ?? "<s>", sep = configToken(config, "sep_token") ?? "</s>"
            guard let clsID = vocabulary[cls], let sepID = vocabulary[sep] else {
                throw TokenizerError(file: vocabJSON.path, problem: "a RoBERTa vocabulary needs \(cls) and \(sep); add them or fix tokenizer_config.json")
            }
            prefix = [clsID]
            suffix = [sepID]
        }
        return try ByteLevelBPETokenizer(
            vocabulary: vocabulary, merges: merges,
            preTokenizers: [.byteLevel(addPrefixSpace: isRoberta && config["add_prefix_space"] as? Bool == true, useRegex: true)],
            addedTokens: added, templatePrefix: prefix, templateSuffix: suffix,
            specialTokens: bpeSpecialTokens(vocabulary: vocabulary, added: added, config: config),
            source: mergesText.path)
    }

    // MARK: - Parts

    /// The JSON object in `url`; nil when the file is absent and not `required`.
    static func readJSONObject(_ url: URL, required: Bool) throws -> [String: Any]? {
        guard FileManager.default.fileExists(atPath: url.path) else {
            if required { throw TokenizerError(file: url.path, problem: "does not exist") }
            return nil
        }
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw TokenizerError(file: url.path, problem: "cannot be read")
        }
        guard let object = try? JSONSerialization.jsonObject(with: data), let dictionary = object as? [String: Any] else {
            throw TokenizerError(file: url.path, problem: "is not a JSON object (malformed or truncated JSON)")
        }
        return dictionary
    }

    static func unsupported(_ file: String, _ place: String, _ kind: Any?, supported: String) -> TokenizerError {
        TokenizerError(file: file, place: place, problem: "\(kind.map { "\($0)" } ?? "this kind") is not supported (supported: \(supported))")
    }

    /// A token → id object whose ids are distinct non-negative integers.
    static func vocabularyObject(_ value: Any?, file: String, place: String?) throws -> [String: Int] {
        guard let object = value as? [String: Any] else {
            throw TokenizerError(file: file, place: place, problem: "the vocabulary is missing or not a token → id object")
        }
        var vocabulary: [String: Int] = [:]
        vocabulary.reserveCapacity(object.count)
        var owners: [Int: String] = [:]
        for (token, rawID) in object {
            guard let id = SafeTensors.integer(rawID), id >= 0 else {
                throw TokenizerError(file: file, place: place, problem: "token \"\(token)\" has id \(rawID), not a non-negative integer")
            }
            if let other = owners[id] {
                throw TokenizerError(file: file, place: place, problem: "tokens \"\(other)\" and \"\(token)\" share id \(id); each id must name one token")
            }
            owners[id] = token
            vocabulary[token] = id
        }
        return vocabulary
    }

    static func addedTokens(_ value: Any?, file: String) throws -> [AddedTokens.Token] {
        guard let list = value as? [Any] else { return [] }
        return try list.enumerated().map { index, item in
            guard let spec = item as? [String: Any], let content = spec["content"] as? String,
                  let id = SafeTensors.integer(spec["id"] as Any), id >= 0 else {
                throw TokenizerError(file: file, place: "added_tokens[\(index)]", problem: "needs a \"content\" string and a non-negative \"id\"")
            }
            return AddedTokens.Token(content: content, id: id, special: spec["special"] as? Bool ?? false,
                                     leftStrip: spec["lstrip"] as? Bool ?? false, rightStrip: spec["rstrip"] as? Bool ?? false)
        }
    }

    /// The token texts a post-processor puts before and after a single sequence (nil: no post-processor).
    static func template(_ value: Any?, file: String) throws -> (prefix: [String]?, suffix: [String]?) {
        guard let spec = value as? [String: Any] else { return (nil, nil) }
        switch spec["type"] as? String {
        case "TemplateProcessing":
            guard let single = spec["single"] as? [[String: Any]] else {
                throw TokenizerError(file: file, place: "post_processor.single", problem: "is missing or not a list")
            }
            var prefix: [String] = [], suffix: [String] = []
            var seenSequence = false
            for item in single {
                if item["Sequence"] != nil { seenSequence = true; continue }
                guard let special = item["SpecialToken"] as? [String: Any], let name = special["id"] as? String else { continue }
                let tokens = ((spec["special_tokens"] as? [String: Any])?[name] as? [String: Any])?["tokens"] as? [String] ?? [name]
                if seenSequence { suffix += tokens } else { prefix += tokens }
            }
            return (prefix, suffix)
        case "BertProcessing", "RobertaProcessing":
            let cls = (spec["cls"] as? [Any])?.first as? String
            let sep = (spec["sep"] as? [Any])?.first as? String
            return (cls.map { [$0] } ?? [], sep.map { [$0] } ?? [])
        case "ByteLevel":
            return ([], [])
        case let other:
            throw unsupported(file, "post_processor", other, supported: "TemplateProcessing, BertProcessing, ByteLevel")
        }
    }

    static func preTokenizers(_ value: Any?, file: String) throws -> [PreTokenizer] {
        guard let spec = value as? [String: Any] else { return [] }
        switch spec["type"] as? String {
        case "ByteLevel":
            return [.byteLevel(addPrefixSpace: spec["add_prefix_space"] as? Bool ?? false,
                               useRegex: spec["use_regex"] as? Bool ?? true)]
        case "Digits":
            return [.digits(individualDigits: spec["individual_digits"] as? Bool ?? false)]
        case "Sequence":
            guard let list = spec["pretokenizers"] as? [Any] else {
                throw TokenizerError(file: file, place: "pre_tokenizer.pretokenizers", problem: "is missing or not a list")
            }
            return try list.flatMap { try preTokenizers($0, file: file) }
        case let other:
            throw unsupported(file, "pre_tokenizer", other, supported: "ByteLevel, Digits, Sequence of them")
        }
    }

    /// A special-token name from `tokenizer_config.json` (a string or `{"content": …}`).
    static func configToken(_ config: [String: Any], _ key: String) -> String? {
        if let text = config[key] as? String { return text }
        return (config[key] as? [String: Any])?["content"] as? String
    }

    static func bertSpecialTokens(vocabulary: [String: Int], added: [AddedTokens.Token], config: [String: Any]) -> SpecialTokens {
        func token(_ key: String, _ fallback: String) -> SpecialTokens.Token? {
            let text = configToken(config, key) ?? fallback
            guard let id = vocabulary[text] ?? added.first(where: { $0.content == text })?.id else { return nil }
            return SpecialTokens.Token(text: text, id: id)
        }
        return SpecialTokens(classification: token("cls_token", "[CLS]"), separator: token("sep_token", "[SEP]"),
                             mask: token("mask_token", "[MASK]"), padding: token("pad_token", "[PAD]"),
                             unknown: token("unk_token", "[UNK]"),
                             ids: Set(added.filter(\.special).map(\.id)))
    }

    static func bpeSpecialTokens(vocabulary: [String: Int], added: [AddedTokens.Token], config: [String: Any]) -> SpecialTokens {
        func token(_ key: String, _ fallback: String?) -> SpecialTokens.Token? {
            guard let text = configToken(config, key) ?? fallback,
                  let id = added.first(where: { $0.content == text })?.id ?? vocabulary[text] else { return nil }
            return SpecialTokens.Token(text: text, id: id)
        }
        return SpecialTokens(classification: token("cls_token", nil), separator: token("sep_token", nil), mask: token("mask_token", nil),
                             padding: token("pad_token", nil), unknown: token("unk_token", nil),
                             beginning: token("bos_token", "<|endoftext|>"), end: token("eos_token", "<|endoftext|>"),
                             ids: Set(added.filter(\.special).map(\.id)))
    }
}
