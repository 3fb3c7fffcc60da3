import Foundation

/// What the output stream can show: colours and its width in columns.
///
/// Colours are on only when the stream is a terminal, `NO_COLOR` is unset (https://no-color.org)
/// and `TERM` is not `dumb`; `--plain` turns them off explicitly. The width is the terminal's
/// (`COLUMNS`, else the tty's size), 80 when not a terminal, and never below 20.
public struct Terminal: Sendable, Equatable {
    /// Whether ANSI colours and styles may be written.
    public var usesColor: Bool
    /// The number of columns text is wrapped to.
    public var width: Int

    /// A terminal with explicit settings (tests and `--plain` use this).
    public init(usesColor: Bool, width: Int) {
        self.usesColor = usesColor
        self.width = max(20, width)
    }

    /// Detects standard output's capabilities from the environment and the file descriptor.
    public static func standardOutput(
        plain: Bool = false,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> Terminal {
        detect(fileDescriptor: STDOUT_FILENO, plain: plain, environment: environment)
    }

    /// Detects standard error's capabilities (progress bars and spinners go there).
    public static func standardError(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> Terminal {
        detect(fileDescriptor: STDERR_FILENO, plain: false, environment: environment)
    }

    /// Whether the file descriptor is an interactive terminal.
    public static func isTerminal(_ fileDescriptor: Int32) -> Bool {
        isatty(fileDescriptor) == 1
    }

    private static func detect(fileDescriptor: Int32, plain: Bool, environment: [String: String]) -> Terminal {
        let tty = isTerminal(fileDescriptor)
        let noColor = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        let dumb = environment["TERM"] == "dumb"
        var width = 80
        if let columns = environment["COLUMNS"].flatMap(Int.init), columns > 0 {
            width = columns
        } else if tty {
            var size = winsize()
            if ioctl(fileDescriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
                width = Int(size.ws_col)
            }
        }
        return Terminal(usesColor: tty && !noColor && !dumb && !plain, width: width)
    }
}

/// ANSI styles, applied only when the terminal uses colour.
public enum TerminalStyle: String, Sendable, CaseIterable {
    case bold = "1"
    case dim = "2"
    case italic = "3"
    case underline = "4"
    case strikethrough = "9"
    case red = "31"
    case green = "32"
    case yellow = "33"
    case blue = "34"
    case magenta = "35"
    case cyan = "36"

    /// `text` wrapped in this style's escape codes, or unchanged when `terminal` has no colour.
    public func apply(_ text: String, on terminal: Terminal) -> String {
        guard terminal.usesColor, !text.isEmpty else { return text }
        return "\u{1B}[\(rawValue)m\(text)\u{1B}[0m"
    }
}
