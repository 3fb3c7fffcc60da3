import Foundation

/// How to reach a PostgreSQL server, parsed from a `postgres://` URL.
public struct PostgresSettings: Sendable, Equatable {
    /// Whether to use TLS, as libpq's `sslmode` names it.
    public enum TLSMode: String, Sendable, CaseIterable {
        /// Never.
        case disable
        /// When the server offers it (the default).
        case prefer
        /// Always; fails when the server has no TLS (the certificate is not verified, as in libpq).
        case require
        /// Always, verifying the certificate and the host name.
        case verifyFull = "verify-full"
    }

    /// The server's host name or address.
    public var host: String
    /// The TCP port.
    public var port: Int
    /// The user name.
    public var user: String
    /// The password, if any. Never printed.
    public var password: String?
    /// The database name (default: the user name).
    public var database: String
    /// TLS use.
    public var tls: TLSMode
    /// Seconds to wait for a connection before saying the server is unreachable.
    public var connectTimeout: Double

    /// Settings given field by field.
    public init(host: String, port: Int = 5432, user: String, password: String? = nil, database: String? = nil,
                tls: TLSMode = .prefer, connectTimeout: Double = 10) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database ?? user
        self.tls = tls
        self.connectTimeout = connectTimeout
    }

    /// Parses `postgres://user:password@host:port/database?sslmode=…&connect_timeout=…`.
    ///
    /// - Throws: ``ProgressStoreError`` (`badURL`) naming the part that is wrong; the message shows
    ///   the URL with its password replaced by `***`.
    public init(url text: String) throws {
        let shown = Self.redact(text)
        func bad(_ message: String, _ fix: String) -> ProgressStoreError {
            ProgressStoreError(.badURL, message, location: shown, fix: fix)
        }
        guard let components = URLComponents(string: text) else {
            throw bad("this is not a valid URL",
                      "write postgres://user:password@host:5432/database (percent-encode special characters)")
        }
        guard let host = components.host, !host.isEmpty else {
            throw bad("the URL names no host", "write postgres://user:password@HOST:5432/database")
        }
        guard let user = components.user?.removingPercentEncoding, !user.isEmpty else {
            throw bad("the URL names no user", "write postgres://USER:password@host:5432/database")
        }
        var database = components.path
        if database.hasPrefix("/") { database.removeFirst() }
        if database.contains("/") {
            throw bad("the database name '\(database)' contains '/'", "write postgres://user:password@host:5432/DATABASE")
        }
        var settings = PostgresSettings(
            host: host, port: components.port ?? 5432, user: user,
            password: components.password?.removingPercentEncoding,
            database: database.isEmpty ? nil : (database.removingPercentEncoding ?? database))
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let mode = TLSMode(rawValue: item.value ?? "") else {
                    throw bad("sslmode '\(item.value ?? "")' is not supported",
                              "use sslmode=\(TLSMode.allCases.map(\.rawValue).joined(separator: "|"))")
                }
                settings.tls = mode
            case "connect_timeout":
                guard let seconds = item.value.flatMap(Double.init), seconds > 0 else {
                    throw bad("connect_timeout '\(item.value ?? "")' is not a positive number of seconds",
                              "write connect_timeout=10")
                }
                settings.connectTimeout = seconds
            default:
                throw bad("unknown URL parameter '\(item.name)'", "the parameters labrun reads are sslmode and connect_timeout")
            }
        }
        self = settings
    }

    /// The URL again, with the password replaced by `***`.
    public var redactedURL: String {
        let encodedUser = user.addingPercentEncoding(withAllowedCharacters: .urlUserAllowed) ?? user
        let secret = password == nil ? "" : ":***"
        return "postgres://\(encodedUser)\(secret)@\(host):\(port)/\(database)"
    }

    /// `text` with whatever sits between `user:` and `@` in its authority replaced by `***`,
    /// even when `text` does not parse as a URL.
    public static func redact(_ text: String) -> String {
        guard let schemeEnd = text.range(of: "://") else { return text }
        let afterScheme = text[schemeEnd.upperBound...]
        let authorityEnd = afterScheme.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? afterScheme.endIndex
        let authority = afterScheme[..<authorityEnd]
        guard let at = authority.lastIndex(of: "@") else { return text }
        let credentials = authority[..<at]
        guard let colon = credentials.firstIndex(of: ":") else { return text }
        return String(text[..<colon]) + ":***" + String(text[at...])
    }
}
