import Foundation

/// A student's free-text answer to an open question of a lab (recorded, not graded).
public struct Answer: Codable, Sendable, Hashable {
    /// The student's id.
    public var student: String
    /// The lab's id.
    public var lab: String
    /// The step the question belongs to.
    public var step: Int
    /// The question's id within the lab (for example `step2-q1`).
    public var question: String
    /// What the student wrote.
    public var text: String
    /// When it was answered.
    public var answeredAt: Date

    /// A free-text answer.
    public init(student: String, lab: String, step: Int, question: String, text: String, answeredAt: Date) {
        self.student = student
        self.lab = lab
        self.step = step
        self.question = question
        self.text = text
        self.answeredAt = answeredAt
    }
}

extension Answer: ProgressRecord {
    public static let table = "answers"
    public static let recordKind = "answer"
    public static let columns: [RecordColumn<Answer>] = [
        RecordColumn("step", .integer) { .integer($0.step) },
        RecordColumn("question_id", .text) { .text($0.question) },
        RecordColumn("answer", .text) { .text($0.text) },
        RecordColumn("answered_at", .real) { .time($0.answeredAt) },
    ]

    public var event: NewEvent {
        NewEvent(student: student, lab: lab, step: step, kind: .answer, detail: ["question": question], at: answeredAt)
    }
}
