import LabKit
import Testing
@testable import LabRun

/// The worked example of docs/grading.md ("A worked example"), number for number. The expected
/// values are the exact fractions worked out by hand in that section (and checked there with
/// Python's `statistics` module), not values printed by labrun.
@Suite struct ItemStatisticsWorkedExampleTests {
    /// Six students, four single-answer questions of one point; the answers of the docs' table.
    static func report(minimumResponses: Int = 2) throws -> ClassReport {
        let answers: [(String, [String: Set<String>])] = [
            ("ann", ["Q1": ["A"], "Q2": ["B"], "Q3": ["C"], "Q4": ["D"]]),
            ("ben", ["Q1": ["A"], "Q2": ["B"], "Q3": ["C"], "Q4": ["C"]]),
            ("cat", ["Q1": ["A"], "Q2": ["B"], "Q3": ["A"], "Q4": ["D"]]),
            ("dan", ["Q1": ["A"], "Q2": ["A"], "Q3": ["C"], "Q4": ["A"]]),
            ("eve", ["Q1": ["B"], "Q2": ["B"], "Q3": ["A"]]),
            ("fay", ["Q1": ["C"], "Q3": ["D"]]),
        ]
        let quiz = try GradableQuiz(id: "worked", questions: [
            GradableQuestion(id: "Q1", options: ["A", "B", "C"], correct: ["A"], kind: .single),
            GradableQuestion(id: "Q2", options: ["A", "B", "C"], correct: ["B"], kind: .single),
            GradableQuestion(id: "Q3", options: ["A", "B", "C", "D"], correct: ["C"], kind: .single),
            GradableQuestion(id: "Q4", options: ["A", "B", "C", "D"], correct: ["D"], kind: .single),
        ])
        let submissions = answers.enumerated().map { index, entry in
            Submission(student: entry.0, answers: entry.1, source: SubmissionSource(file: "worked.csv", line: index + 2))
        }
        return ClassReport(quiz: quiz, batch: SubmissionBatch(submissions: submissions), minimumResponses: minimumResponses)
    }

    func close(_ value: Double?, _ expected: Double) -> Bool {
        guard let value else { return false }
        return abs(value - expected) < 1e-12
    }

    @Test func totalsHaveTheDocumentedMeanSpreadAndMedian() throws {
        let test = try Self.report().statistics.test
        #expect(try Self.report().results.map(\.score.points) == [4, 3, 3, 2, 1, 0])
        #expect(close(test.mean, 13.0 / 6))
        #expect(close(test.standardDeviation, (13.0 / 6).squareRoot()))
        #expect(test.median == 2.5)
        #expect(test.histogram.map(\.students) == [1, 0, 1, 0, 0, 1, 0, 2, 0, 1])
    }

    @Test func kr20AndTheStandardErrorOfMeasurementAreTheHandComputedFractions() throws {
        let test = try Self.report().statistics.test
        #expect(test.reliabilityMethod == .kr20)
        #expect(close(test.reliability, 128.0 / 195))
        #expect(close(test.standardErrorOfMeasurement, (67.0 / 90).squareRoot()))
    }

    @Test func itemRestCorrelationsAndEfficiencyAreTheHandComputedValues() throws {
        let items = try Self.report().items
        #expect(close(items[0].itemRestCorrelation, 2 / (22.0 / 3).squareRoot()))
        #expect(close(items[0].discriminativeEfficiency, 1))
        #expect(close(items[3].itemRestCorrelation, 4 / 82.0.squareRoot()))
        #expect(close(items[3].discriminativeEfficiency, 4.0 / 7))
        #expect(items[0].discrimination == 1)
        #expect(items[0].facility == 4.0 / 6)
    }

    @Test func optionPointBiserialsFlagADistractorThatStrongStudentsChose() throws {
        let items = try Self.report().items
        let q1B = items[0].options.first { $0.letter == "B" }
        #expect(close(q1B?.pointBiserial, -0.5 / (55.0 / 12).squareRoot()))
        let q4C = items[3].options.first { $0.letter == "C" }
        #expect(close(q4C?.pointBiserial, 7 / 205.0.squareRoot()))
        #expect(items[3].flags.contains(.positiveDistractor))
        #expect(!items[0].flags.contains(.positiveDistractor))
        // Nobody chose Q2 C: a column without spread has no correlation, rather than 0.
        #expect(items[1].options.first { $0.letter == "C" }?.pointBiserial == nil)
    }

    @Test func belowTheMinimumResponsesCorrelationsAndReliabilityAreWithheld() throws {
        let report = try Self.report(minimumResponses: 7)
        #expect(report.statistics.test.tooFewAnswers)
        #expect(report.statistics.test.reliability == nil)
        #expect(report.statistics.test.standardErrorOfMeasurement == nil)
        #expect(report.items.allSatisfy { $0.itemRestCorrelation == nil && $0.discriminativeEfficiency == nil })
        #expect(report.items.allSatisfy { $0.options.allSatisfy { $0.pointBiserial == nil } })
        // Descriptive figures do not need many students.
        #expect(report.statistics.test.median == 2.5)
        let table = ClassReportText.table(report, terminal: Terminal(usesColor: false, width: 100))
        #expect(table.contains("KR-20 too few answers (6 of the 7 needed)"))
        let csv = ClassReportText.statisticsCSV(report)
        #expect(csv.contains("test,,,reliability,too few answers\n"))
        #expect(csv.contains("option,Q4,C,point_biserial,too few answers\n"))
    }

    @Test func theStatisticsCSVHasEveryFigureAtFullPrecision() throws {
        let csv = ClassReportText.statisticsCSV(try Self.report())
        #expect(csv.hasPrefix("scope,question,option,statistic,value\ntest,,,students,6\n"))
        #expect(csv.contains("test,,,reliability_method,KR-20\n"))
        #expect(csv.contains("test,,,reliability,\(128.0 / 195)\n") || csv.contains("test,,,reliability,0.656410256410256"))
        #expect(csv.contains("item,Q4,,flags,positive-distractor\n"))
        #expect(csv.contains("option,Q2,C,point_biserial,\n"))
    }
}
