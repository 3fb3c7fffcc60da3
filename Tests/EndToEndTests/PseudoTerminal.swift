import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The built `labrun` running on its own pseudo-terminal, driven the way a student types: keys
/// in, everything it printed read back. The program is the leader of a new session whose
/// controlling terminal is the pseudo-terminal, so Ctrl-C (byte 3) reaches it as SIGINT and
/// Ctrl-D (byte 4) at the start of a line as end of input, exactly as at a real terminal.
///
/// Every wait has a deadline and `close()` kills the program, so a test that goes wrong fails
/// with the transcript instead of hanging.
final class PseudoTerminal {
    private let master: Int32
    private let pid: pid_t
    private var transcript = Data()
    private var exitStatus: Int32?

    /// Starts `labrun arguments…` on a 100×50 terminal with `environment` added to a clean one.
    init(labrun arguments: [String], environment: [String: String]) throws {
        var master: Int32 = -1, slave: Int32 = -1
        var size = winsize(ws_row: 50, ws_col: 100, ws_xpixel: 0, ws_ypixel: 0)
        var nameBuffer = [CChar](repeating: 0, count: 4096)
        guard openpty(&master, &slave, &nameBuffer, nil, &size) == 0 else {
            throw PseudoTerminalError("openpty failed: errno \(errno)")
        }
        defer { Glibc.close(slave) }
        // Neither end may leak into this or any other child; the program opens the terminal by name.
        _ = fcntl(master, F_SETFD, FD_CLOEXEC)
        _ = fcntl(slave, F_SETFD, FD_CLOEXEC)
        let name = String(decoding: nameBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // glibc applies POSIX_SPAWN_SETSID before the file actions, so opening the terminal here
        // makes it the new session's controlling terminal.
        posix_spawn_file_actions_addopen(&actions, 0, name, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t(), mask = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGQUIT, SIGPIPE, SIGTERM] { sigaddset(&defaults, signal) }
        sigemptyset(&mask)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &mask)
        let setsid: Int32 = 0x80 // POSIX_SPAWN_SETSID (glibc ≥ 2.26), not imported into Swift
        posix_spawnattr_setflags(&attributes, Int16(setsid | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        var env = ["PATH": "/usr/bin:/bin", "TERM": "xterm", "NO_COLOR": "1", "LANG": "C.UTF-8"]
        env["HOME"] = ProcessInfo.processInfo.environment["HOME"]
        env.merge(environment) { _, new in new }
        let executable = LabrunBinary.executable.path
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var child: pid_t = 0
        let result = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
        guard result == 0 else {
            Glibc.close(master)
            throw PseudoTerminalError("could not start \(executable): errno \(result)")
        }
        self.master = master
        pid = child
    }

    /// Types `text` (use "\r" for Enter, "\u{3}" for Ctrl-C, "\u{4}" for Ctrl-D).
    func type(_ text: String) throws {
        var bytes = Array(text.utf8)
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
            guard written > 0 else { throw PseudoTerminalError("writing to the terminal failed: errno \(errno)") }
            bytes.removeFirst(written)
        }
    }

    /// Everything printed so far, with the terminal's carriage returns removed.
    var screen: String {
        String(decoding: transcript, as: UTF8.self).replacingOccurrences(of: "\r", with: "")
    }

    /// Waits up to `timeout` seconds for `text` to be printed; returns the screen.
    @discardableResult
    func waitFor(_ text: String, timeout: Double = 30) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        while !screen.contains(text) {
            guard Date() < deadline else {
                throw PseudoTerminalError("'\(text)' did not appear within \(timeout) s; the screen was:\n\(screen)")
            }
            if !readAvailable(waitingMilliseconds: 100), exitStatus != nil || reap() {
                throw PseudoTerminalError("labrun exited (status \(exitStatus ?? -1)) before printing '\(text)'; the screen was:\n\(screen)")
            }
        }
        return screen
    }

    /// Waits up to `timeout` seconds for the program to end, reading what it prints; returns its
    /// exit status (128 + N for a signal).
    func waitForExit(timeout: Double = 30) throws -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while exitStatus == nil {
            guard Date() < deadline else {
                throw PseudoTerminalError("labrun did not exit within \(timeout) s; the screen was:\n\(screen)")
            }
            if !readAvailable(waitingMilliseconds: 100) { _ = reap() }
        }
        while readAvailable(waitingMilliseconds: 0) {}
        return exitStatus ?? -1
    }

    /// Kills the program if it still runs and releases the terminal.
    func close() {
        if exitStatus == nil {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        Glibc.close(master)
    }

    /// Reads what is waiting on the terminal (after up to `waitingMilliseconds`); false when
    /// nothing came.
    private func readAvailable(waitingMilliseconds: Int32) -> Bool {
        var poller = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, waitingMilliseconds) > 0, poller.revents & Int16(POLLIN) != 0 else { return false }
        var buffer = [UInt8](repeating: 0, count: 4096)
        // After the program exits, Linux answers EIO once the output is drained.
        let count = buffer.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
        guard count > 0 else { return false }
        transcript.append(contentsOf: buffer[0..<count])
        return true
    }

    /// Collects the exit status if the program has ended; true when it has.
    private func reap() -> Bool {
        var status: Int32 = 0
        guard waitpid(pid, &status, WNOHANG) == pid else { return false }
        let signal = status & 0x7f
        exitStatus = signal == 0 ? (status >> 8) & 0xff : 128 + signal
        return true
    }
}

/// The terminal could not be set up, or the expected text or exit never came.
struct PseudoTerminalError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
