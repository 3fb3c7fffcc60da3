import Foundation

/// Who the current student is: `--student` when given, else the name `labrun login` saved in
/// `$LABRUN_HOME/student`, else the operating-system user name.
public struct StudentIdentity: Sendable, Equatable {
    /// Where the identity came from.
    public enum Source: String, Sendable, Codable {
        /// The `--student` option.
        case option
        /// The file written by `labrun login`.
        case login
        /// The operating-system user (`$USER`, `$LOGNAME`, or the password database).
        case system
    }

    /// The student's id.
    public var id: String
    /// Where it came from.
    public var source: Source

    /// An identity with its source.
    public init(id: String, source: Source) {
        self.id = id
        self.source = source
    }

    /// Resolves the current student.
    ///
    /// - Throws: ``StudentIdentityError`` when `override` is not a usable name, or no name can be found.
    public static func current(
        override: String? = nil, state: LabRunState = LabRunState(),
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> StudentIdentity {
        if let override {
            return StudentIdentity(id: try validated(override, origin: "--student"), source: .option)
        }
        let file = state.loginFile
        if let saved = try? String(contentsOf: file, encoding: .utf8) {
            let name = saved.trimmingCharacters(in: .whitespacesAndNewlines)
            if !name.isEmpty {
                return StudentIdentity(id: try validated(name, origin: file.path), source: .login)
            }
        }
        if let user = systemUserName(environment: environment) {
            return StudentIdentity(id: user, source: .system)
        }
        throw StudentIdentityError(message: "no student name: this system user has no name",
                                   fix: "run `labrun login <name>` or pass --student NAME")
    }

    /// Saves `name` as the student for later runs (`labrun login`); returns the identity.
    ///
    /// - Throws: ``StudentIdentityError`` for an unusable name or an unwritable file.
    @discardableResult
    public static func login(_ name: String, state: LabRunState = LabRunState()) throws -> StudentIdentity {
        let id = try validated(name, origin: "the name")
        let file = state.loginFile
        do {
            try FileManager.default.createDirectory(at: state.root, withIntermediateDirectories: true)
            try Data((id + "\n").utf8).write(to: file, options: .atomic)
        } catch {
            throw StudentIdentityError(message: "cannot write \(file.path): \(error.localizedDescription)",
                                       fix: "check that the folder is writable, or set LABRUN_HOME")
        }
        return StudentIdentity(id: id, source: .login)
    }

    /// `name` trimmed, if it is a usable student id: 1 to 100 characters, no control characters.
    public static func validated(_ name: String, origin: String) throws -> String {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else {
            throw StudentIdentityError(message: "\(origin): the student name is empty", fix: "give a name like `ada`")
        }
        guard trimmed.count <= 100 else {
            throw StudentIdentityError(message: "\(origin): the student name is longer than 100 characters",
                                       fix: "use a shorter name")
        }
        guard !trimmed.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) }) else {
            throw StudentIdentityError(message: "\(origin): the student name contains control characters",
                                       fix: "use letters, digits, spaces or punctuation")
        }
        return trimmed
    }

    /// The operating-system user's name, if there is one.
    static func systemUserName(environment: [String: String]) -> String? {
        for key in ["USER", "LOGNAME"] {
            if let value = environment[key]?.trimmingCharacters(in: .whitespaces), !value.isEmpty { return value }
        }
        if let entry = getpwuid(getuid()), let name = entry.pointee.pw_name {
            let value = String(cString: name)
            return value.isEmpty ? nil : value
        }
        return nil
    }
}

/// A student name that cannot be used, or a login file that cannot be written.
public struct StudentIdentityError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What is wrong.
    public var message: String
    /// How to fix it.
    public var fix: String

    /// `<message>; <fix>`.
    public var description: String { "\(message); \(fix)" }
}
