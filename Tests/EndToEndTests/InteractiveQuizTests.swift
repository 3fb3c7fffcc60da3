import Foundation
import Testing

/// `labrun quiz` at a real pseudo-terminal, typed into as a student would.
@Suite struct InteractiveQuizTests {
    /// A course with a two-question quiz (no shuffle, so the letters are fixed) and a fresh home.
    func course() throws -> URL {
        let folder = try LabrunBinary.temporaryFolder()
        for sub in ["Quizzes", "Solutions", "home"] {
            try FileManager.default.createDirectory(at: folder.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        try """
            ---
            title: Warm-up
            pass: 50%
            attempts: 2
            ---

            ## Q1 (easy)

            Where do language models learn their associations?

            - [ ] A. From the tokenizer
            - [ ] B. From their training text

            ## Q2 (medium, multiple)

            Which of these change the training data?

            - [ ] A. Counterfactual augmentation
            - [ ] B. A higher temperature
            - [ ] C. Re-weighting examples
            """.write(to: folder.appendingPathComponent("Quizzes/warm-up.md"), atomically: true, encoding: .utf8)
        try """
            ## Q1

            Answer: B

            Explanation: The model copies what its training text does.

            > Hint: What did the model read?

            - A: The tokenizer only splits words.

            ## Q2

            Answers: A, C

            Both change what the model learns from.

            - B: Temperature changes sampling, not data.
            """.write(to: folder.appendingPathComponent("Solutions/warm-up.md"), atomically: true, encoding: .utf8)
        return folder
    }

    /// `labrun quiz warm-up` for student ada on a terminal, with the course's own home.
    func quiz(_ folder: URL) throws -> PseudoTerminal {
        try PseudoTerminal(labrun: ["quiz", "warm-up", "--student", "ada", "--course", folder.path],
                           environment: ["LABRUN_HOME": folder.appendingPathComponent("home").path])
    }

    @Test func aStudentAnswersWithHintsAndFeedbackAndTheAttemptIsRecorded() throws {
        let folder = try course()
        defer { try? FileManager.default.removeItem(at: folder) }
        let session = try quiz(folder)
        defer { session.close() }
        try session.waitFor("Your answer (A–B, ? for a hint): ")
        try session.type("?\r")
        try session.waitFor("Hint 1 of 1: What did the model read?")
        try session.type("A\r")
        try session.waitFor("A: The tokenizer only splits words.")
        try session.waitFor("Answer: B. The model copies what its training text does.")
        try session.waitFor("Choose all that apply (letters A–C, ? for a hint): ")
        try session.type("c a\r")
        #expect(try session.waitForExit() == 0)
        let screen = session.screen
        #expect(screen.contains("✔ Correct. (1 of 1 point)"))
        #expect(screen.contains("Score: 1 of 2 points (50%) [██████████░░░░░░░░░░] passed (pass mark 50%)"))
        #expect(screen.contains("Attempt 1 of 2 recorded for ada."))

        // The recorded attempt shows up for the instructor.
        let graded = try LabrunBinary.run(["grade", "warm-up", "--from-store", "--format", "csv", "--course", folder.path],
                                          environment: ["LABRUN_HOME": folder.appendingPathComponent("home").path])
        #expect(graded.stdout == "student,points,maximum,percent,passed,Q1,Q2\nada,1,2,50,yes,0,1\n")
    }

    @Test func controlCMidQuizSavesNothingAndSaysSo() throws {
        let folder = try course()
        defer { try? FileManager.default.removeItem(at: folder) }
        let session = try quiz(folder)
        defer { session.close() }
        try session.waitFor("Your answer (A–B, ? for a hint): ")
        try session.type("B\r")
        try session.waitFor("Choose all that apply")
        try session.type("\u{3}")
        #expect(try session.waitForExit() == 130)
        let screen = session.screen
        #expect(screen.contains("Quiz abandoned (Ctrl-C): nothing was saved."))
        let graded = try LabrunBinary.run(["grade", "warm-up", "--from-store", "--course", folder.path],
                                          environment: ["LABRUN_HOME": folder.appendingPathComponent("home").path])
        #expect(graded.stdout.hasPrefix("warm-up: 0 students graded"))
    }

    @Test func endOfInputMidQuizSavesNothingAndSaysSo() throws {
        let folder = try course()
        defer { try? FileManager.default.removeItem(at: folder) }
        let session = try quiz(folder)
        defer { session.close() }
        try session.waitFor("Your answer (A–B, ? for a hint): ")
        try session.type("\u{4}")
        #expect(try session.waitForExit() == 1)
        let screen = session.screen
        #expect(screen.contains("Quiz abandoned (end of input): nothing was saved."))
    }

    @Test func theAttemptsLimitStopsAThirdAttempt() throws {
        let folder = try course()
        defer { try? FileManager.default.removeItem(at: folder) }
        let env = ["LABRUN_HOME": folder.appendingPathComponent("home").path]
        for _ in 0..<2 {
            let run = try LabrunBinary.run(["quiz", "warm-up", "--student", "ada", "--answers", "1=B", "--course", folder.path], environment: env)
            #expect(run.status == 0, "\(run.stderr)")
        }
        let session = try quiz(folder)
        defer { session.close() }
        #expect(try session.waitForExit() == 1)
        let screen = session.screen
        #expect(screen.contains("labrun: error: quiz 'warm-up' allows 2 attempts and all have been used"))
    }
}
