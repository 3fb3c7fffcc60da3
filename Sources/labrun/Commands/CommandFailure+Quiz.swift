import ArgumentParser
import Foundation

/// Messages with a ready sentence for `labrun quiz` and `labrun grade`, in the same
/// `labrun: error: …` form as `CommandFailure.report`.
extension CommandFailure {
    /// Prints the error and returns `ExitCode(status)` to throw (2 for usage errors, 1 otherwise).
    static func error(_ message: String, status: Int32 = 1) -> ExitCode {
        FileHandle.standardError.write(Data("labrun: error: \(message)\n".utf8))
        return ExitCode(status)
    }

}
