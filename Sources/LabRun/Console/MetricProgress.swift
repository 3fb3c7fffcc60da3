import Foundation
import LabKit

/// Shows how far a long metric run has come (`labrun.crows_pairs` over 1,508 pairs), on standard
/// error only, so that a step's printed output stays what the code printed.
///
/// On a terminal a bar is redrawn in place (`crows_pairs  [████░░░░]  312/1508`) at most ten times
/// a second and cleared when the run ends; when standard error is not a terminal (logs, CI, tests)
/// nothing is written.
final class MetricProgress: @unchecked Sendable {
    private let label: String
    private let width: Int
    private let bar: ProgressLineWriter
    private let lock = NSLock()

    /// A display named `label`; `interactive` draws the bar, `write` receives the text.
    init(label: String, interactive: Bool, width: Int = 80,
         write: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
        self.label = label
        self.width = width
        bar = ProgressLineWriter(interactive: interactive, write: write)
    }

    /// A display for standard error as it is now: a bar on a terminal, silent otherwise.
    static func standardError(label: String) -> MetricProgress {
        MetricProgress(label: label, interactive: ProgressLineWriter.standardErrorIsInteractive, width: Terminal.standardError().width)
    }

    /// The handler to pass to a Bias action: `done` of `total` units finished.
    func report(done: Int, total: Int) {
        lock.withLock {
            if done >= total {
                bar.clear()
            } else {
                bar.draw(Self.line(label: label, done: done, total: total, width: width))
            }
        }
    }

    /// One bar line, at most `width - 1` columns: the label, the bar and `done/total`.
    static func line(label: String, done: Int, total: Int, width: Int) -> String {
        ProgressLine.line(label: label, fraction: total > 0 ? Double(max(0, done)) / Double(total) : 0,
                          figures: "\(done)/\(total)", width: width, maxCells: 40)
    }
}
