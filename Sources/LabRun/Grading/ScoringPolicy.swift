/// How the points of one question are computed from the options a student chose.
///
/// - `allOrNothing`: the full weight when the chosen set is exactly the key, otherwise 0.
/// - `partialCredit`: weight × (right options chosen − wrong options chosen) / number of right
///   options, floored at 0. Choosing every option therefore earns nothing when the key has as
///   many wrong options as right ones.
public enum ScoringPolicy: String, Sendable, Hashable, Codable, CaseIterable {
    case allOrNothing = "all-or-nothing"
    case partialCredit = "partial"

    /// The share of a question's weight earned, in [0, 1], for `chosen` against the key `correct`.
    /// `correct` must not be empty.
    public func credit(chosen: Set<String>, correct: Set<String>) -> Double {
        switch self {
        case .allOrNothing:
            return chosen == correct ? 1 : 0
        case .partialCredit:
            guard !correct.isEmpty else { return 0 }
            var right = 0
            var wrong = 0
            for letter in chosen {
                if correct.contains(letter) { right += 1 } else { wrong += 1 }
            }
            return max(0, Double(right - wrong) / Double(correct.count))
        }
    }
}
