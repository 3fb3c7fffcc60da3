import Foundation

/// Why the progress store could not do what was asked: a value with a reason code, a sentence for
/// the student, the store's location (with any password removed) and how to fix it.
///
/// Extensible like Hummingbird's `PersistError`: new codes can be added without breaking callers
/// that switch on the ones they know.
public struct ProgressStoreError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The kind of failure.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// The code's name (`auth-failed`).
        public var rawValue: String
        /// A code named `rawValue`.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The name.
        public var description: String { rawValue }

        /// The database URL or path is malformed or names an unknown kind of database.
        public static let badURL = Code(rawValue: "bad-url")
        /// The server could not be reached (refused, unknown host, timed out).
        public static let unreachable = Code(rawValue: "unreachable")
        /// The server refused the user name or password.
        public static let authenticationFailed = Code(rawValue: "auth-failed")
        /// The file, folder or database object may not be read or written by this user.
        public static let permissionDenied = Code(rawValue: "permission-denied")
        /// The disk (or the server's) is full.
        public static let diskFull = Code(rawValue: "disk-full")
        /// Other writers held the database for longer than the busy timeout.
        public static let busy = Code(rawValue: "busy")
        /// The database was made by a newer labrun (schema version beyond what this one knows).
        public static let schemaTooNew = Code(rawValue: "schema-too-new")
        /// The file is not a database, or is damaged.
        public static let corrupt = Code(rawValue: "corrupt")
        /// The record itself is invalid (empty student id, step below 1…).
        public static let invalidRecord = Code(rawValue: "invalid-record")
        /// The store was closed.
        public static let closed = Code(rawValue: "closed")
        /// The store needs support this build of labrun was made without (PostgreSQL without its trait).
        public static let notBuiltIn = Code(rawValue: "not-built-in")
        /// Anything else the database reported.
        public static let database = Code(rawValue: "database")
    }

    /// The kind of failure.
    public var code: Code
    /// What went wrong, in a sentence (never contains a password).
    public var message: String
    /// Where the store is: a file path or a redacted URL (`postgres://ada:***@db:5432/class`).
    public var location: String
    /// What the user can do about it.
    public var fix: String?

    /// An error value.
    public init(_ code: Code, _ message: String, location: String, fix: String? = nil) {
        self.code = code
        self.message = message
        self.location = location
        self.fix = fix
    }

    /// `progress store <location>: <message> (<fix>)`.
    public var description: String {
        var text = "progress store \(location): \(message)"
        if let fix { text += "; \(fix)" }
        return text
    }
}
