import Foundation
import LabKit
import Progress

/// `labrun login NAME`: saves the student name later commands record work under.
public struct StudentLogin: CommandResult {
    public let student: String
    /// Why the name is not registered in the progress store, when it could not be (a warning: the
    /// next record registers it anyway).
    public let storeWarning: String?

    /// Saves `name` in `state` and registers it in the store of `database` with `displayName`.
    /// - Throws: `StudentIdentityError` for an unusable name or an unwritable state folder.
    public init(_ name: String, displayName: String?, database: String?, state: LabRunState = LabRunState()) async throws {
        let identity = try StudentIdentity.login(name, state: state)
        student = identity.id
        do {
            try await ProgressSession(databaseOverride: database, state: state).withStore { store in
                try await store.save(Student(id: identity.id, displayName: displayName ?? identity.id))
            }
            storeWarning = nil
        } catch {
            storeWarning = "the name was saved, but not registered in the progress store: \(error)"
        }
    }

    public func text(on terminal: Terminal) -> String { "Logged in as \(student).\n" }
}

/// `labrun whoami`: the student name work is recorded under, where it came from, and the store.
public struct StudentWhoami: CommandResult {
    public let student: String
    /// `option`, `login` or `system`.
    public let source: String
    /// The progress database (passwords hidden).
    public let database: String

    /// The current identity (`override` first) and the configured database.
    /// - Throws: `StudentIdentityError` for an unusable name; `ProgressStoreError` for a malformed database URL.
    public init(override: String?, database: String?, state: LabRunState = LabRunState()) throws {
        let identity = try StudentIdentity.current(override: override, state: state)
        student = identity.id
        source = identity.source.rawValue
        self.database = try ProgressSession(databaseOverride: database, state: state).database.description
    }

    public func text(on terminal: Terminal) -> String {
        let origin: String
        switch StudentIdentity.Source(rawValue: source) {
        case .option?: origin = "from --student"
        case .login?: origin = "from labrun login"
        default: origin = "your system user name; change it with `labrun login <name>`"
        }
        return "\(student) (\(origin))\n"
    }
}
