import Foundation

/// One run of one step of a lab by a student: the code that ran, what it printed, how long it took
/// and whether it ended with an error.
public struct StepRun: Codable, Sendable, Hashable {
    /// How a step run ended.
    public enum Status: String, Codable, Sendable, CaseIterable {
        /// The step's code ran to the end.
        case ok
        /// The step's code stopped with an error (the error is part of `output`).
        case error
    }

    /// The student's id.
    public var student: String
    /// The lab's id.
    public var lab: String
    /// The step number as the student types it (from 1).
    public var step: Int
    /// When the run started.
    public var startedAt: Date
    /// How long the run took, in seconds.
    public var duration: Double
    /// Whether it ended well.
    public var status: Status
    /// The code that ran (the step's code, or the student's own).
    public var code: String
    /// Everything the run printed, errors included.
    public var output: String
    /// Where the result came from: model ids and revisions, seeds, labrun's version… any
    /// string pairs; stored as a JSON object.
    public var provenance: [String: String]

    /// A step run; `provenance` defaults to empty.
    public init(
        student: String, lab: String, step: Int, startedAt: Date, duration: Double,
        status: Status, code: String, output: String, provenance: [String: String] = [:]
    ) {
        self.student = student
        self.lab = lab
        self.step = step
        self.startedAt = startedAt
        self.duration = duration
        self.status = status
        self.code = code
        self.output = output
        self.provenance = provenance
    }
}

extension StepRun: ProgressRecord {
    public static let table = "step_runs"
    public static let recordKind = "step-run"
    public static let columns: [RecordColumn<StepRun>] = [
        RecordColumn("step", .integer) { .integer($0.step) },
        RecordColumn("started_at", .real) { .time($0.startedAt) },
        RecordColumn("duration", .real) { .real($0.duration) },
        RecordColumn("status", .text) { .text($0.status.rawValue) },
        RecordColumn("code", .text) { .text($0.code) },
        RecordColumn("output", .text) { .text($0.output) },
        RecordColumn("provenance", .text) { .json($0.provenance) },
    ]

    public var event: NewEvent {
        NewEvent(student: student, lab: lab, step: step, kind: .stepRun, detail: ["status": status.rawValue],
                 at: startedAt)
    }
}
