import Foundation

/// A student's answers in a file for `labrun quiz --answers-file F`.
///
/// - JSON (`.json`): the submission format of `JSONSubmissionReader`; `"student"` may be left out.
///   `{"answers": {"Q1": "C", "Q2": "BD"}}`
/// - CSV (anything else): either two columns `question,answer` with a row per question, or the
///   class format `student,Q1,Q2,…` with exactly one row.
public enum AnswerFile {
    /// The answers (question id → letters) and how their letters are to be read.
    /// - Throws: `QuizAnswerError` naming the file and line.
    /// `typed` names the questions answered by typing (numbers, words, orders), kept as written.
    public static func read(_ url: URL, label: String, student: String, typed: Set<String> = []) throws(QuizAnswerError) -> Submission {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw QuizAnswerError("\(label): cannot read the answers file (\(error.localizedDescription)); check the path")
        }
        if url.pathExtension.lowercased() == "json" {
            return try single(JSONSubmissionReader.read(data: data, file: label, defaultStudent: student, typed: typed), label: label)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw QuizAnswerError("\(label): the answers file is not UTF-8 text")
        }
        let csv = CSVRecords(text: text)
        let header = csv.records.first?.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? []
        if header.first == "student" {
            return try single(CSVSubmissionReader.read(text: text, file: label, typed: typed), label: label)
        }
        guard header == ["question", "answer"] else {
            throw QuizAnswerError("\(label):1: an answers CSV starts with `question,answer` (or `student,Q1,Q2,…`)")
        }
        if let line = csv.unclosedQuoteLine {
            throw QuizAnswerError("\(label):\(line): a quoted cell is never closed; add the closing \"")
        }
        var answers: [String: Set<String>] = [:]
        for record in csv.records.dropFirst() {
            guard record.fields.count == 2, let id = AnswerSheet.questionID(from: record.fields[0]) else {
                throw QuizAnswerError("\(label):\(record.line): write a question and its letters, like `Q3,BD`")
            }
            guard answers[id] == nil else {
                throw QuizAnswerError("\(label):\(record.line): \(id) is answered twice; keep one row")
            }
            if typed.contains(id) {
                let text = record.fields[1]
                answers[id] = text.trimmingCharacters(in: .whitespaces).isEmpty ? [] : [text]
                continue
            }
            do {
                answers[id] = try AnswerSheet.letters(in: record.fields[1])
            } catch {
                throw QuizAnswerError("\(label):\(record.line): \(id) \(error)")
            }
        }
        return Submission(student: student, answers: answers, source: SubmissionSource(file: label))
    }

    private static func single(_ batch: SubmissionBatch, label: String) throws(QuizAnswerError) -> Submission {
        if let problem = batch.problems.first { throw QuizAnswerError(problem.description) }
        guard batch.submissions.count == 1, let submission = batch.submissions.first else {
            throw QuizAnswerError("\(label): holds \(batch.submissions.count) submissions; an answers file holds one student's answers")
        }
        return submission
    }
}
