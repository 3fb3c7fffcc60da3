import Foundation

/// One entry of the append-only event log: what happened, to whom, when. Every record the store
/// writes adds one event in the same transaction; `labrun reset` adds a `reset` event and never
/// removes one.
public struct ProgressEvent: Codable, Sendable, Hashable {
    /// The event's sequence number, assigned by the store: increasing (on PostgreSQL, concurrent
    /// transactions may commit in a different order than their ids).
    public var id: Int64
    /// When it happened.
    public var at: Date
    /// The student's id.
    public var student: String
    /// The lab's id, when the event concerns a lab.
    public var lab: String?
    /// The step, when the event concerns a step.
    public var step: Int?
    /// What happened.
    public var kind: EventKind
    /// The id of the record written with this event (in the table `kind` names), if any.
    public var recordID: Int64?
    /// A few details as string pairs (for example `status: ok` for a step run).
    public var detail: [String: String]

    /// An event as read back from a store.
    public init(
        id: Int64, at: Date, student: String, lab: String?, step: Int?, kind: EventKind,
        recordID: Int64?, detail: [String: String]
    ) {
        self.id = id
        self.at = at
        self.student = student
        self.lab = lab
        self.step = step
        self.kind = kind
        self.recordID = recordID
        self.detail = detail
    }
}

/// What an event records. Extensible: the runner may log its own kinds (`session.start`).
public struct EventKind: RawRepresentable, Codable, Sendable, Hashable, CustomStringConvertible {
    /// The kind as stored (`step.run`).
    public var rawValue: String

    /// A kind named `rawValue`.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// A student was registered or renamed.
    public static let studentSaved = EventKind(rawValue: "student.saved")
    /// A step ran (`recordID` is a `step_runs` id).
    public static let stepRun = EventKind(rawValue: "step.run")
    /// A free-text answer (`answers`).
    public static let answer = EventKind(rawValue: "answer")
    /// An exercise submission (`submissions`).
    public static let submission = EventKind(rawValue: "exercise.submission")
    /// A hint or solution was shown (`reveals`).
    public static let reveal = EventKind(rawValue: "reveal")
    /// A training run (`training_runs`).
    public static let trainingRun = EventKind(rawValue: "training.run")
    /// A quiz attempt (`quiz_attempts`).
    public static let quizAttempt = EventKind(rawValue: "quiz.attempt")
    /// The student reset their own records of a lab or step (detail: `scope`, `records`).
    public static let reset = EventKind(rawValue: "reset")

    /// The stored name.
    public var description: String { rawValue }

    /// Decodes from a plain string.
    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    /// Encodes as a plain string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// An event the caller appends on its own (no record attached): `ProgressStore.append(_:)`.
public struct NewEvent: Sendable, Hashable {
    /// The student's id.
    public var student: String
    /// The lab's id, if any.
    public var lab: String?
    /// The step, if any.
    public var step: Int?
    /// What happened.
    public var kind: EventKind
    /// Details as string pairs.
    public var detail: [String: String]
    /// When it happened.
    public var at: Date

    /// A new event; `at` defaults to now.
    public init(
        student: String, lab: String? = nil, step: Int? = nil, kind: EventKind,
        detail: [String: String] = [:], at: Date = Date()
    ) {
        self.student = student
        self.lab = lab
        self.step = step
        self.kind = kind
        self.detail = detail
        self.at = at
    }
}
