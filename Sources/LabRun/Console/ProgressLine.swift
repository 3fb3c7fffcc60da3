import Foundation
import LabKit

/// The one way labrun draws progress: a bar of cells (`[██████░░░░]`), a line that fits a label,
/// the bar and figures into the terminal's width, and the in-place redraw on standard error that
/// long work uses (downloads, metric runs).
public enum ProgressLine {
    /// `[█████░░░░░]`: `cells` cells, the nearest number of them filled to `fraction` (clamped to
    /// [0, 1]; not a number: empty),
    /// the filled part in `style` when the terminal uses colour.
    public static func bar(_ fraction: Double, cells: Int, style: TerminalStyle? = nil, on terminal: Terminal? = nil) -> String {
        let clamped = fraction.isFinite ? min(1, max(0, fraction)) : 0
        let filled = min(cells, Int((clamped * Double(cells)).rounded()))
        var full = String(repeating: "█", count: filled)
        if let style, let terminal { full = style.apply(full, on: terminal) }
        return "[" + full + String(repeating: "░", count: cells - filled) + "]"
    }

    /// `label  [████░░░░]  figures`, at most `width - 1` columns: the bar takes what the label and
    /// the figures leave, between 5 and `maxCells` cells. Without a fraction (an unknown total)
    /// there is no bar.
    public static func line(label: String, fraction: Double?, figures: String, width: Int, maxCells: Int = 30) -> String {
        guard let fraction else { return label + "  " + figures }
        let cells = max(5, min(maxCells, width - 1 - label.count - figures.count - 6))
        return label + "  " + bar(fraction, cells: cells) + "  " + figures
    }
}

/// Redraws one progress line in place on standard error, at most ten times a second, and erases
/// it before any other line is written; on anything but a terminal it draws nothing.
final class ProgressLineWriter: @unchecked Sendable {
    /// Whether lines are drawn at all (standard error is a terminal).
    let interactive: Bool
    private let write: @Sendable (String) -> Void
    private var lastDraw = Date.distantPast
    private var shown = false

    /// A writer that draws when `interactive`, sending the text to `write`.
    init(interactive: Bool, write: @escaping @Sendable (String) -> Void) {
        self.interactive = interactive
        self.write = write
    }

    /// Whether standard error is a terminal that can redraw a line.
    static var standardErrorIsInteractive: Bool {
        Terminal.isTerminal(STDERR_FILENO) && ProcessInfo.processInfo.environment["TERM"] != "dumb"
    }

    /// Draws `line` over the previous one, unless one was drawn less than 0.1 s ago and `force` is false.
    /// Callers serialise their calls.
    func draw(_ line: String, force: Bool = false) {
        guard interactive else { return }
        let now = Date()
        guard force || now.timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = now
        write("\r\u{1B}[K" + line)
        shown = true
    }

    /// Erases the line, if one is shown.
    func clear() {
        if shown { write("\r\u{1B}[K") }
        shown = false
    }
}
