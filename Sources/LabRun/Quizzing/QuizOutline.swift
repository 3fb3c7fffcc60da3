import LabKit

/// A quiz as anyone may see it before answering: settings, stems and options, in file order.
/// Built from the `Quiz` alone — it never sees `Solutions/` — so it cannot contain a key.
public struct QuizOutline: Sendable, Codable {
    /// One question without its answer.
    public struct Item: Sendable, Codable {
        /// One option: letter and text.
        public struct Option: Sendable, Codable {
            /// `A`, `B`, …
            public let letter: String
            /// The option's text.
            public let text: String
        }

        /// `Q3`.
        public let question: String
        /// The heading's title, when written.
        public let title: String?
        /// `easy`, `medium` or `hard`, when written.
        public let difficulty: String?
        /// Whether several options may be chosen.
        public let multiple: Bool
        /// Points.
        public let weight: Double
        /// The question text.
        public let stem: String
        /// The options; empty for an open question.
        public let options: [Option]
    }

    /// Quiz id.
    public let id: String
    /// Title.
    public let title: String
    /// The lab it belongs to.
    public let lab: String?
    /// `practice` or `exam`.
    public let mode: String
    /// `all-or-nothing` or `partial`.
    public let scoring: String
    /// Share needed to pass.
    public let passThreshold: Double
    /// Attempts allowed; absent when unlimited.
    public let attempts: Int?
    /// Whether each student gets their own order.
    public let shuffle: Bool
    /// The questions.
    public let questions: [Item]

    /// The outline of `quiz`.
    public init(_ quiz: Quiz) {
        id = quiz.id
        title = quiz.title
        lab = quiz.lab
        mode = quiz.mode.rawValue
        scoring = quiz.scoring.rawValue
        passThreshold = quiz.passThreshold
        attempts = quiz.attempts
        shuffle = quiz.shuffle
        questions = quiz.questions.map { question in
            Item(question: question.reference.description, title: question.title.isEmpty ? nil : question.title,
                 difficulty: question.difficulty?.rawValue, multiple: question.allowsMultipleAnswers,
                 weight: question.weight, stem: question.stem,
                 options: question.options.map { Item.Option(letter: $0.letter, text: $0.text) })
        }
    }

    /// The outline as text for a terminal (canonical order and letters).
    public func text(terminal: Terminal) -> String {
        var lines = [TerminalStyle.bold.apply(title, on: terminal)]
        var facts = ["\(questions.count) questions", "pass mark \(AttemptText.percent(passThreshold))", mode]
        if let attempts { facts.append("\(attempts) attempt\(attempts == 1 ? "" : "s")") }
        lines.append(TerminalStyle.dim.apply(facts.joined(separator: " · "), on: terminal))
        for item in questions {
            lines.append("")
            var header = item.question
            if let difficulty = item.difficulty { header += " (\(difficulty))" }
            if let title = item.title { header += " — \(title)" }
            if item.multiple { header += " [choose all that apply]" }
            lines.append(TerminalStyle.bold.apply(header, on: terminal))
            lines.append(TextWrap.wrap(item.stem, width: terminal.width))
            for option in item.options {
                lines.append(TextWrap.wrap("\(option.letter). \(option.text)", width: terminal.width, indent: "  "))
            }
        }
        return lines.joined(separator: "\n")
    }
}
