import Foundation
import Testing

/// `labrun grade` over CSV files, JSON folders and the progress store, as an instructor runs it.
@Suite struct GradeCommandTests {
    static let classCSV = """
        student,Q1,Q2,Q3,Q4,Q5
        ada,B,B,C,ABD,A
        grace,B,B,C,AB,A
        alan,B,A,C,BD,B
        edsger,A,B,
        barbara,B,C,D,C,D
        "hopper, grace",B,B?,C,ABD,A
        ken,B,D,A,E,C

        """

    func writeClass() throws -> URL {
        let folder = try LabrunBinary.temporaryFolder()
        try Self.classCSV.write(to: folder.appendingPathComponent("class.csv"), atomically: true, encoding: .utf8)
        return folder
    }

    @Test func aCSVClassGetsAScoreTableAndItemAnalysisAndMalformedRowsAreSkippedByLine() throws {
        let folder = try writeClass()
        defer { try? FileManager.default.removeItem(at: folder) }
        let csv = folder.appendingPathComponent("class.csv").path
        let outcome = try LabrunBinary.run(["grade", "generative-bias", csv])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == """
            generative-bias: 5 students graded, 2 skipped · mean 56% · 2 of 5 passed (pass mark 70%)

            STUDENT  POINTS    SCORE  RESULT
            ada      6 / 6     100%   pass
            grace    5.33 / 6  89%    pass
            alan     3.33 / 6  56%    fail
            barbara  1 / 6     17%    fail
            ken      1 / 6     17%    fail

            Test statistics: 5 students · mean 3.33 / 6 · SD 2.35 · median 3.33 · Cronbach's α too few answers (5 of the 10 needed)
              0–10%    0
              10–20%   2    ##############################
              20–30%   0
              30–40%   0
              40–50%   0
              50–60%   1    ###############
              60–70%   0
              70–80%   0
              80–90%   1    ###############
              90–100%  1    ###############

            Item analysis (top and bottom groups: 1 student each; * marks the key)
            QUESTION  CORRECT  FACILITY  DISCR.  ITEM-REST  EFFIC.  CHOSEN               BLANK  FLAGS
            Q1        100%     100%      +0.00   —          —       A:0 B*5 C:0 D:0      0      everybody-correct
            Q2        40%      40%       +1.00   —          —       A:1 B*2 C:1 D:1      0
            Q3        60%      60%       +1.00   —          —       A:1 B:0 C*3 D:1      0
            Q4        20%      47%       +1.00   —          —       A*2 B*3 C:1 D*2 E:1  0
            Q5        40%      40%       +1.00   —          —       A*2 B:1 C:1 D:1      0
            ITEM-REST, EFFIC. and option correlations: too few answers (5 of the 10 needed; --min-responses changes the gate)

            """)
        #expect(outcome.stderr == """
            labrun: warning: \(csv):5: has 4 cells but the header has 6; leave a blank answer empty (`ada,C,,BD`) rather than dropping its comma; skipped
            labrun: warning: \(csv):7: Q2 answer 'B?': '?' is not an option letter; write option letters such as C or BD; skipped

            """)
    }

    @Test func csvAndJSONFormatsAreForSpreadsheetsAndScripts() throws {
        let folder = try writeClass()
        defer { try? FileManager.default.removeItem(at: folder) }
        let csv = folder.appendingPathComponent("class.csv").path
        let asCSV = try LabrunBinary.run(["grade", "generative-bias", csv, "--format", "csv"])
        #expect(asCSV.stdout.hasPrefix("student,points,maximum,percent,passed,Q1,Q2,Q3,Q4,Q5\nada,6,6,100,yes,1,1,1,2,1\ngrace,5.33,6,89,yes,1,1,1,1.33,1\n"))
        let asJSON = try LabrunBinary.run(["grade", "generative-bias", csv, "--format", "json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(asJSON.stdout.utf8)) as? [String: Any])
        #expect(json["graded"] as? Int == 5)
        #expect((json["problems"] as? [[String: Any]])?.count == 2)
        let items = try #require(json["items"] as? [[String: Any]])
        #expect(items.first?["flags"] as? [String] == ["everybody-correct"])
    }

    @Test func aFolderOfJSONSubmissionsIsGradedAndABadFileIsSkipped() throws {
        let folder = try LabrunBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let submissions = folder.appendingPathComponent("submissions")
        try FileManager.default.createDirectory(at: submissions, withIntermediateDirectories: true)
        try #"{"student": "ada", "quiz": "generative-bias", "answers": {"Q1": "B", "Q2": "B", "Q3": "C", "Q4": "ABD", "Q5": "A"}}"#
            .write(to: submissions.appendingPathComponent("ada.json"), atomically: true, encoding: .utf8)
        try #"{"student": "grace", "answers": {"Q1": "C"}}"#
            .write(to: submissions.appendingPathComponent("grace.json"), atomically: true, encoding: .utf8)
        try #"{"answers": {"Q1": "C"}}"#.write(to: submissions.appendingPathComponent("nobody.json"), atomically: true, encoding: .utf8)
        let outcome = try LabrunBinary.run(["grade", "generative-bias", submissions.path, "--format", "csv"])
        #expect(outcome.status == 0)
        #expect(outcome.stdout == "student,points,maximum,percent,passed,Q1,Q2,Q3,Q4,Q5\nada,6,6,100,yes,1,1,1,2,1\ngrace,0,6,0,no,0,0,0,0,0\n")
        #expect(outcome.stderr.contains("nobody.json: has no \"student\""))
    }

    @Test func fromStoreGradesTheAttemptsStudentsRecorded() throws {
        let home = try LabrunBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: home) }
        let env = ["LABRUN_HOME": home.path]
        for (student, answers) in [("ada", "1=A"), ("grace", "1=B,2=B,3=C,4=ABD,5=A"), ("ada", "1=B,2=B")] {
            let run = try LabrunBinary.run(["quiz", "generative-bias", "--student", student, "--answers", answers], environment: env)
            #expect(run.status == 0, "\(run.stderr)")
        }
        let outcome = try LabrunBinary.run(["grade", "generative-bias", "--from-store", "--format", "csv"], environment: env)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == "student,points,maximum,percent,passed,Q1,Q2,Q3,Q4,Q5\nada,2,6,33,no,1,1,0,0,0\ngrace,6,6,100,yes,1,1,1,2,1\n")
    }

    @Test func statsCSVHasEveryStatisticAndTheGateCanBeLowered() throws {
        let folder = try writeClass()
        defer { try? FileManager.default.removeItem(at: folder) }
        let csv = folder.appendingPathComponent("class.csv").path
        let gated = try LabrunBinary.run(["grade", "generative-bias", csv, "--format", "stats-csv"])
        #expect(gated.status == 0, "\(gated.stderr)")
        #expect(gated.stdout.hasPrefix("scope,question,option,statistic,value\ntest,,,students,5\ntest,,,maximum_points,6.0\n"))
        #expect(gated.stdout.contains("test,,,reliability_method,alpha\ntest,,,reliability,too few answers\n"))
        let open = try LabrunBinary.run(["grade", "generative-bias", csv, "--format", "stats-csv", "--min-responses", "3"])
        #expect(!open.stdout.contains("too few answers"))
        #expect(open.stdout.contains("item,Q2,,flags,positive-distractor\n"))
        let table = try LabrunBinary.run(["grade", "generative-bias", csv, "--min-responses", "3", "--plain"])
        #expect(table.stdout.contains("Q2        A:+0.12! B*+0.85  C:-0.58  D:-0.58"))
        let tooLow = try LabrunBinary.run(["grade", "generative-bias", csv, "--min-responses", "1"])
        #expect(tooLow.status == 64)
        #expect(tooLow.stderr.contains("--min-responses must be 2 or more"))
    }

    @Test func fromStoreComparesFirstAttemptsWithTheLatestWhenSomebodyRetook() throws {
        let home = try LabrunBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: home) }
        let env = ["LABRUN_HOME": home.path]
        for (student, answers) in [("ada", "1=A"), ("grace", "1=B,2=B,3=C,4=ABD,5=A"), ("ada", "1=B,2=B")] {
            let run = try LabrunBinary.run(["quiz", "generative-bias", "--student", student, "--answers", answers], environment: env)
            #expect(run.status == 0, "\(run.stderr)")
        }
        let outcome = try LabrunBinary.run(["grade", "generative-bias", "--from-store", "--plain", "--min-responses", "2"], environment: env)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("First attempts: 2 students · mean 3 / 6"))
        #expect(outcome.stdout.contains("Q1        50% → 100%"))
        let json = try LabrunBinary.run(["grade", "generative-bias", "--from-store", "--format", "json"], environment: env)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let first = try #require(document["first_attempts"] as? [String: Any])
        #expect((first["test"] as? [String: Any])?["students"] as? Int == 2)
        #expect((document["statistics"] as? [String: Any])?["too_few_answers"] as? Bool == true)
    }

    @Test func regradingTheStoreWithAChangedKeySaysWhichAttemptsChangeScore() throws {
        let home = try LabrunBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: home) }
        let course = home.appendingPathComponent("course")
        for folder in ["Quizzes", "Solutions"] {
            try FileManager.default.createDirectory(at: course.appendingPathComponent(folder), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: LabrunBinary.repositoryRoot.appendingPathComponent("\(folder)/generative-bias.md"),
                                             to: course.appendingPathComponent("\(folder)/generative-bias.md"))
        }
        let env = ["LABRUN_HOME": home.path]
        for (student, answers) in [("ada", "1=A"), ("grace", "1=B,2=B,3=C,4=ABD,5=A")] {
            let run = try LabrunBinary.run(["quiz", "generative-bias", "--course", course.path, "--student", student, "--answers", answers],
                                           environment: env)
            #expect(run.status == 0, "\(run.stderr)")
        }
        let unchanged = try LabrunBinary.run(["grade", "generative-bias", "--course", course.path, "--from-store", "--plain"], environment: env)
        #expect(unchanged.stdout.contains("Re-graded with today's key: no recorded attempt changes score."))
        // The instructor decides that A was right for Q1 after all.
        let keyURL = course.appendingPathComponent("Solutions/generative-bias.md")
        let key = try String(contentsOf: keyURL, encoding: .utf8)
        let q1 = try #require(key.range(of: "Answer: B"))
        try key.replacingCharacters(in: q1, with: "Answer: A").write(to: keyURL, atomically: true, encoding: .utf8)
        let changed = try LabrunBinary.run(["grade", "generative-bias", "--course", course.path, "--from-store", "--plain"], environment: env)
        #expect(changed.status == 0, "\(changed.stderr)")
        #expect(changed.stdout.contains("Re-graded with today's key: 2 recorded attempts change score\n  ada, attempt 1: 0 → 1 of 6\n  grace, attempt 1: 6 → 5 of 6"))
    }

    @Test func nothingGradableIsAnErrorAndNoSubmissionsIsAUsageError() throws {
        let missing = try LabrunBinary.run(["grade", "generative-bias", "/nonexistent/class.csv"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("labrun: warning: /nonexistent/class.csv: no such file or folder; check the path; skipped"))
        #expect(missing.stderr.contains("labrun: error: no submission could be graded"))
        let none = try LabrunBinary.run(["grade", "generative-bias"])
        #expect(none.status == 2)
    }
}
