import Bias
@testable import LabRun

/// Small quizzes and random ones for the grading tests.
enum GradingFixtures {
    /// Q1 single (key B), Q2 multiple (key A, C), Q3 single (key D) worth 2 points.
    static func threeQuestions(
        policy: ScoringPolicy = .allOrNothing, pass: Double = 0.5, attempts: Int? = nil,
        shuffle: Bool = false
    ) throws -> GradableQuiz {
        try GradableQuiz(
            id: "sample",
            questions: [
                GradableQuestion(id: "Q1", options: ["A", "B", "C", "D"], correct: ["B"], kind: .single),
                GradableQuestion(id: "Q2", options: ["A", "B", "C", "D"], correct: ["A", "C"], kind: .multiple),
                GradableQuestion(id: "Q3", options: ["A", "B", "C", "D", "E"], correct: ["D"], kind: .single, weight: 2),
            ],
            policy: policy, passThreshold: pass, attemptsLimit: attempts,
            shuffleQuestions: shuffle, shuffleOptions: shuffle)
    }

    /// A random valid quiz: 1–12 questions of 2–8 options, random kinds, keys, policies and weights.
    static func randomQuiz(using generator: inout SplitMix64, id: String = "random") throws -> GradableQuiz {
        let questionCount = 1 + generator.next(below: 12)
        var questions: [GradableQuestion] = []
        for number in 1...questionCount {
            let optionCount = 2 + generator.next(below: 7)
            let options = (0..<optionCount).map(QuizShuffle.shownLetter(at:))
            let multiple = generator.next(below: 2) == 1
            var correct: Set<String> = [options[generator.next(below: optionCount)]]
            if multiple {
                for letter in options where generator.next(below: 3) == 0 { correct.insert(letter) }
            }
            let policies: [ScoringPolicy?] = [nil, .allOrNothing, .partialCredit]
            questions.append(try GradableQuestion(
                id: "Q\(number)", options: options, correct: correct, kind: multiple ? .multiple : .single,
                policy: policies[generator.next(below: 3)], weight: Double(1 + generator.next(below: 4)) / 2))
        }
        return try GradableQuiz(
            id: id, questions: questions, policy: generator.next(below: 2) == 0 ? .allOrNothing : .partialCredit,
            passThreshold: Double(generator.next(below: 11)) / 10,
            shuffleQuestions: generator.next(below: 4) != 0, shuffleOptions: generator.next(below: 4) != 0)
    }

    /// A random sheet for `quiz`: each question blank, or any subset of its options.
    static func randomSheet(for quiz: GradableQuiz, using generator: inout SplitMix64) -> AnswerSheet {
        var sheet = AnswerSheet()
        for question in quiz.questions where generator.next(below: 5) != 0 {
            sheet[question.id] = Set(question.options.filter { _ in generator.next(below: 2) == 0 })
        }
        return sheet
    }
}
