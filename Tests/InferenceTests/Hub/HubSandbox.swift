import Foundation
import HubTestServer
@testable import Inference

/// A temporary labrun models folder and Hugging Face cache, and a local Hub serving fixture models.
final class HubSandbox {
    let root: URL
    let server: HubTestServer
    let modelsFolder: URL
    let cache: HubCache

    /// `tiny-gpt2` as `fixtures/tiny-gpt2` and `tiny-bert-mlm` as `fixtures/tiny-bert-mlm`, plus `extra`.
    init(extra: [HubTestRepository] = [], renamed: [String: String] = [:], token: String? = nil) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("labrun-hub-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let repositories = try [
            HubTestRepository.fixture("tiny-gpt2", as: "fixtures/tiny-gpt2"),
            HubTestRepository.fixture("tiny-bert-mlm", as: "fixtures/tiny-bert-mlm"),
        ] + extra
        server = try HubTestServer(repositories: repositories, renamed: renamed, token: token, lifetime: .seconds(120))
        modelsFolder = root.appendingPathComponent("labrun/models", isDirectory: true)
        cache = HubCache(root: root.appendingPathComponent("hf/hub"))
    }

    deinit {
        server.stop()
        try? FileManager.default.removeItem(at: root)
    }

    /// A hub against the local server.
    func hub(token: String? = nil, offline: Bool = false) -> ModelHub {
        let endpoint = URL(string: server.endpoint) ?? URL(fileURLWithPath: "/")
        return ModelHub(modelsFolder: modelsFolder, settings: HubSettings(endpoint: endpoint, token: token, isOffline: offline, cache: cache))
    }

    /// The content of fixture file `name` of `fixture`.
    static func fixtureData(_ fixture: String, _ name: String) throws -> Data {
        try Data(contentsOf: HubTestRepository.fixturesFolder.appendingPathComponent("models/\(fixture)/\(name)"))
    }

    /// Every path under `folder`, relative, sorted.
    static func paths(under folder: URL) -> [String] {
        var paths: [String] = []
        if let walker = FileManager.default.enumerator(atPath: folder.path) {
            while let path = walker.nextObject() as? String { paths.append(path) }
        }
        return paths.sorted()
    }
}

/// Collects progress events from any thread.
final class EventLog: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [HubDownloadEvent] = []
    var events: [HubDownloadEvent] { lock.withLock { stored } }
    var handle: HubProgress { { event in self.lock.withLock { self.stored.append(event) } } }
}
