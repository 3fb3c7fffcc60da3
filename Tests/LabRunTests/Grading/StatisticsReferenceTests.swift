import Foundation
import Testing
@testable import LabRun

/// Every statistic of a simulated class of 240 students against an independent computation:
/// `scripts/reference/grading_stats.py` simulated the class (a seeded three-parameter item-response
/// model), wrote its answers as a CSV and computed the statistics with Python's `statistics`
/// module. Here the CSV goes through `labrun grade`'s own reader and grader; figures must agree to 1e-9.
@Suite struct StatisticsReferenceTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/grading")

    struct Reference: Decodable {
        struct Question: Decodable {
            let id: String
            let options: [String]
            let key: [String]
            let multiple: Bool
            let weight: Double
        }
        struct Option: Decodable {
            let letter: String
            let key: Bool
            let chosen: Int
            let pointBiserial: Double?
        }
        struct Item: Decodable {
            let question: String
            let facility: Double
            let shareCorrect: Double
            let blank: Int
            let discrimination: Double
            let itemRestCorrelation: Double?
            let discriminativeEfficiency: Double?
            let options: [Option]
        }
        struct Scheme: Decodable {
            let scheme: String
            let students: Int
            let maximumPoints: Double
            let mean: Double
            let standardDeviation: Double
            let median: Double
            let histogram: [Int]
            let reliabilityMethod: String
            let reliability: Double
            let standardErrorOfMeasurement: Double
            let items: [Item]
        }
        let quiz: [Question]
        let schemes: [Scheme]
    }

    static func reference() throws -> Reference {
        let data = try Data(contentsOf: folder.appendingPathComponent("simulated-class-reference.json"))
        return try JSONDecoder().decode(Reference.self, from: data)
    }

    /// The quiz under `scheme`: `dichotomous` is all-or-nothing with one point a question;
    /// `weighted-partial` gives multiple-answer questions partial credit and uses the weights.
    static func quiz(_ reference: Reference, scheme: String) throws -> GradableQuiz {
        let weighted = scheme == "weighted-partial"
        let questions = try reference.quiz.map {
            try GradableQuestion(id: $0.id, options: $0.options, correct: Set($0.key), kind: $0.multiple ? .multiple : .single,
                                 weight: weighted ? $0.weight : 1)
        }
        return try GradableQuiz(id: "simulated", questions: questions, policy: weighted ? .partialCredit : .allOrNothing)
    }

    func matches(_ value: Double?, _ expected: Double?, _ what: String) {
        switch (value, expected) {
        case (nil, nil): break
        case let (value?, expected?):
            #expect(abs(value - expected) <= 1e-9, "\(what): \(value) vs reference \(expected)")
        default:
            Issue.record("\(what): \(String(describing: value)) vs reference \(String(describing: expected))")
        }
    }

    @Test(arguments: ["dichotomous", "weighted-partial"])
    func everyStatisticMatchesTheIndependentComputation(scheme name: String) throws {
        let reference = try Self.reference()
        let scheme = try #require(reference.schemes.first { $0.scheme == name })
        let batch = CSVSubmissionReader.read(file: Self.folder.appendingPathComponent("simulated-class.csv"))
        #expect(batch.problems.isEmpty)
        let report = ClassReport(quiz: try Self.quiz(reference, scheme: name), batch: batch)
        let test = report.statistics.test
        #expect(test.students == scheme.students)
        #expect(!test.tooFewAnswers)
        #expect(test.maximumPoints == scheme.maximumPoints)
        #expect(test.reliabilityMethod.rawValue == scheme.reliabilityMethod)
        #expect(test.histogram.map(\.students) == scheme.histogram)
        matches(test.mean, scheme.mean, "mean")
        matches(test.standardDeviation, scheme.standardDeviation, "SD")
        matches(test.median, scheme.median, "median")
        matches(test.reliability, scheme.reliability, scheme.reliabilityMethod)
        matches(test.standardErrorOfMeasurement, scheme.standardErrorOfMeasurement, "SEM")
        #expect(report.items.count == scheme.items.count)
        for (item, expected) in zip(report.items, scheme.items) {
            #expect(item.questionID == expected.question)
            #expect(item.blank == expected.blank, "\(item.questionID) blank")
            matches(item.facility, expected.facility, "\(item.questionID) facility")
            matches(item.shareCorrect, expected.shareCorrect, "\(item.questionID) share correct")
            matches(item.discrimination, expected.discrimination, "\(item.questionID) discrimination")
            matches(item.itemRestCorrelation, expected.itemRestCorrelation, "\(item.questionID) item-rest r")
            matches(item.discriminativeEfficiency, expected.discriminativeEfficiency, "\(item.questionID) efficiency")
            #expect(item.options.map(\.letter) == expected.options.map(\.letter))
            for (option, expectedOption) in zip(item.options, expected.options) {
                #expect(option.isKey == expectedOption.key)
                #expect(option.chosen == expectedOption.chosen, "\(item.questionID) \(option.letter) chosen")
                matches(option.pointBiserial, expectedOption.pointBiserial, "\(item.questionID) \(option.letter) point-biserial")
            }
            let positive = expected.options.contains { !$0.key && ($0.pointBiserial ?? 0) > 0 }
            #expect(item.flags.contains(.positiveDistractor) == positive, "\(item.questionID) positive-distractor flag")
        }
    }

    @Test func theSimulatedClassIsLargeEnoughAndHasTheSeededPositiveDistractor() throws {
        let reference = try Self.reference()
        #expect(reference.schemes[0].students >= 200)
        let q6 = try #require(reference.schemes[0].items.first { $0.question == "Q6" })
        #expect((q6.options.first { $0.letter == "E" }?.pointBiserial ?? 0) > 0)
    }
}
