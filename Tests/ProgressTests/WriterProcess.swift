import Foundation

/// A running `progress-writer` (Tests/ProgressWriter): what it reported committed, and how it ended.
final class WriterProcess: @unchecked Sendable {
    /// One `committed <writer> <n> <id>` line.
    struct Commit: Hashable {
        let writer: String
        let n: Int
        let id: Int64
    }

    /// The built `progress-writer`, next to the test bundle.
    static let executable: URL = {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("progress-writer")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/progress-writer")
    }()

    let name: String
    private let process = Process()
    private let output = Pipe()
    private let errors = Pipe()
    private let lock = NSLock()
    private var commits: [Commit] = []
    private var errorText = Data()
    private let killAfter: Int?
    private let done = DispatchGroup()

    /// Starts a writer of `count` records (`mode`: events or runs) on the SQLite file at `path`;
    /// when `killAfter` is set, sends it SIGKILL as soon as it has reported that many commits.
    init(path: String, name: String, count: Int, mode: String, killAfter: Int? = nil) throws {
        self.name = name
        self.killAfter = killAfter
        process.executableURL = Self.executable
        process.arguments = [path, name, String(count), mode]
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        done.enter()
        DispatchQueue.global().async { self.readOutput() }
        done.enter()
        DispatchQueue.global().async {
            let data = self.errors.fileHandleForReading.readDataToEndOfFile()
            self.lock.withLock { self.errorText = data }
            self.done.leave()
        }
    }

    private func readOutput() {
        var buffer = Data()
        let handle = output.fileHandleForReading
        while true {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            buffer.append(chunk)
            while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                buffer.removeSubrange(buffer.startIndex...newline)
                let parts = line.split(separator: " ")
                guard parts.count == 4, parts[0] == "committed", let n = Int(parts[2]), let id = Int64(parts[3]) else {
                    continue
                }
                let reported = lock.withLock { () -> Int in
                    commits.append(Commit(writer: String(parts[1]), n: n, id: id))
                    return commits.count
                }
                if let killAfter, reported == killAfter { kill(process.processIdentifier, SIGKILL) }
            }
        }
        done.leave()
    }

    /// Waits for the process to end; returns its commits, whether SIGKILL ended it, and its stderr.
    func finish() async -> (commits: [Commit], killed: Bool, status: Int32, stderr: String) {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                self.process.waitUntilExit()
                self.done.wait()
                continuation.resume()
            }
        }
        let killed = process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL
        return lock.withLock {
            (commits, killed, process.terminationStatus, String(decoding: errorText, as: UTF8.self))
        }
    }
}
