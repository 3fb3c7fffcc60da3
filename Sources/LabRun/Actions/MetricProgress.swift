import Foundation
import LabKit

/// Shows how far a long metric run has come (`labrun.crows_pairs` over 1,508 pairs), on standard
/// error only, so that a step's printed output stays what the code printed.
///
/// On a terminal a bar is redrawn in place (`crows_pairs  ████░░░░  312/1508`) at most ten times a
/// second and cleared when the run ends; when standard error is not a terminal (logs, CI, tests)
/// nothing is written.
final class MetricProgress: @unchecked Sendable {
    private let label: String
    private let interactive: Bool
    private let width: Int
    private let write: @Sendable (String) -> Void
    private let lock = NSLock()
    private var lastDraw = Date.distantPast
    private var shown = false

    /// A display named `label`; `interactive` draws the bar, `write` receives the text.
    init(label: String, interactive: Bool, width: Int = 80,
         write: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
        self.label = label
        self.interactive = interactive
        self.width = width
        self.write = write
    }

    /// A display for standard error as it is now: a bar on a terminal, silent otherwise.
    static func standardError(label: String) -> MetricProgress {
        let terminal = Terminal.standardError()
        let interactive = Terminal.isTerminal(STDERR_FILENO) && ProcessInfo.processInfo.environment["TERM"] != "dumb"
        return MetricProgress(label: label, interactive: interactive, width: terminal.width)
    }

    /// The handler to pass to a Bias action: `done` of `total` units finished.
    func report(done: Int, total: Int) {
        guard interactive else { return }
        lock.withLock {
            let now = Date()
            guard done >= total || now.timeIntervalSince(lastDraw) >= 0.1 else { return }
            lastDraw = now
            if done >= total {
                if shown { write("\r" + String(repeating: " ", count: width - 1) + "\r") }
                shown = false
            } else {
                write("\r" + Self.line(label: label, done: done, total: total, width: width))
                shown = true
            }
        }
    }

    /// One bar line, at most `width - 1` columns: the label, the bar and `done/total`.
    static func line(label: String, done: Int, total: Int, width: Int) -> String {
        let count = "\(done)/\(total)"
        let barWidth = max(5, min(40, width - 1 - label.count - count.count - 4))
        let filled = total > 0 ? min(barWidth, barWidth * max(0, done) / total) : 0
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: barWidth - filled)
        return "\(label)  \(bar)  \(count)"
    }
}
