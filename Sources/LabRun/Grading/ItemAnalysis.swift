/// Classical item analysis over a class's graded attempts.
///
/// Students are ranked by total points (ties broken by student id, so the result is
/// reproducible); the top and bottom groups are the first and last `round(0.27 × n)` students
/// (at least 1, for n ≥ 2). A question's discrimination is the share of the top group that got it
/// exactly right minus the share of the bottom group that did. Flags: nobody right, everybody
/// right, "key looks wrong" when some distractor was chosen by more of the top group than the
/// least-chosen keyed option was (for a single-answer question: more than the key), and
/// "positive distractor" when choosing a distractor correlates positively with the rest score.
///
/// The correlations (item-rest, per option) and the discriminative efficiency compare each
/// question with the *rest* score, the total without that question, so that a question is never
/// correlated with itself; they are reported only from `minimumResponses` students on.
public enum ItemAnalysis {
    /// The share of the class in each of the top and bottom groups.
    public static let groupShare = 0.27

    /// The size of each extreme group for a class of `students`.
    public static func groupSize(students: Int) -> Int {
        students < 2 ? 0 : max(1, Int((groupShare * Double(students)).rounded()))
    }

    /// Analyses `attempts` (student id and score, one per student) of `quiz`, one entry per question
    /// in canonical order.
    public static func analyse(quiz: GradableQuiz, attempts: [(student: String, score: QuizScore)],
                               minimumResponses: Int = TestStatistics.defaultMinimumResponses) -> [ItemStatistics] {
        statistics(quiz: quiz, attempts: attempts, minimumResponses: minimumResponses).items
    }

    /// Every statistic of `attempts` of `quiz`: the test as a whole and each question.
    public static func statistics(quiz: GradableQuiz, attempts: [(student: String, score: QuizScore)],
                                  minimumResponses: Int = TestStatistics.defaultMinimumResponses) -> ClassStatistics {
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
        let totals = attempts.map(\.score.points)
        let correlate = count >= max(2, minimumResponses)

        var itemVariances: [Double] = []
        itemVariances.reserveCapacity(quiz.questions.count)
        let items = quiz.questions.enumerated().map { questionIndex, question in
            var letterIndex: [String: Int] = [:]
            for (index, letter) in question.options.enumerated() { letterIndex[letter] = index }
            var chosen = [Int](repeating: 0, count: question.options.count)
            var chosenTop = chosen
            var chosenBottom = chosen
            var correct = 0, correctTop = 0, correctBottom = 0, blank = 0
            var credit = 0.0
            var points = [Double](repeating: 0, count: count)
            // Indicator columns, one per option: 1 where the student chose it.
            var choseOption = [[Double]](repeating: [Double](repeating: 0, count: count), count: question.options.count)
            for (attemptIndex, attempt) in attempts.enumerated() {
                guard attempt.score.questions.indices.contains(questionIndex) else { continue }
                let result = attempt.score.questions[questionIndex]
                let side = group[attemptIndex]
                points[attemptIndex] = result.points
                credit += result.points / result.weight
                if result.isCorrect {
                    correct += 1
                    if side == 1 { correctTop += 1 } else if side == -1 { correctBottom += 1 }
                }
                if result.chosen.isEmpty { blank += 1 }
                for letter in result.chosen {
                    guard let index = letterIndex[letter] else { continue }
                    chosen[index] += 1
                    choseOption[index][attemptIndex] = 1
                    if side == 1 { chosenTop[index] += 1 } else if side == -1 { chosenBottom[index] += 1 }
                }
            }
            itemVariances.append(Psychometrics.populationVariance(points))
            var rest = totals
            for index in rest.indices { rest[index] -= points[index] }
            let options = question.options.enumerated().map { index, letter in
                ItemStatistics.OptionCount(
                    letter: letter, isKey: question.correct.contains(letter), chosen: chosen[index],
                    chosenByTopGroup: chosenTop[index], chosenByBottomGroup: chosenBottom[index],
                    pointBiserial: correlate ? Psychometrics.correlation(choseOption[index], rest) : nil)
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
            if options.contains(where: { !$0.isKey && ($0.pointBiserial ?? 0) > 0 }) {
                flags.append(.positiveDistractor)
            }
            return ItemStatistics(
                questionID: question.id, students: count, correct: correct, blank: blank, options: options,
                meanCredit: count > 0 ? credit / Double(count) : 0, discrimination: discrimination,
                itemRestCorrelation: correlate ? Psychometrics.correlation(points, rest) : nil,
                discriminativeEfficiency: correlate ? Psychometrics.discriminativeEfficiency(item: points, rest: rest) : nil,
                groupSize: size, flags: flags)
        }
        let test = TestStatistics(totals: totals, maximumPoints: quiz.maximumPoints, itemVariances: itemVariances,
                                  method: reliabilityMethod(of: quiz), minimumResponses: minimumResponses)
        return ClassStatistics(test: test, items: items)
    }

    /// KR-20 when every question scores 0 or its full weight (all-or-nothing, or a single-answer
    /// question under any policy but an ordering under partial credit) and all weights are equal; Cronbach's α otherwise.
    public static func reliabilityMethod(of quiz: GradableQuiz) -> TestStatistics.ReliabilityMethod {
        let dichotomous = quiz.questions.allSatisfy { question in
            // An ordering under partial credit earns shares of its weight; every other single-answer
            // question, typed or chosen, earns all or nothing.
            if case .ordering = question.response { return quiz.policy(for: question) == .allOrNothing }
            return question.kind == .single || quiz.policy(for: question) == .allOrNothing
        }
        let equalWeights = quiz.questions.allSatisfy { $0.weight == quiz.questions[0].weight }
        return dichotomous && equalWeights ? .kr20 : .alpha
    }
}

/// The test statistics and the item statistics of one set of attempts (one per student).
public struct ClassStatistics: Sendable, Hashable, Codable {
    /// The quiz as a whole.
    public let test: TestStatistics
    /// One entry per question, canonical order.
    public let items: [ItemStatistics]
}
