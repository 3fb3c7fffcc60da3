import Foundation
import LabScript

/// evaluate's measurements that need no model: `word_count`, `word_length`, `text_duplicates`,
/// `label_distribution`, with evaluate's `compute` arguments and result keys. They run offline.
final class TextMeasurement: HostObject {
    /// Which measurement.
    enum Kind: String, CaseIterable {
        case wordCount = "word_count"
        case wordLength = "word_length"
        case textDuplicates = "text_duplicates"
        case labelDistribution = "label_distribution"

        var spec: ArgumentSpec {
            switch self {
            case .wordCount: return ArgumentSpec(used: ["data", "max_vocab"], ignored: [], positional: 0)
            case .wordLength: return ArgumentSpec(used: ["data"], ignored: [], positional: 0)
            case .textDuplicates: return ArgumentSpec(used: ["data", "list_duplicates"], ignored: [], positional: 0)
            case .labelDistribution: return ArgumentSpec(used: ["data"], ignored: [], positional: 0)
            }
        }

        var summary: String {
            switch self {
            case .wordCount:
                return "compute(data=[str], max_vocab=None) -> {'total_word_count', 'unique_words'} (words of 2+ letters or digits, lowercased, as scikit-learn's CountVectorizer counts them)"
            case .wordLength:
                return "compute(data=[str]) -> {'average_word_length'}: the mean number of words per text (NLTK's word_tokenize rules: punctuation and n't/'s split off)"
            case .textDuplicates:
                return "compute(data=[str], list_duplicates=False) -> {'duplicate_fraction'[, 'duplicates_dict']}"
            case .labelDistribution:
                return "compute(data=[label]) -> {'label_distribution': {'labels', 'fractions'}, 'label_skew'} (skew: scipy.stats.skew)"
            }
        }
    }

    let kind: Kind

    init(kind: Kind) {
        self.kind = kind
    }

    var typeName: String { "EvaluationModule" }
    var reprText: String { "EvaluationModule(name: \"\(kind.rawValue)\", module_type: \"measurement\")" }
    var helpText: String { "\(kind.rawValue) (Hugging Face evaluate's measurement, no model needed)\n  \(kind.summary)" }

    func attribute(_ name: String) throws -> Value? {
        switch name {
        case "name": return .string(kind.rawValue)
        case "module_type": return .string("measurement")
        case "compute":
            return .builtin(BuiltinFunction(name: "compute", doc: helpText) { [self] arguments in
                try kind.spec.validate(arguments)
                return try compute(arguments)
            })
        default: return nil
        }
    }

    private func compute(_ arguments: Arguments) throws -> Value {
        let data = try arguments.required(nil, "data")
        if kind == .labelDistribution { return try Self.labelDistribution(data) }
        let texts = try ValueBuilding.strings(data, argument: "data", function: "compute")
        guard !texts.isEmpty else { throw HostError.valueError("compute(): data is empty; give at least one text") }
        switch kind {
        case .wordCount:
            let limit = try arguments.value(nil, "max_vocab").flatMap { $0.isNone ? nil : try arguments.int("max_vocab", default: 0) }
            if let limit, limit < 1 { throw HostError.valueError("compute(): max_vocab must be a positive int or None") }
            let (total, unique) = TextStatistics.wordCount(texts, maximumVocabulary: limit)
            return .dict([("total_word_count", .int(total)), ("unique_words", .int(unique))])
        case .wordLength:
            let counts = texts.map { TextStatistics.words($0).count }
            let total = counts.reduce(0, +)
            // Python's statistics.mean keeps an int when the mean of ints is whole.
            let mean: Value = total % counts.count == 0 ? .int(total / counts.count) : .float(Double(total) / Double(counts.count))
            return .dict([("average_word_length", mean)])
        case .textDuplicates:
            let list = try arguments.bool("list_duplicates", default: false)
            var counts: [(text: String, count: Int)] = []
            var index: [String: Int] = [:]
            for text in texts {
                if let at = index[text] { counts[at].count += 1 } else { index[text] = counts.count; counts.append((text, 1)) }
            }
            var result: [(String, Value)] = [("duplicate_fraction", .float(1 - Double(counts.count) / Double(texts.count)))]
            if list {
                result.append(("duplicates_dict", .dict(counts.filter { $0.count > 1 }.map { ($0.text, .int($0.count)) })))
            }
            return .dict(result)
        case .labelDistribution:
            return try Self.labelDistribution(data)
        }
    }

    /// `{'label_distribution': {'labels', 'fractions'}, 'label_skew'}` of a list of int or str labels.
    private static func labelDistribution(_ data: Value) throws -> Value {
        guard let items = data.asArray, !items.isEmpty else {
            throw HostError.valueError("compute(): data must be a non-empty list of labels (int or str)")
        }
        var labels: [Value] = []
        var counts: [Int] = []
        var positions: [String: Int] = [:]
        var codes: [Double] = []
        let textual = items[0].asString != nil
        for item in items {
            guard (textual && item.asString != nil) || (!textual && item.asInt != nil && item.asBool == nil) else {
                throw HostError.typeError("compute(): data must hold labels of one kind, all int or all str; found \(item.typeName) among \(items[0].typeName)")
            }
            let key = item.repr
            if let at = positions[key] { counts[at] += 1 } else { positions[key] = labels.count; labels.append(item); counts.append(1) }
            // scipy's skew of str labels runs on their first-seen index, as evaluate maps them.
            codes.append(textual ? Double(positions[key]!) : Double(item.asInt!))
        }
        let fractions = counts.map { Value.float(Double($0) / Double(items.count)) }
        return .dict([("label_distribution", .dict([("labels", .list(labels)), ("fractions", .list(fractions))])),
                      ("label_skew", .float(TextStatistics.skewness(codes)))])
    }
}

/// The counting rules of the model-free measurements, written after the Python libraries evaluate calls.
enum TextStatistics {
    /// Words as scikit-learn's `CountVectorizer` finds them: lowercased runs of 2 or more word
    /// characters (letters, digits, underscore). Returns the total count and the number of
    /// distinct words, over the `maximumVocabulary` most frequent words when given.
    static func wordCount(_ texts: [String], maximumVocabulary: Int?) -> (total: Int, unique: Int) {
        var frequencies: [String: Int] = [:]
        for text in texts {
            var word = ""
            for character in text.lowercased().unicodeScalars {
                if isWordCharacter(character) {
                    word.unicodeScalars.append(character)
                } else {
                    if word.unicodeScalars.count >= 2 { frequencies[word, default: 0] += 1 }
                    word = ""
                }
            }
            if word.unicodeScalars.count >= 2 { frequencies[word, default: 0] += 1 }
        }
        var kept = Array(frequencies.values)
        if let maximumVocabulary, kept.count > maximumVocabulary {
            // Equal frequencies may be cut either way, but the kept total is the same.
            kept = Array(kept.sorted(by: >).prefix(maximumVocabulary))
        }
        return (kept.reduce(0, +), kept.count)
    }

    /// Python's `\w`: a letter, digit, number, mark or underscore.
    static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == "_" { return true }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }

    /// The tokens of `text` by the rules of NLTK's `word_tokenize` that change a count: words split
    /// at spaces; leading and trailing punctuation, brackets and quotes split off; `n't`, `'s`,
    /// `'re`, `'ve`, `'ll`, `'d`, `'m` split from their word; a sentence's final period split off.
    static func words(_ text: String) -> [String] {
        let splitOff: Set<Character> = [",", ";", ":", "!", "?", "(", ")", "[", "]", "{", "}", "<", ">", "\"", "@", "#", "$", "%", "&", "`"]
        let suffixes = ["n't", "'s", "'re", "'ve", "'ll", "'d", "'m"]
        var tokens: [String] = []
        let pieces = text.split(whereSeparator: \.isWhitespace).map(String.init)
        for (index, piece) in pieces.enumerated() {
            var word = Substring(piece)
            var leading: [String] = [], trailing: [String] = []
            while let first = word.first, splitOff.contains(first) || first == "'" && word.count > 1 && !suffixes.contains(where: { word.lowercased().hasPrefix($0) }) {
                leading.append(String(first)); word = word.dropFirst()
            }
            while let last = word.last, splitOff.contains(last) || last == "'" {
                trailing.insert(String(last), at: 0); word = word.dropLast()
            }
            // A period ends a sentence at the end of the text or before a capitalised word.
            let nextStartsSentence = index + 1 == pieces.count || pieces[index + 1].first.map { $0.isUppercase } == true
            if word.count > 1, word.last == ".", nextStartsSentence, !word.dropLast().contains(".") {
                trailing.insert(".", at: 0); word = word.dropLast()
            }
            var contraction: String?
            for suffix in suffixes where word.count > suffix.count && word.lowercased().hasSuffix(suffix) {
                contraction = String(word.suffix(suffix.count)); word = word.dropLast(suffix.count)
                break
            }
            tokens += leading
            if !word.isEmpty { tokens.append(String(word)) }
            if let contraction { tokens.append(contraction) }
            tokens += trailing
        }
        return tokens
    }

    /// scipy.stats.skew (biased): m3 / m2^1.5 with central moments; NaN when every value is equal.
    static func skewness(_ values: [Double]) -> Double {
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        let deviations = values.map { $0 - mean }
        let m2 = deviations.reduce(0) { $0 + $1 * $1 } / n
        let m3 = deviations.reduce(0) { $0 + $1 * $1 * $1 } / n
        guard m2 > (Double.ulpOfOne * mean) * (Double.ulpOfOne * mean), m2 > 0 else { return .nan }
        return m3 / pow(m2, 1.5)
    }
}
