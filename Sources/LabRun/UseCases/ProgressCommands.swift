import Foundation
import LabKit
import Progress

/// `labrun progress`: one student's labs, steps and quiz scores.
public struct StudentProgressReport: CommandResult {
    public let student: Student
    public let labs: [LabProgress]
    let location: String

    /// The progress of `override` (nil: the current student) in `lab` (nil: every lab), with step
    /// counts from the lab files of `choice`'s folder so steps nobody ran show as not run.
    public init(student override: String?, lab: String?, database: String?, choice: LabChoice) async throws {
        let session = try ProgressSession.forReports(database: database, choice: choice)
        let identity = try StudentIdentity.current(override: override, state: choice.state)
        (student, labs, location) = try await session.withStore { store in
            let records = try await store.records(matching: RecordFilter(student: identity.id, lab: lab))
            return (records.students.first ?? Student(id: identity.id),
                    LabProgress.summarize(records, stepCount: session.stepCount), store.location)
        }
    }

    enum CodingKeys: String, CodingKey { case student, labs }

    public func text(on terminal: Terminal) -> String {
        ProgressView.student(student, labs: labs, location: location, terminal: terminal)
    }
}

/// `labrun progress --class`: every student × step of each lab, quiz scores, who is stuck.
public struct ClassProgressReport: CommandResult {
    public let students: [Student]
    public let progress: [LabProgress]
    let labs: [LabVersion]
    let location: String

    /// The class's progress in `lab` (nil: every lab).
    /// - Throws: `UsageError` for a lab with no records.
    public init(lab: String?, database: String?, choice: LabChoice) async throws {
        let session = try ProgressSession.forReports(database: database, choice: choice)
        (students, progress, labs, location) = try await session.withStore { store in
            let records = try await store.records(matching: RecordFilter(lab: lab))
            if let lab, records.labs.isEmpty {
                let known = try await store.records(matching: RecordFilter()).labs.map(\.id)
                throw UsageError("unknown lab '\(lab)'; labs with progress: " + (known.isEmpty ? "none yet" : known.joined(separator: ", ")))
            }
            return (records.students, LabProgress.summarize(records, stepCount: session.stepCount), records.labs, store.location)
        }
    }

    enum CodingKeys: String, CodingKey { case students, progress }

    public func text(on terminal: Terminal) -> String {
        ProgressView.classMatrix(progress, students: students, labs: labs, location: location, terminal: terminal)
    }
}

extension ProgressSession {
    /// A session whose step counts come from the lab files of `choice`'s folder.
    static func forReports(database: String?, choice: LabChoice) throws -> ProgressSession {
        var session = try ProgressSession(databaseOverride: database, state: choice.state)
        let counts = Dictionary(choice.catalog.labs().map { ($0.id, $0.steps.count) }, uniquingKeysWith: { first, _ in first })
        session.stepCount = { counts[$0] }
        return session
    }
}

/// `labrun export`: every record of the class (reset ones marked), as CSV or JSON.
public struct ClassExport: Sendable {
    /// The export as text in the chosen format.
    public let text: String

    /// Exports the records of `student` and `lab` since `since` (YYYY-MM-DD or ISO 8601) as `format`.
    /// - Throws: `UsageError` for an unknown format, a bad date or a lab with no records.
    public init(format: String, lab: String?, since: String?, student: String?, database: String?, state: LabRunState = LabRunState()) async throws {
        guard let chosen = ProgressExport.Format(rawValue: format.lowercased()) else {
            throw UsageError("unknown format '\(format)'; use --format csv or --format json")
        }
        let start = try since.map(Self.parseDate)
        let session = try ProgressSession(databaseOverride: database, state: state)
        text = try await session.withStore { store in
            let filter = RecordFilter(student: student, lab: lab, since: start, includeReset: true)
            let records = try await store.records(matching: filter)
            if let lab, records.labs.isEmpty {
                throw UsageError("unknown lab '\(lab)': no records of it in \(store.location)")
            }
            switch chosen {
            case .csv: return ProgressExport.csv(records)
            case .json: return try CommandOutput.json(ProgressExport.Document(records, events: try await store.events(matching: filter)))
            }
        }
    }

    /// Writes the export to `path`, or to standard output when nil.
    /// - Throws: `UsageError` when the file cannot be written.
    public func write(to path: String?) throws {
        guard let path else { return ConsoleStream.standardOutput.write(text) }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw UsageError("cannot write \(path): \(error.localizedDescription)")
        }
    }

    /// A day (`2026-11-25`, UTC midnight) or an ISO 8601 time.
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
        throw UsageError("--since '\(text)' is not a date; write YYYY-MM-DD or 2026-11-25T09:00:00Z")
    }
}

/// `labrun reset`: marks a student's records in a lab or a step as reset (nothing is deleted).
public struct ProgressReset: Sendable {
    /// What would be reset.
    public let scope: ResetScope
    /// How many records.
    public let count: Int
    let session: ProgressSession

    /// Finds what `--lab` and `--step` cover for `student` (nil: the current student).
    /// - Throws: `UsageError` for `--step` without `--lab` across several labs, or an unknown lab.
    public init(student override: String?, lab: String?, step: Int?, database: String?, state: LabRunState = LabRunState()) async throws {
        let student = try StudentIdentity.current(override: override, state: state).id
        session = try ProgressSession(databaseOverride: database, state: state)
        (scope, count) = try await session.withStore { store in
            let mine = try await store.records(matching: RecordFilter(student: student))
            let labs = Set(mine.stepRuns.map(\.record.lab) + mine.answers.map(\.record.lab)
                           + mine.submissions.map(\.record.lab) + mine.reveals.map(\.record.lab)
                           + mine.quizAttempts.map(\.record.lab)).sorted()
            var chosenLab = lab
            if step != nil, chosenLab == nil {
                guard labs.count <= 1 else {
                    throw UsageError("--step needs --lab: you have progress in \(labs.joined(separator: ", "))")
                }
                chosenLab = labs.first
            }
            if let chosenLab, !labs.contains(chosenLab) {
                let everyLab = try await store.records(matching: RecordFilter()).labs.map(\.id)
                guard everyLab.contains(chosenLab) else {
                    throw UsageError("unknown lab '\(chosenLab)'; labs with progress: " + (everyLab.isEmpty ? "none yet" : everyLab.joined(separator: ", ")))
                }
            }
            let scope = ResetScope(student: student, lab: chosenLab, step: step)
            let count = mine.stepRuns.filter { scope.covers(lab: $0.record.lab, step: $0.record.step) }.count
                + mine.answers.filter { scope.covers(lab: $0.record.lab, step: $0.record.step) }.count
                + mine.submissions.filter { scope.covers(lab: $0.record.lab, step: $0.record.step) }.count
                + mine.reveals.filter { scope.covers(lab: $0.record.lab, step: $0.record.step) }.count
                + mine.quizAttempts.filter { scope.covers(lab: $0.record.lab, step: nil) }.count
            return (scope, count)
        }
    }

    /// The question to confirm with.
    public var question: String {
        "Reset \(count) record\(count == 1 ? "" : "s") of \(scope) for \(scope.student)? "
            + "They stop counting in your progress; an instructor's export keeps them. [y/N] "
    }

    /// Marks the records as reset; returns the line to print.
    public func perform() async throws -> String {
        guard count > 0 else { return "Nothing to reset: \(scope.student) has no progress in \(scope).\n" }
        let summary = try await session.withStore { store in try await store.reset(scope) }
        return "Reset \(summary.recordsReset) record\(summary.recordsReset == 1 ? "" : "s") of \(scope) for \(scope.student).\n"
    }
}
