import Foundation

/// Checks labs, quizzes and answer keys, alone and against each other (`labrun check`).
///
/// Two checks need knowledge LabKit does not have and are injected: whether python code parses
/// (`validateCode`, wired to LabScript's parser) and whether a model id can be loaded
/// (`modelProblem`, wired to the model hub). Without them those rules are skipped.
public struct LabLinter: Sendable {
    /// Checks one LabScript block: given its code and the file line of its first line, returns
    /// problems at file positions. The `file` of each returned diagnostic is replaced by the
    /// checked file's path, so validators may leave it empty.
    public typealias CodeValidator = @Sendable (_ code: String, _ firstLine: Int) -> [Diagnostic]

    /// Parses python blocks (`python`, `python starter`, `python check`, reference code); nil skips the rule.
    public var validateCode: CodeValidator?
    /// Why a model id named in `models:` may not load (the end of a sentence that begins
    /// "model `id`", with the fix), or nil when it is on this machine or pullable; nil skips the rule.
    public var modelProblem: (@Sendable (String) -> String?)?

    /// A linter with the optional code validator and model catalogue.
    public init(validateCode: CodeValidator? = nil, modelProblem: (@Sendable (String) -> String?)? = nil) {
        self.validateCode = validateCode
        self.modelProblem = modelProblem
    }

    /// Every diagnostic for the files of `set`, sorted by file and position.
    public func lint(_ set: LabFileSet) -> LintReport {
        var diagnostics = set.unreadable
        for entry in set.labs { diagnostics += lint(lab: entry.content, at: entry.url) }
        for entry in set.quizzes { diagnostics += lint(quiz: entry.content, at: entry.url) }
        for entry in set.answerKeys { diagnostics += lint(answerKey: entry.content, at: entry.url) }
        diagnostics += crossCheck(set)
        return LintReport(diagnostics: diagnostics, filesChecked: set.count)
    }

    /// Diagnostics of one lab on its own: front matter, step numbering, code, outputs, hints,
    /// questions, models and relative links (resolved next to `url` when given).
    public func lint(lab: Lab, at url: URL? = nil) -> [Diagnostic] {
        var diagnostics = lab.diagnostics
        let file = lab.file
        diagnostics += stepNumbering(lab)
        var allBlocks: [(Int?, [Block])] = [(nil, lab.introduction)]
        allBlocks += lab.steps.map { ($0.number, $0.blocks) }
        for (_, blocks) in allBlocks {
            diagnostics += outputPlacement(blocks, file: file)
            for block in blocks {
                switch block {
                case let .code(code): diagnostics += check(code: code, file: file)
                case let .output(output): diagnostics += check(output: output, file: file)
                case let .hint(hint): diagnostics += check(hint: hint, file: file)
                case let .question(question): diagnostics += check(question: question, file: file)
                case .prose: break
                }
            }
        }
        if let modelProblem {
            for model in lab.frontMatter.models {
                guard let problem = modelProblem(model) else { continue }
                diagnostics.append(.warning("model `\(model)` \(problem)", file: file,
                                            at: lab.frontMatter.position(of: "models"), rule: "unknown-model"))
            }
        }
        if lab.steps.isEmpty {
            diagnostics.append(.warning("the lab has no steps; add a heading like `## Step 1: …`",
                                        file: file, at: .start, rule: "step-numbering"))
        }
        diagnostics += brokenLinks(in: lab.document, file: file, next: url)
        return diagnostics
    }

    /// Diagnostics of one quiz on its own: front matter, question numbering, options, links.
    public func lint(quiz: Quiz, at url: URL? = nil) -> [Diagnostic] {
        var diagnostics = quiz.diagnostics
        var seen: [Int: SourcePosition] = [:]
        for (index, question) in quiz.questions.enumerated() {
            let number = question.reference.number
            if let first = seen[number] {
                diagnostics.append(.error(
                    "Q\(number) appears twice (first at line \(first.line)); renumber the questions Q1, Q2, Q3…",
                    file: quiz.file, at: question.position, rule: "question-numbering"))
            } else if number != index + 1 {
                diagnostics.append(.warning(
                    "question \(index + 1) is numbered Q\(number); number the questions Q1, Q2, Q3… in order",
                    file: quiz.file, at: question.position, rule: "question-numbering"))
            }
            seen[number] = seen[number] ?? question.position
            diagnostics += check(question: question, file: quiz.file)
        }
        if quiz.questions.isEmpty {
            diagnostics.append(.warning("the quiz has no questions; add a heading like `## Q1`",
                                        file: quiz.file, at: .start, rule: "question-numbering"))
        }
        diagnostics += brokenLinks(in: quiz.document, file: quiz.file, next: url)
        return diagnostics
    }

    /// Diagnostics of one answer key on its own: front matter, hints, code, links.
    public func lint(answerKey key: AnswerKey, at url: URL? = nil) -> [Diagnostic] {
        var diagnostics = key.diagnostics
        var seen: [QuestionReference: SourcePosition] = [:]
        for question in key.questions {
            if let first = seen[question.reference] {
                diagnostics.append(.error(
                    "\(question.reference) is keyed twice (first at line \(first.line)); keep one key per question",
                    file: key.file, at: question.position, rule: "answer-key"))
            }
            seen[question.reference] = seen[question.reference] ?? question.position
            for hint in question.hints { diagnostics += check(hint: hint, file: key.file) }
        }
        var steps: [Int: SourcePosition] = [:]
        for exercise in key.exercises {
            if let first = steps[exercise.step] {
                diagnostics.append(.error(
                    "Step \(exercise.step) has two sections (first at line \(first.line)); merge them",
                    file: key.file, at: exercise.position, rule: "answer-key"))
            }
            steps[exercise.step] = steps[exercise.step] ?? exercise.position
            for code in exercise.referenceCode + exercise.checks { diagnostics += check(code: code, file: key.file) }
            for hint in exercise.hints { diagnostics += check(hint: hint, file: key.file) }
        }
        diagnostics += brokenLinks(in: key.document, file: key.file, next: url)
        return diagnostics
    }

    // MARK: - Rules on one file

    private func stepNumbering(_ lab: Lab) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var seen: [Int: SourcePosition] = [:]
        var previous = 0
        for step in lab.steps {
            if let first = seen[step.number] {
                diagnostics.append(.error(
                    "Step \(step.number) appears twice (first at line \(first.line)); number steps 1, 2, 3… once each",
                    file: lab.file, at: step.position, rule: "step-numbering"))
            } else if step.number != previous + 1 {
                let message = previous == 0
                    ? "the first step is Step \(step.number); steps start at Step 1"
                    : "Step \(step.number) follows Step \(previous); number steps 1, 2, 3… without gaps"
                diagnostics.append(.error(message, file: lab.file, at: step.position, rule: "step-numbering"))
            }
            seen[step.number] = seen[step.number] ?? step.position
            previous = max(previous, step.number)
        }
        return diagnostics
    }

    private func outputPlacement(_ blocks: [Block], file: String) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        // The last code block seen and whether it already has an output block.
        var last: (code: CodeBlock, hasOutput: Bool)?
        for block in blocks {
            switch block {
            case let .code(code):
                last = (code, false)
            case let .output(output):
                guard let current = last, current.code.role == .executable || current.code.role == .starter else {
                    diagnostics.append(.error(
                        "this `output` block has no python block before it; put it right after the ```python block whose output it shows",
                        file: file, at: output.position, rule: "output-placement"))
                    continue
                }
                if current.hasOutput {
                    diagnostics.append(.error(
                        "a second `output` block for the python block at line \(current.code.position.line); merge them into one",
                        file: file, at: output.position, rule: "output-placement"))
                }
                last?.hasOutput = true
            case .question:
                last = nil
            default:
                break
            }
        }
        return diagnostics
    }

    private func check(code: CodeBlock, file: String) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        if CodeBlock.pythonNames.contains(code.language) {
            let known: Set<String> = ["norun", "starter", "check"]
            for attribute in code.attributes where !known.contains(attribute) {
                diagnostics.append(.warning(
                    "unknown code attribute `\(attribute)`; python blocks take `norun`, `starter` or `check`",
                    file: file, at: code.position, rule: "code-attribute"))
            }
        }
        if code.isPython, let validateCode {
            for var diagnostic in validateCode(code.source, code.firstLine) {
                diagnostic.file = file
                diagnostics.append(diagnostic)
            }
        }
        return diagnostics
    }

    private func check(output: ExpectedOutput, file: String) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for attribute in output.attributes {
            let parts = attribute.split(separator: "=", maxSplits: 1)
            if parts.count == 2, parts[0] == "tol" || parts[0] == "tolerance" {
                if Double(parts[1]).map({ $0.isFinite && $0 >= 0 }) != true {
                    diagnostics.append(.error("`\(attribute)` needs a non-negative number, like `tol=0.01`",
                                              file: file, at: output.position, rule: "code-attribute"))
                }
            } else {
                diagnostics.append(.warning("unknown output attribute `\(attribute)`; output blocks take `tol=0.01`",
                                            file: file, at: output.position, rule: "code-attribute"))
            }
        }
        return diagnostics
    }

    private func check(hint: Hint, file: String) -> [Diagnostic] {
        guard hint.text.isEmpty else { return [] }
        return [.error("this hint is empty; write the hint after `Hint:` or remove the block quote",
                       file: file, at: hint.position, rule: "empty-hint")]
    }

    private func check(question: Question, file: String) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        if question.stem.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            diagnostics.append(.error("\(question.reference) has no question text; write the question above its options",
                                      file: file, at: question.position, rule: "question-layout"))
        }
        var letters: Set<String> = []
        for (index, option) in question.options.enumerated() {
            if !letters.insert(option.letter).inserted {
                diagnostics.append(.error("\(question.reference) has two options \(option.letter); letter them A, B, C…",
                                          file: file, at: option.position, rule: "question-options"))
            } else if option.letterWritten, option.letter != QuestionOption.letter(at: index) {
                diagnostics.append(.error(
                    "option \(index + 1) of \(question.reference) is lettered \(option.letter); letter options A, B, C… in order",
                    file: file, at: option.position, rule: "question-options"))
            }
            if option.isChecked {
                diagnostics.append(.error(
                    "option \(option.letter) of \(question.reference) is checked; the answer never lives here: uncheck it and put `Answer: \(option.letter)` in Solutions/",
                    file: file, at: option.position, rule: "answer-in-question"))
            }
            if option.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                diagnostics.append(.error("option \(option.letter) of \(question.reference) is empty; write its text",
                                          file: file, at: option.position, rule: "question-options"))
            }
        }
        if question.options.count == 1 {
            diagnostics.append(.warning("\(question.reference) has a single option; add the alternatives",
                                        file: file, at: question.position, rule: "question-options"))
        }
        return diagnostics
    }
}
