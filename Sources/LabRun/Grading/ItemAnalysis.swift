/// Classical item analysis over a class's graded attempts.
///
/// Students are ranked by total points (ties broken by student id, so the result is
/// reproducible); the top and bottom groups are the first and last `round(0.27 × n)` students
/// (at least 1, for n ≥ 2). A question's discrimination is the share of the top group that got it
/// exactly right minus the share of the bottom group that did. Flags: nobody right, everybody
/// right, and "key looks wrong" when some distractor was chosen by more of the top group than the
/// least-chosen keyed option was (for a single-answer question: more than the key).
public enum ItemAnalysis {
    /// The share of the class in each of the top and bottom groups.
    public static let groupShare = 0.27

    /// The size of each extreme group for a class of `students`.
    public static func groupSize(students: Int) -> Int {
        students < 2 ? 0 : max(1, Int((groupShare * Double(students)).rounded()))
    }

    /// Analyses `attempts` (student id and score, one per student) of `quiz`, one entry per question
    /// in canonical order.
    public static func analyse(quiz: GradableQuiz, attempts: [(student: String, score: QuizScore)]) -> [ItemStatistics] {
        let count = attempts.count
        let ranked = attempts.indices.sorted { left, right in
            let a = attempts[left], b = attempts[right]
            return a.score.points != b.score.points ? a.score.points > b.score.points : a.student < b.student
        }
        let size = groupSize(students: count)
        var group = [Int8](repeating: 0, count: count)  // 1 top, -1 bottom
        for position in 0..<size {
            group[ranked[position]] = 1
            group[ranked[count - 1 - position]] = -1
        }

        return quiz.questions.enumerated().map { questionIndex, question in
            var letterIndex: [String: Int] = [:]
            for (index, letter) in question.options.enumerated() { letterIndex[letter] = index }
            var chosen = [Int](repeating: 0, count: question.options.count)
            var chosenTop = chosen
            var chosenBottom = chosen
            var correct = 0, correctTop = 0, correctBottom = 0, blank = 0
            var credit = 0.0
            for (attemptIndex, attempt) in attempts.enumerated() {
                guard attempt.score.questions.indices.contains(questionIndex) else { continue }
                let result = attempt.score.questions[questionIndex]
                let side = group[attemptIndex]
                credit += result.points / result.weight
                if result.isCorrect {
                    correct += 1
                    if side == 1 { correctTop += 1 } else if side == -1 { correctBottom += 1 }
                }
                if result.chosen.isEmpty { blank += 1 }
                for letter in result.chosen {
                    guard let index = letterIndex[letter] else { continue }
                    chosen[index] += 1
                    if side == 1 { chosenTop[index] += 1 } else if side == -1 { chosenBottom[index] += 1 }
                }
            }
            let options = question.options.enumerated().map { index, letter in
                ItemStatistics.OptionCount(
                    letter: letter, isKey: question.correct.contains(letter), chosen: chosen[index],
                    chosenByTopGroup: chosenTop[index], chosenByBottomGroup: chosenBottom[index])
            }
            let discrimination = size > 0
                ? Double(correctTop) / Double(size) - Double(correctBottom) / Double(size)
                : nil
            var flags: [ItemStatistics.Flag] = []
            if count > 0 && correct == 0 { flags.append(.nobodyCorrect) }
            if count > 0 && correct == count { flags.append(.everybodyCorrect) }
            if size > 0 {
                let leastChosenKey = options.filter(\.isKey).map(\.chosenByTopGroup).min() ?? 0
                if options.contains(where: { !$0.isKey && $0.chosenByTopGroup > leastChosenKey }) {
                    flags.append(.keyLooksWrong)
                }
            }
            return ItemStatistics(
                questionID: question.id, students: count, correct: correct, blank: blank, options: options,
                meanCredit: count > 0 ? credit / Double(count) : 0, discrimination: discrimination,
                groupSize: size, flags: flags)
        }
    }
}
