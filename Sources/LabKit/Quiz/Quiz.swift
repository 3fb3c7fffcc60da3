import Foundation

/// A quiz: `Quizzes/<id>.md`, front matter plus questions `## Q<n>` with task-list options.
///
/// The answer key is never in the quiz file; it is an `AnswerKey` read from `Solutions/`.
/// Parsing never fails; problems are in `diagnostics` and `LabLinter` adds cross-file checks.
public struct Quiz: Sendable, Hashable {
    /// How attempts are treated.
    public enum Mode: String, Sendable, Hashable, Codable, CaseIterable {
        /// Feedback and hints after each answer; attempts are for learning.
        case practice
        /// No feedback until the attempt is submitted; attempts are limited and count.
        case exam
    }

    /// How a multiple-answer question is scored.
    public enum Scoring: String, Sendable, Hashable, Codable, CaseIterable {
        /// Full points only when exactly the correct options are chosen.
        case allOrNothing = "all-or-nothing"
        /// A share of the points per correct choice, less for wrong ones (never below zero).
        case partial
    }

    /// The file's path as given (used in diagnostics).
    public let file: String
    /// The quiz id (`ml-bias`); defaults to the file name.
    public let id: String
    /// The title; defaults to the first heading, else the id.
    public let title: String
    /// The lab the quiz belongs to, if any.
    public let lab: String?
    /// The share of points needed to pass, 0…1 (`pass: 0.7` or `pass: 70%`; default 0.7).
    public let passThreshold: Double
    /// Whether options (and questions) are shown in a random order per attempt (default false).
    public let shuffle: Bool
    /// How many attempts a student has; nil means unlimited (the default).
    public let attempts: Int?
    /// Practice (default) or exam.
    public let mode: Mode
    /// All-or-nothing (default) or partial credit for multiple-answer questions.
    public let scoring: Scoring
    /// The whole Markdown document (front matter excluded; positions are file positions).
    public let document: MarkdownNode
    /// Markdown before the first question (instructions), for rendering.
    public let introductionNodes: [MarkdownNode]
    /// The questions in file order.
    public let questions: [Question]
    /// Where each front matter key is written.
    public let positions: [String: SourcePosition]
    /// Problems found while reading the file.
    public let diagnostics: [Diagnostic]

    /// The keys a quiz's front matter may have.
    public static let knownKeys = ["id", "title", "lab", "pass", "shuffle", "attempts", "mode", "scoring"]
    /// The pass threshold when none is given.
    public static let defaultPassThreshold = 0.7

    /// The question numbered `number` (`Q3` → 3), if any.
    public func question(_ number: Int) -> Question? {
        questions.first { $0.reference.number == number }
    }

    /// Reads and parses the quiz at `url`.
    /// - Throws: `LabFileError.unreadable` when the file cannot be read.
    public init(contentsOf url: URL, displayPath: String? = nil) throws(LabFileError) {
        let text = try SourceText.read(url)
        self.init(parsing: text, file: displayPath ?? url.path)
    }

    /// Parses quiz text; `file` names the file in diagnostics and gives the default id.
    public init(parsing text: String, file: String) {
        let frontMatter = FrontMatter(splitting: SourceText.normalize(text))
        let document = MarkdownParser.parse(frontMatter.body)
        self.document = document
        var fields = FrontMatterFields(frontMatter, file: file, knownKeys: Self.knownKeys)
        self.file = file
        let defaultID = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        id = fields.string("id") ?? defaultID
        let firstHeading = document.children.first {
            if case .heading = $0.kind { return QuizHeading(text: $0.plainText) == nil } else { return false }
        }
        title = fields.string("title") ?? firstHeading?.plainText ?? id
        lab = fields.string("lab")
        shuffle = fields.bool("shuffle") ?? false
        mode = fields.choice("mode", Mode.allCases.map(\.rawValue)).flatMap(Mode.init(rawValue:)) ?? .practice
        scoring = fields.choice("scoring", Scoring.allCases.map(\.rawValue)).flatMap(Scoring.init(rawValue:)) ?? .allOrNothing
        var attempts = fields.int("attempts")
        if let count = attempts, count < 0 {
            fields.fail("attempts", "`attempts` must be 1 or more (or 0 / absent for unlimited), not \(count)")
            attempts = nil
        }
        self.attempts = attempts == 0 ? nil : attempts
        var threshold = Self.defaultPassThreshold
        if let text = fields.string("pass") {
            if let value = Self.passThreshold(text) {
                threshold = value
            } else {
                fields.fail("pass", "`pass` must be a share like 0.7 or a percentage like 70%, between 0 and 1 (0% and 100%), not `\(text)`")
            }
        }
        passThreshold = threshold
        var positions: [String: SourcePosition] = [:]
        for entry in frontMatter.entries { positions[entry.key] = entry.position }
        self.positions = positions

        var diagnostics = fields.diagnostics
        if !LabIdentifier.isValid(id) {
            diagnostics.append(.error(
                "the quiz id `\(id)` may only use letters, digits, `-`, `_` and `.`; rename it (students type it)",
                file: file, at: positions["id"] ?? .start, rule: "front-matter"))
        }
        var questions: [Question] = []
        var introduction: [MarkdownNode] = []
        // The current question's heading, its parsed header and its nodes.
        var open: (node: MarkdownNode, heading: QuizHeading, nodes: [MarkdownNode])?
        func close() {
            guard let current = open else { return }
            questions.append(Self.question(current.heading, at: current.node.position, nodes: current.nodes,
                                           file: file, diagnostics: &diagnostics))
            open = nil
        }
        for node in document.children {
            if case .heading = node.kind, let heading = QuizHeading(text: node.plainText) {
                close()
                for problem in heading.problems {
                    diagnostics.append(.error(problem, file: file, at: node.position, rule: "question-heading"))
                }
                open = (node, heading, [])
            } else if open != nil {
                open?.nodes.append(node)
            } else {
                introduction.append(node)
            }
        }
        close()
        introductionNodes = introduction
        self.questions = questions
        self.diagnostics = diagnostics
    }

    /// `0.7`, `70%` or `70` (read as percent) as a share 0…1; nil when malformed or out of range.
    static func passThreshold(_ text: String) -> Double? {
        var text = text.trimmingCharacters(in: .whitespaces)
        var percent = false
        if text.hasSuffix("%") {
            text.removeLast()
            percent = true
        }
        guard var value = Double(text.trimmingCharacters(in: .whitespaces)), value.isFinite else { return nil }
        if percent || value > 1 { value /= 100 }
        return (0...1).contains(value) ? value : nil
    }

    private static func question(_ heading: QuizHeading, at position: SourcePosition, nodes: [MarkdownNode],
                                 file: String, diagnostics: inout [Diagnostic]) -> Question {
        var stemNodes: [MarkdownNode] = []
        var options: [QuestionOption] = []
        for node in nodes {
            if options.isEmpty, let found = QuestionOption.options(in: node) {
                options = found
            } else if !options.isEmpty {
                diagnostics.append(.warning(
                    "text after the options of Q\(heading.number) is shown as part of the question; move it above the options",
                    file: file, at: node.position, rule: "question-layout"))
                stemNodes.append(node)
            } else {
                stemNodes.append(node)
            }
        }
        let number = heading.number
        switch heading.format {
        case .choice:
            break
        case .trueFalse:
            if options.isEmpty {
                // The quiz writes the two options so that every true/false question reads the same.
                options = [QuestionOption(letter: "A", letterWritten: true, text: "True", isChecked: false, position: position),
                           QuestionOption(letter: "B", letterWritten: true, text: "False", isChecked: false, position: position)]
            } else {
                diagnostics.append(.error(
                    "Q\(number) is true/false, so the quiz writes its options (A. True, B. False); remove the task list",
                    file: file, at: options[0].position, rule: "question-options"))
            }
        case .numeric, .shortAnswer:
            if let first = options.first {
                diagnostics.append(.error(
                    "Q\(number) is \(heading.format == .numeric ? "numeric" : "a short answer") and takes typed answers, not options; "
                        + "remove the task list or drop `\(heading.format == .numeric ? "numeric" : "short answer")` from the heading",
                    file: file, at: first.position, rule: "question-options"))
            }
        case .ordering:
            if options.count < 2 {
                diagnostics.append(.error(
                    "Q\(number) is an ordering question but lists \(options.count) item\(options.count == 1 ? "" : "s"); "
                        + "list at least two as a task list (`- [ ] A. …`) for students to put in order",
                    file: file, at: options.first?.position ?? position, rule: "question-options"))
            }
        }
        if heading.scoring == .partial && !heading.allowsMultipleAnswers && !options.isEmpty && heading.format == .choice {
            diagnostics.append(.warning(
                "`partial` only changes the score of a question with several answers; add `multiple` to Q\(heading.number)'s heading or drop `partial`",
                file: file, at: position, rule: "question-heading"))
        }
        return Question(reference: QuestionReference(number: heading.number), title: heading.title,
                        stem: stemNodes.map(\.plainText).joined(separator: "\n\n"), stemNodes: stemNodes,
                        options: options, allowsMultipleAnswers: heading.allowsMultipleAnswers,
                        difficulty: heading.difficulty, weight: heading.weight, scoring: heading.scoring,
                        position: position, format: heading.format)
    }
}
