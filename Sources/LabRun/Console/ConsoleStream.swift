import Foundation

/// Unbuffered writes to standard output or standard error, so a step's streamed output, the
/// lines around it and the spinner on stderr appear in the order they happen.
public struct ConsoleStream: Sendable {
    let handle: FileHandle

    /// Standard output.
    public static let standardOutput = ConsoleStream(handle: .standardOutput)
    /// Standard error.
    public static let standardError = ConsoleStream(handle: .standardError)

    /// Writes `text` as UTF-8.
    public func write(_ text: String) {
        guard !text.isEmpty else { return }
        handle.write(Data(text.utf8))
    }
}

extension ConsoleStream {
    /// `labrun: warning: <message>` on standard error.
    public static func warn(_ message: String) {
        standardError.write("labrun: warning: \(message)\n")
    }
}
