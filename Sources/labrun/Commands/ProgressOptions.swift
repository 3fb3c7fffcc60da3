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

/// A mistake in what the user typed (unknown lab, bad date): exit status 2.
struct UsageError: Error, CustomStringConvertible {
    let description: String
}
