import ArgumentParser
import Foundation

/// Options shared by `labrun quiz` and `labrun grade`: where the course files are, who the
/// student is, and which progress database records attempts.
struct CourseOptions: ParsableArguments {
    @Option(name: .customLong("course"), help: ArgumentHelp(
        "The folder holding Quizzes/ and Solutions/ (default: $LABRUN_COURSE, else the current folder).",
        valueName: "dir"))
    var course: String?

    @Option(name: .customLong("database"), help: ArgumentHelp(
        "The progress database (default: $LABRUN_DATABASE_URL, else $LABRUN_HOME/progress.sqlite).",
        valueName: "url"))
    var database: String?

    /// The course folder as a URL.
    var courseURL: URL {
        let path = course ?? ProcessInfo.processInfo.environment["LABRUN_COURSE"].flatMap { $0.isEmpty ? nil : $0 }
        return URL(fileURLWithPath: path ?? FileManager.default.currentDirectoryPath, isDirectory: true)
    }
}
