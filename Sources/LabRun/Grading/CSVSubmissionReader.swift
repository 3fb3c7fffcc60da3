import Foundation

/// Reads a class's submissions from CSV: a header `student,Q1,Q2,…` then one row a student, each
/// answer written as option letters (`C`, `BD`, `"B, D"`; empty for blank).
///
/// Header cells after `student` name questions as `Q3`, `q3` or `3`. Rows with the wrong number of
/// cells, no student, a repeated student or an answer that is not letters are reported with their
/// line and skipped. A bad header makes the whole file a single problem.
public enum CSVSubmissionReader {
    /// Reads the CSV file at `url`; `label` is the name used in problems (default: the path).
    /// `typed` names the questions whose answers are typed text (numbers, words, orders), kept as written.
    public static func read(file url: URL, label: String? = nil, letters: Submission.Letters = .canonical,
                            typed: Set<String> = []) -> SubmissionBatch {
        let name = label ?? url.path
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            return SubmissionBatch(problems: [SubmissionProblem(
                source: SubmissionSource(file: name), message: "cannot read the file (\(error.localizedDescription)); check the path")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return SubmissionBatch(problems: [SubmissionProblem(
                source: SubmissionSource(file: name), message: "is not UTF-8 text; export the sheet as CSV UTF-8")])
        }
        return read(text: text, file: name, letters: letters, typed: typed)
    }

    /// Reads CSV `text` as if from a file named `file`.
    public static func read(text: String, file: String, letters: Submission.Letters = .canonical,
                            typed: Set<String> = []) -> SubmissionBatch {
        let csv = CSVRecords(text: text)
        var batch = SubmissionBatch()
        guard let header = csv.records.first else {
            batch.problems.append(SubmissionProblem(
                source: SubmissionSource(file: file, line: 1),
                message: "has no header; the first line must be `student,Q1,Q2,…`"))
            return batch
        }
        let headerSource = SubmissionSource(file: file, line: header.line)
        guard header.fields.first?.trimmingCharacters(in: .whitespaces).lowercased() == "student" else {
            batch.problems.append(SubmissionProblem(
                source: headerSource,
                message: "the header must start with `student`, then the questions: `student,Q1,Q2,…`"))
            return batch
        }
        var questionIDs: [String] = []
        for (offset, cell) in header.fields.dropFirst().enumerated() {
            guard let id = AnswerSheet.questionID(from: cell) else {
                batch.problems.append(SubmissionProblem(
                    source: headerSource,
                    message: "header column \(offset + 2) is '\(cell)', not a question; name questions Q1, Q2, …"))
                return batch
            }
            guard !questionIDs.contains(id) else {
                batch.problems.append(SubmissionProblem(
                    source: headerSource, message: "header names \(id) twice; give each question one column"))
                return batch
            }
            questionIDs.append(id)
        }
        var seen: [String: Int] = [:]
        for record in csv.records.dropFirst() {
            let source = SubmissionSource(file: file, line: record.line)
            let student = record.fields[0].trimmingCharacters(in: .whitespaces)
            guard record.fields.count == header.fields.count else {
                batch.problems.append(SubmissionProblem(
                    source: source, student: student.isEmpty ? nil : student,
                    message: "has \(record.fields.count) cells but the header has \(header.fields.count); "
                        + "leave a blank answer empty (`ada,C,,BD`) rather than dropping its comma"))
                continue
            }
            guard !student.isEmpty else {
                batch.problems.append(SubmissionProblem(source: source, message: "has no student in the first column"))
                continue
            }
            if let first = seen[student] {
                batch.problems.append(SubmissionProblem(
                    source: source, student: student,
                    message: "repeats student '\(student)' (first on line \(first)); keep one row a student"))
                continue
            }
            var answers: [String: Set<String>] = [:]
            var bad: SubmissionProblem?
            for (questionID, cell) in zip(questionIDs, record.fields.dropFirst()) {
                if typed.contains(questionID) {
                    answers[questionID] = cell.trimmingCharacters(in: .whitespaces).isEmpty ? [] : [cell]
                    continue
                }
                do {
                    answers[questionID] = try AnswerSheet.letters(in: cell)
                } catch {
                    bad = SubmissionProblem(source: source, student: student, message: "\(questionID) \(error)")
                    break
                }
            }
            if let bad {
                batch.problems.append(bad)
                continue
            }
            seen[student] = record.line
            batch.submissions.append(Submission(student: student, answers: answers, letters: letters, source: source))
        }
        if let line = csv.unclosedQuoteLine {
            batch.problems.append(SubmissionProblem(
                source: SubmissionSource(file: file, line: line),
                message: "a quoted cell starting here is never closed; the rest of the file was skipped — add the closing \""))
        }
        return batch
    }
}
