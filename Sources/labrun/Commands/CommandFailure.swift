import ArgumentParser
import Foundation

/// How a command reports a failure: `labrun: error: <message>` on standard error, then an exit
/// code (2 for usage errors such as an unknown lab or step, 1 otherwise).
enum CommandFailure {
    /// Prints the message and returns the exit code to throw.
    static func exit(_ message: String, code: Int32 = 2) -> ExitCode {
        FileHandle.standardError.write(Data("labrun: error: \(message)\n".utf8))
        return ExitCode(code)
    }
}
