import Foundation
import HubTestServer
import Testing

/// `labrun models pull|path|list|rm` against a local Hub look-alike, run as a student would run them.
@Suite struct ModelsHubCommandTests {
    /// A temporary home and cache, a server, and the environment that points labrun at them.
    final class Sandbox: @unchecked Sendable {
        let folder: URL
        let server: HubTestServer
        let environment: [String: String]

        init(token: String? = nil, gated: Bool = false) throws {
            folder = try LabrunBinary.temporaryFolder()
            server = try HubTestServer(repositories: [
                HubTestRepository.fixture("tiny-gpt2", as: "fixtures/tiny-gpt2", gated: gated),
            ], token: token, lifetime: .seconds(120))
            environment = [
                "LABRUN_HOME": folder.appendingPathComponent("labrun").path,
                "HF_HUB_CACHE": folder.appendingPathComponent("hf/hub").path,
                "HF_ENDPOINT": server.endpoint,
            ]
        }

        deinit {
            server.stop()
            try? FileManager.default.removeItem(at: folder)
        }

        func run(_ arguments: [String], extra: [String: String] = [:], stdin: String? = nil) throws -> LabrunBinary.Outcome {
            try LabrunBinary.run(arguments, environment: environment.merging(extra) { _, new in new }, stdin: stdin)
        }

        var commit: String { (try? HubTestRepository.fixture("tiny-gpt2", as: "fixtures/tiny-gpt2").commit) ?? "" }
        var snapshot: String { folder.appendingPathComponent("hf/hub/models--fixtures--tiny-gpt2/snapshots/\(commit)").path }
        var blobDownloads: Int { server.requests.filter { $0.method == "GET" && $0.uri.hasPrefix("/cdn/") }.count }
    }

    @Test func pullDownloadsThenPathListAndRemoveSeeIt() throws {
        let sandbox = try Sandbox()
        let pull = try sandbox.run(["models", "pull", "fixtures/tiny-gpt2"])
        #expect(pull.status == 0, "\(pull.stderr)")
        #expect(pull.stdout == "fixtures/tiny-gpt2 at \(sandbox.commit.prefix(7)): \(sandbox.snapshot)\n")
        // Not a terminal: one quiet line per event, no bar.
        #expect(pull.stderr.contains("fixtures/tiny-gpt2 at \(sandbox.commit.prefix(7)): 5 files"))
        #expect(pull.stderr.contains("  model.safetensors: downloading (6.4 MB)"))
        #expect(pull.stderr.contains("  model.safetensors: done, 6.4 MB in "))
        #expect(!pull.stderr.contains("\r"))

        let path = try sandbox.run(["models", "path", "fixtures/tiny-gpt2"], extra: ["HF_HUB_OFFLINE": "1"])
        #expect(path.status == 0)
        #expect(path.stdout == "\(sandbox.snapshot)\n")

        let list = try sandbox.run(["models", "list", "--json"], extra: ["HF_HUB_OFFLINE": "1"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(rows.count == 1)
        #expect(rows.first?["id"] as? String == "fixtures/tiny-gpt2")
        #expect(rows.first?["location"] as? String == "hf-cache")
        #expect(rows.first?["architecture"] as? String == "gpt2")
        #expect(rows.first?["format"] as? String == "safetensors")
        #expect(rows.first?["size"] as? Int == 11_301_375)

        let keep = try sandbox.run(["models", "rm", "fixtures/tiny-gpt2"])
        #expect(keep.status == 1)
        #expect(keep.stderr == "labrun: error: no copy of fixtures/tiny-gpt2 to delete; it is in the Hugging Face cache: add --hf-cache to delete it there\n")
        let refuse = try sandbox.run(["models", "rm", "fixtures/tiny-gpt2", "--hf-cache"], stdin: "n\n")
        #expect(refuse.status == 1)
        #expect(refuse.stdout == "Nothing deleted.\n")
        #expect(FileManager.default.fileExists(atPath: sandbox.snapshot))
        let remove = try sandbox.run(["models", "rm", "fixtures/tiny-gpt2", "--hf-cache"], stdin: "y\n")
        #expect(remove.status == 0)
        #expect(remove.stdout.hasPrefix("deleted \(sandbox.folder.path)/hf/hub/models--fixtures--tiny-gpt2\n"))
        #expect(!FileManager.default.fileExists(atPath: sandbox.snapshot))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "needs util-linux script for a terminal"))
    func onATerminalPullDrawsAProgressBar() throws {
        let sandbox = try Sandbox()
        // `script` gives labrun a pseudo-terminal; stderr and stdout both arrive on it.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qefc", "'\(LabrunBinary.executable.path)' models pull fixtures/tiny-gpt2", "/dev/null"]
        process.environment = sandbox.environment.merging(["PATH": "/usr/bin:/bin", "TERM": "xterm", "COLUMNS": "100"]) { _, new in new }
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let terminal = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(terminal)")
        if ProcessInfo.processInfo.environment["LABRUN_SHOW_TTY"] != nil { print(terminal.debugDescription) }
        #expect(terminal.contains("\r\u{1B}[K  model.safetensors  ["))
        #expect(terminal.contains("100%  6.4 MB / 6.4 MB"))
        #expect(terminal.contains("  model.safetensors: done, 6.4 MB in "))
        #expect(!terminal.contains("model.safetensors: downloading"))
    }

    @Test func pullPrintsJSONForScripts() throws {
        let sandbox = try Sandbox()
        let outcome = try sandbox.run(["models", "pull", "fixtures/tiny-gpt2", "--json"])
        #expect(outcome.status == 0)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [[String: Any]])
        #expect(rows.count == 1)
        #expect(rows.first?["id"] as? String == "fixtures/tiny-gpt2")
        #expect(rows.first?["path"] as? String == sandbox.snapshot)
        #expect(rows.first?["gguf"] is NSNull)
        let usage = try sandbox.run(["models", "pull", "a/b", "c/d", "--gguf", "x.gguf"])
        #expect(usage.status == 64)
        #expect(usage.stderr.contains("--gguf names a file of one model"))
    }

    @Test func offlineAndMissingSaysHowToGetTheModel() throws {
        let sandbox = try Sandbox()
        let outcome = try sandbox.run(["models", "pull", "bert-base-uncased"], extra: ["HF_HUB_OFFLINE": "1"])
        #expect(outcome.status == 1)
        #expect(outcome.stderr == "labrun: error: bert-base-uncased is not on this machine; connect and run "
            + "`labrun models pull bert-base-uncased`, or use the bundled HuggingFaceTB/SmolLM2-135M-Instruct "
            + "(HF_HUB_OFFLINE is set: unset it before pulling)\n")
        let path = try sandbox.run(["models", "path", "bert-base-uncased"])
        #expect(path.status == 1)
        #expect(path.stderr == "labrun: error: bert-base-uncased is not on this machine; connect and run "
            + "`labrun models pull bert-base-uncased`, or use the bundled HuggingFaceTB/SmolLM2-135M-Instruct\n")
        #expect(sandbox.server.requests.isEmpty)
    }

    @Test func anUnknownModelIsAUsageError() throws {
        let sandbox = try Sandbox()
        let outcome = try sandbox.run(["models", "pull", "fixtures/nope"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.hasPrefix("labrun: error: no model fixtures/nope on \(sandbox.server.endpoint); check the spelling"))
        let bad = try sandbox.run(["models", "path", "not an id"])
        #expect(bad.status == 2)
    }

    @Test func aGatedModelNeedsHFToken() throws {
        let sandbox = try Sandbox(token: "hf_class", gated: true)
        let refused = try sandbox.run(["models", "pull", "fixtures/tiny-gpt2"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("is gated"))
        #expect(refused.stderr.contains("set HF_TOKEN=<token>"))
        let allowed = try sandbox.run(["models", "pull", "fixtures/tiny-gpt2"], extra: ["HF_TOKEN": "hf_class"])
        #expect(allowed.status == 0, "\(allowed.stderr)")
    }

    @Test func anInterruptedPullResumesOnTheNextRun() throws {
        let sandbox = try Sandbox()
        sandbox.server.setFault(.dropAfter(bytes: 1_500_000, times: 3), for: "model.safetensors")
        let first = try sandbox.run(["models", "pull", "fixtures/tiny-gpt2"])
        #expect(first.status == 1)
        #expect(first.stderr.contains("connection dropped after 1.5 MB; resuming"))
        #expect(first.stderr.contains("labrun: error: download of fixtures/tiny-gpt2/model.safetensors was interrupted after 4500000 of 6412328 bytes; "
            + "run `labrun models pull fixtures/tiny-gpt2` again to resume where it stopped\n"))
        let path = try sandbox.run(["models", "path", "fixtures/tiny-gpt2"])
        #expect(path.status == 1)
        let second = try sandbox.run(["models", "pull", "fixtures/tiny-gpt2"])
        #expect(second.status == 0)
        #expect(second.stderr.contains("model.safetensors: downloading (6.4 MB), resuming at 4.5 MB"))
        #expect(sandbox.server.requests.last { $0.uri.hasPrefix("/cdn/") }?.range == "bytes=4500000-")
    }

    @Test func ctrlCKeepsThePartialFileForTheNextPull() throws {
        let sandbox = try Sandbox()
        sandbox.server.setFault(.stallAfter(bytes: 2_000_000), for: "model.safetensors")
        let process = Process()
        process.executableURL = LabrunBinary.executable
        process.arguments = ["models", "pull", "fixtures/tiny-gpt2"]
        process.environment = sandbox.environment.merging(["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory()]) { _, new in new }
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let etag = try #require(try HubTestRepository.fixture("tiny-gpt2", as: "fixtures/tiny-gpt2").etag("model.safetensors"))
        let partial = sandbox.folder.appendingPathComponent("hf/hub/models--fixtures--tiny-gpt2/blobs/\(etag).incomplete")
        func partialSize() -> Int {
            ((try? FileManager.default.attributesOfItem(atPath: partial.path)[.size]) as? NSNumber)?.intValue ?? 0
        }
        let deadline = Date().addingTimeInterval(30)
        while partialSize() < 2_000_000, Date() < deadline, process.isRunning { usleep(20_000) }
        process.interrupt()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        #expect(message.hasSuffix("labrun: interrupted; the partial download is kept: run `labrun models pull` again to resume\n"))
        #expect(partialSize() == 2_000_000)

        sandbox.server.setFault(nil, for: "model.safetensors")
        let resumed = try sandbox.run(["models", "pull", "fixtures/tiny-gpt2"])
        #expect(resumed.status == 0)
        #expect(sandbox.server.requests.last { $0.uri.hasPrefix("/cdn/") }?.range == "bytes=2000000-")
    }

    @Test func aCorruptFileIsDiscardedAndReported() throws {
        let sandbox = try Sandbox()
        sandbox.server.setFault(.corrupt, for: "model.safetensors")
        let outcome = try sandbox.run(["models", "pull", "fixtures/tiny-gpt2"])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("labrun: error: fixtures/tiny-gpt2/model.safetensors is corrupt"))
        #expect(outcome.stderr.contains("the file was discarded"))
        let blobs = try FileManager.default.contentsOfDirectory(atPath: sandbox.folder.appendingPathComponent("hf/hub/models--fixtures--tiny-gpt2/blobs").path)
        #expect(blobs.count == 4)
        #expect(!blobs.contains { $0.hasSuffix(".incomplete") })
    }

    @Test func twoProcessesPullingTheSameModelDownloadEachBlobOnce() throws {
        let sandbox = try Sandbox()
        let outcomes = UnsafeOutcomes()
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            outcomes.set(index, try? sandbox.run(["models", "pull", "fixtures/tiny-gpt2"]))
        }
        for outcome in outcomes.all {
            #expect(outcome?.status == 0, "\(outcome?.stderr ?? "did not run")")
            #expect(outcome?.stdout == "fixtures/tiny-gpt2 at \(sandbox.commit.prefix(7)): \(sandbox.snapshot)\n")
        }
        #expect(sandbox.blobDownloads == 1)
        let weights = try Data(contentsOf: URL(fileURLWithPath: sandbox.snapshot + "/model.safetensors"))
        #expect(weights.count == 6_412_328)
    }

    /// Results written from two threads.
    final class UnsafeOutcomes: @unchecked Sendable {
        private let lock = NSLock()
        private var values: [LabrunBinary.Outcome?] = [nil, nil]
        func set(_ index: Int, _ value: LabrunBinary.Outcome?) { lock.withLock { values[index] = value } }
        var all: [LabrunBinary.Outcome?] { lock.withLock { values } }
    }
}
