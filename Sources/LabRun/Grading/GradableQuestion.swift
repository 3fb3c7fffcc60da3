import LabKit

/// One question as the grader sees it: option letters, the key, how it is scored.
///
/// Options are identified by their canonical letters (`A`, `B`, … in the order the quiz file lists
/// them). The stem and option texts are not needed to grade and live in LabKit's `Quiz`.
public struct GradableQuestion: Sendable, Hashable {
    /// Whether the student picks one option or any number of them.
    public enum Kind: String, Sendable, Hashable, Codable {
        case single
        case multiple
    }

    /// What the student gives: options to choose, or a typed answer checked against a key.
    public enum Response: Sendable, Hashable {
        /// Options chosen from `options`, scored against `correct` (also true/false: A. True, B. False).
        case choice
        /// A number within the key's tolerance.
        case numeric(NumericAnswer)
        /// Words matching an accepted form (case and spacing ignored) or a pattern.
        case text(forms: [String], patterns: [String])
        /// The option letters in the key's order.
        case ordering([String])

        /// Whether the answer is typed (kept as one string in an `AnswerSheet`) rather than chosen letters.
        public var isTyped: Bool { self != .choice }
    }

    /// The question's id, `Q1`, `Q2`, … (canonical numbering, as in the quiz file).
    public let id: String
    /// Canonical option letters in file order, e.g. `["A", "B", "C", "D"]`.
    public let options: [String]
    /// The correct letters (the key); never empty, a subset of `options`.
    public let correct: Set<String>
    /// Single- or multiple-answer.
    public let kind: Kind
    /// This question's scoring policy; `nil` uses the quiz's.
    public let policy: ScoringPolicy?
    /// The points the question is worth when fully right; positive.
    public let weight: Double
    /// Choice, or the key of a typed answer.
    public let response: Response

    /// A checked question.
    /// - Throws: `GradingError` when options are empty or repeated, the key is empty, names a letter
    ///   that is not an option, a single-answer question has more than one correct option, or the
    ///   weight is not a positive number.
    public init(
        id: String, options: [String], correct: Set<String>, kind: Kind,
        policy: ScoringPolicy? = nil, weight: Double = 1
    ) throws(GradingError) {
        guard !options.isEmpty else {
            throw GradingError.invalidQuestion(id, "has no options", fix: "list its options as `- [ ] A. …`")
        }
        guard Set(options).count == options.count else {
            throw GradingError.invalidQuestion(id, "repeats an option letter", fix: "give every option its own letter")
        }
        guard !correct.isEmpty else {
            throw GradingError.invalidQuestion(id, "has an empty key", fix: "name the correct option(s) in Solutions/")
        }
        let unknown = correct.subtracting(options)
        guard unknown.isEmpty else {
            throw GradingError.invalidQuestion(
                id, "its key names \(unknown.sorted().joined(separator: ", ")), which is not an option",
                fix: "use one of \(options.joined(separator: ", "))")
        }
        guard kind == .multiple || correct.count == 1 else {
            throw GradingError.invalidQuestion(
                id, "is single-answer but its key has \(correct.count) correct options",
                fix: "mark it as multiple-answer or keep one correct option")
        }
        guard weight.isFinite, weight > 0 else {
            throw GradingError.invalidQuestion(id, "has weight \(weight)", fix: "use a positive weight")
        }
        self.id = id
        self.options = options
        self.correct = correct
        self.kind = kind
        self.policy = policy
        self.weight = weight
        self.response = .choice
    }

    /// A question answered by typing: a number, words, or an order of the option letters `options`
    /// (empty except for ordering). Its answer in an `AnswerSheet` is the one string typed.
    /// - Throws: `GradingError` for an empty set of accepted answers, an order that does not name
    ///   every option once, or a weight that is not a positive number.
    public init(id: String, typed response: Response, options: [String] = [], policy: ScoringPolicy? = nil,
                weight: Double = 1) throws(GradingError) {
        switch response {
        case .choice:
            throw GradingError.invalidQuestion(id, "is a choice question", fix: "use init(id:options:correct:kind:)")
        case .numeric:
            break
        case let .text(forms, patterns):
            guard !forms.isEmpty || !patterns.isEmpty else {
                throw GradingError.invalidQuestion(id, "accepts no answer", fix: "add `Accept: …` lines to its key")
            }
        case let .ordering(order):
            guard order.count >= 2, order.sorted() == options.sorted(), Set(options).count == options.count else {
                throw GradingError.invalidQuestion(
                    id, "has the order \(order.joined(separator: ", ")) for items \(options.joined(separator: ", "))",
                    fix: "write `Order:` naming each item's letter once")
            }
        }
        guard weight.isFinite, weight > 0 else {
            throw GradingError.invalidQuestion(id, "has weight \(weight)", fix: "use a positive weight")
        }
        self.id = id
        self.options = options
        if case let .ordering(order) = response { correct = Set(order) } else { correct = [] }
        self.kind = .single
        self.policy = policy
        self.weight = weight
        self.response = response
    }

    /// The share of the weight earned, in [0, 1], by `chosen` (letters, or the one typed string)
    /// under `policy`. A typed answer that is not a number, or an order that is not a permutation of
    /// the items, earns nothing. Partial credit for an ordering: the share of items in their place.
    public func credit(_ chosen: Set<String>, policy: ScoringPolicy) -> Double {
        switch response {
        case .choice:
            return policy.credit(chosen: chosen, correct: correct)
        case let .numeric(key):
            guard let typed = chosen.first, let number = NumericAnswer.number(in: typed) else { return 0 }
            return key.accepts(number) ? 1 : 0
        case let .text(forms, patterns):
            guard let typed = chosen.first else { return 0 }
            return ShortAnswerMatch.accepts(typed, forms: forms, patterns: patterns) ? 1 : 0
        case let .ordering(order):
            guard let typed = chosen.first, let given = Self.order(in: typed), given.count == order.count else { return 0 }
            let placed = zip(given, order).filter { $0 == $1 }.count
            if placed == order.count { return 1 }
            return policy == .partialCredit ? Double(placed) / Double(order.count) : 0
        }
    }

    /// The letters of a typed order, `CAB`, `C, A, B` or `c a b`, in order; nil when something
    /// else than letters and separators is typed, or a letter is repeated.
    public static func order(in text: String) -> [String]? {
        var letters: [String] = []
        for character in text {
            if character == " " || character == "," || character == ";" || character == ">" || character == "-" { continue }
            guard character.isASCII, character.isLetter else { return nil }
            let letter = character.uppercased()
            guard !letters.contains(letter) else { return nil }
            letters.append(letter)
        }
        return letters
    }

    /// The options that are not in the key.
    public var distractors: [String] { options.filter { !correct.contains($0) } }
}
