import ArgumentParser
import Foundation
import LabKit
import LabRun
import Progress

/// How a command reports a failure: `labrun: error: <message>` on standard error, then an exit
/// code (2 for usage errors such as an unknown lab, step or malformed database URL, 1 otherwise).
enum CommandFailure {
    /// Prints the message and returns the exit code to throw.
    static func exit(_ message: String, code: Int32 = 2) -> ExitCode {
        FileHandle.standardError.write(Data("labrun: error: \(message)\n".utf8))
        return ExitCode(code)
    }

    /// Prints `error` and returns the exit code to throw: 2 for usage errors (bad name, URL, lab
    /// or date), 1 for anything else (a store that failed).
    static func report(_ error: any Error) -> ExitCode {
        if let exit = error as? ExitCode { return exit }
        let usage: Bool
        if let storeError = error as? ProgressStoreError {
            usage = storeError.code == .badURL || storeError.code == .invalidRecord
        } else {
            usage = error is StudentIdentityError || error is UsageError || error is LabLookupError
        }
        return self.exit("\(error)", code: usage ? 2 : 1)
    }

    /// Prints a warning on stderr.
    static func warn(_ message: String) {
        FileHandle.standardError.write(Data("labrun: warning: \(message)\n".utf8))
    }
}
