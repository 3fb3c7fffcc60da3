import Foundation

/// Which records a query returns. Every field narrows; the empty filter returns everything.
public struct RecordFilter: Sendable, Hashable {
    /// Only this student's records.
    public var student: String?
    /// Only this lab's records.
    public var lab: String?
    /// Only records from this moment on (by their own time: started, answered, submitted…).
    public var since: Date?
    /// Whether records hidden by `labrun reset` are included (exports keep history: `true`).
    public var includeReset: Bool

    /// A filter; by default everything that was not reset.
    public init(student: String? = nil, lab: String? = nil, since: Date? = nil, includeReset: Bool = false) {
        self.student = student
        self.lab = lab
        self.since = since
        self.includeReset = includeReset
    }

    /// Whether a record with these fields passes (backends without SQL use this).
    public func matches(student: String, lab: String?, at: Date, resetBy: Int64?) -> Bool {
        if let wanted = self.student, wanted != student { return false }
        if let wanted = self.lab, wanted != lab { return false }
        if let since, at < since { return false }
        if !includeReset, resetBy != nil { return false }
        return true
    }
}

/// Every kind of record that matched a filter, each list in commit order.
public struct ProgressRecords: Codable, Sendable, Hashable {
    /// The students known to the store (all of them, or the one the filter names).
    public var students: [Student] = []
    /// The labs known to the store (all, or the one the filter names).
    public var labs: [LabVersion] = []
    /// Step runs.
    public var stepRuns: [Stored<StepRun>] = []
    /// Free-text answers.
    public var answers: [Stored<Answer>] = []
    /// Exercise submissions with their check results.
    public var submissions: [Stored<ExerciseSubmission>] = []
    /// Hint and solution reveals.
    public var reveals: [Stored<Reveal>] = []
    /// Quiz attempts.
    public var quizAttempts: [Stored<QuizAttempt>] = []
    /// Training runs.
    public var trainingRuns: [Stored<TrainingRunRecord>] = []

    /// An empty set of records.
    public init() {}
}

/// What `labrun reset` clears: the student's records of one lab, or of one step of it.
public struct ResetScope: Sendable, Hashable, CustomStringConvertible {
    /// The student whose records are reset.
    public var student: String
    /// The lab, or `nil` for every lab.
    public var lab: String?
    /// The step, or `nil` for every step (requires `lab`).
    public var step: Int?

    /// A reset scope.
    public init(student: String, lab: String? = nil, step: Int? = nil) {
        self.student = student
        self.lab = lab
        self.step = step
    }

    /// `lab ml-bias step 2`, `lab ml-bias`, `every lab`.
    public var description: String {
        switch (lab, step) {
        case let (lab?, step?): return "lab \(lab) step \(step)"
        case let (lab?, nil): return "lab \(lab)"
        default: return "every lab"
        }
    }

    /// Whether a record of `lab`/`step` falls in this scope (the student is checked separately).
    /// Records without a step (quiz attempts) fall only in a scope without a step.
    public func covers(lab recordLab: String, step recordStep: Int?) -> Bool {
        if let lab, lab != recordLab { return false }
        if let step, recordStep != step { return false }
        return true
    }
}

/// What a reset did: the `reset` event's id and how many records it hid.
public struct ResetSummary: Codable, Sendable, Hashable {
    /// The id of the `reset` event (every hidden record's `resetBy`).
    public var eventID: Int64
    /// How many records were hidden, all kinds together.
    public var recordsReset: Int

    /// A summary.
    public init(eventID: Int64, recordsReset: Int) {
        self.eventID = eventID
        self.recordsReset = recordsReset
    }
}
