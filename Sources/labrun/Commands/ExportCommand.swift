import ArgumentParser
import Foundation
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
        guard let chosen = ProgressExport.Format(rawValue: format.lowercased()) else {
            throw CommandFailure.report(UsageError(description: "unknown format '\(format)'; use --format csv or --format json"))
        }
        let start: Date?
        do {
            start = try since.map(Self.parseDate)
        } catch {
            throw CommandFailure.report(error)
        }
        let session = try options.session()
        do {
            let text = try await session.withStore { store in
                let filter = RecordFilter(student: student, lab: lab, since: start, includeReset: true)
                let records = try await store.records(matching: filter)
                if let lab, records.labs.isEmpty {
                    throw UsageError(description: "unknown lab '\(lab)': no records of it in \(store.location)")
                }
                switch chosen {
                case .csv: return ProgressExport.csv(records)
                case .json: return try ProgressExport.json(records, events: try await store.events(matching: filter)) + "\n"
                }
            }
            if let output {
                do {
                    try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
                } catch {
                    throw UsageError(description: "cannot write \(output): \(error.localizedDescription)")
                }
            } else {
                FileHandle.standardOutput.write(Data(text.utf8))
            }
        } catch {
            throw CommandFailure.report(error)
        }
    }

    /// `2026-11-25` (midnight UTC) or a full ISO 8601 time.
    static func parseDate(_ text: String) throws -> Date {
        let day = DateFormatter()
        day.locale = Locale(identifier: "en_US_POSIX")
        day.timeZone = TimeZone(identifier: "UTC")
        day.dateFormat = "yyyy-MM-dd"
        if let date = day.date(from: text), day.string(from: date) == text { return date }
        let full = ISO8601DateFormatter()
        if let date = full.date(from: text) { return date }
        full.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = full.date(from: text) { return date }
        throw UsageError(description: "--since '\(text)' is not a date; write YYYY-MM-DD or 2026-11-25T09:00:00Z")
    }
}
