import ArgumentParser
import LabRun

/// `labrun export`: every record, reset ones included, as CSV or JSON for an instructor.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export the class's records (runs, answers, submissions, reveals, quiz attempts) as CSV or JSON.",
        discussion: """
            Records a student reset are kept and marked (column reset_by, the id of the reset \
            event), so the export is the full history. CSV has one row per record; JSON has every \
            record kind and the event log. Dates are UTC.

            Examples:
              labrun export --format csv --lab ml-bias > ml-bias.csv
              labrun export --format json --since 2026-11-01
            """
    )

    @Option(help: "csv or json.")
    var format: String = "csv"

    @Option(help: "Only this lab.")
    var lab: String?

    @Option(help: "Only records from this date on: YYYY-MM-DD (UTC) or an ISO 8601 time.")
    var since: String?

    @Option(help: "Only this student's records.")
    var student: String?

    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
    var output: String?

    @OptionGroup var options: ProgressOptions

    func run() async throws {
        try await execute {
            try await ClassExport(format: format, lab: lab, since: since, student: student, database: options.database).write(to: output)
            return 0
        }
    }
}
