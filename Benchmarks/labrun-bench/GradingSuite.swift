import Bias
import Foundation
import LabRun

/// Class-wide auto-grading: 1,000 students × 20 questions graded with item analysis, from
/// in-memory submissions and from a CSV text (the `labrun grade` path); and 10,000 students × 50
/// questions graded with every statistic (item-rest and option correlations, efficiency, KR-20/α,
/// SEM, histogram, first attempts against latest). Target: ≤ 1 s each.
struct GradingSuite: BenchmarkSuite {
    let name = "grading"
    let summary = "grade 1,000 x 20 with item analysis; 10,000 x 50 with every statistic (target <= 1000 ms)"

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
        let (large, withFirstAttempts, statisticsSeconds, largeChecksum) = try largeClass()
        checksum += largeChecksum
        guard checksum.isFinite else { throw GradingError("benchmark produced a non-finite score") }
        return [
            .latency(suite: name, name: "1000x20 graded + item analysis", seconds: inMemory),
            .latency(suite: name, name: "1000x20 CSV read + graded + analysis", seconds: fromCSV),
            .latency(suite: name, name: "10000x50 graded + every statistic", seconds: large),
            .latency(suite: name, name: "10000x50 x2 sittings, first vs latest", seconds: withFirstAttempts),
            .latency(suite: name, name: "10000x50 every statistic of graded scores", seconds: statisticsSeconds),
        ]
    }

    /// 10,000 students × 50 questions of 5 options (every fifth multiple-answer with partial credit),
    /// answers drawn from a one-parameter response model so that the correlations are not all noise;
    /// graded with the full statistics, first attempts (a second, weaker sitting) included.
    private func largeClass() throws -> (oneSitting: [Double], withFirstAttempts: [Double], statisticsOnly: [Double],
                                         checksum: Double) {
        var generator = SplitMix64(seed: 50)
        let letters = ["A", "B", "C", "D", "E"]
        let questions = try (1...50).map { number in
            let multiple = number % 5 == 0
            return try GradableQuestion(
                id: "Q\(number)", options: letters, correct: multiple ? ["B", "D"] : [letters[number % 5]],
                kind: multiple ? .multiple : .single, policy: multiple ? .partialCredit : nil)
        }
        let quiz = try GradableQuiz(id: "bench-large", questions: questions, passThreshold: 0.6)
        func sitting(strength: Int) -> SubmissionBatch {
            SubmissionBatch(submissions: (0..<10_000).map { student in
                var answers: [String: Set<String>] = [:]
                let ability = student % 100 + strength
                for (index, question) in questions.enumerated() {
                    // Harder questions (higher index) need more ability to be answered right.
                    answers[question.id] = generator.next(below: 150) < ability + 50 - index
                        ? question.correct : [letters[generator.next(below: 5)]]
                }
                return Submission(student: "student-\(student)", answers: answers,
                                  source: SubmissionSource(file: "bench", line: student + 2))
            })
        }
        let latest = sitting(strength: 20)
        let first = sitting(strength: 0)
        let statisticsSeconds = statisticsOnly(quiz: quiz, batch: latest)
        var checksum = 0.0
        let oneSitting = measureSeconds(runs: 5, warmup: 1) {
            let report = ClassReport(quiz: quiz, batch: latest)
            checksum += (report.statistics.test.reliability ?? 0) + (report.items[0].itemRestCorrelation ?? 0)
        }
        let seconds = measureSeconds(runs: 5, warmup: 1) {
            let report = ClassReport(quiz: quiz, batch: latest, firstAttempts: first)
            checksum += (report.statistics.test.reliability ?? 0) + (report.items[0].itemRestCorrelation ?? 0)
                + (report.firstAttempts?.test.standardErrorOfMeasurement ?? 0)
        }
        return (oneSitting, seconds, statisticsSeconds, checksum)
    }

    /// The statistics alone, from scores already graded: what the figures add to grading.
    private func statisticsOnly(quiz: GradableQuiz, batch: SubmissionBatch) -> [Double] {
        let graded = batch.submissions.compactMap { submission in
            (try? submission.answerSheet(for: quiz)).map { (submission.student, quiz.grade($0)) }
        }
        var checksum = 0.0
        let seconds = measureSeconds(runs: 5, warmup: 1) {
            checksum += ItemAnalysis.statistics(quiz: quiz, attempts: graded).test.reliability ?? 0
        }
        return checksum.isFinite ? seconds : []
    }
}
