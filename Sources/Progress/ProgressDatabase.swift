import Foundation

/// Which database the progress store lives in, parsed from `LABRUN_DATABASE_URL`, `--database`,
/// or the default file.
///
/// Accepted forms:
/// - `postgres://user:password@host:5432/database?sslmode=disable|prefer|require&connect_timeout=10`
///   (also `postgresql://`; user, password and database are percent-decoded);
/// - `sqlite:///absolute/path.sqlite`, `sqlite:relative.sqlite`, or a plain file path;
/// - `memory:` (nothing kept; for tests and demos).
public enum ProgressDatabase: Sendable, Equatable, CustomStringConvertible {
    /// A SQLite file.
    case sqlite(path: String)
    /// A PostgreSQL server.
    case postgres(PostgresSettings)
    /// An in-memory store.
    case memory

    /// The environment variable that names the database.
    public static let environmentVariable = "LABRUN_DATABASE_URL"

    /// The file name of the default SQLite store inside labrun's home folder.
    public static let defaultFileName = "progress.sqlite"

    /// Parses `text` (a URL or a path).
    ///
    /// - Throws: ``ProgressStoreError`` with code `badURL`, naming what is wrong and never the password.
    public static func parse(_ text: String) throws -> ProgressDatabase {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty {
            throw ProgressStoreError(.badURL, "the database URL is empty", location: "\"\"",
                                     fix: "unset LABRUN_DATABASE_URL to use the default SQLite file")
        }
        let lower = trimmed.lowercased()
        if lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://") {
            return .postgres(try PostgresSettings(url: trimmed))
        }
        if lower == "memory:" || lower == "memory://" { return .memory }
        if lower.hasPrefix("sqlite:") || lower.hasPrefix("file:") {
            var rest = String(trimmed[trimmed.index(after: trimmed.firstIndex(of: ":") ?? trimmed.startIndex)...])
            if rest.hasPrefix("//") { rest.removeFirst(2) }
            rest = rest.removingPercentEncoding ?? rest
            if rest.isEmpty {
                throw ProgressStoreError(.badURL, "the SQLite URL names no file", location: trimmed,
                                         fix: "write sqlite:///path/to/progress.sqlite")
            }
            return .sqlite(path: rest)
        }
        if let colon = trimmed.range(of: "://") {
            let scheme = trimmed[..<colon.lowerBound]
            throw ProgressStoreError(
                .badURL, "unknown database kind '\(scheme)'",
                location: PostgresSettings.redact(trimmed),
                fix: "use postgres://user:password@host:5432/database, sqlite:///path/file.sqlite, or a file path")
        }
        return .sqlite(path: trimmed)
    }

    /// The database named by `override` (`--database`), else `LABRUN_DATABASE_URL`, else the
    /// SQLite file `progress.sqlite` in `home` (labrun's home folder).
    public static func configured(
        override: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        home: URL
    ) throws -> ProgressDatabase {
        if let override { return try parse(override) }
        if let value = environment[environmentVariable], !value.isEmpty { return try parse(value) }
        return .sqlite(path: home.appendingPathComponent(defaultFileName).path)
    }

    /// Opens the store (connecting and migrating as needed).
    ///
    /// - Throws: ``ProgressStoreError`` saying why the store could not be opened.
    public func open() async throws -> any ProgressStore {
        switch self {
        case .sqlite(let path): return try SQLiteProgressStore(path: path)
        case .postgres(let settings):
            #if PostgreSQL
            return try await PostgresProgressStore(settings: settings)
            #else
            throw ProgressStoreError(
                .notBuiltIn, "this labrun was built without PostgreSQL support", location: settings.redactedURL,
                fix: "build it with `swift build -c release --traits PostgreSQL` (make class-server), or unset LABRUN_DATABASE_URL to use the SQLite file")
            #endif
        case .memory: return MemoryProgressStore()
        }
    }

    /// Where it is, safe to print: a path, or a URL whose password is `***`.
    public var description: String {
        switch self {
        case .sqlite(let path): return path
        case .postgres(let settings): return settings.redactedURL
        case .memory: return "memory"
        }
    }
}
