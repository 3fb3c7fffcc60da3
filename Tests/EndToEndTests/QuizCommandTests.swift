import Foundation
import Testing

/// `labrun quiz` run as a script would: answers on the command line, a temporary home and database.
@Suite struct QuizCommandTests {
    /// A temporary LABRUN_HOME (the SQLite progress store lives in it).
    func home() throws -> (URL, [String: String]) {
        let home = try LabrunBinary.temporaryFolder()
        return (home, ["LABRUN_HOME": home.path])
    }

    @Test func answersOnTheCommandLineAreGradedRecordedAndExplained() throws {
        let (home, env) = try home()
        defer { try? FileManager.default.removeItem(at: home) }
        let outcome = try LabrunBinary.run(
            ["quiz", "generative-bias", "--student", "ada", "--answers", "1=B,2=A,3=C,4=AB,5=A"], environment: env)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.hasPrefix("Where bias in generative models comes from — attempt 1 for ada\nQ1 B: ✔ Correct. (1 of 1 point)\n"))
        #expect(outcome.stdout.contains("Q2 A: ✘ Not right. (0 of 1 point)\n  A: One user's taste is not a measure of fairness"))
        // Partial credit (the quiz's `scoring: partial`): two of three right options, no wrong one.
        #expect(outcome.stdout.contains("Q4 AB: ◐ Partly right. (1.33 of 2 points)"))
        #expect(outcome.stdout.contains("Score: 4.33 of 6 points (72%) [██████████████░░░░░░] passed (pass mark 70%)\nAttempt 1 recorded.\n"))

        let again = try LabrunBinary.run(
            ["quiz", "generative-bias", "--student", "ada", "--answers", "1=B", "--json"], environment: env)
        #expect(again.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any])
        #expect(json["attempt"] as? Int == 2)
        #expect(json["recorded"] as? Bool == true)
        #expect(json["passed"] as? Bool == false)
        let questions = try #require(json["questions"] as? [[String: Any]])
        #expect(questions.map { $0["question"] as? String } == ["Q1", "Q2", "Q3", "Q4", "Q5"])
        #expect(questions[0]["answer"] as? [String] == ["B"])
        #expect(questions[1]["chosen"] as? [String] == [])
    }

    @Test func answersFilesInJSONAndCSVGiveTheSameResult() throws {
        let (home, env) = try home()
        defer { try? FileManager.default.removeItem(at: home) }
        let jsonFile = home.appendingPathComponent("mine.json")
        try #"{"answers": {"Q1": "B", "Q4": ["A", "B", "D"]}}"#.write(to: jsonFile, atomically: true, encoding: .utf8)
        let csvFile = home.appendingPathComponent("mine.csv")
        try "question,answer\nQ1,B\n4,\"A, B, D\"\n".write(to: csvFile, atomically: true, encoding: .utf8)
        let fromJSON = try LabrunBinary.run(["quiz", "generative-bias", "--student", "ada", "--answers-file", jsonFile.path, "--json"], environment: env)
        let fromCSV = try LabrunBinary.run(["quiz", "generative-bias", "--student", "bo", "--answers-file", csvFile.path, "--json"], environment: env)
        #expect(fromJSON.status == 0, "\(fromJSON.stderr)")
        #expect(fromCSV.status == 0, "\(fromCSV.stderr)")
        let points = try [fromJSON, fromCSV].map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.stdout.utf8)) as? [String: Any])["points"] as? Double
        }
        #expect(points == [3, 3])
    }

    @Test(arguments: [
        (["quiz", "nope", "--answers", "1=A"], "labrun: error: no quiz 'nope' (Quizzes/nope.md); known quizzes: bias-at-scale, bias-toolkit, foundation-model-risks, generative-bias, ml-bias\n"),
        (["quiz", "generative-bias", "--answers", "1=Z"], "labrun: error: Q1 answer Z is not an option; the options are A, B, C, D\n"),
        (["quiz", "generative-bias", "--answers", "9=A"], "labrun: error: quiz 'generative-bias' has no question Q9 (it has Q1–Q5)\n"),
        (["quiz", "generative-bias", "--answers", "1=AB"], "labrun: error: Q1 takes one letter, not 2; pick one option\n"),
        (["quiz", "generative-bias", "--answers", "1=B,C"], "labrun: error: 'C' is not `number=letters`; write e.g. --answers \"1=C,2=A,3=BD\" (several letters for one question go together: 3=BD)\n"),
        (["quiz", "generative-bias"], "labrun: error: labrun quiz needs a terminal to ask questions; for scripts pass --answers \"1=C,2=A\" or --answers-file FILE\n"),
    ])
    func badInputIsAUsageErrorThatSaysWhatToWrite(arguments: [String], message: String) throws {
        let (home, env) = try home()
        defer { try? FileManager.default.removeItem(at: home) }
        let outcome = try LabrunBinary.run(arguments + ["--student", "ada"], environment: env)
        #expect(outcome.status == 2)
        #expect(outcome.stderr == message)
        #expect(outcome.stdout.isEmpty)
        // Nothing was opened or recorded.
        #expect(!FileManager.default.fileExists(atPath: home.appendingPathComponent("progress.sqlite").path))
    }

    @Test func showingAQuizNeverPrintsItsKey() throws {
        let key = try String(contentsOf: LabrunBinary.repositoryRoot.appendingPathComponent("Solutions/generative-bias.md"), encoding: .utf8)
        let explanations = key.split(separator: "\n").filter { $0.hasPrefix("Explanation:") || $0.hasPrefix("- ") }
        for arguments in [["quiz", "generative-bias", "--show"], ["quiz", "generative-bias", "--show", "--json"]] {
            let outcome = try LabrunBinary.run(arguments)
            #expect(outcome.status == 0)
            #expect(outcome.stdout.contains("Patterns in the text the model was trained on"))
            #expect(!outcome.stdout.contains("Answer"))
            #expect(!outcome.stdout.contains("Hint"))
            for line in explanations {
                #expect(!outcome.stdout.contains(line.dropFirst(2).prefix(40)), "key text leaked: \(line)")
            }
        }
    }
}
