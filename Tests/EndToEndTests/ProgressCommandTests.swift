import Foundation
import Progress
import Testing

/// `labrun login / whoami / progress / export / reset`, run as a student would, on a temporary
/// LABRUN_HOME whose SQLite store is filled through the commands' own database.
@Suite("Progress commands")
struct ProgressCommandTests {
    /// An empty temporary LABRUN_HOME.
    static func home() throws -> URL {
        try LabrunBinary.temporaryFolder()
    }

    /// A home whose default store holds ada's and grace's work in lab `ml-bias` (3 steps).
    static func seededHome() async throws -> URL {
        let home = try Self.home()
        let store = try SQLiteProgressStore(path: home.appendingPathComponent("progress.sqlite").path)
        let start = Date(timeIntervalSince1970: 1_764_000_000)
        try await store.save(LabVersion(id: "ml-bias", contentHash: "abc", title: "Bias in masked LMs", stepCount: 3))
        try await store.save(Student(id: "grace", displayName: "Grace Hopper"))
        let runs: [(String, Int, StepRun.Status, Double)] = [
            ("ada", 1, .ok, 65), ("ada", 2, .error, 10), ("grace", 1, .ok, 5), ("grace", 2, .ok, 5), ("grace", 3, .ok, 5),
        ]
        for (index, (student, step, status, duration)) in runs.enumerated() {
            try await store.record(StepRun(student: student, lab: "ml-bias", step: step,
                                           startedAt: start.addingTimeInterval(Double(index)), duration: duration,
                                           status: status, code: "print(\(step))", output: "\(step)\n"))
        }
        try await store.record(QuizAttempt(student: "ada", lab: "ml-bias", quiz: "ml-bias", answers: ["Q1": ["B"]],
                                           score: 3, maximum: 4, policy: "partial", passed: true,
                                           attemptedAt: start.addingTimeInterval(100)))
        try await store.close()
        return home
    }

    @Test("progress shows each step, the bar, the quiz and the time; the class view shows who is stuck")
    func progressWithRecords() async throws {
        let home = try await Self.seededHome()
        let env = ["LABRUN_HOME": home.path, "USER": "ada", "LABRUN_LABS": home.path]  // no lab files: step counts come from the store
        let mine = try LabrunBinary.run(["progress"], environment: env)
        #expect(mine.status == 0, "\(mine.stderr)")
        let lines = mine.stdout.components(separatedBy: "\n")
        #expect(lines.prefix(5) == [
            "Progress of ada", "", "ml-bias  Bias in masked LMs", "  steps  1 ✓  2 ✗  3 ·",
            "  [██████████░░░░░░░░░░░░░░░░░░░░]  1 of 3 steps  33%",
        ])
        #expect(mine.stdout.contains("  quiz ml-bias: 3/4 passed (1 attempt)\n"))
        #expect(mine.stdout.contains("  step 2 failed on its last run; run `labrun step 2` again\n"))
        #expect(mine.stdout.contains("  time spent 1m 15s · last active 2025-11-24 16:01 UTC\n"))

        let whole = try LabrunBinary.run(["progress", "--class", "--lab", "ml-bias"], environment: env)
        #expect(whole.status == 0, "\(whole.stderr)")
        #expect(whole.stdout.contains("ml-bias  Bias in masked LMs  (2 students)\n"))
        #expect(whole.stdout.contains("ada                   ✓ ✗ ·  1/3    3/4 ✓       step 2 (1 failed run)\n"))
        #expect(whole.stdout.contains("grace (Grace Hopper)  ✓ ✓ ✓  3/3    -           -\n"))
        let unknown = try LabrunBinary.run(["progress", "--class", "--lab", "nope"], environment: env)
        #expect(unknown.status == 2 && unknown.stderr == "labrun: error: unknown lab 'nope'; labs with progress: ml-bias\n")
    }

    @Test("reset asks first; 'n' keeps everything (exit 1); 'y' hides the step; export still has it, marked")
    func resetAndExport() async throws {
        let home = try await Self.seededHome()
        let env = ["LABRUN_HOME": home.path, "USER": "ada", "LABRUN_LABS": home.path]  // no lab files: step counts come from the store
        let declined = try LabrunBinary.run(["reset", "--step", "2"], environment: env, stdin: "n\n")
        #expect(declined.status == 1)
        #expect(declined.stdout.hasPrefix("Reset 1 record of lab ml-bias step 2 for ada? "))
        #expect(declined.stdout.hasSuffix("Nothing was reset.\n"))
        let accepted = try LabrunBinary.run(["reset", "--step", "2"], environment: env, stdin: "y\n")
        #expect(accepted.status == 0, "\(accepted.stderr)")
        #expect(accepted.stdout.hasSuffix("Reset 1 record of lab ml-bias step 2 for ada.\n"))
        let after = try LabrunBinary.run(["progress"], environment: env)
        #expect(after.stdout.contains("  steps  1 ✓  2 ·  3 ·\n"))

        let csv = try LabrunBinary.run(["export", "--lab", "ml-bias"], environment: env)
        #expect(csv.status == 0)
        let rows = csv.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(rows.count == 7, "header, five runs, one quiz attempt")
        #expect(rows.contains { $0.hasPrefix("step-run,2,ada,ml-bias,2,") && $0.contains(",error,") && !$0.contains(",,,,10.000,,") })
        let json = try LabrunBinary.run(["export", "--format", "json", "--student", "ada"], environment: env)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let events = object?["events"] as? [[String: Any]] ?? []
        #expect(events.last?["kind"] as? String == "reset")
        #expect((object?["step_runs"] as? [[String: Any]])?.contains { $0["reset_by"] != nil } == true)
    }

    @Test("login saves the name; whoami reports it and where it came from; --student overrides")
    func loginAndWhoami() throws {
        let home = try Self.home()
        let env = ["LABRUN_HOME": home.path, "USER": "sysuser"]
        #expect(try LabrunBinary.run(["whoami"], environment: env).stdout == "sysuser (your system user name; change it with `labrun login <name>`)\n")
        let login = try LabrunBinary.run(["login", "ada", "--display-name", "Ada Lovelace"], environment: env)
        #expect(login.status == 0, "\(login.stderr)")
        #expect(login.stdout == "Logged in as ada.\n")
        #expect(try String(contentsOf: home.appendingPathComponent("student"), encoding: .utf8) == "ada\n")
        #expect(try LabrunBinary.run(["whoami"], environment: env).stdout == "ada (from labrun login)\n")
        #expect(try LabrunBinary.run(["whoami", "--student", "grace"], environment: env).stdout == "grace (from --student)\n")
        let json = try LabrunBinary.run(["whoami", "--json"], environment: env).stdout
        #expect(json.contains("\"source\" : \"login\"") && json.contains("progress.sqlite"))
    }

    @Test("an empty login name is a usage error (exit 2)")
    func emptyLogin() throws {
        let home = try Self.home()
        let result = try LabrunBinary.run(["login", "  "], environment: ["LABRUN_HOME": home.path])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("labrun: error: the name: the student name is empty"))
    }

    @Test("progress with nothing recorded says so; --class too; --json is parseable")
    func emptyProgress() throws {
        let home = try Self.home()
        let env = ["LABRUN_HOME": home.path, "USER": "ada", "LABRUN_LABS": home.path]  // no lab files: step counts come from the store
        let mine = try LabrunBinary.run(["progress"], environment: env)
        #expect(mine.status == 0)
        #expect(mine.stdout.hasPrefix("No progress recorded yet for ada.\nstore: "))
        #expect(try LabrunBinary.run(["progress", "--class"], environment: env).stdout.hasPrefix("No progress recorded yet."))
        let json = try LabrunBinary.run(["progress", "--json"], environment: env).stdout
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        #expect((object?["labs"] as? [Any])?.isEmpty == true)
    }

    @Test("a malformed LABRUN_DATABASE_URL is exit 2 with the reason and no password")
    func badDatabaseURL() throws {
        let home = try Self.home()
        let result = try LabrunBinary.run(["progress"], environment: [
            "LABRUN_HOME": home.path, "LABRUN_DATABASE_URL": "postgres://ada:Very-Secret@/class",
        ])
        #expect(result.status == 2)
        #expect(result.stderr == "labrun: error: progress store postgres://ada:***@/class: the URL names no host; write postgres://user:password@HOST:5432/database\n")
    }

    #if PostgreSQL
    @Test("an unreachable PostgreSQL server is exit 1 with the reason")
    func unreachableServer() throws {
        let home = try Self.home()
        let result = try LabrunBinary.run(["progress", "--database", "postgres://ada:pw-123@127.0.0.1:1/class"],
                                          environment: ["LABRUN_HOME": home.path])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("labrun: error: progress store postgres://ada:***@127.0.0.1:1/class: cannot connect to 127.0.0.1:1"))
        #expect(!result.stderr.contains("pw-123"))
    }
    #endif

    @Test("reset of an unknown lab is exit 2; with nothing recorded there is nothing to reset")
    func resetErrors() throws {
        let home = try Self.home()
        let env = ["LABRUN_HOME": home.path, "USER": "ada", "LABRUN_LABS": home.path]  // no lab files: step counts come from the store
        let unknown = try LabrunBinary.run(["reset", "--lab", "nope", "--yes"], environment: env)
        #expect(unknown.status == 2)
        #expect(unknown.stderr == "labrun: error: unknown lab 'nope'; labs with progress: none yet\n")
        let nothing = try LabrunBinary.run(["reset", "--yes"], environment: env)
        #expect(nothing.status == 0)
        #expect(nothing.stdout == "Nothing to reset: ada has no progress in every lab.\n")
    }

    @Test("export rejects an unknown format and a bad date with exit 2")
    func exportErrors() throws {
        let home = try Self.home()
        let env = ["LABRUN_HOME": home.path]
        let format = try LabrunBinary.run(["export", "--format", "xml"], environment: env)
        #expect(format.status == 2 && format.stderr.contains("unknown format 'xml'"))
        let date = try LabrunBinary.run(["export", "--since", "yesterday"], environment: env)
        #expect(date.status == 2 && date.stderr.contains("--since 'yesterday' is not a date"))
        let empty = try LabrunBinary.run(["export"], environment: env)
        #expect(empty.status == 0)
        #expect(empty.stdout == "kind,id,student,lab,step,item,at,status,passed,score,maximum,duration_s,reset_by,code,text\r\n")
    }
}
