/// A lab's front matter: `id`, `title`, `models`, `quiz`, `content_warning`, `training_cap`, `format`.
///
/// Every field has a default, so a lab without front matter works: the id is the file name
/// without `.md`, the title is the first heading's text.
public struct LabFrontMatter: Sendable, Hashable {
    /// The unique id students type (`labrun start ml-bias`).
    public let id: String
    /// The lab's title.
    public let title: String
    /// Model ids the lab's code uses (`labrun models pull` fetches them).
    public let models: [String]
    /// The quiz id (`Quizzes/<quiz>.md`), if the lab has one.
    public let quiz: String?
    /// A warning shown before the lab starts (e.g. "contains offensive model outputs").
    public let contentWarning: String?
    /// How far one step's training may go (`training_cap: {steps: 40, seconds: 120}`), or nil.
    public let trainingCap: TrainingCap?
    /// The lab format version (1 today).
    public let format: Int
    /// Where each key is written, for diagnostics (`id`, `models`, …).
    public let positions: [String: SourcePosition]

    /// The keys a lab's front matter may have.
    public static let knownKeys = ["id", "title", "models", "quiz", "content_warning", "training_cap", "format"]
    /// The newest format version this labrun reads.
    public static let currentFormat = 1

    /// Front matter with explicit values.
    public init(id: String, title: String, models: [String] = [], quiz: String? = nil, contentWarning: String? = nil,
                trainingCap: TrainingCap? = nil, format: Int = LabFrontMatter.currentFormat, positions: [String: SourcePosition] = [:]) {
        self.id = id
        self.title = title
        self.models = models
        self.quiz = quiz
        self.contentWarning = contentWarning
        self.trainingCap = trainingCap
        self.format = format
        self.positions = positions
    }

    /// Where `key` is written, else the start of the file.
    public func position(of key: String) -> SourcePosition {
        positions[key] ?? .start
    }
}
