import Foundation

/// A question heading: `Q<n>`, an optional title, and optional settings in parentheses:
/// `## Q2: Where does the bias come from? (hard, multiple, weight 2)`.
///
/// Settings: a difficulty (`easy`, `medium`, `hard`), `multiple` (several options may be
/// chosen; `single` is the default), `weight N` (or `N points`) for the points, and `partial` or
/// `all-or-nothing` to score this question differently from the quiz's `scoring:`, and the answer
/// format: `true/false`, `numeric`, `short answer` or `ordering` (choice when none is given).
struct QuizHeading: Equatable {
    var number: Int
    var title = ""
    var difficulty: Question.Difficulty?
    var allowsMultipleAnswers = false
    var weight = 1.0
    /// The question's own scoring policy; nil means the quiz's.
    var scoring: Quiz.Scoring?
    /// The answer format (`true/false`, `numeric`, `short answer`, `ordering`); choice by default.
    var format = Question.Format.choice
    /// Settings that were not understood.
    var problems: [String] = []

    /// Reads a heading's text; nil when it does not start with `Q<number>`.
    init?(text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.first == "Q" || trimmed.first == "q" else { return nil }
        let digits = trimmed.dropFirst().prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 6, let number = Int(digits) else { return nil }
        var rest = trimmed.dropFirst(1 + digits.count)
        if let next = rest.first, next.isLetter || next.isNumber { return nil }
        self.number = number
        rest = rest.drop { $0 == " " }
        if rest.hasSuffix(")"), let open = rest.lastIndex(of: "(") {
            let settings = rest[rest.index(after: open)..<rest.index(before: rest.endIndex)]
            rest = rest[..<open]
            for setting in settings.split(separator: ",") {
                apply(setting.trimmingCharacters(in: .whitespaces).lowercased())
            }
        }
        title = String(rest.drop { [":", ".", " ", "-", "–", "—"].contains($0) }).trimmingCharacters(in: .whitespaces)
    }

    private mutating func apply(_ setting: String) {
        if let difficulty = Question.Difficulty(rawValue: setting) {
            self.difficulty = difficulty
            return
        }
        switch setting {
        case "multiple", "multiple answers", "several": allowsMultipleAnswers = true; return
        case "single", "single answer", "one": allowsMultipleAnswers = false; return
        case "partial", "partial credit": scoring = .partial; return
        case "all-or-nothing", "all or nothing": scoring = .allOrNothing; return
        case "true/false", "true-false", "true or false": format = .trueFalse; return
        case "numeric", "number": format = .numeric; return
        case "short answer", "short-answer": format = .shortAnswer; return
        case "ordering", "order": format = .ordering; return
        default: break
        }
        let words = setting.split(separator: " ")
        if words.count == 2 {
            let number: Double?
            if words[0] == "weight" { number = Double(words[1]) } else if ["points", "point", "pts"].contains(words[1]) {
                number = Double(words[0])
            } else { number = nil }
            if let number, number.isFinite, number > 0 {
                weight = number
                return
            }
        }
        problems.append(
            "unknown question setting `\(setting)` in Q\(number); use easy/medium/hard, multiple, weight N, partial, all-or-nothing, true/false, numeric, short answer or ordering")
    }
}
