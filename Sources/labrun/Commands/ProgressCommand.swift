import ArgumentParser
import Foundation
import LabKit
import LabRun

/// `labrun progress`: the current student's labs, or with `--class` the whole class.
struct ProgressCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "progress",
        abstract: "Show your progress: each lab's steps (✓ done, ✗ failed, · not run), quiz scores, time spent.",
        discussion: """
            With --class, show every student: a students × steps matrix per lab, quiz scores, \
            and who is stuck on which step (their last run of it failed).

            Examples:
              labrun progress
              labrun progress --class --lab ml-bias
              labrun progress --json
            """
    )

    @Flag(name: .customLong("class"), help: "Show every student (instructors).")
    var wholeClass = false

    @Option(help: "Only this lab.")
    var lab: String?

    @Option(help: "Show this student instead of the one logged in.")
    var student: String?

    @Flag(help: "Print JSON for scripts instead of text.")
    var json = false

    @OptionGroup var options: ProgressOptions
    @OptionGroup var labs: LabFolderOptions

    func run() async throws {
        var session = try options.session()
        // Step counts come from the lab files, so steps nobody has run yet show as `·`.
        let stepCounts = Dictionary(labs.catalog.labs().map { ($0.id, $0.steps.count) }, uniquingKeysWith: { first, _ in first })
        session.stepCount = { stepCounts[$0] }
        do {
            try await session.withStore { store in try await show(store: store, session: session) }
        } catch {
            throw CommandFailure.report(error)
        }
    }

    private func show(store: any ProgressStore, session: ProgressSession) async throws {
        let terminal = Terminal.standardOutput()
        if wholeClass {
            let records = try await store.records(matching: RecordFilter(lab: lab))
            if let lab, records.labs.isEmpty {
                let known = try await store.records(matching: RecordFilter()).labs.map(\.id)
                throw UsageError(description: "unknown lab '\(lab)'; labs with progress: "
                                 + (known.isEmpty ? "none yet" : known.joined(separator: ", ")))
            }
            let progress = LabProgress.summarize(records, stepCount: session.stepCount)
            if json {
                print(try encode(["students": AnyEncodable(records.students), "progress": AnyEncodable(progress)]))
            } else {
                print(ProgressView.classMatrix(progress, students: records.students, labs: records.labs,
                                               location: store.location, terminal: terminal), terminator: "")
            }
            return
        }
        let identity = try StudentIdentity.current(override: student)
        let records = try await store.records(matching: RecordFilter(student: identity.id, lab: lab))
        let progress = LabProgress.summarize(records, stepCount: session.stepCount)
        let person = records.students.first ?? Student(id: identity.id)
        if json {
            print(try encode(["student": AnyEncodable(person), "labs": AnyEncodable(progress)]))
        } else {
            print(ProgressView.student(person, labs: progress, location: store.location, terminal: terminal),
                  terminator: "")
        }
    }

    private func encode(_ value: [String: AnyEncodable]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

/// Any encodable value, so differently typed fields fit in one JSON object.
private struct AnyEncodable: Encodable {
    let value: any Encodable
    init(_ value: any Encodable) { self.value = value }
    func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
}
