import Foundation
import LabKit
@testable import LabRun

/// A small quiz and key written for the quiz-engine tests, and the course's practice quiz.
enum QuizFixtures {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func quizText(mode: String = "practice", shuffle: Bool = false, attempts: Int? = nil) -> String {
        """
        ---
        id: tiny
        title: Tiny quiz
        pass: 50%
        mode: \(mode)
        shuffle: \(shuffle)
        \(attempts.map { "attempts: \($0)" } ?? "")
        ---

        ## Q1 (easy)

        Where do language models learn their associations?

        - [ ] A. From the tokenizer
        - [ ] B. From their training text
        - [ ] C. From the GPU

        ## Q2: Pick two (hard, multiple, weight 2)

        Which change the data?

        - [ ] A. Counterfactual augmentation
        - [ ] B. A higher temperature
        - [ ] C. Re-weighting examples
        """
    }

    static func keyText(q2Reveal: String = "after-attempt") -> String {
        """
        ---
        quiz: tiny
        ---

        ## Q1

        Answer: B

        Explanation: Associations come from co-occurrence in the training text.

        > Hint: What did the model read?

        > Hint: Think of Wikipedia.

        - A: The tokenizer only splits words.
        - C: The GPU only does arithmetic.

        ## Q2

        Answers: A, C
        Reveal: \(q2Reveal)

        Both change what the model learns from.

        - B: Temperature changes sampling, not data.
        """
    }

    static func tiny(mode: String = "practice", shuffle: Bool = false, q2Reveal: String = "after-attempt") throws -> KeyedQuiz {
        try KeyedQuiz(quiz: Quiz(parsing: quizText(mode: mode, shuffle: shuffle), file: "Quizzes/tiny.md"),
                      key: AnswerKey(parsing: keyText(q2Reveal: q2Reveal), file: "Solutions/tiny.md"))
    }

    /// Writes the tiny quiz and key into a fresh course folder.
    static func course(mode: String = "practice", shuffle: Bool = false, attempts: Int? = nil) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("labrun-quiz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("Quizzes"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("Solutions"), withIntermediateDirectories: true)
        try quizText(mode: mode, shuffle: shuffle, attempts: attempts)
            .write(to: folder.appendingPathComponent("Quizzes/tiny.md"), atomically: true, encoding: .utf8)
        try keyText().write(to: folder.appendingPathComponent("Solutions/tiny.md"), atomically: true, encoding: .utf8)
        return folder
    }
}
