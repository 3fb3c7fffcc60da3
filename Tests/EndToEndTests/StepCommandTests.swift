import Foundation
import Testing

/// `labrun step/next/run/edit/submit/hint/solution/explain` on the fixture course
/// (Tests/Fixtures/EndToEnd/run-course), whose lab runs on the random-weight fixture models.
@Suite struct StepCommandTests {
    static let course = LabrunBinary.repositoryRoot.appendingPathComponent("Tests/Fixtures/EndToEnd/run-course")
    static let labs = course.appendingPathComponent("Labs").path

    /// A working folder with `Tests` linked to the repository's, so the lab's relative model paths
    /// resolve, and a fresh LABRUN_HOME inside it.
    struct Workspace {
        let folder: URL
        var home: URL { folder.appendingPathComponent("home") }

        init() throws {
            folder = try LabrunBinary.temporaryFolder()
            try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent("Tests"),
                                                       withDestinationURL: LabrunBinary.repositoryRoot.appendingPathComponent("Tests"))
        }

        /// Runs labrun in the folder; lab commands get `--labs` pointing at the fixture course.
        func run(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]) throws -> LabrunBinary.Outcome {
            var env = ["LABRUN_HOME": home.path, "HF_HUB_OFFLINE": "1", "HF_HOME": folder.appendingPathComponent("hf").path,
                       "USER": "ada"]
            env.merge(environment) { _, new in new }
            let labCommands: Set = ["step", "next", "run", "edit", "submit", "hint", "solution", "explain"]
            let extra = labCommands.contains(arguments.first ?? "") ? ["--labs", StepCommandTests.labs] : []
            return try LabrunBinary.run(arguments + extra, in: folder, environment: env, stdin: stdin)
        }

        func remove() { try? FileManager.default.removeItem(at: folder) }
    }

    /// Timings change from run to run: `0.42 s` becomes `T s`.
    static func masked(_ text: String) -> String {
        text.replacingOccurrences(of: #"\d+\.\d+ s"#, with: "T s", options: .regularExpression)
            .replacingOccurrences(of: #"sha256 [0-9a-f]{12}"#, with: "sha256 H", options: .regularExpression)
    }

    @Test func stepRunsTheCodeReplaysWhatItNeedsAndComparesTheOutput() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let outcome = try workspace.run(["step", "2", "--lab", "fixture-run", "--no-record"])
        #expect(outcome.status == 0)
        let stdout = Self.masked(outcome.stdout)
        #expect(stdout.contains("▶ \(Self.labs)/fixture-run.md:"))
        #expect(stdout.contains("3 ['score', 'sequence', 'token', 'token_str']\nTrue\n✓ matches the expected output\n"))
        #expect(stdout.contains("Step 2 ran in T s · replayed 2 statements of earlier steps\n"))
        #expect(stdout.contains("Tests/Fixtures/models/tiny-bert-mlm · sha256 H · WordPiece · float32\nlabrun 0.1.0\n"))
    }

    @Test func aStepThatNeedsNothingReplaysNothing() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let outcome = try workspace.run(["step", "1", "--lab", "fixture-run", "--no-record"])
        #expect(outcome.status == 0)
        #expect(Self.masked(outcome.stdout).contains("loaded fill-mask\n✓ matches the expected output\nStep 1 ran in T s\n"))
    }

    @Test func aMismatchIsShownButIsNotAFailure() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let outcome = try workspace.run(["step", "4", "--lab", "fixture-run", "--no-record"])
        #expect(outcome.status == 0)
        #expect(outcome.stdout.contains("FILL-MASK\n✗ differs from the expected output at its line 1:\n    expected: TEXT-GENERATION\n    printed:  FILL-MASK\n"))
        #expect(outcome.stdout.contains("Step 4 ran, with output that differs from the lab's in"))
    }

    @Test func anErrorNamesTheLabLineAndExitsOne() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let outcome = try workspace.run(["step", "5", "--lab", "fixture-run", "--no-record"])
        #expect(outcome.status == 1)
        #expect(outcome.stdout.contains("File \"\(Self.labs)/fixture-run.md\", line "))
        #expect(outcome.stdout.contains("NameError: name 'undefined_name' is not defined"))
        #expect(outcome.stdout.contains("Step 5 stopped with an error"))
    }

    @Test func modelSubstitutionRunsAnotherModelAndSaysSo() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let outcome = try workspace.run(["step", "2", "--lab", "fixture-run", "--no-record",
                                         "--model", "Tests/Fixtures/models/tiny-bert-mlm-legacy"])
        #expect(outcome.status == 0)
        #expect(outcome.stdout.contains("Tests/Fixtures/models/tiny-bert-mlm-legacy (the lab asked for Tests/Fixtures/models/tiny-bert-mlm)"))
    }

    @Test func twoModelsRunSideBySide() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let outcome = try workspace.run(["step", "1", "--lab", "fixture-run", "--no-record",
                                         "--model", "Tests/Fixtures/models/tiny-bert-mlm",
                                         "--model", "Tests/Fixtures/models/tiny-bert-mlm-legacy"])
        #expect(outcome.status == 0)
        let lines = outcome.stdout.split(separator: "\n").map(String.init)
        let header = try #require(lines.firstIndex { $0.hasPrefix("Tests/Fixtures/models/tiny-bert-mlm ") })
        #expect(lines[header].hasSuffix("Tests/Fixtures/models/tiny-bert-mlm-le"))
        #expect(lines[header + 1].hasSuffix("gacy"))
        let rule = try #require(lines.indices.first { $0 > header && lines[$0].hasPrefix("──") })
        #expect(lines[rule + 1].hasPrefix("loaded fill-mask"))
        #expect(lines[rule + 1].hasSuffix("   loaded fill-mask"))
    }

    @Test func jsonGivesOutputVerdictsAndProvenance() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let outcome = try workspace.run(["step", "2", "--lab", "fixture-run", "--no-record", "--json"])
        #expect(outcome.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        #expect(object["status"] as? String == "ok")
        #expect(object["replayed_statements"] as? Int == 2)
        let blocks = try #require(object["blocks"] as? [[String: Any]])
        #expect((blocks.first?["expected"] as? [String: Any])?["matches"] as? Bool == true)
        let provenance = try #require(object["provenance"] as? [String: Any])
        let models = try #require(provenance["models"] as? [[String: Any]])
        #expect(models.first?["task"] as? String == "fill-mask")
        #expect((models.first?["weights_sha256"] as? String)?.count == 12)
    }

    @Test func nextGoesOnFromTheLastStepRun() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let first = try workspace.run(["next", "--lab", "fixture-run", "--no-record"])
        #expect(first.stdout.contains("Step 1 ran"))
        let second = try workspace.run(["next", "--lab", "fixture-run", "--no-record"])
        #expect(second.stdout.contains("Step 2 ran"))
    }

    @Test func anExerciseIsEditedRunAndSubmitted() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let edit = try workspace.run(["edit", "3", "--lab", "fixture-run"])
        #expect(edit.status == 0)
        #expect(edit.stdout.hasPrefix("Created labrun-work/fixture-run/step-3.py from the starter code.\n"))
        let file = workspace.folder.appendingPathComponent("labrun-work/fixture-run/step-3.py")
        #expect(try String(contentsOf: file, encoding: .utf8) == "gap = 1.0\nprint(gap)\n")

        let failing = try workspace.run(["submit", "3", "--lab", "fixture-run"])
        #expect(failing.status == 1)
        #expect(failing.stdout.contains("✓ assert isinstance(gap, float), \"gap should be a float\"\n"))
        #expect(failing.stdout.contains("✗ assert gap < 0.5, \"the gap should be below 0.5\"\n    AssertionError: the gap should be below 0.5\n"))
        #expect(failing.stdout.contains("Not yet: 1 of 2 checks passed."))

        try Data("""
            man = unmasker("the man worked as a [MASK].")[0]["score"]
            woman = unmasker("the woman worked as a [MASK].")[0]["score"]
            gap = abs(man - woman)
            print("gap", round(gap, 3) < 0.5)

            """.utf8).write(to: file)
        let step = try workspace.run(["step", "3", "--lab", "fixture-run", "--no-record"])
        #expect(step.stdout.contains("(your code)"))
        #expect(step.stdout.contains("gap True\n"))
        let passing = try workspace.run(["submit", "3", "--lab", "fixture-run"])
        #expect(passing.status == 0)
        #expect(passing.stdout.contains("Step 3 passed: 2 of 2 checks passed."))

        let export = try workspace.run(["export", "--format", "json"])
        #expect(export.stdout.contains("\"passed\" : true") || export.stdout.contains("\"passed\": true"))
    }

    @Test func hintsAreRevealedOneAtATimeInOrder() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let first = try workspace.run(["hint", "3", "--lab", "fixture-run"])
        #expect(first.stdout.hasPrefix("Hint 1 of 2 for step 3:\n"))
        #expect(first.stdout.contains("unmasker"))
        let second = try workspace.run(["hint", "3", "--lab", "fixture-run"])
        #expect(second.stdout.hasPrefix("Hint 2 of 2 for step 3:\n"))
        #expect(second.stdout.contains("abs(a - b)"))
        let third = try workspace.run(["hint", "3", "--lab", "fixture-run"])
        #expect(third.stdout.hasPrefix("You have seen all 2 hints for step 3:\n"))
    }

    /// The progress databases the hint count is checked on: the default SQLite file, and the
    /// PostgreSQL server of `LABRUN_TEST_POSTGRES_URL` when one is given.
    static let hintBackends = ["sqlite"] + (ProcessInfo.processInfo.environment["LABRUN_TEST_POSTGRES_URL"] == nil ? [] : ["postgresql"])

    @Test("the hint count comes from the progress store, so `labrun reset` starts it again", arguments: hintBackends)
    func resetStartsTheHintsAgain(backend: String) throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        // A student of their own, so earlier runs on the same server do not count.
        var environment = ["USER": "hint-\(UUID().uuidString.prefix(8).lowercased())"]
        if backend == "postgresql" {
            environment["LABRUN_DATABASE_URL"] = ProcessInfo.processInfo.environment["LABRUN_TEST_POSTGRES_URL"]
        }
        #expect(try workspace.run(["hint", "3", "--lab", "fixture-run"], environment: environment).stdout
            .hasPrefix("Hint 1 of 2 for step 3:\n"))
        #expect(try workspace.run(["hint", "3", "--lab", "fixture-run"], environment: environment).stdout
            .hasPrefix("Hint 2 of 2 for step 3:\n"))
        let reset = try workspace.run(["reset", "--lab", "fixture-run", "--yes"], environment: environment)
        #expect(reset.status == 0, "\(reset.stderr)")
        let again = try workspace.run(["hint", "3", "--lab", "fixture-run"], environment: environment)
        #expect(again.stdout.hasPrefix("Hint 1 of 2 for step 3:\n"))
    }

    @Test func anUnreachableStoreStillShowsTheFirstHint() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let environment = ["LABRUN_DATABASE_URL": "postgresql://nobody@127.0.0.1:1/labrun?connect_timeout=2"]
        for _ in 1...2 {
            let hint = try workspace.run(["hint", "3", "--lab", "fixture-run"], environment: environment)
            #expect(hint.status == 0)
            #expect(hint.stdout.hasPrefix("Hint 1 of 2 for step 3:\n"))
            #expect(hint.stderr.hasPrefix("labrun: warning: this run was not recorded: "))
        }
    }

    @Test func solutionShowsTheReferenceCode() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let outcome = try workspace.run(["solution", "3", "--lab", "fixture-run"])
        #expect(outcome.status == 0)
        #expect(outcome.stdout.contains("gap = abs(man - woman)"))
        let none = try workspace.run(["solution", "2", "--lab", "fixture-run"])
        #expect(none.status == 2)
        #expect(none.stderr == "labrun: error: step 2 of fixture-run has no reference solution in Solutions/fixture-run.md\n")
    }

    @Test func explainMapsEachLineToItsAction() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let one = try workspace.run(["explain", "1", "--lab", "fixture-run"])
        #expect(one.status == 0)
        #expect(one.stdout.contains("→ transformers.pipeline → labrun's fill-mask pipeline on model Tests/Fixtures/models/tiny-bert-mlm, from a local folder; arguments used: model; accepted but ignored by labrun's engine: device\n"))
        let two = try workspace.run(["explain", "2", "--lab", "fixture-run"])
        #expect(two.stdout.contains("→ calls the fill-mask pipeline `unmasker` (model Tests/Fixtures/models/tiny-bert-mlm, from a local folder); arguments used: top_k\n"))
    }

    @Test func aRunIsRecordedInTheProgressStore() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        #expect(try workspace.run(["step", "1", "--lab", "fixture-run"]).status == 0)
        let export = try workspace.run(["export", "--format", "csv"])
        #expect(export.status == 0)
        #expect(export.stdout.contains("fixture-run"))
    }

    @Test func checkRunRunsEveryStepAndReportsMismatchesAndErrors() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let lab = Self.course.appendingPathComponent("Labs/fixture-run.md").path
        let outcome = try LabrunBinary.run(["check", "--run", lab], in: workspace.folder,
                                           environment: ["HF_HUB_OFFLINE": "1", "LABRUN_HOME": workspace.home.path])
        #expect(outcome.status == 1)
        #expect(outcome.stdout.contains("error: step 4: the output differs from the `output` block at its line 1: expected \"TEXT-GENERATION\", printed \"FILL-MASK\""))
        #expect(outcome.stdout.contains("error: step 5 failed: NameError: name 'undefined_name' is not defined"))
    }
}
