import ArgumentParser
import Foundation
import Inference
import LabRun

/// `labrun login <name>`: who the work on this machine is recorded for.
struct LoginCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login",
        abstract: "Set the student name your runs, answers and scores are recorded under.",
        discussion: """
            The name is saved in $LABRUN_HOME/student and used by every later command; \
            --student NAME overrides it for one command. Without a login, labrun uses your \
            system user name.

            Example:
              labrun login ada --display-name "Ada Lovelace"
            """
    )

    @Argument(help: "Your student name (the id an instructor sees).")
    var name: String

    @Option(help: "The name shown in the class view (default: the student name).")
    var displayName: String?

    @OptionGroup var options: ProgressOptions

    func run() async throws {
        let identity: StudentIdentity
        do {
            identity = try StudentIdentity.login(name)
        } catch {
            throw CommandFailure.report(error)
        }
        print("Logged in as \(identity.id).")
        // Registering the name in the store is a courtesy: the next record would create it anyway.
        do {
            try await options.session().withStore { store in
                try await store.save(Student(id: identity.id, displayName: displayName ?? identity.id))
            }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            CommandFailure.warn("the name was saved, but not registered in the progress store: \(error)")
        }
    }
}
