/// What `Solutions/` says about one lab step's exercise: reference code, `check` blocks and
/// extra hints, from a `## Step N` section.
public struct ExerciseKey: Sendable, Hashable {
    /// The lab step.
    public let step: Int
    /// Reference solutions (` ```python ` blocks), in order.
    public let referenceCode: [CodeBlock]
    /// ` ```python check ` blocks: LabScript assertions run in the student's namespace after
    /// their code (e.g. `assert gap < 0.15`).
    public let checks: [CodeBlock]
    /// Hints for the exercise (`> Hint: …`), revealed one at a time.
    public let hints: [Hint]
    /// Other text of the section (notes for instructors), as plain text.
    public let notes: String
    /// Where the `## Step N` heading is.
    public let position: SourcePosition

    /// An exercise key.
    public init(step: Int, referenceCode: [CodeBlock], checks: [CodeBlock], hints: [Hint], notes: String,
                position: SourcePosition) {
        self.step = step
        self.referenceCode = referenceCode
        self.checks = checks
        self.hints = hints
        self.notes = notes
        self.position = position
    }
}
