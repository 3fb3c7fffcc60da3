import Foundation

/// Reads submissions from JSON files: one file a student (or an array of such objects), e.g.
///
/// ```json
/// {
///   "student": "ada",
///   "quiz": "generative-bias",
///   "letters": "canonical",
///   "answers": { "Q1": "C", "Q2": "BD", "3": ["A", "E"], "Q4": "" }
/// }
/// ```
///
/// `student` and `answers` are required. `quiz` is optional; when present it must be the quiz
/// being graded. `letters` is `canonical` (default: ids and letters as in the quiz file) or
/// `shown` (as this student saw their shuffled quiz). An answer is a string of letters or an
/// array of one-letter strings; `""`, `[]` or `null` is blank. Unknown keys are ignored.
public enum JSONSubmissionReader {
    /// Reads every `*.json` file directly inside `folder`, in name order.
    /// `typed` names the questions whose answers are typed text (numbers, words, orders), kept as written.
    public static func read(folder: URL, label: String? = nil, typed: Set<String> = []) -> SubmissionBatch {
        let name = label ?? folder.path
        let entries: [String]
        do {
            entries = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        } catch {
            return SubmissionBatch(problems: [SubmissionProblem(
                source: SubmissionSource(file: name), message: "cannot list the folder (\(error.localizedDescription))")])
        }
        let files = entries.filter { $0.lowercased().hasSuffix(".json") }.sorted()
        guard !files.isEmpty else {
            return SubmissionBatch(problems: [SubmissionProblem(
                source: SubmissionSource(file: name), message: "holds no .json files; put one submission a file there")])
        }
        var batch = SubmissionBatch()
        for file in files {
            batch.append(read(file: folder.appendingPathComponent(file),
                              label: (name as NSString).appendingPathComponent(file), typed: typed))
        }
        return batch
    }

    /// Reads one JSON file holding a submission object or an array of them.
    public static func read(file url: URL, label: String? = nil, typed: Set<String> = []) -> SubmissionBatch {
        let name = label ?? url.path
        do {
            return read(data: try Data(contentsOf: url), file: name, typed: typed)
        } catch {
            return SubmissionBatch(problems: [SubmissionProblem(
                source: SubmissionSource(file: name), message: "cannot read the file (\(error.localizedDescription)); check the path")])
        }
    }

    /// Reads JSON `data` as if from a file named `file`; `defaultStudent` stands in for a missing
    /// `"student"` (a student's own answers file need not name them).
    public static func read(data: Data, file: String, defaultStudent: String? = nil, typed: Set<String> = []) -> SubmissionBatch {
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            return SubmissionBatch(problems: [SubmissionProblem(
                source: SubmissionSource(file: file, line: errorLine(error, in: data)),
                message: "is not valid JSON; a submission looks like "
                    + #"{"student": "ada", "answers": {"Q1": "C", "Q2": "BD"}}"#)])
        }
        var batch = SubmissionBatch()
        if let array = json as? [Any] {
            for (offset, element) in array.enumerated() {
                switch submission(from: element, source: SubmissionSource(file: file), item: offset + 1, defaultStudent: defaultStudent, typed: typed) {
                case .success(let submission): batch.submissions.append(submission)
                case .failure(let problem): batch.problems.append(problem)
                }
            }
        } else {
            switch submission(from: json, source: SubmissionSource(file: file), item: nil, defaultStudent: defaultStudent, typed: typed) {
            case .success(let submission): batch.submissions.append(submission)
            case .failure(let problem): batch.problems.append(problem)
            }
        }
        return batch
    }

    private static func submission(
        from json: Any, source: SubmissionSource, item: Int?, defaultStudent: String?, typed: Set<String>
    ) -> Result<Submission, SubmissionProblem> {
        let place = item.map { "item \($0): " } ?? ""
        func problem(_ message: String, student: String? = nil) -> Result<Submission, SubmissionProblem> {
            .failure(SubmissionProblem(source: source, student: student, message: place + message))
        }
        guard let object = json as? [String: Any] else {
            return problem(#"must be an object like {"student": "ada", "answers": {"Q1": "C"}}"#)
        }
        guard let student = ((object["student"] as? String) ?? defaultStudent)?.trimmingCharacters(in: .whitespaces),
              !student.isEmpty else {
            return problem(#"has no "student"; add "student": "<their id>""#)
        }
        var letters = Submission.Letters.canonical
        if let value = object["letters"] {
            guard let text = value as? String, let parsed = Submission.Letters(rawValue: text) else {
                return problem(#""letters" must be "canonical" or "shown""#, student: student)
            }
            letters = parsed
        }
        var quizID: String?
        if let value = object["quiz"], !(value is NSNull) {
            guard let text = value as? String else {
                return problem(#""quiz" must be the quiz id as a string"#, student: student)
            }
            quizID = text
        }
        guard let rawAnswers = object["answers"] as? [String: Any] else {
            return problem(#"has no "answers" object; add "answers": {"Q1": "C", "Q2": "BD"}"#, student: student)
        }
        var answers: [String: Set<String>] = [:]
        for (key, value) in rawAnswers {
            guard let questionID = AnswerSheet.questionID(from: key) else {
                return problem("answer key '\(key)' is not a question; use Q1, Q2, …", student: student)
            }
            guard answers[questionID] == nil else {
                return problem("answers \(questionID) twice", student: student)
            }
            let text: String
            if value is NSNull {
                text = ""
            } else if let string = value as? String {
                text = string
            } else if typed.contains(questionID), let number = value as? NSNumber, !(value is Bool) {
                text = number.stringValue
            } else if let array = value as? [Any], array.allSatisfy({ $0 is String }) {
                text = array.compactMap { $0 as? String }.joined(separator: ",")
            } else {
                return problem(#"\#(questionID) must be letters like "BD" or ["B", "D"]"#, student: student)
            }
            if typed.contains(questionID) {
                answers[questionID] = text.trimmingCharacters(in: .whitespaces).isEmpty ? [] : [text]
                continue
            }
            do {
                answers[questionID] = try AnswerSheet.letters(in: text)
            } catch {
                return problem("\(questionID) \(error)", student: student)
            }
        }
        return .success(Submission(student: student, answers: answers, letters: letters, source: source, quizID: quizID))
    }

    /// The 1-based line of a JSON syntax error, when Foundation says where it is.
    private static func errorLine(_ error: any Error, in data: Data) -> Int? {
        let info = (error as NSError).userInfo
        guard let offset = info["NSJSONSerializationErrorIndex"] as? Int, offset >= 0 else { return nil }
        return 1 + data.prefix(offset).reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
    }
}
