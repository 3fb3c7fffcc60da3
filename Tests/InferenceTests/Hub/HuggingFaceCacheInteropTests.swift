import Foundation
import HubTestServer
import Testing
@testable import Inference

/// labrun and Python's huggingface_hub share one cache: the same layout written, each reading the other's.
///
/// `Tests/Fixtures/hf-cache-reference/listing.txt` is the layout huggingface_hub wrote when
/// `scripts/hf-cache-reference.py` downloaded the two fixture models from `HubTestServer`
/// (regenerate: `LABRUN_HF_PYTHON=<python with huggingface_hub> LABRUN_HF_REFERENCE_WRITE=1 swift test
/// --filter HuggingFaceCacheInteropTests`).
@Suite(.serialized) struct HuggingFaceCacheInteropTests {
    static let repositories = ["fixtures/tiny-gpt2", "fixtures/tiny-bert-mlm"]
    static let referenceFile = HubTestRepository.fixturesFolder.appendingPathComponent("hf-cache-reference/listing.txt")
    static let script = HubTestRepository.fixturesFolder.deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scripts/hf-cache-reference.py")
    static let python = ProcessInfo.processInfo.environment["LABRUN_HF_PYTHON"]

    /// The listing `scripts/hf-cache-reference.py` prints, computed here: one line per entry, sorted by path.
    static func listing(of root: URL) throws -> [String] {
        var lines: [(String, String)] = []
        let fileManager = FileManager.default
        guard let walker = fileManager.enumerator(atPath: root.path) else { return [] }
        while let relative = walker.nextObject() as? String {
            let path = root.appendingPathComponent(relative).path
            let attributes = try fileManager.attributesOfItem(atPath: path)
            switch attributes[.type] as? FileAttributeType {
            case .typeSymbolicLink?:
                lines.append((relative, "link \(relative) -> \(try fileManager.destinationOfSymbolicLink(atPath: path))"))
            case .typeDirectory?:
                lines.append((relative, "dir  \(relative)"))
            default:
                var line = "file \(relative) \((attributes[.size] as? NSNumber)?.int64Value ?? 0)"
                if relative.contains("/refs/") { line += " = " + (try String(contentsOfFile: path, encoding: .utf8)) }
                lines.append((relative, line))
            }
        }
        return lines.sorted { Array($0.0.utf8).lexicographicallyPrecedes(Array($1.0.utf8)) }.map(\.1)
    }

    /// The reference listing without what only huggingface_hub writes: `trees/<commit>.json`, its
    /// cache of the Hub's file listing (huggingface_hub ≥ 1.0 fetches it again when absent).
    static func referenceWithoutTrees(_ lines: [String]) -> [String] {
        lines.filter { line in
            let path = line.split(separator: " ").dropFirst().first { !$0.isEmpty }.map(String.init) ?? ""
            let parts = path.split(separator: "/")
            return !(parts.count >= 2 && parts[0].hasPrefix("models--") && parts[1] == "trees")
        }
    }

    static func reference() throws -> [String] {
        try String(contentsOf: referenceFile, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    @Test func labrunWritesTheLayoutHuggingFaceHubWrites() throws {
        let sandbox = try HubSandbox()
        for id in Self.repositories { _ = try sandbox.hub().pull(id) }
        #expect(try Self.listing(of: sandbox.cache.root) == Self.referenceWithoutTrees(Self.reference()))
    }

    @Test func labrunReadsATreeHuggingFaceHubWrote() throws {
        // Rebuild the recorded tree: folders, the same symlinks, blobs with the fixture contents.
        let sandbox = try HubSandbox()
        let root = sandbox.cache.root
        let served = try [HubTestRepository.fixture("tiny-gpt2", as: Self.repositories[0]),
                          HubTestRepository.fixture("tiny-bert-mlm", as: Self.repositories[1])]
        var blobs: [String: Data] = [:]
        for repository in served {
            for (path, data) in repository.files { blobs[repository.etag(path) ?? ""] = data }
        }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        for line in try Self.reference() {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            let url = root.appendingPathComponent(fields[1])
            switch fields[0] {
            case "dir": try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            case "link": try FileManager.default.createSymbolicLink(atPath: url.path, withDestinationPath: fields[3])
            default:
                let data = fields.count == 5 ? Data(fields[4].utf8) : (blobs[url.lastPathComponent] ?? Data(count: Int(fields[2]) ?? 0))
                try data.write(to: url)
            }
        }
        let hub = sandbox.hub(offline: true)
        for (id, fixture) in zip(Self.repositories, ["tiny-gpt2", "tiny-bert-mlm"]) {
            let model = try #require(try hub.locate(id))
            #expect(model.source == .huggingFaceCache(commit: served[fixture == "tiny-gpt2" ? 0 : 1].commit))
            for file in try FileManager.default.contentsOfDirectory(atPath: model.directory.path) {
                #expect(try Data(contentsOf: model.directory.appendingPathComponent(file)) == HubSandbox.fixtureData(fixture, file))
            }
        }
    }

    /// Runs huggingface_hub itself (needs `LABRUN_HF_PYTHON`): its layout is the committed one, labrun
    /// reads its cache, and it reads labrun's.
    @Test(.enabled(if: python != nil, "set LABRUN_HF_PYTHON to a python with huggingface_hub installed"))
    func pythonHuggingFaceHubAgrees() throws {
        let python = try #require(Self.python)
        let sandbox = try HubSandbox()
        let pythonCache = sandbox.root.appendingPathComponent("python-cache")
        let written = try Self.runPython(python, ["download", "--endpoint", sandbox.server.endpoint,
                                                  "--cache", pythonCache.path] + Self.repositories.flatMap { ["--repo", $0] })
        let lines = written.split(separator: "\n").map(String.init)
        if ProcessInfo.processInfo.environment["LABRUN_HF_REFERENCE_WRITE"] == "1" {
            try FileManager.default.createDirectory(at: Self.referenceFile.deletingLastPathComponent(), withIntermediateDirectories: true)
            try (lines.joined(separator: "\n") + "\n").write(to: Self.referenceFile, atomically: true, encoding: .utf8)
        }
        #expect(lines == (try Self.reference()))
        #expect(try Self.listing(of: pythonCache) == lines)

        // labrun reads what Python wrote.
        let fromPython = ModelHub(modelsFolder: sandbox.modelsFolder, settings: HubSettings(
            endpoint: URL(string: sandbox.server.endpoint)!, isOffline: true, cache: HubCache(root: pythonCache)))
        for id in Self.repositories { #expect(try fromPython.locate(id) != nil) }

        // Python reads what labrun wrote, offline.
        for id in Self.repositories { _ = try sandbox.hub().pull(id) }
        let folders = try Self.runPython(python, ["read", "--cache", sandbox.cache.root.path] + Self.repositories.flatMap { ["--repo", $0] })
        #expect(folders.split(separator: "\n").map(String.init)
            == (try Self.repositories.map { try #require(try sandbox.hub(offline: true).locate($0)).directory.path }))
    }

    static func runPython(_ python: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script.path] + arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "hf-cache-reference.py \(arguments.first ?? "") failed")
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines)
    }
}
