/// Answers typed on the command line: `"1=C,2=A,3=BD"` (also `Q1=C; Q2=A`, `3=B+D`).
///
/// Pairs are separated by commas or semicolons; several letters for one question are written
/// together (`BD`) or joined with `+` or spaces. Question numbers are canonical (as in the quiz
/// file) unless the caller reads them as shown.
public enum AnswerList {
    /// Question id (`Q3`) → letters; for the questions in `typed` (numbers, words, orders) the
    /// text as typed (`2=0.36`, `3=bias amplification`, `4=CAB`).
    /// - Throws: `AnswerListError` naming the pair that is not `number=letters`.
    public static func parse(_ text: String, typed: Set<String> = []) throws(AnswerListError) -> [String: Set<String>] {
        var answers: [String: Set<String>] = [:]
        for piece in text.split(whereSeparator: { $0 == "," || $0 == ";" }) {
            let pair = piece.trimmingCharacters(in: .whitespaces)
            if pair.isEmpty { continue }
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, let id = AnswerSheet.questionID(from: String(parts[0])) else {
                throw AnswerListError(
                    "'\(pair)' is not `number=letters`; write e.g. --answers \"1=C,2=A,3=BD\" "
                        + "(several letters for one question go together: 3=BD)")
            }
            guard answers[id] == nil else {
                throw AnswerListError("\(id) is answered twice; give each question once")
            }
            if typed.contains(id) {
                let answer = parts[1].trimmingCharacters(in: .whitespaces)
                answers[id] = answer.isEmpty ? [] : [answer]
                continue
            }
            do {
                answers[id] = try AnswerSheet.letters(in: String(parts[1]))
            } catch {
                throw AnswerListError("\(id): \(error)")
            }
        }
        return answers
    }
}
