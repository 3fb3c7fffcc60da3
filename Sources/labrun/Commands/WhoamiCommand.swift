import ArgumentParser
import Foundation
import LabRun

/// `labrun whoami`: the student name work is recorded under, and where it came from.
struct WhoamiCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whoami",
        abstract: "Show the student name your work is recorded under.",
        discussion: """
            The name comes from --student, else `labrun login`, else your system user name.

            Example:
              labrun whoami --json
            """
    )

    @Option(help: "Use this student name instead of the saved one.")
    var student: String?

    @Flag(help: "Print {\"student\", \"source\", \"database\"} as JSON.")
    var json = false

    @OptionGroup var options: ProgressOptions

    func run() async throws {
        let identity: StudentIdentity
        do {
            identity = try StudentIdentity.current(override: student)
        } catch {
            throw CommandFailure.report(error)
        }
        let session = try options.session()
        if json {
            let object: [String: String] = [
                "student": identity.id, "source": identity.source.rawValue, "database": session.database.description,
            ]
            let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            print(String(decoding: data, as: UTF8.self))
            return
        }
        let origin: String
        switch identity.source {
        case .option: origin = "from --student"
        case .login: origin = "from labrun login"
        case .system: origin = "your system user name; change it with `labrun login <name>`"
        }
        print("\(identity.id) (\(origin))")
    }
}
