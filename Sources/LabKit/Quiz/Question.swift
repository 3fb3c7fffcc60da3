/// A question, in a quiz file (`## Q<n>`) or under a lab's `Quiz for Step N` heading.
///
/// Without options it is an open question: the student's free text is recorded, not graded.
/// With a task list it is multiple choice, graded against the answer key in Solutions/. A heading
/// setting picks another format: `true/false`, `numeric`, `short answer` or `ordering`.
public struct Question: Sendable, Hashable {
    /// What kind of answer the question takes.
    public enum Format: String, Sendable, Hashable, Codable, CaseIterable {
        /// Options from a task list, one or several chosen (or none: an open question).
        case choice
        /// Two options, A. True and B. False, written by the quiz for the author.
        case trueFalse = "true-false"
        /// A number, right within the key's tolerance (`Answer: = 0.35 ± 0.02`).
        case numeric
        /// A word or phrase, right when it matches an `Accept:` form (case and spacing ignored)
        /// or an `Accept regex:` pattern.
        case shortAnswer = "short-answer"
        /// The task list's items put in order; the key is `Order: C, A, B`.
        case ordering
    }

    /// How hard the question is, when the author says (`## Q1 (easy)`).
    public enum Difficulty: String, Sendable, Hashable, Codable, CaseIterable {
        /// Recall.
        case easy
        /// Understanding.
        case medium
        /// Transfer to a new case.
        case hard
    }

    /// `Q3`, or `Step 2 Q1` for a lab question.
    public let reference: QuestionReference
    /// A short title written after the number (`## Q1: Where bias comes from`), else empty.
    public let title: String
    /// The question text as plain text (paragraphs separated by blank lines).
    public let stem: String
    /// The stem's Markdown nodes, for rendering.
    public let stemNodes: [MarkdownNode]
    /// The answer options; empty for an open question.
    public let options: [QuestionOption]
    /// Whether several options may be chosen (`multiple` in the heading).
    public let allowsMultipleAnswers: Bool
    /// The difficulty, if given.
    public let difficulty: Difficulty?
    /// Points the question is worth (`weight 2`; default 1).
    public let weight: Double
    /// How this question is scored (`partial` or `all-or-nothing` in the heading); nil means the
    /// quiz's `scoring:`.
    public let scoring: Quiz.Scoring?
    /// Where the question starts (its heading, or its list item in a lab).
    public let position: SourcePosition
    /// The kind of answer it takes (`choice` unless the heading says otherwise).
    public let format: Format

    /// A question.
    public init(reference: QuestionReference, title: String = "", stem: String, stemNodes: [MarkdownNode],
                options: [QuestionOption], allowsMultipleAnswers: Bool = false, difficulty: Difficulty? = nil,
                weight: Double = 1, scoring: Quiz.Scoring? = nil, position: SourcePosition, format: Format = .choice) {
        self.reference = reference
        self.title = title
        self.stem = stem
        self.stemNodes = stemNodes
        self.options = options
        self.allowsMultipleAnswers = allowsMultipleAnswers
        self.difficulty = difficulty
        self.weight = weight
        self.scoring = scoring
        self.position = position
        self.format = format
    }

    /// Whether the question has options to choose from (choice and true/false questions).
    public var isMultipleChoice: Bool { (format == .choice || format == .trueFalse) && !options.isEmpty }

    /// Whether the question is graded against a key: every format but an open question.
    public var isGraded: Bool { format != .choice || !options.isEmpty }

    /// The option with `letter` (case-insensitive), if any.
    public func option(_ letter: String) -> QuestionOption? {
        options.first { $0.letter == letter.uppercased() }
    }
}
