import Bias
import Foundation
import LabRun

/// Class-wide auto-grading: 1,000 students × 20 questions graded with item analysis, from
/// in-memory submissions and from a CSV text (the `labrun grade` path). Target: ≤ 1 s each.
struct GradingSuite: BenchmarkSuite {
    let name = "grading"
    let summary = "grade 1,000 students x 20 questions with item analysis (target <= 1000 ms)"

    func run() throws -> [BenchmarkResult] {
        var generator = SplitMix64(seed: 2026)
        let letters = ["A", "B", "C", "D", "E"]
        let questions = try (1...20).map { number in
            let multiple = number % 4 == 0
            let correct: Set<String> = multiple ? ["A", "C"] : [letters[generator.next(below: 5)]]
            return try GradableQuestion(
                id: "Q\(number)", options: letters, correct: correct, kind: multiple ? .multiple : .single,
                policy: multiple ? .partialCredit : nil, weight: Double(1 + number % 3))
        }
        let quiz = try GradableQuiz(id: "bench", questions: questions, passThreshold: 0.6,
                                    shuffleQuestions: true, shuffleOptions: true)
        var submissions: [Submission] = []
        var csv = "student," + questions.map(\.id).joined(separator: ",") + "\n"
        for student in 0..<1000 {
            var answers: [String: Set<String>] = [:]
            var row = ["student-\(student)"]
            for question in questions {
                // Stronger students (low numbers) pick the key more often.
                let chosen: Set<String> = generator.next(below: 1000) > student
                    ? question.correct
                    : [letters[generator.next(below: 5)]]
                answers[question.id] = chosen
                row.append(chosen.sorted().joined())
            }
            // Every fourth student answered in the letters of their own shuffled quiz.
            let shown = student % 4 == 0
            let source = SubmissionSource(file: "bench.csv", line: student + 2)
            if shown {
                let view = QuizShuffle(quiz: quiz, student: row[0]).shownAnswers(for: AnswerSheet(answers))
                submissions.append(Submission(
                    student: row[0], answers: Dictionary(uniqueKeysWithValues: view.map { ("Q\($0.key + 1)", $0.value) }),
                    letters: .shown, source: source))
            } else {
                submissions.append(Submission(student: row[0], answers: answers, source: source))
            }
            csv += row.joined(separator: ",") + "\n"
        }
        let batch = SubmissionBatch(submissions: submissions)
        var checksum = 0.0
        let inMemory = measureSeconds(runs: 10, warmup: 1) {
            let report = ClassReport(quiz: quiz, batch: batch)
            checksum += report.meanFraction + (report.items.first?.discrimination ?? 0)
        }
        let fromCSV = measureSeconds(runs: 10, warmup: 1) {
            let read = CSVSubmissionReader.read(text: csv, file: "bench.csv")
            let report = ClassReport(quiz: quiz, batch: read)
            checksum += report.meanFraction
        }
        guard checksum.isFinite else { throw GradingError("benchmark produced a non-finite score") }
        return [
            .latency(suite: name, name: "1000x20 graded + item analysis", seconds: inMemory),
            .latency(suite: name, name: "1000x20 CSV read + graded + analysis", seconds: fromCSV),
        ]
    }
}
