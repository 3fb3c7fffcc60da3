import Foundation
import Testing
@testable import Progress

/// Reading `LABRUN_DATABASE_URL` / `--database`: every form, every mistake, never a password.
@Suite("Database URLs")
struct ProgressDatabaseTests {
    @Test("a postgres URL gives host, port, user, password, database and TLS mode")
    func postgresURL() throws {
        let database = try ProgressDatabase.parse("postgres://ada:p%40ss%3Aword@db.example:6543/class1?sslmode=require&connect_timeout=3")
        guard case .postgres(let settings) = database else { Issue.record("not postgres: \(database)"); return }
        #expect(settings == PostgresSettings(host: "db.example", port: 6543, user: "ada", password: "p@ss:word",
                                             database: "class1", tls: .require, connectTimeout: 3))
        #expect(database.description == "postgres://ada:***@db.example:6543/class1")
    }

    @Test("defaults: port 5432, database named after the user, TLS preferred")
    func postgresDefaults() throws {
        let settings = try PostgresSettings(url: "postgresql://grace@localhost")
        #expect(settings.port == 5432 && settings.database == "grace" && settings.tls == .prefer)
        #expect(settings.password == nil)
        #expect(settings.redactedURL == "postgres://grace@localhost:5432/grace")
    }

    @Test("SQLite forms and plain paths", arguments: [
        ("sqlite:///tmp/p.sqlite", "/tmp/p.sqlite"), ("sqlite:rel/p.sqlite", "rel/p.sqlite"),
        ("/var/labrun/progress.sqlite", "/var/labrun/progress.sqlite"), ("file:///tmp/x.db", "/tmp/x.db"),
    ])
    func sqliteForms(text: String, path: String) throws {
        #expect(try ProgressDatabase.parse(text) == .sqlite(path: path))
    }

    @Test("--database wins over LABRUN_DATABASE_URL, which wins over the default file")
    func precedence() throws {
        let home = URL(fileURLWithPath: "/home/ada/.local/share/labrun")
        let environment = ["LABRUN_DATABASE_URL": "sqlite:///from/env.sqlite"]
        #expect(try ProgressDatabase.configured(override: "/from/option.sqlite", environment: environment, home: home)
                == .sqlite(path: "/from/option.sqlite"))
        #expect(try ProgressDatabase.configured(environment: environment, home: home) == .sqlite(path: "/from/env.sqlite"))
        #expect(try ProgressDatabase.configured(environment: [:], home: home)
                == .sqlite(path: "/home/ada/.local/share/labrun/progress.sqlite"))
    }

    @Test("malformed URLs are bad-url errors that never show the password", arguments: [
        "mysql://root:TopSecret9@db/class",
        "postgres://:TopSecret9@db/class",
        "postgres://ada:TopSecret9@/class",
        "postgres://ada:TopSecret9@db/class?sslmode=sometimes",
        "postgres://ada:TopSecret9@db/class?connect_timeout=-1",
        "postgres://ada:TopSecret9@db/class?application=x",
        "postgres://ada:TopSecret9@db/a/b",
        "   ",
    ])
    func badURLs(text: String) {
        let error = #expect(throws: ProgressStoreError.self) { _ = try ProgressDatabase.parse(text) }
        #expect(error?.code == .badURL)
        #expect(error?.description.contains("TopSecret9") == false, "\(String(describing: error))")
        #expect(error?.fix != nil)
    }

    @Test("redaction hides the password even in a URL that does not parse")
    func redaction() {
        #expect(PostgresSettings.redact("postgres://ada:se@cret@host/db") == "postgres://ada:***@host/db")
        #expect(PostgresSettings.redact("postgres://ada@host/db") == "postgres://ada@host/db")
        #expect(PostgresSettings.redact("not a url") == "not a url")
    }

    #if !PostgreSQL
    @Test("without the PostgreSQL trait a postgres URL is refused with how to build it in")
    func notBuiltIn() async throws {
        let database = try ProgressDatabase.parse("postgres://ada:Hidden-77@127.0.0.1:5432/class")
        let error = await #expect(throws: ProgressStoreError.self) { _ = try await database.open() }
        #expect(error?.code == .notBuiltIn)
        #expect(error?.description.contains("--traits PostgreSQL") == true)
        #expect(error?.description.contains("Hidden-77") == false)
    }
    #endif

    #if PostgreSQL
    @Test("an unreachable server is 'unreachable' at once, with the reason")
    func unreachable() async throws {
        // A port nothing listens on: bind one, note it, close it.
        let settings = PostgresSettings(host: "127.0.0.1", port: try Self.closedPort(), user: "ada",
                                        password: "Hidden-77", database: "class", tls: .disable, connectTimeout: 5)
        let error = await #expect(throws: ProgressStoreError.self) { _ = try await PostgresProgressStore(settings: settings) }
        #expect(error?.code == .unreachable)
        #expect(error?.description.contains("Hidden-77") == false)
        // A refused connection fails with its own reason, not by running out the connect timeout.
        // (Checked by the message rather than a stopwatch: the test runner's load decides wall time.)
        #expect(error?.description.contains("no answer from") == false, "a refused connection fails at once")
    }
    #endif

    #if PostgreSQL
    @Test("a server that takes the connection and never answers is 'unreachable' after connect_timeout",
          .timeLimit(.minutes(1)))
    func silentServer() async throws {
        // A socket that listens and never accepts: the kernel completes the TCP handshake, so
        // only the deadline on the whole session start can end the wait.
        let (socket, port) = try Self.boundSocket()
        defer { close(socket) }
        #expect(listen(socket, 4) == 0)
        let settings = PostgresSettings(host: "127.0.0.1", port: port, user: "ada", password: "Hidden-77",
                                        database: "class", tls: .disable, connectTimeout: 1)
        let error = await #expect(throws: ProgressStoreError.self) { _ = try await PostgresProgressStore(settings: settings) }
        // Either the deadline on the session start or, on a loaded machine, the TCP connect timeout
        // (the same second) ends the wait.
        #expect(error?.code == .unreachable, "\(String(describing: error))")
        #expect(error?.description.contains("127.0.0.1:\(port)") == true)
        #expect(error?.description.contains("Hidden-77") == false)
    }
    #endif

    /// A TCP port on 127.0.0.1 with no listener.
    static func closedPort() throws -> Int {
        let (socket, port) = try boundSocket()
        close(socket)
        return port
    }

    /// A socket bound to a free port on 127.0.0.1, and the port.
    static func boundSocket() throws -> (Int32, Int) {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Int32 in
                guard bind(socket, pointer, length) == 0 else { return -1 }
                return getsockname(socket, pointer, &length)
            }
        }
        guard bound == 0 else {
            close(socket)
            throw ProgressStoreError(.database, "cannot bind a test port", location: "-")
        }
        return (socket, Int(UInt16(bigEndian: address.sin_port)))
    }
}
