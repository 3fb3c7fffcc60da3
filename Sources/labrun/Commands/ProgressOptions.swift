import ArgumentParser
import Foundation
import LabRun

/// The options every progress command shares: which database.
struct ProgressOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The progress database: postgres://user:password@host:5432/db, sqlite:///path, or a file path.",
        discussion: "Default: $LABRUN_DATABASE_URL, else $LABRUN_HOME/progress.sqlite.",
        valueName: "url"))
    var database: String?

    /// The session for these options, or exit 2 with a message when the database URL is malformed.
    func session() throws -> ProgressSession {
        do {
            return try ProgressSession(databaseOverride: database)
        } catch {
            throw CommandFailure.report(error)
        }
    }
}

/// How the progress commands end on an error: `labrun: error: <message>` on stderr and exit
/// status 2 for usage errors (bad name, URL, lab or date), 1 for a store that failed.
enum CommandFailure {
    /// Prints `error` and returns the exit code to throw.
    static func report(_ error: any Error) -> ExitCode {
        if let exit = error as? ExitCode { return exit }
        let usage: Bool
        if let storeError = error as? ProgressStoreError {
            usage = storeError.code == .badURL || storeError.code == .invalidRecord
        } else {
            usage = error is StudentIdentityError || error is UsageError
        }
        FileHandle.standardError.write(Data("labrun: error: \(error)\n".utf8))
        return ExitCode(usage ? 2 : 1)
    }

    /// Prints a warning on stderr.
    static func warn(_ message: String) {
        FileHandle.standardError.write(Data("labrun: warning: \(message)\n".utf8))
    }
}

/// A mistake in what the user typed (unknown lab, bad date): exit status 2.
struct UsageError: Error, CustomStringConvertible {
    let description: String
}
