import Foundation
import Testing

/// `labrun list/show/start/step/check` run as a user would, compared with golden files in
/// Tests/Fixtures/EndToEnd (regenerate with LABRUN_UPDATE_GOLDEN=1, then review the diff).
@Suite struct LabCommandsTests {
    static let fixtures = LabrunBinary.repositoryRoot.appendingPathComponent("Tests/Fixtures/EndToEnd")
    static let course = fixtures.appendingPathComponent("course")

    /// Compares `actual` with the golden file `name`, or rewrites it when updating. Timings
    /// (`0.42 s`) are masked as `T s` and the repository's path as `<repo>`: they change from run to run.
    static func expectGolden(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let actual = actual.replacingOccurrences(of: #"\d+\.\d+ s\b"#, with: "T s", options: .regularExpression)
            .replacingOccurrences(of: LabrunBinary.repositoryRoot.path, with: "<repo>")
        let url = fixtures.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["LABRUN_UPDATE_GOLDEN"] == "1" {
            try actual.write(to: url, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(actual == expected, sourceLocation: sourceLocation)
    }

    /// Runs labrun with a fresh LABRUN_HOME, removed afterwards.
    static func run(_ arguments: [String], in directory: URL = LabrunBinary.repositoryRoot,
                    environment: [String: String] = [:], home: URL? = nil) throws -> LabrunBinary.Outcome {
        let folder = try home ?? LabrunBinary.temporaryFolder()
        defer { if home == nil { try? FileManager.default.removeItem(at: folder) } }
        var env = environment
        env["LABRUN_HOME"] = folder.path
        return try LabrunBinary.run(arguments, in: directory, environment: env)
    }

    @Test func listShowsTheRepositorysLabs() throws {
        let outcome = try Self.run(["list"])
        #expect(outcome.status == 0)
        #expect(outcome.stderr == "")
        let lines = outcome.stdout.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
        #expect(lines.first == "ID TITLE STEPS")
        #expect(lines.contains("ml-bias Bias in masked language models 5"))
        #expect(lines.count == 6, "the five labs of Labs/ and the header")
    }

    @Test func listReadsTheFolderFromTheOptionOrTheEnvironment() throws {
        let labs = Self.course.appendingPathComponent("Labs").path
        let byOption = try Self.run(["list", "--labs", labs])
        try Self.expectGolden(byOption.stdout, "list-course.txt")
        let byEnvironment = try Self.run(["list"], environment: ["LABRUN_LABS": labs])
        #expect(byEnvironment.stdout == byOption.stdout)
        let json = try Self.run(["list", "--json", "--labs", labs])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(rows.map { $0["id"] as? String } == ["broken", "tiny"])
        #expect(rows.map { $0["steps"] as? Int } == [2, 2])
    }

    @Test func listWithoutALabsFolderIsAUsageError() throws {
        let outcome = try Self.run(["list", "--labs", "/nonexistent/Labs"])
        #expect(outcome.status == 2)
        #expect(outcome.stdout == "")
        #expect(outcome.stderr == "labrun: error: no labs folder `/nonexistent/Labs`; run labrun in a course folder, pass --labs DIR or set LABRUN_LABS\n")
    }

    @Test func showRendersTheLabPlainly() throws {
        let outcome = try Self.run(["show", "ml-bias"])
        #expect(outcome.status == 0)
        #expect(!outcome.stdout.contains("\u{1B}"))
        try Self.expectGolden(outcome.stdout, "show-ml-bias.txt")
    }

    @Test func showAcceptsAPathAndPrintsJSON() throws {
        let outcome = try Self.run(["show", "Labs/ml-bias.md", "--json"])
        #expect(outcome.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        #expect(object["id"] as? String == "ml-bias")
        #expect(object["models"] as? [String] == ["HuggingFaceTB/SmolLM2-135M-Instruct", "bert-base-uncased"])
        let steps = try #require(object["steps"] as? [[String: Any]])
        #expect(steps.map { $0["number"] as? Int } == [1, 2, 3, 4, 5])
    }

    @Test func showOfABrokenLabStillRendersAndPointsAtCheck() throws {
        let outcome = try Self.run(["show", "broken", "--labs", Self.course.appendingPathComponent("Labs").path])
        #expect(outcome.status == 0)
        #expect(outcome.stdout.hasPrefix("Broken\n"))
        #expect(outcome.stderr.hasSuffix("Labs/broken.md has 1 problem; run `labrun check \(Self.course.path)/Labs/broken.md`\n"))
    }

    @Test func showOfAnUnknownLabListsTheLabs() throws {
        let outcome = try Self.run(["show", "nope"])
        #expect(outcome.status == 2)
        #expect(outcome.stdout == "")
        #expect(outcome.stderr.hasPrefix("labrun: error: no lab `nope`; labs in Labs: "))
        #expect(outcome.stderr.contains("ml-bias"))
        #expect(outcome.stderr.split(separator: "\n").count == 1)
    }

    @Test func startRemembersTheLabAndStepRendersIt() throws {
        let home = try LabrunBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: home) }
        let start = try Self.run(["start", "ml-bias"], home: home)
        #expect(start.status == 0)
        try Self.expectGolden(start.stdout, "start-ml-bias.txt")
        let remembered = try String(contentsOf: home.appendingPathComponent("current-lab"), encoding: .utf8)
        #expect(remembered == "ml-bias\n")
        let step = try Self.run(["step", "1", "--no-record"], home: home)
        #expect(step.status == 0)
        #expect(step.stderr == "")
        try Self.expectGolden(step.stdout, "step-1-ml-bias.txt")
    }

    @Test func stepWithLabOptionNeedsNoStart() throws {
        let outcome = try Self.run(["step", "1", "--lab", "tiny", "--labs", Self.course.appendingPathComponent("Labs").path, "--no-record"])
        #expect(outcome.status == 0)
        try Self.expectGolden(outcome.stdout, "step-1-tiny.txt")
    }

    @Test func stepWithoutACurrentLabSaysHowToStartOne() throws {
        let outcome = try Self.run(["step", "1", "--labs", Self.course.appendingPathComponent("Labs").path])
        #expect(outcome.status == 2)
        #expect(outcome.stderr == "labrun: error: no current lab; run `labrun start <lab>` or pass `--lab <id>` (labs: broken, tiny)\n")
    }

    @Test func anUnknownStepListsTheSteps() throws {
        let outcome = try Self.run(["step", "9", "--lab", "ml-bias"])
        #expect(outcome.status == 2)
        #expect(outcome.stdout == "")
        #expect(outcome.stderr == "labrun: error: lab `ml-bias` has no step 9; steps: 1, 2, 3, 4, 5\n")
    }

    @Test func startOfAnUnknownLabIsAUsageError() throws {
        let outcome = try Self.run(["start", "nope", "--labs", Self.course.appendingPathComponent("Labs").path])
        #expect(outcome.status == 2)
        #expect(outcome.stderr == "labrun: error: no lab `nope`; labs in \(Self.course.path)/Labs: broken, tiny\n")
    }

    @Test func checkPassesOnTheRepositorysLab() throws {
        let outcome = try Self.run(["check", "Labs/ml-bias.md"])
        #expect(outcome.status == 0, "\(outcome.stdout)")
        #expect(outcome.stdout.contains("0 errors"))
    }

    @Test func checkReportsEveryProblemOfTheTestCourse() throws {
        let outcome = try Self.run(["check"], in: Self.course)
        #expect(outcome.status == 1)
        try Self.expectGolden(outcome.stdout, "check-course.txt")
    }

    @Test func checkPrintsJSONForScripts() throws {
        let outcome = try Self.run(["check", "--json", "Labs/broken.md"], in: Self.course)
        #expect(outcome.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        #expect(object["files_checked"] as? Int == 1)
        let diagnostics = try #require(object["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.contains { $0["rule"] as? String == "step-numbering" && $0["line"] as? Int == 12 })
        #expect(object["errors"] as? Int == diagnostics.filter { $0["severity"] as? String == "error" }.count)
    }

    @Test func checkOfAMissingPathIsAnError() throws {
        let outcome = try Self.run(["check", "Nope/x.md"], in: Self.course)
        #expect(outcome.status == 1)
        #expect(outcome.stdout == "Nope/x.md:1:1: error: no such file or folder; check the path\n0 files checked: 1 error, 0 warnings.\n")
    }
}
