import Foundation

/// The key of a numeric question: a value and how far an answer may be from it,
/// written `Answer: = 0.35 ± 0.02` (or `+-`, `+/-`) in Solutions/.
public struct NumericAnswer: Sendable, Hashable, Codable {
    /// The correct value.
    public let value: Double
    /// The largest accepted distance from `value`; 0 asks for the exact value.
    public let tolerance: Double

    /// A key of `value` ± `tolerance`.
    public init(value: Double, tolerance: Double) {
        self.value = value
        self.tolerance = tolerance
    }

    /// Whether `answer` is within the tolerance. A hair of slack (1e-9 of the scale) so that an
    /// answer on the boundary, such as 0.33 for 0.35 ± 0.02, is not refused by binary rounding.
    public func accepts(_ answer: Double) -> Bool {
        guard answer.isFinite else { return false }
        let slack = 1e-9 * max(1, abs(value), abs(tolerance))
        return abs(answer - value) <= tolerance + slack
    }

    /// Reads the text after `Answer:` when it starts with `=`: `= 0.35 ± 0.02`.
    /// - Returns: the key, or a sentence saying what is wrong and how to write it.
    public static func parse(_ text: String) -> Result<NumericAnswer, NumericAnswerError> {
        var body = text.trimmingCharacters(in: .whitespaces)
        guard body.hasPrefix("=") else { return .failure(NumericAnswerError("a numeric key starts with `=`: `Answer: = 0.35 ± 0.02`")) }
        body.removeFirst()
        var separator: Range<String.Index>?
        for mark in ["±", "+/-", "+-"] {
            if let range = body.range(of: mark) { separator = range; break }
        }
        guard let separator else {
            let value = body.trimmingCharacters(in: .whitespaces)
            return .failure(NumericAnswerError(
                "the numeric key `= \(value)` has no tolerance; write `Answer: = \(value) ± 0.01` with the error you accept (`± 0` for an exact value)"))
        }
        let valueText = body[..<separator.lowerBound].trimmingCharacters(in: .whitespaces)
        let toleranceText = body[separator.upperBound...].trimmingCharacters(in: .whitespaces)
        guard let value = Double(valueText), value.isFinite else {
            return .failure(NumericAnswerError("`\(valueText)` is not a number; write the value with a decimal point, like `= 0.35 ± 0.02`"))
        }
        guard let tolerance = Double(toleranceText), tolerance.isFinite, tolerance >= 0 else {
            return .failure(NumericAnswerError("the tolerance `\(toleranceText)` must be a number 0 or more, like `= 0.35 ± 0.02`"))
        }
        return .success(NumericAnswer(value: value, tolerance: tolerance))
    }

    /// Reads a student's number: `0.36`, ` 36e-2 `, or with a decimal comma `0,36`; nil otherwise.
    public static func number(in answer: String) -> Double? {
        let text = answer.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ".")
        guard let value = Double(text), value.isFinite else { return nil }
        return value
    }
}

/// Why a numeric key could not be read.
public struct NumericAnswerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong and how to write it.
    public let description: String

    /// An error saying `description`.
    public init(_ description: String) { self.description = description }
}

/// How short answers are compared: case-insensitive, with runs of white space as one space and
/// none at either end, so `  Bias   Amplification ` matches `bias amplification`.
public enum ShortAnswerMatch {
    /// The normalised form of `text`.
    public static func normalise(_ text: String) -> String {
        text.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// Whether `answer` matches one of `forms` (normalised) or `patterns` (regular expressions that
    /// must match the whole normalised answer, case-insensitively). Patterns that do not compile
    /// match nothing; `labrun check` reports them.
    public static func accepts(_ answer: String, forms: [String], patterns: [String]) -> Bool {
        let normalised = normalise(answer)
        guard !normalised.isEmpty else { return false }
        if forms.contains(where: { normalise($0) == normalised }) { return true }
        for pattern in patterns {
            guard let expression = try? NSRegularExpression(pattern: "^(?:\(pattern))$", options: [.caseInsensitive]) else { continue }
            let range = NSRange(normalised.startIndex..., in: normalised)
            if expression.firstMatch(in: normalised, range: range) != nil { return true }
        }
        return false
    }

    /// Why `pattern` is not a regular expression, or nil when it is one.
    public static func problem(in pattern: String) -> String? {
        do {
            _ = try NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
            return nil
        } catch {
            return "`\(pattern)` is not a valid regular expression"
        }
    }
}
