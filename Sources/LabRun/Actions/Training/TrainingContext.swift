import Foundation
import LabKit
import Progress
import Synchronization

/// A request to stop training after the current step. `controlC` is the one Ctrl-C sets: the
/// SIGINT handler only adds to an atomic counter (async-signal-safe); the training loop reads it
/// between steps. A second Ctrl-C during the same run exits at once with status 130.
public final class TrainingInterrupt: Sendable {
    /// The process's Ctrl-C request, set by the handler `catchControlC` installs.
    public static let controlC = TrainingInterrupt()

    private let requests = Atomic<Int>(0)

    /// A request of its own (tests stop a run without sending a signal).
    public init() {}

    /// Asks the run to stop after its current step; returns how many requests there are now.
    @discardableResult
    public func request() -> Int {
        requests.add(1, ordering: .sequentiallyConsistent).newValue
    }

    /// Whether a stop was asked for since the last `clear()`.
    public var isRequested: Bool { requests.load(ordering: .sequentiallyConsistent) > 0 }

    /// Forgets earlier requests (at the start of a run).
    public func clear() {
        requests.store(0, ordering: .sequentiallyConsistent)
    }

    /// From now on, the first SIGINT asks `controlC` to stop training and the second ends the
    /// process at once (status 130, the shell's for Ctrl-C).
    static func catchControlC() {
        controlC.clear()
        signal(SIGINT) { _ in
            // Only async-signal-safe work here: an atomic add, write(2) of a static string, _exit(2).
            if TrainingInterrupt.controlC.request() >= 2 {
                let message: StaticString = "\nlabrun: stopped at once (second Ctrl-C); the last checkpoint is kept\n"
                _ = write(STDERR_FILENO, message.utf8Start, message.utf8CodeUnitCount)
                _exit(130)
            }
            let message: StaticString = "\nlabrun: Ctrl-C: stopping after this step and saving a checkpoint (Ctrl-C again to stop at once)\n"
            _ = write(STDERR_FILENO, message.utf8Start, message.utf8CodeUnitCount)
        }
        InterruptSignal.unblock()
    }

    /// Ctrl-C ends the process again, as outside training.
    static func releaseControlC() {
        signal(SIGINT, SIG_DFL)
    }
}

/// What the run of a step tells training, and what training tells it back: the lab's cap, the
/// stop request to obey, whether a run was interrupted, and every run for the progress store.
public final class TrainingContext: @unchecked Sendable {
    private let lock = NSLock()
    private var labCap: TrainingCap?
    private var finished: [TrainingRunRecord] = []
    private var stopSource: TrainingInterrupt?

    /// A context without a cap that obeys Ctrl-C.
    public init() {}

    /// The lab's cap on one step's training (front matter `training_cap`), or nil.
    public var cap: TrainingCap? {
        get { lock.withLock { labCap } }
        set { lock.withLock { labCap = newValue } }
    }

    /// The request training obeys: `TrainingInterrupt.controlC` (with its handler installed during
    /// training) unless another was set.
    public var interrupt: TrainingInterrupt {
        get { lock.withLock { stopSource ?? .controlC } }
        set { lock.withLock { stopSource = newValue } }
    }

    /// Whether the interrupt is the process's Ctrl-C (its SIGINT handler is installed while training).
    var catchesControlC: Bool { lock.withLock { stopSource == nil } }

    /// Every training run so far, in order; whoever records them fills in the student, the lab
    /// and the step.
    public var runs: [TrainingRunRecord] { lock.withLock { finished } }

    /// Remembers a finished (completed, interrupted or failed) run.
    func note(_ run: TrainingRunRecord) {
        lock.withLock { finished.append(run) }
    }
}
