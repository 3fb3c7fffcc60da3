import Testing
@testable import LabRun

@Suite struct ClassReportTests {
    func submission(_ student: String, _ answers: [String: Set<String>], line: Int = 1) -> Submission {
        Submission(student: student, answers: answers, source: SubmissionSource(file: "class.csv", line: line))
    }

    /// Ten students; the first three are strong, the last three weak (27% of 10 rounds to 3).
    /// Q1 (key B): everybody right. Q2 (key A, C): nobody right. Q3 (key D, weight 2):
    /// the strong students all chose E, the weak ones D — a key that looks wrong.
    func tenStudents() throws -> ClassReport {
        var submissions: [Submission] = []
        for number in 0..<10 {
            var answers: [String: Set<String>] = ["Q1": ["B"], "Q2": ["A"]]
            if number < 3 { answers["Q3"] = ["E"] } else if number >= 7 { answers["Q3"] = ["D"] }
            if number < 3 { answers["Q4"] = ["A"] }
            if number >= 3 && number < 7 { answers["Q3"] = ["D"]; answers["Q4"] = ["A"] }
            submissions.append(submission("s\(number)", answers, line: number + 2))
        }
        let quiz = try GradableQuiz(id: "sample", questions: [
            GradableQuestion(id: "Q1", options: ["A", "B", "C", "D"], correct: ["B"], kind: .single),
            GradableQuestion(id: "Q2", options: ["A", "B", "C", "D"], correct: ["A", "C"], kind: .multiple),
            GradableQuestion(id: "Q3", options: ["A", "B", "C", "D", "E"], correct: ["D"], kind: .single),
            GradableQuestion(id: "Q4", options: ["A", "B"], correct: ["A"], kind: .single, weight: 3),
        ])
        return ClassReport(quiz: quiz, batch: SubmissionBatch(submissions: submissions))
    }

    @Test func gradesEveryStudentInReadingOrder() throws {
        let report = try tenStudents()
        #expect(report.results.map(\.student) == (0..<10).map { "s\($0)" })
        #expect(report.results.map(\.score.points) == [4, 4, 4, 5, 5, 5, 5, 2, 2, 2])
        #expect(report.problems.isEmpty)
    }

    @Test func flagsQuestionsThatEverybodyOrNobodyGotRight() throws {
        let items = try tenStudents().items
        #expect(items[0].flags == [.everybodyCorrect])
        #expect(items[0].shareCorrect == 1)
        #expect(items[1].flags == [.nobodyCorrect])
        #expect(items[1].distractors.map(\.chosen) == [0, 0])
        #expect(items[1].options.first { $0.letter == "A" }?.chosen == 10)
    }

    @Test func discriminationIsTopShareCorrectMinusBottomShareCorrect() throws {
        let items = try tenStudents().items
        #expect(items[0].groupSize == 3)
        // Top group: s3, s4, s5 (5 points); bottom: s7, s8, s9 (2 points).
        #expect(items[2].discrimination == 0)  // both groups chose D
        #expect(items[3].discrimination == 1)  // top all right on Q4, bottom all blank
        #expect(items[3].blank == 3)
    }

    @Test func flagsAKeyWhenTheTopGroupPrefersADistractor() throws {
        var submissions: [Submission] = []
        for number in 0..<10 {
            let strong = number < 3
            submissions.append(submission("s\(number)", [
                "Q1": strong ? ["C"] : ["B"],         // the strong students all pick C over the key B
                "Q2": strong ? ["A"] : ["B"],         // Q2 tells strong from weak
            ]))
        }
        let quiz = try GradableQuiz(id: "keys", questions: [
            GradableQuestion(id: "Q1", options: ["A", "B", "C"], correct: ["B"], kind: .single),
            GradableQuestion(id: "Q2", options: ["A", "B"], correct: ["A"], kind: .single, weight: 5),
        ])
        let items = ClassReport(quiz: quiz, batch: SubmissionBatch(submissions: submissions)).items
        // C attracts the strong students: the 27% groups and the point-biserial both say so.
        #expect(items[0].flags == [.keyLooksWrong, .positiveDistractor])
        #expect(items[0].discrimination == -1)
        #expect(items[0].options.map(\.chosenByTopGroup) == [0, 0, 3])
        #expect(!items[1].flags.contains(.keyLooksWrong))
        // Q2's rest score is Q1 alone, whose wrong key rewards the weak students, so Q2's
        // distractor correlates positively too: one broken question skews the others' correlations.
        #expect(items[1].flags == [.positiveDistractor])
    }

    @Test func unknownQuestionsOptionsQuizzesAndRepeatedStudentsAreSkippedWithAReason() throws {
        let quiz = try GradingFixtures.threeQuestions()
        let batch = SubmissionBatch(
            submissions: [
                submission("ada", ["Q1": ["B"]], line: 2),
                submission("grace", ["Q9": ["B"]], line: 3),
                submission("alan", ["Q1": ["Z"]], line: 4),
                submission("ada", ["Q1": ["C"]], line: 5),
                Submission(student: "edsger", answers: [:], source: SubmissionSource(file: "e.json"), quizID: "other"),
            ],
            problems: [SubmissionProblem(source: SubmissionSource(file: "class.csv", line: 9), message: "read problem")])
        let report = ClassReport(quiz: quiz, batch: batch)
        #expect(report.results.map(\.student) == ["ada"])
        #expect(report.problems.map(\.description) == [
            "class.csv:9: read problem",
            "class.csv:3: quiz 'sample' has no question Q9 (it has Q1–Q3)",
            "class.csv:4: Q1 answer Z is not an option; the options are A, B, C, D",
            "class.csv:5: repeats student 'ada' (first at class.csv:2); keep one submission a student",
            "e.json: answers quiz 'other', not 'sample'; grade it with that quiz",
        ])
    }

    @Test func anEmptyClassHasNoFlagsAndNoDiscrimination() throws {
        let report = ClassReport(quiz: try GradingFixtures.threeQuestions(), batch: SubmissionBatch())
        #expect(report.items.allSatisfy { $0.flags.isEmpty && $0.discrimination == nil })
        #expect(report.meanFraction == 0)
    }

    @Test func shownSubmissionsAreGradedThroughTheStudentsShuffle() throws {
        let quiz = try GradingFixtures.threeQuestions(shuffle: true)
        let shuffle = QuizShuffle(quiz: quiz, student: "ada")
        let key = AnswerSheet(["Q1": ["B"], "Q2": ["A", "C"], "Q3": ["D"]])
        let shown = shuffle.shownAnswers(for: key)
        let submission = Submission(
            student: "ada", answers: Dictionary(uniqueKeysWithValues: shown.map { ("Q\($0.key + 1)", $0.value) }),
            letters: .shown, source: SubmissionSource(file: "ada.json"))
        let report = ClassReport(quiz: quiz, batch: SubmissionBatch(submissions: [submission]))
        #expect(report.results.first?.score.points == 4)
    }
}
