import Foundation
import Inference
import Progress

/// Records a student's step run, submission, hint or solution reveal after the command has shown
/// its result, so a store problem never costs the student what they just did: a failure is one
/// `labrun: warning: …` line on stderr (and a JSON copy under `unrecorded/`), never an error.
public struct BestEffortRecorder: Sendable {
    /// The student (nil: the logged-in one).
    public var student: String?
    /// The progress database (nil: the configured one).
    public var database: String?
    /// Where the learner's files are (login, `unrecorded/`, the default database).
    public var state: LabRunState

    /// A recorder for `student` into `database`.
    public init(student: String? = nil, database: String? = nil, state: LabRunState = LabRunState()) {
        self.student = student
        self.database = database
        self.state = state
    }

    /// Records the record `make` builds for the student's id; returns the exit status recording
    /// asks for (0, or 1 when recording was `required` and failed).
    @discardableResult
    public func record<Record: ProgressRecord>(
        requirement: ProgressRecorder.Requirement = .bestEffort, _ make: (String) -> Record
    ) async -> Int32 {
        let identity: StudentIdentity
        do {
            identity = try StudentIdentity.current(override: student, state: state)
        } catch {
            warn("this run was not recorded: \(error)")
            return requirement == .required ? 1 : 0
        }
        let recorder = ProgressSession.recorder(databaseOverride: database, state: state)
        let outcome = await recorder.record(make(identity.id))
        await recorder.close()
        if let warning = outcome.warning { warn(warning) }
        return outcome.exitStatus(for: requirement)
    }

    /// How many distinct hints of `lab` step `step` the student has seen since their last reset,
    /// read from the store's reveals; 0 when the student or the store is unknown or unreachable
    /// (the first hint is shown again rather than none).
    public func hintsRevealed(lab: String, step: Int) async -> Int {
        guard let identity = try? StudentIdentity.current(override: student, state: state),
              let session = try? ProgressSession(databaseOverride: database, state: state),
              let records = try? await session.withStore({ store in
                  try await store.records(matching: RecordFilter(student: identity.id, lab: lab))
              })
        else { return 0 }
        return Set(records.reveals.map(\.record).filter { $0.kind == .hint && $0.step == step }.map(\.item)).count
    }

    private func warn(_ text: String) {
        ConsoleStream.warn(text)
    }
}

extension StepOutcome {
    /// The code that ran, block after block, as a step run or submission records it.
    var code: String { blocks.map(\.block.source).joined(separator: "\n\n") }
}
