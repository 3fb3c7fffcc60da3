import Foundation
import HubTestServer
import Testing
@testable import Inference

/// Where a model id or folder resolves to on this machine, in order, without a network.
@Suite struct ModelHubResolutionTests {
    /// Copies fixture `name` to `folder`.
    func copyFixture(_ name: String, to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: HubTestRepository.fixturesFolder.appendingPathComponent("models/\(name)"), to: folder)
    }

    @Test func aFolderPathResolvesToItself() throws {
        let sandbox = try HubSandbox()
        let fixture = HubTestRepository.fixturesFolder.appendingPathComponent("models/tiny-gpt2")
        let model = try sandbox.hub(offline: true).resolve(fixture.path)
        #expect(model.source == .folder && model.id == nil)
        #expect(model.directory.path == fixture.standardizedFileURL.path)
        #expect(throws: HubError.noSuchFolder(path: "/no/such/model")) { try sandbox.hub().resolve("/no/such/model") }
    }

    @Test func labrunsModelsFolderComesBeforeTheCache() throws {
        let sandbox = try HubSandbox()
        _ = try sandbox.hub().pull("fixtures/tiny-gpt2")
        try copyFixture("tiny-gpt2", to: sandbox.modelsFolder.appendingPathComponent("fixtures/tiny-gpt2"))
        let model = try sandbox.hub(offline: true).resolve("fixtures/tiny-gpt2")
        #expect(model.source == .labrunModels)
        #expect(model.directory == sandbox.modelsFolder.appendingPathComponent("fixtures/tiny-gpt2", isDirectory: true))
    }

    @Test func aLegacyIDIsFoundUnderTheFolderPythonGaveIt() throws {
        // Python's huggingface_hub names the folder after the id as typed: models--gpt2.
        let sandbox = try HubSandbox()
        let commit = String(repeating: "a", count: 40)
        let snapshot = sandbox.cache.snapshot("gpt2", commit: commit)
        try copyFixture("tiny-gpt2", to: snapshot)
        try sandbox.cache.writeRef("gpt2", revision: "main", commit: commit)
        let model = try sandbox.hub(offline: true).resolve("gpt2")
        #expect(model.id == "openai-community/gpt2")
        #expect(model.directory == snapshot)
    }

    @Test func aSnapshotWithoutItsWeightsIsNotUsed() throws {
        let sandbox = try HubSandbox()
        let commit = String(repeating: "b", count: 40)
        let snapshot = sandbox.cache.snapshot("org/partial", commit: commit)
        try FileManager.default.createDirectory(at: snapshot, withIntermediateDirectories: true)
        try Data("{}".utf8).write(to: snapshot.appendingPathComponent("config.json"))
        // A link to a blob that was never completed.
        try FileManager.default.createSymbolicLink(atPath: snapshot.appendingPathComponent("model.safetensors").path,
                                                   withDestinationPath: "../../blobs/\(String(repeating: "c", count: 64))")
        try sandbox.cache.writeRef("org/partial", revision: "main", commit: commit)
        #expect(try sandbox.hub().locate("org/partial") == nil)
    }

    @Test func aSnapshotWithoutItsTokenizerIsCompletedByTheNextResolve() throws {
        // As when Python fetched only config.json and the weights with hf_hub_download.
        let sandbox = try HubSandbox()
        _ = try sandbox.hub().pull("fixtures/tiny-bert-mlm")
        let repository = try HubTestRepository.fixture("tiny-bert-mlm", as: "fixtures/tiny-bert-mlm")
        let snapshot = sandbox.cache.snapshot("fixtures/tiny-bert-mlm", commit: repository.commit)
        try FileManager.default.removeItem(at: snapshot.appendingPathComponent("vocab.txt"))
        #expect(try sandbox.hub().locate("fixtures/tiny-bert-mlm") == nil)
        let model = try sandbox.hub().resolve("fixtures/tiny-bert-mlm")
        #expect(FileManager.default.fileExists(atPath: model.directory.appendingPathComponent("vocab.txt").path))
        // Only the missing file was fetched: its blob was still there, so nothing was downloaded again.
        #expect(sandbox.server.requests.filter { $0.method == "GET" && $0.uri.hasPrefix("/cdn/") }.count == 1)
    }

    @Test func missingListsTheIDsNotOnThisMachine() throws {
        let sandbox = try HubSandbox()
        _ = try sandbox.hub().pull("fixtures/tiny-gpt2")
        let before = sandbox.server.requests.count
        #expect(sandbox.hub().missing(["fixtures/tiny-gpt2", "bert-base-uncased", "fixtures/tiny-bert-mlm", "not an id"])
            == ["bert-base-uncased", "fixtures/tiny-bert-mlm", "not an id"])
        #expect(sandbox.server.requests.count == before)
    }

    @Test func revisionsResolveThroughTheirRef() throws {
        let sandbox = try HubSandbox()
        let pulled = try sandbox.hub().pull("fixtures/tiny-gpt2")
        guard case let .huggingFaceCache(commit) = pulled.source else { Issue.record("not in the cache"); return }
        #expect(try sandbox.hub(offline: true).locate("fixtures/tiny-gpt2", revision: commit) == pulled)
        #expect(try sandbox.hub(offline: true).locate("fixtures/tiny-gpt2", revision: "v2") == nil)
    }

    @Test func removeDeletesLabrunsCopyAndTheCacheOnlyWhenAsked() throws {
        let sandbox = try HubSandbox()
        _ = try sandbox.hub().pull("fixtures/tiny-gpt2")
        let labrunCopy = sandbox.modelsFolder.appendingPathComponent("fixtures/tiny-gpt2", isDirectory: true)
        try copyFixture("tiny-gpt2", to: labrunCopy)
        let hub = sandbox.hub()
        #expect(try hub.remove("fixtures/tiny-gpt2", includingHFCache: false) == [labrunCopy])
        #expect(FileManager.default.fileExists(atPath: sandbox.cache.repository("fixtures/tiny-gpt2").path))
        #expect(try hub.remove("fixtures/tiny-gpt2", includingHFCache: true).map(\.lastPathComponent)
            == ["models--fixtures--tiny-gpt2", "models--fixtures--tiny-gpt2"])
        #expect(try hub.locate("fixtures/tiny-gpt2") == nil)
        #expect(try hub.remove("fixtures/tiny-gpt2", includingHFCache: true).isEmpty)
    }

    @Test func installedModelsListBothPlacesWithArchitecture() throws {
        let sandbox = try HubSandbox()
        _ = try sandbox.hub().pull("fixtures/tiny-gpt2")
        try copyFixture("tiny-bert-mlm", to: sandbox.modelsFolder.appendingPathComponent("fixtures/tiny-bert-mlm"))
        let models = sandbox.hub().installedModels()
        #expect(models.map(\.id) == ["fixtures/tiny-bert-mlm", "fixtures/tiny-gpt2"])
        #expect(models.map(\.location.name) == ["labrun", "hf-cache"])
        #expect(models.map(\.architecture) == ["bert", "gpt2"])
        // Sizes follow the snapshot's symlinks to the blobs.
        #expect(models[1].sizeInBytes == 466_391 + 6_412_328 + 3_522_871 + 898_965 + 820)
    }
}

@Suite struct ModelReferenceTests {
    @Test(arguments: ["gpt2", "openai-community/gpt2", "HuggingFaceTB/SmolLM2-135M-Instruct", "a_b/c.d-e"])
    func validIDs(_ id: String) {
        #expect(ModelReference.isValidID(id))
    }

    @Test(arguments: ["", "a/b/c", "a--b/c", "a/../b", "-a/b", "a/b-", "has space/x", "a/", String(repeating: "x", count: 97)])
    func invalidIDs(_ id: String) {
        #expect(!ModelReference.isValidID(id))
    }

    @Test func legacyIDsMapToTheIDsTheHubMovedThemTo() throws {
        #expect(try ModelReference("bert-base-uncased", currentDirectory: URL(fileURLWithPath: "/"))
            == .hub(typed: "bert-base-uncased", canonical: "google-bert/bert-base-uncased"))
        #expect(LegacyModelIDs.canonical("gpt2") == "openai-community/gpt2")
        #expect(LegacyModelIDs.canonical("distilgpt2") == "distilbert/distilgpt2")
        #expect(LegacyModelIDs.canonical("roberta-base") == "FacebookAI/roberta-base")
        #expect(LegacyModelIDs.canonical("t5-small") == "google-t5/t5-small")
        #expect(LegacyModelIDs.canonical("HuggingFaceTB/SmolLM2-135M-Instruct") == "HuggingFaceTB/SmolLM2-135M-Instruct")
    }
}

@Suite struct HubSettingsTests {
    @Test func theCacheFollowsHuggingFaceHubsVariables() {
        #expect(HubCache(environment: ["HF_HUB_CACHE": "/c", "HF_HOME": "/h"]).root.path == "/c")
        #expect(HubCache(environment: ["HF_HOME": "/h", "HOME": "/home/x"]).root.path == "/h/hub")
        #expect(HubCache(environment: ["XDG_CACHE_HOME": "/x", "HOME": "/home/x"]).root.path == "/x/huggingface/hub")
        #expect(HubCache(environment: ["HOME": "/home/x"]).root.path == "/home/x/.cache/huggingface/hub")
    }

    @Test func endpointTokenAndOfflineComeFromTheEnvironment() {
        let settings = HubSettings(environment: ["HF_ENDPOINT": "http://127.0.0.1:8/", "HF_TOKEN": "hf_x",
                                                 "HF_HUB_OFFLINE": "1", "HOME": "/nonexistent"])
        #expect(settings.endpoint.absoluteString == "http://127.0.0.1:8")
        #expect(settings.token == "hf_x")
        #expect(settings.isOffline)
        let defaults = HubSettings(environment: ["HOME": "/nonexistent"])
        #expect(defaults.endpoint.absoluteString == "https://huggingface.co")
        #expect(defaults.token == nil && !defaults.isOffline)
    }

    @Test func folderNamesRoundTrip() {
        #expect(HubCache.folderName(for: "openai-community/gpt2") == "models--openai-community--gpt2")
        #expect(HubCache.folderName(for: "gpt2") == "models--gpt2")
        #expect(HubCache.id(fromFolderName: "models--openai-community--gpt2") == "openai-community/gpt2")
        #expect(HubCache.id(fromFolderName: "datasets--x--y") == nil)
    }

    @Test func aFullDiskIsReportedBeforeDownloading() {
        #expect(throws: (any Error).self) {
            try HubClient.checkFreeSpace(in: FileManager.default.temporaryDirectory, needed: Int64.max / 2)
        }
        #expect(HubError.diskFull(path: "/x", needed: 10, available: 1).description.contains("free some space"))
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/dev/full"), "needs /dev/full"))
    func aFullDiskWhileWritingIsReportedAsSuch() throws {
        // Every write to /dev/full fails with ENOSPC.
        let file = try PartialFile(url: URL(fileURLWithPath: "/dev/full"), path: "model.safetensors")
        defer { file.close() }
        #expect(throws: HubError.diskFull(path: "/dev", needed: 4, available: 0)) { try file.append(Data([1, 2, 3, 4])) }
    }
}

@Suite struct ModelArchitectureTests {
    @Test func ggufHeaderNamesTheArchitecture() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("labrun-\(UUID()).gguf")
        defer { try? FileManager.default.removeItem(at: url) }
        try ModelHubDownloadTests.gguf(architecture: "gpt2").write(to: url)
        #expect(ModelArchitecture.ggufArchitecture(at: url) == "gpt2")
    }

    @Test func truncatedOrForeignFilesHaveNoArchitecture() throws {
        let full = ModelHubDownloadTests.gguf(architecture: "llama")
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("labrun-\(UUID()).gguf")
        defer { try? FileManager.default.removeItem(at: url) }
        for length in [0, 4, 23, 40, full.count - 1] {
            try full.prefix(length).write(to: url)
            #expect(ModelArchitecture.ggufArchitecture(at: url) == nil)
        }
        try Data("not a gguf file at all, just text".utf8).write(to: url)
        #expect(ModelArchitecture.ggufArchitecture(at: url) == nil)
    }

    @Test func theBundledSmolLM2IsLlama() throws {
        let folder = BundledModels.folder.appendingPathComponent("HuggingFaceTB/SmolLM2-135M-Instruct")
        try #require(FileManager.default.fileExists(atPath: folder.path), "bundled model not installed (run scripts/install-models.sh)")
        #expect(ModelArchitecture.of(directory: folder) == "llama")
    }
}
