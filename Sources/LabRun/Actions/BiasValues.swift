import Bias
import Foundation
import LabScript

/// Reads the data arguments of the `labrun` actions (pair lists, tests, templates, lexicons) from
/// LabScript values, with a `TypeError` naming the function and argument when a value has the
/// wrong shape. `"builtin"` or None always means the project's bundled set.
enum BiasValues {
    /// Whether `value` asks for the bundled data (`None`, `"builtin"`).
    static func isBuiltin(_ value: Value?) -> Bool {
        guard let value else { return true }
        return value.isNone || value.asString == "builtin"
    }

    /// The str entries of a dict, by key.
    static func entries(_ value: Value, argument: String, function: String) throws -> [String: Value] {
        guard let items = value.asDictionary else {
            throw HostError.typeError("\(function)() argument '\(argument)' must be a dict with str keys, not \(value.typeName)")
        }
        return Dictionary(items, uniquingKeysWith: { _, last in last })
    }

    /// A required str field of a dict item.
    static func field(_ entries: [String: Value], _ key: String, argument: String, function: String) throws -> String {
        guard let text = entries[key]?.asString else {
            throw HostError.typeError("\(function)() argument '\(argument)': each item needs a str '\(key)' (has: \(entries.keys.sorted().joined(separator: ", ")))")
        }
        return text
    }

    /// CrowS-Pairs pairs from a list of dicts with `sent_more`, `sent_less`, `stereo_antistereo`
    /// and `bias_type` (the CSV's columns).
    static func crowsPairs(_ value: Value, function: String) throws -> [CrowSPair] {
        guard let items = value.asArray else {
            throw HostError.typeError("\(function)() argument 'pairs_or_path' must be \"builtin\", a CSV path or a list of dicts, not \(value.typeName)")
        }
        return try items.map { item in
            let entries = try entries(item, argument: "pairs_or_path", function: function)
            let directionText = try field(entries, "stereo_antistereo", argument: "pairs_or_path", function: function)
            guard let direction = CrowSPair.Direction(rawValue: directionText) else {
                throw HostError.valueError("\(function)(): stereo_antistereo must be 'stereo' or 'antistereo', not '\(directionText)'")
            }
            return CrowSPair(sentMore: try field(entries, "sent_more", argument: "pairs_or_path", function: function),
                             sentLess: try field(entries, "sent_less", argument: "pairs_or_path", function: function),
                             direction: direction,
                             biasType: try field(entries, "bias_type", argument: "pairs_or_path", function: function))
        }
    }

    /// The bundled WEAT tests by name, in their sentence (SEAT) form.
    static let builtinTests: [(name: String, test: WEATTest)] = [
        ("builtin-career-family", WEATWordSets.weat6),
        ("builtin-math-arts", WEATWordSets.weat7),
        ("builtin-science-arts", WEATWordSets.weat8),
    ]

    /// A SEAT test: a bundled one by name (`"builtin"` is career/family), a jsonl path, or a dict
    /// `{"targ1": {"category", "examples"}, "targ2", "attr1", "attr2"}`.
    static func seatTest(_ value: Value?, function: String) throws -> WEATTest {
        if isBuiltin(value) { return WEATWordSets.sentences(WEATWordSets.weat6) }
        guard let value else { return WEATWordSets.sentences(WEATWordSets.weat6) }
        if let text = value.asString {
            if let known = builtinTests.first(where: { $0.name == text }) { return WEATWordSets.sentences(known.test) }
            if text.hasPrefix("builtin") {
                throw HostError.valueError("\(function)(): unknown bundled test '\(text)'; known: builtin, \(builtinTests.map(\.name).joined(separator: ", "))")
            }
            return try WEATTest(contentsOfFile: text)
        }
        let sets = try entries(value, argument: "test_or_path", function: function)
        func wordSet(_ key: String) throws -> WEATTest.WordSet {
            guard let set = sets[key] else {
                throw HostError.typeError("\(function)() argument 'test_or_path' needs the keys targ1, targ2, attr1, attr2 (missing '\(key)')")
            }
            let fields = try entries(set, argument: "test_or_path", function: function)
            let category = fields["category"]?.asString ?? key
            guard let examples = fields["examples"] else {
                throw HostError.typeError("\(function)() argument 'test_or_path': '\(key)' needs 'examples', a list of str")
            }
            return WEATTest.WordSet(category: category, examples: try ValueBuilding.strings(examples, argument: "test_or_path", function: function))
        }
        return WEATTest(targ1: try wordSet("targ1"), targ2: try wordSet("targ2"), attr1: try wordSet("attr1"), attr2: try wordSet("attr2"))
    }

    /// Word pairs from a list of 2-item lists or tuples (`[("he", "she"), ("man", "woman")]`).
    static func wordPairs(_ value: Value?, function: String) throws -> [WordPair]? {
        guard let value, !value.isNone else { return nil }
        guard let items = value.asArray else {
            throw HostError.typeError("\(function)() argument 'pairs' must be a list of (str, str) pairs, not \(value.typeName)")
        }
        return try items.map { item in
            guard let pair = item.asArray, pair.count == 2, let first = pair[0].asString, let second = pair[1].asString else {
                throw HostError.typeError("\(function)() argument 'pairs' must contain (str, str) pairs, not \(item.repr)")
            }
            return WordPair(first, second)
        }
    }

    /// Sentence pairs from a list of 2-item lists or tuples.
    static func sentencePairs(_ value: Value?, function: String) throws -> [(String, String)]? {
        try wordPairs(value, function: function)?.map { ($0.first, $0.second) }
    }

    /// HONEST templates: bundled, a TSV path, or a list of dicts `{"template", "identity", "category"}`.
    static func honestTemplates(_ value: Value?, function: String) throws -> (templates: [HonestTemplate]?, path: String?) {
        if isBuiltin(value) { return (nil, nil) }
        guard let value else { return (nil, nil) }
        if let path = value.asString { return (nil, path) }
        guard let items = value.asArray else {
            throw HostError.typeError("\(function)() argument 'templates' must be \"builtin\", a TSV path or a list of dicts, not \(value.typeName)")
        }
        return (try items.map { item in
            let fields = try entries(item, argument: "templates", function: function)
            return HonestTemplate(template: try field(fields, "template", argument: "templates", function: function),
                                  identity: try field(fields, "identity", argument: "templates", function: function),
                                  category: try field(fields, "category", argument: "templates", function: function))
        }, nil)
    }

    /// A HurtLex-style lexicon: bundled, a TSV path, a dict word → category, or a list of words
    /// (category `"hurtful"`).
    static func hurtLexicon(_ value: Value?, function: String) throws -> (lexicon: HurtLexLexicon?, path: String?) {
        if isBuiltin(value) { return (nil, nil) }
        guard let value else { return (nil, nil) }
        if let path = value.asString { return (nil, path) }
        if value.asDictionary != nil {
            let fields = try entries(value, argument: "lexicon", function: function)
            var categories: [String: String] = [:]
            for (word, category) in fields {
                guard let text = category.asString else {
                    throw HostError.typeError("\(function)() argument 'lexicon' maps words to str categories, not \(category.typeName)")
                }
                categories[word] = text
            }
            return (HurtLexLexicon(categories: categories), nil)
        }
        let words = try ValueBuilding.strings(value, argument: "lexicon", function: function)
        return (HurtLexLexicon(categories: Dictionary(words.map { ($0, "hurtful") }, uniquingKeysWith: { first, _ in first })), nil)
    }

    /// A generation bias set: bundled (`"builtin"`, `"occupations"`), or a dict
    /// `{"pairs": [[(prompt, group), (prompt, group)], ...], "stereotypes": {group: [words]}}`.
    static func generationSet(_ value: Value?, function: String) throws -> GenerationBias? {
        if isBuiltin(value) || value?.asString == "occupations" { return nil }
        guard let value else { return nil }
        if let text = value.asString {
            throw HostError.valueError("\(function)(): unknown prompt set '\(text)'; known: \"occupations\" (the bundled set), or a dict {\"pairs\": [...], \"stereotypes\": {...}}")
        }
        let fields = try entries(value, argument: "prompts_or_set", function: function)
        guard let pairValues = fields["pairs"]?.asArray, let stereotypeValue = fields["stereotypes"] else {
            throw HostError.typeError("\(function)() argument 'prompts_or_set' must be a dict with 'pairs' (a list of [(prompt, group), ...]) and 'stereotypes' ({group: [words]})")
        }
        let pairs = try pairValues.map { pair -> [GenerationBias.Prompt] in
            guard let prompts = pair.asArray else {
                throw HostError.typeError("\(function)(): each item of 'pairs' must be a list of (prompt, group), not \(pair.typeName)")
            }
            return try prompts.map { prompt in
                guard let parts = prompt.asArray, parts.count == 2, let text = parts[0].asString, let group = parts[1].asString else {
                    throw HostError.typeError("\(function)(): each prompt must be a (prompt, group) pair of str, not \(prompt.repr)")
                }
                return GenerationBias.Prompt(text: text, group: group)
            }
        }
        var stereotypes: [String: [String]] = [:]
        for (group, words) in try entries(stereotypeValue, argument: "prompts_or_set", function: function) {
            stereotypes[group] = try ValueBuilding.strings(words, argument: "stereotypes", function: function).map { $0.lowercased() }
        }
        return try GenerationBias(pairs: pairs, stereotypes: stereotypes)
    }

    /// Sampling settings from `max_new_tokens`, `do_sample`, `temperature`, `top_k`, `top_p`;
    /// greedy unless `do_sample` is true (or `sampleByDefault`).
    static func sampling(_ arguments: Arguments, maxNewTokens: Int, sampleByDefault: Bool) throws -> Sampling {
        let tokens = try arguments.int("max_new_tokens", default: maxNewTokens)
        guard tokens >= 0 else { throw HostError.valueError("\(arguments.functionName)() max_new_tokens must not be negative") }
        guard try arguments.bool("do_sample", default: sampleByDefault) else { return .greedy(maxNewTokens: tokens) }
        return Sampling(maxNewTokens: tokens, temperature: try arguments.double("temperature", default: 1.0),
                        topK: try arguments.int("top_k", default: 50), topP: try arguments.double("top_p", default: 1.0))
    }

    /// `averaged_tokens`: how many first tokens counterfactual decoding averages (None: every one).
    static func averagedTokens(_ arguments: Arguments) throws -> Int? {
        guard let value = arguments.value(nil, "averaged_tokens"), !value.isNone else { return nil }
        let count = try arguments.int("averaged_tokens", default: 0)
        guard count >= 0 else {
            throw HostError.valueError("\(arguments.functionName)() averaged_tokens must not be negative, not \(count); give None to average every token")
        }
        return count
    }

    /// A positive int argument.
    static func positive(_ arguments: Arguments, _ name: String, at index: Int? = nil, default fallback: Int) throws -> Int {
        let value = try arguments.int(name, at: index, default: fallback)
        guard value >= 1 else { throw HostError.valueError("\(arguments.functionName)() \(name) must be at least 1, not \(value)") }
        return value
    }
}
