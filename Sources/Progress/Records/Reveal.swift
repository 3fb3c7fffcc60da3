import Foundation

/// A student asked to see a hint or a solution.
public struct Reveal: Codable, Sendable, Hashable {
    /// What was revealed.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// A hint for a question or exercise.
        case hint
        /// The full solution.
        case solution
    }

    /// The student's id.
    public var student: String
    /// The lab's id.
    public var lab: String
    /// The step the item belongs to.
    public var step: Int
    /// Hint or solution.
    public var kind: Kind
    /// The question, exercise or quiz question whose hint or solution was shown.
    public var item: String
    /// When it was shown.
    public var revealedAt: Date

    /// A reveal.
    public init(student: String, lab: String, step: Int, kind: Kind, item: String, revealedAt: Date) {
        self.student = student
        self.lab = lab
        self.step = step
        self.kind = kind
        self.item = item
        self.revealedAt = revealedAt
    }
}

extension Reveal: ProgressRecord {
    public static let table = "reveals"
    public static let recordKind = "reveal"
    public static let columns: [RecordColumn<Reveal>] = [
        RecordColumn("step", .integer) { .integer($0.step) },
        RecordColumn("kind", .text) { .text($0.kind.rawValue) },
        RecordColumn("item_id", .text) { .text($0.item) },
        RecordColumn("revealed_at", .real) { .time($0.revealedAt) },
    ]

    public var event: NewEvent {
        NewEvent(student: student, lab: lab, step: step, kind: .reveal, detail: ["kind": kind.rawValue, "item": item],
                 at: revealedAt)
    }
}
