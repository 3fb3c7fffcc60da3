import LabKit

/// A text progress bar: `[███████████░░░░░░░░░]`, green when `good`, else yellow (colour only
/// when the terminal uses colour).
public enum ProgressBar {
    /// A bar of `width` cells filled to `fraction` (clamped to [0, 1]).
    public static func render(fraction: Double, width: Int = 20, good: Bool, on terminal: Terminal) -> String {
        let clamped = fraction.isFinite ? min(1, max(0, fraction)) : 0
        let filled = Int((clamped * Double(width)).rounded())
        let bar = String(repeating: "█", count: filled)
        let rest = String(repeating: "░", count: width - filled)
        return "[" + (good ? TerminalStyle.green : TerminalStyle.yellow).apply(bar, on: terminal) + rest + "]"
    }
}
