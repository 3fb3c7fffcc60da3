import Foundation

extension LabLinter {
    /// Rules across files: unique ids, quizzes against their keys, keys against their questions,
    /// labs against their quizzes and answer keys.
    func crossCheck(_ set: LabFileSet) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        diagnostics += uniqueIDs(set.labs.map { ($0.content.id, $0.content.file, $0.content.frontMatter.position(of: "id")) },
                                 kind: "lab")
        diagnostics += uniqueIDs(set.quizzes.map { ($0.content.id, $0.content.file, $0.content.positions["id"] ?? .start) },
                                 kind: "quiz")
        diagnostics += uniqueIDs(set.answerKeys.map { ($0.content.quiz, $0.content.file, $0.content.positions["quiz"] ?? .start) },
                                 kind: "answer key for quiz")
        let labs = Dictionary(set.labs.map { ($0.content.id, $0.content) }, uniquingKeysWith: { first, _ in first })
        let quizzes = Dictionary(set.quizzes.map { ($0.content.id, $0.content) }, uniquingKeysWith: { first, _ in first })
        let keysByQuiz = Dictionary(set.answerKeys.map { ($0.content.quiz, $0.content) }, uniquingKeysWith: { first, _ in first })
        let checkedQuizzes = !set.quizzes.isEmpty
        let checkedKeys = !set.answerKeys.isEmpty

        for lab in labs.values {
            if let quizID = lab.frontMatter.quiz, checkedQuizzes, quizzes[quizID] == nil {
                diagnostics.append(.warning("quiz `\(quizID)` is not among the checked quizzes; add Quizzes/\(quizID).md or fix `quiz:`",
                                            file: lab.file, at: lab.frontMatter.position(of: "quiz"), rule: "reference"))
            }
            // Step questions with options are graded: each needs exactly one key.
            let key = set.answerKeys.first { $0.content.lab == lab.id }?.content
                ?? lab.frontMatter.quiz.flatMap { keysByQuiz[$0] }
            let stepQuestions = lab.steps.flatMap(\.questions).filter(\.isMultipleChoice)
            guard checkedKeys || !stepQuestions.isEmpty else { continue }
            for question in stepQuestions {
                guard let key else {
                    diagnostics.append(.error(
                        "\(question.reference) has options but no answer key; add `### Q\(question.reference.number)` with `Answer: …` under `## Step \(question.reference.step ?? 0)` in Solutions/\(lab.frontMatter.quiz ?? lab.id).md",
                        file: lab.file, at: question.position, rule: "answer-key"))
                    continue
                }
                diagnostics += keyed(question, by: key, questionFile: lab.file)
            }
        }

        for quiz in quizzes.values {
            if let labID = quiz.lab, !set.labs.isEmpty, labs[labID] == nil {
                diagnostics.append(.warning("lab `\(labID)` is not among the checked labs; fix `lab:` or add Labs/\(labID).md",
                                            file: quiz.file, at: quiz.positions["lab"] ?? .start, rule: "reference"))
            }
            let graded = quiz.questions.filter(\.isGraded)
            guard let key = keysByQuiz[quiz.id] else {
                if !graded.isEmpty {
                    diagnostics.append(.error(
                        "quiz `\(quiz.id)` has multiple-choice questions but no answer key; create Solutions/\(quiz.id).md with a `## Q<n>` section and `Answer: …` for each",
                        file: quiz.file, at: graded[0].position, rule: "answer-key"))
                }
                continue
            }
            for question in graded { diagnostics += keyed(question, by: key, questionFile: quiz.file) }
        }

        for key in set.answerKeys.map(\.content) {
            let quiz = quizzes[key.quiz]
            if quiz == nil, checkedQuizzes, key.lab == nil {
                diagnostics.append(.warning("quiz `\(key.quiz)` is not among the checked quizzes; fix `quiz:` or add Quizzes/\(key.quiz).md",
                                            file: key.file, at: key.positions["quiz"] ?? .start, rule: "reference"))
            }
            let labID = key.lab ?? quiz?.lab ?? labs.values.first { $0.frontMatter.quiz == key.quiz }?.id
            let lab = labID.flatMap { labs[$0] }
            if let labID, key.lab != nil, lab == nil, !set.labs.isEmpty {
                diagnostics.append(.warning("lab `\(labID)` is not among the checked labs; fix `lab:` or add Labs/\(labID).md",
                                            file: key.file, at: key.positions["lab"] ?? .start, rule: "reference"))
            }
            for questionKey in key.questions {
                let question: Question?
                let known: Bool
                if let step = questionKey.reference.step {
                    question = lab?.step(step)?.questions.first { $0.reference == questionKey.reference }
                    known = lab != nil
                } else {
                    question = quiz?.question(questionKey.reference.number)
                    known = quiz != nil
                }
                if let question, !question.isGraded, !questionKey.answers.isEmpty {
                    diagnostics.append(.error(
                        "\(questionKey.reference) is an open question (no options) but its key names \(questionKey.answers.joined(separator: ", ")); remove `Answer:` and write a model answer, or add options to the question",
                        file: key.file, at: questionKey.answerPosition, rule: "answer-key"))
                }
                if known, question == nil {
                    diagnostics.append(.error(
                        "\(questionKey.reference) has a key but no such question exists; remove the key or fix its number",
                        file: key.file, at: questionKey.position, rule: "key-without-question"))
                }
            }
            if let lab {
                for exercise in key.exercises where lab.step(exercise.step) == nil {
                    diagnostics.append(.error(
                        "lab `\(lab.id)` has no Step \(exercise.step); remove this section or fix its number",
                        file: key.file, at: exercise.position, rule: "key-without-question"))
                }
            }
        }
        return diagnostics
    }

    /// `question` against the key file: exactly one key, naming existing options, one letter
    /// for a single-answer question, feedback only for existing options.
    private func keyed(_ question: Question, by key: AnswerKey, questionFile: String) -> [Diagnostic] {
        let keys = key.questions.filter { $0.reference == question.reference }
        guard let questionKey = keys.first else {
            let heading = question.reference.step.map { "`### Q\(question.reference.number)` under `## Step \($0)`" }
                ?? "`## Q\(question.reference.number)`"
            return [.error("\(question.reference) has no answer key; add \(heading) with `Answer: …` to \(key.file)",
                           file: questionFile, at: question.position, rule: "answer-key")]
        }
        switch question.format {
        case .choice, .trueFalse: break
        case .numeric, .shortAnswer, .ordering: return typedAnswerKey(question, questionKey, file: key.file)
        }
        var diagnostics: [Diagnostic] = []
        let letters = question.options.map(\.letter).joined(separator: ", ")
        if questionKey.answers.isEmpty {
            diagnostics.append(.error("the key of \(question.reference) has no `Answer:` line; add one naming \(letters.isEmpty ? "an option" : "one of " + letters)",
                                      file: key.file, at: questionKey.position, rule: "answer-key"))
        }
        for answer in questionKey.answers where question.option(answer) == nil {
            diagnostics.append(.error("the key of \(question.reference) names option \(answer), which does not exist; options are \(letters)",
                                      file: key.file, at: questionKey.answerPosition, rule: "answer-key"))
        }
        if !question.allowsMultipleAnswers, questionKey.answers.count > 1 {
            diagnostics.append(.error(
                "\(question.reference) takes a single answer but its key names \(questionKey.answers.joined(separator: ", ")); keep one, or add `multiple` to the question's heading",
                file: key.file, at: questionKey.answerPosition, rule: "answer-key"))
        }
        for feedback in questionKey.feedback {
            if question.option(feedback.letter) == nil {
                diagnostics.append(.error("feedback for option \(feedback.letter) of \(question.reference), which does not exist; options are \(letters)",
                                          file: key.file, at: feedback.position, rule: "answer-key"))
            } else if questionKey.isCorrect(feedback.letter) {
                diagnostics.append(.warning("feedback for option \(feedback.letter) of \(question.reference), which is correct; feedback is for wrong options (use the explanation)",
                                            file: key.file, at: feedback.position, rule: "answer-key"))
            }
        }
        return diagnostics
    }

    /// The key of a numeric, short-answer or ordering question: the line its format needs, and
    /// no letters where none apply.
    private func typedAnswerKey(_ question: Question, _ questionKey: QuestionKey, file: String) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        func error(_ message: String, at position: SourcePosition? = nil) {
            diagnostics.append(.error(message, file: file, at: position ?? questionKey.answerPosition, rule: "answer-key"))
        }
        switch question.format {
        case .numeric:
            if questionKey.numeric == nil {
                error("\(question.reference) is numeric; its key needs `Answer: = <value> ± <tolerance>`, like `Answer: = 0.35 ± 0.02`")
            }
        case .shortAnswer:
            if questionKey.acceptedForms.isEmpty && questionKey.acceptedPatterns.isEmpty {
                error("\(question.reference) is a short answer; its key needs `Accept: <answer>` lines (and optionally `Accept regex: <pattern>`)")
            }
        case .ordering:
            let letters = question.options.map(\.letter)
            if questionKey.order.isEmpty {
                error("\(question.reference) is an ordering question; its key needs `Order: \(letters.joined(separator: ", "))` in the right order")
            } else if questionKey.order.sorted() != letters.sorted() {
                error("`Order:` of \(question.reference) must name each of \(letters.joined(separator: ", ")) once, not \(questionKey.order.joined(separator: ", "))")
            }
        case .choice, .trueFalse:
            break
        }
        if question.format != .ordering, !questionKey.answers.isEmpty {
            error("\(question.reference) takes a typed answer, so `Answer: \(questionKey.answers.joined(separator: ", "))` names options it does not have; "
                + (question.format == .numeric ? "write `Answer: = 0.35 ± 0.02`" : "write `Accept: …` lines"))
        }
        if question.format == .ordering, !questionKey.answers.isEmpty {
            error("\(question.reference) is an ordering question; write its key as `Order: …`, not `Answer:`")
        }
        for feedback in questionKey.feedback where question.option(feedback.letter) == nil {
            error("feedback for option \(feedback.letter) of \(question.reference), which has no options; put the feedback in the explanation",
                  at: feedback.position)
        }
        return diagnostics
    }

    private func uniqueIDs(_ entries: [(String, String, SourcePosition)], kind: String) -> [Diagnostic] {
        var first: [String: String] = [:]
        var diagnostics: [Diagnostic] = []
        for (id, file, position) in entries {
            if let other = first[id] {
                diagnostics.append(.error("\(kind) id `\(id)` is also used by \(other); ids must be unique",
                                          file: file, at: position, rule: "unique-id"))
            } else {
                first[id] = file
            }
        }
        return diagnostics
    }

    /// Relative links and images whose file does not exist next to `url`.
    func brokenLinks(in document: MarkdownNode, file: String, next url: URL?) -> [Diagnostic] {
        guard let folder = url?.deletingLastPathComponent() else { return [] }
        var diagnostics: [Diagnostic] = []
        for node in document.descendants {
            let target: String
            let what: String
            switch node.kind {
            case let .link(destination, _): (target, what) = (destination, "link")
            case let .image(source, _): (target, what) = (source, "image")
            default: continue
            }
            guard let path = Self.localPath(target) else { continue }
            let resolved = path.hasPrefix("/") ? URL(fileURLWithPath: path) : folder.appendingPathComponent(path)
            if !FileManager.default.fileExists(atPath: resolved.path) {
                diagnostics.append(.error("broken \(what): `\(target)` does not exist next to this file; fix the path",
                                          file: file, at: node.position, rule: "broken-link"))
            }
        }
        return diagnostics
    }

    /// The file path of a relative link target, or nil for URLs, anchors and empty targets.
    static func localPath(_ target: String) -> String? {
        var path = target
        if let hash = path.firstIndex(of: "#") { path = String(path[..<hash]) }
        if let query = path.firstIndex(of: "?") { path = String(path[..<query]) }
        guard !path.isEmpty else { return nil }
        // A scheme (`https:`, `mailto:`) before any slash means a URL.
        if let colon = path.firstIndex(of: ":"), !path[..<colon].contains("/") { return nil }
        if path.hasPrefix("//") { return nil }
        return path.removingPercentEncoding ?? path
    }
}
