import Foundation

/// The answer key of a quiz and a lab's exercises: `Solutions/<quiz-id>.md`.
///
/// `## Q<n>` sections key quiz questions; `## Step N` sections hold a lab step's reference code,
/// ` ```python check ` blocks and hints, with `### Q<n>` sub-sections keying the questions under
/// that step's `Quiz for Step N` heading. See docs/authoring.md for the full syntax.
public struct AnswerKey: Sendable, Hashable {
    /// The file's path as given (used in diagnostics).
    public let file: String
    /// The quiz this key belongs to (`quiz:`; defaults to the file name).
    public let quiz: String
    /// The lab whose exercises and step questions it keys (`lab:`), if any.
    public let lab: String?
    /// The reveal policy of questions that do not set their own (`reveal:`; default after-attempt).
    public let reveal: RevealPolicy
    /// The whole Markdown document (front matter excluded; positions are file positions).
    public let document: MarkdownNode
    /// Question keys in file order.
    public let questions: [QuestionKey]
    /// Exercise keys in file order.
    public let exercises: [ExerciseKey]
    /// Where each front matter key is written.
    public let positions: [String: SourcePosition]
    /// Problems found while reading the file.
    public let diagnostics: [Diagnostic]

    /// The keys an answer key's front matter may have.
    public static let knownKeys = ["quiz", "lab", "reveal"]

    /// The key for `reference` (the first, if an author wrote two; lint reports duplicates).
    public func key(for reference: QuestionReference) -> QuestionKey? {
        questions.first { $0.reference == reference }
    }

    /// The exercise key of lab step `step`, if any.
    public func exercise(step: Int) -> ExerciseKey? {
        exercises.first { $0.step == step }
    }

    /// Reads and parses the answer key at `url`.
    /// - Throws: `LabFileError.unreadable` when the file cannot be read.
    public init(contentsOf url: URL, displayPath: String? = nil) throws(LabFileError) {
        let text = try SourceText.read(url)
        self.init(parsing: text, file: displayPath ?? url.path)
    }

    /// Parses answer-key text; `file` names the file in diagnostics and gives the default quiz id.
    public init(parsing text: String, file: String) {
        let frontMatter = FrontMatter(splitting: SourceText.normalize(text))
        let document = MarkdownParser.parse(frontMatter.body)
        self.document = document
        var fields = FrontMatterFields(frontMatter, file: file, knownKeys: Self.knownKeys)
        self.file = file
        quiz = fields.string("quiz") ?? URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        lab = fields.string("lab")
        let reveal = fields.choice("reveal", RevealPolicy.allCases.map(\.rawValue)).flatMap(RevealPolicy.init(rawValue:))
            ?? .afterAttempt
        self.reveal = reveal
        var positions: [String: SourcePosition] = [:]
        for entry in frontMatter.entries { positions[entry.key] = entry.position }
        self.positions = positions

        var diagnostics = fields.diagnostics
        var questions: [QuestionKey] = []
        var exercises: [ExerciseKey] = []
        var step: (number: Int, level: Int, node: MarkdownNode, nodes: [MarkdownNode])?
        var question: (reference: QuestionReference, node: MarkdownNode, nodes: [MarkdownNode])?

        func closeQuestion() {
            guard let current = question else { return }
            questions.append(Self.questionKey(current.reference, heading: current.node, nodes: current.nodes,
                                              defaultReveal: reveal, file: file, diagnostics: &diagnostics))
            question = nil
        }
        func closeStep() {
            guard let current = step else { return }
            exercises.append(Self.exerciseKey(current.number, heading: current.node, nodes: current.nodes))
            step = nil
        }

        for node in document.children {
            if case let .heading(level) = node.kind {
                let text = node.plainText
                if let heading = QuizHeading(text: text) {
                    closeQuestion()
                    for problem in heading.problems {
                        diagnostics.append(.warning(problem + " (settings belong in the quiz file)",
                                                    file: file, at: node.position, rule: "question-heading"))
                    }
                    if let current = step, level > current.level {
                        question = (QuestionReference(step: current.number, number: heading.number), node, [])
                    } else {
                        closeStep()
                        question = (QuestionReference(number: heading.number), node, [])
                    }
                    continue
                }
                if let (number, _) = LabSections.stepHeading(text) {
                    closeQuestion()
                    closeStep()
                    step = (number, level, node, [])
                    continue
                }
            }
            if question != nil {
                question?.nodes.append(node)
            } else if step != nil {
                step?.nodes.append(node)
            }
            // Text before the first section is an introduction for instructors; it is not keyed.
        }
        closeQuestion()
        closeStep()
        self.questions = questions
        self.exercises = exercises
        self.diagnostics = diagnostics
    }

    /// The labels a key section understands at the start of a line.
    private enum Label: String, CaseIterable {
        case answers, answer, reveal, explanation, feedback, accept, order
        case acceptRegex = "accept regex"
    }

    /// Splits `Label: rest` off a line; nil when the line starts with no known label.
    private static func label(of line: Substring) -> (Label, String)? {
        guard let colon = line.firstIndex(of: ":") else { return nil }
        let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
        guard let label = Label(rawValue: name) else { return nil }
        return (label, line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
    }

    /// `- C: text` (or `C.`/`C)`): the letter and the text, else nil.
    private static func feedbackItem(_ text: String) -> (String, String)? {
        let characters = Array(text)
        guard characters.count >= 2, let first = characters.first, first.isASCII, first.isLetter,
              [":", ".", ")"].contains(characters[1]) else { return nil }
        return (String(first).uppercased(), String(characters.dropFirst(2)).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    private static func questionKey(_ reference: QuestionReference, heading: MarkdownNode, nodes: [MarkdownNode],
                                    defaultReveal: RevealPolicy, file: String,
                                    diagnostics: inout [Diagnostic]) -> QuestionKey {
        var answers: [String] = []
        var answerPosition = heading.position
        var sawAnswer = false
        var reveal = defaultReveal
        var explanation: [String] = []
        var hints: [Hint] = []
        var feedback: [OptionFeedback] = []
        var numeric: NumericAnswer?
        var acceptedForms: [String] = []
        var acceptedPatterns: [String] = []
        var order: [String] = []

        for node in nodes {
            if let hint = Hint(node) {
                hints.append(hint)
                continue
            }
            if case .list = node.kind {
                let items = node.children.map { ($0, feedbackItem($0.plainText)) }
                if !items.isEmpty, items.allSatisfy({ $0.1 != nil }) {
                    for (item, parsed) in items {
                        if let (letter, text) = parsed {
                            feedback.append(OptionFeedback(letter: letter, text: text, position: item.position))
                        }
                    }
                    continue
                }
            }
            guard case .paragraph = node.kind else {
                explanation.append(node.plainText)
                continue
            }
            var prose: [String] = []
            for (offset, line) in node.text(softBreak: "\n").split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let position = SourcePosition(line: node.position.line + offset, column: node.position.column)
                guard let (label, rest) = label(of: line) else {
                    prose.append(String(line))
                    continue
                }
                switch label {
                case .answer, .answers:
                    if sawAnswer {
                        diagnostics.append(.error("\(reference) has two `Answer:` lines; keep one (list several letters on it: `Answer: A, C`)",
                                                  file: file, at: position, rule: "answer-key"))
                    }
                    sawAnswer = true
                    answerPosition = position
                    if rest.hasPrefix("=") {
                        switch NumericAnswer.parse(rest) {
                        case let .success(key): numeric = key
                        case let .failure(problem):
                            diagnostics.append(.error("`Answer:` of \(reference): \(problem)", file: file, at: position, rule: "answer-key"))
                        }
                        continue
                    }
                    // A true/false question's key may say so in words; its options are A. True, B. False.
                    if ["true", "false"].contains(rest.lowercased()) {
                        answers = [rest.lowercased() == "true" ? "A" : "B"]
                        continue
                    }
                    let tokens = rest.split(whereSeparator: { $0 == "," || $0 == " " || $0 == ";" || $0 == "/" })
                        .filter { $0.lowercased() != "and" }
                    for token in tokens {
                        var letter = token.trimmingCharacters(in: CharacterSet(charactersIn: ".)*`"))
                        letter = letter.uppercased()
                        if letter.count == 1, let scalar = letter.unicodeScalars.first, scalar.isASCII,
                           CharacterSet.uppercaseLetters.contains(scalar) {
                            if !answers.contains(letter) { answers.append(letter) }
                        } else {
                            diagnostics.append(.error(
                                "`Answer:` of \(reference) names `\(token)`; write option letters, like `Answer: B` or `Answer: A, C`",
                                file: file, at: position, rule: "answer-key"))
                        }
                    }
                    if tokens.isEmpty {
                        diagnostics.append(.error("`Answer:` of \(reference) is empty; name the correct option letter(s), like `Answer: B`",
                                                  file: file, at: position, rule: "answer-key"))
                    }
                case .reveal:
                    if let policy = RevealPolicy(rawValue: rest.lowercased()) {
                        reveal = policy
                    } else {
                        diagnostics.append(.error(
                            "`Reveal:` of \(reference) must be one of \(RevealPolicy.allCases.map(\.rawValue).joined(separator: ", ")), not `\(rest)`",
                            file: file, at: position, rule: "answer-key"))
                    }
                case .explanation:
                    if !rest.isEmpty { prose.append(rest) }
                case .feedback:
                    if !rest.isEmpty { prose.append(rest) }
                case .accept:
                    if rest.isEmpty {
                        diagnostics.append(.error("`Accept:` of \(reference) is empty; write an accepted answer, like `Accept: bias amplification`",
                                                  file: file, at: position, rule: "answer-key"))
                    } else {
                        if acceptedForms.isEmpty && acceptedPatterns.isEmpty { answerPosition = position }
                        acceptedForms.append(rest)
                    }
                case .acceptRegex:
                    // `/…/` as in most regex notations is accepted; the slashes are not part of the pattern.
                    var pattern = rest
                    if pattern.count >= 2, pattern.hasPrefix("/"), pattern.hasSuffix("/") { pattern = String(pattern.dropFirst().dropLast()) }
                    if let problem = pattern.isEmpty ? "an empty pattern matches nothing useful" : ShortAnswerMatch.problem(in: pattern) {
                        diagnostics.append(.error("`Accept regex:` of \(reference): \(problem); fix it, or use `Accept:` for a plain answer",
                                                  file: file, at: position, rule: "answer-key"))
                    } else {
                        if acceptedForms.isEmpty && acceptedPatterns.isEmpty { answerPosition = position }
                        acceptedPatterns.append(pattern)
                    }
                case .order:
                    answerPosition = position
                    order = rest.split(whereSeparator: { $0 == "," || $0 == " " || $0 == ";" })
                        .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: ".)*`")).uppercased() }
                        .filter { !$0.isEmpty }
                    if order.isEmpty {
                        diagnostics.append(.error("`Order:` of \(reference) is empty; list the option letters in the right order, like `Order: C, A, B`",
                                                  file: file, at: position, rule: "answer-key"))
                    }
                }
            }
            let paragraph = prose.joined(separator: " ").trimmingCharacters(in: .whitespaces)
            if !paragraph.isEmpty { explanation.append(paragraph) }
        }
        return QuestionKey(reference: reference, answers: answers, explanation: explanation.joined(separator: "\n\n"),
                           hints: hints, feedback: feedback, reveal: reveal, position: heading.position,
                           answerPosition: answerPosition, numeric: numeric, acceptedForms: acceptedForms,
                           acceptedPatterns: acceptedPatterns, order: order)
    }

    private static func exerciseKey(_ step: Int, heading: MarkdownNode, nodes: [MarkdownNode]) -> ExerciseKey {
        var reference: [CodeBlock] = []
        var checks: [CodeBlock] = []
        var hints: [Hint] = []
        var notes: [String] = []
        for node in nodes {
            if let code = CodeBlock(node) {
                if code.role == .check { checks.append(code) } else if code.isPython { reference.append(code) } else {
                    notes.append(code.source)
                }
            } else if let hint = Hint(node) {
                hints.append(hint)
            } else {
                notes.append(node.plainText)
            }
        }
        return ExerciseKey(step: step, referenceCode: reference, checks: checks, hints: hints,
                           notes: notes.joined(separator: "\n\n"), position: heading.position)
    }
}
