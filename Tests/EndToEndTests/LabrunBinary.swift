import Foundation

/// Runs the built `labrun` executable the way a user would, capturing what it prints.
struct LabrunBinary {
    /// What one run printed and how it ended.
    struct Outcome {
        let stdout: String
        let stderr: String
        let status: Int32
    }

    /// The repository root, found from this file's path.
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `labrun` built next to the test bundle (`swift test` builds every product).
    static let executable: URL = {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        // The test runner may be inside `labrunPackageTests.xctest/…`; walk up to the products folder.
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("labrun")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return repositoryRoot.appendingPathComponent(".build/debug/labrun")
    }()

    /// Runs `labrun arguments…` in `directory` with `environment` added to a clean one
    /// (no colour, fixed width, a temporary LABRUN_HOME unless given).
    static func run(
        _ arguments: [String],
        in directory: URL = repositoryRoot,
        environment: [String: String] = [:],
        stdin: String? = nil
    ) throws -> Outcome {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var env = ["PATH": "/usr/bin:/bin", "NO_COLOR": "1", "COLUMNS": "80", "LANG": "C.UTF-8"]
        env["HOME"] = ProcessInfo.processInfo.environment["HOME"]
        env.merge(environment) { _, new in new }
        process.environment = env
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        // Read both pipes concurrently so a full pipe can never block the child.
        let group = DispatchGroup()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Outcome(stdout: String(decoding: outData, as: UTF8.self),
                       stderr: String(decoding: errData, as: UTF8.self),
                       status: process.terminationStatus)
    }

    /// A fresh temporary folder, removed by the caller.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("labrun-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
