import Foundation

/// A program running in a private tmux server's pseudo-terminal, driven the way a student types:
/// keys in, the screen read back. Each session has its own socket, so tests never touch a user's
/// tmux.
final class TerminalSession {
    /// Whether tmux is installed (scripts/setup.sh installs it).
    static var isAvailable: Bool { tmux != nil }

    private static let tmux: String? = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    private let socket: String

    /// Starts `command` (a shell command line) in an 100×50 terminal. When it exits the pane
    /// shows `[exited N]` and stays open for reading. The shell around it traps SIGINT (as an
    /// interactive shell would) so Ctrl-C reaches only the program.
    init(command: String) throws {
        socket = FileManager.default.temporaryDirectory.appendingPathComponent("labrun-tmux-\(UUID().uuidString.prefix(8))").path
        try tmux(["new-session", "-d", "-x", "100", "-y", "50", "-s", "quiz",
                  "trap : INT; \(command); echo \"[exited $?]\"; sleep 60"])
    }

    /// Types `keys` (tmux key names: text, `Enter`, `C-c`, `C-d`).
    func send(_ keys: String...) throws {
        try tmux(["send-keys", "-t", "quiz"] + keys)
    }

    /// The screen and its scroll-back, as plain text.
    func screen() throws -> String {
        try tmux(["capture-pane", "-p", "-J", "-S", "-500", "-t", "quiz"])
    }

    /// Waits up to `timeout` seconds for `text` to appear on the screen; returns the screen.
    @discardableResult
    func waitFor(_ text: String, timeout: Double = 20) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if last.contains(text) { return last }
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw TerminalSessionError(description: "'\(text)' did not appear within \(timeout) s; the screen was:\n\(last)")
    }

    /// Stops the tmux server of this session.
    func close() {
        _ = try? tmux(["kill-server"])
        try? FileManager.default.removeItem(atPath: socket)
    }

    @discardableResult
    private func tmux(_ arguments: [String]) throws -> String {
        guard let tmux = Self.tmux else { throw TerminalSessionError(description: "tmux is not installed") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tmux)
        process.arguments = ["-S", socket, "-f", "/dev/null"] + arguments
        // Output goes to a file, not a pipe: the tmux server that `new-session` starts inherits
        // the client's descriptors, so a pipe would never reach end-of-file.
        let outputFile = FileManager.default.temporaryDirectory.appendingPathComponent("labrun-tmux-out-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: outputFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: outputFile) }
        let out = try FileHandle(forWritingTo: outputFile)
        process.standardOutput = out
        process.standardError = out
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try out.close()
        let text = String(decoding: (try? Data(contentsOf: outputFile)) ?? Data(), as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw TerminalSessionError(description: "tmux \(arguments.first ?? "") failed: \(text)")
        }
        return text
    }
}

/// tmux failed or the expected text never appeared.
struct TerminalSessionError: Error, CustomStringConvertible {
    let description: String
}
