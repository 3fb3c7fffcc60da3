import Foundation
import HubTestServer
import Testing
@testable import Inference

/// Downloads from a local Hub look-alike into the Hugging Face cache layout.
@Suite(.serialized) struct ModelHubDownloadTests {
    static let gpt2Files = ["config.json", "merges.txt", "model.safetensors", "tokenizer.json", "vocab.json"]

    @Test func aFreshPullWritesBlobsSnapshotLinksAndTheRef() throws {
        let sandbox = try HubSandbox()
        let repository = try HubTestRepository.fixture("tiny-gpt2", as: "fixtures/tiny-gpt2")
        let model = try sandbox.hub().pull("fixtures/tiny-gpt2")

        let folder = sandbox.cache.repository("fixtures/tiny-gpt2")
        #expect(folder.lastPathComponent == "models--fixtures--tiny-gpt2")
        #expect(model.source == .huggingFaceCache(commit: repository.commit))
        #expect(model.directory == sandbox.cache.snapshot("fixtures/tiny-gpt2", commit: repository.commit))
        #expect(try String(contentsOf: folder.appendingPathComponent("refs/main"), encoding: .utf8) == repository.commit)
        for file in Self.gpt2Files {
            let etag = try #require(repository.etag(file))
            let link = model.directory.appendingPathComponent(file)
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == "../../blobs/\(etag)")
            #expect(try Data(contentsOf: link) == HubSandbox.fixtureData("tiny-gpt2", file))
            #expect(FileManager.default.fileExists(atPath: sandbox.cache.lock("fixtures/tiny-gpt2", etag: etag).path))
        }
        // LFS blobs are named by SHA-256 (64 hex), small files by git SHA-1 (40 hex); nothing half-written is left.
        let blobs = HubSandbox.paths(under: folder.appendingPathComponent("blobs"))
        #expect(blobs.count == 5)
        #expect(blobs.filter { $0.count == 64 }.count == 1)
        #expect(!blobs.contains { $0.hasSuffix(".incomplete") })
        #expect(FileManager.default.fileExists(atPath: sandbox.cache.root.appendingPathComponent("CACHEDIR.TAG").path))
    }

    @Test func theMetadataRequestDoesNotFollowTheRedirectToTheBlob() throws {
        let sandbox = try HubSandbox()
        _ = try sandbox.hub().pull("fixtures/tiny-gpt2")
        let requests = sandbox.server.requests
        let commit = try HubTestRepository.fixture("tiny-gpt2", as: "fixtures/tiny-gpt2").commit
        #expect(requests.first?.uri == "/api/models/fixtures/tiny-gpt2/revision/main")
        #expect(requests.contains { $0.method == "HEAD" && $0.uri == "/fixtures/tiny-gpt2/resolve/\(commit)/model.safetensors" })
        #expect(!requests.contains { $0.method == "HEAD" && $0.uri.hasPrefix("/cdn/") })
        #expect(requests.filter { $0.method == "GET" && $0.uri.hasPrefix("/cdn/") }.count == 1)
    }

    @Test func aCachedModelResolvesWithoutAnyRequest() throws {
        let sandbox = try HubSandbox()
        let pulled = try sandbox.hub().pull("fixtures/tiny-gpt2")
        let before = sandbox.server.requests.count
        let online = try sandbox.hub().resolve("fixtures/tiny-gpt2")
        let offline = try sandbox.hub(offline: true).resolve("fixtures/tiny-gpt2")
        #expect(online == pulled)
        #expect(offline == pulled)
        #expect(sandbox.server.requests.count == before)
    }

    @Test func aSecondPullDownloadsNothing() throws {
        let sandbox = try HubSandbox()
        _ = try sandbox.hub().pull("fixtures/tiny-gpt2")
        let events = EventLog()
        _ = try sandbox.hub().pull("fixtures/tiny-gpt2", progress: events.handle)
        let cached = events.events.filter { if case .cached = $0 { true } else { false } }
        #expect(cached.count == 5)
        #expect(sandbox.server.requests.filter { $0.uri.hasPrefix("/cdn/") }.count == 1)
    }

    @Test func theListingTellsWhetherAnIDIsPullable() throws {
        let sandbox = try HubSandbox()
        let listing = try sandbox.hub().listing("fixtures/tiny-gpt2")
        #expect(listing.commit == (try HubTestRepository.fixture("tiny-gpt2", as: "fixtures/tiny-gpt2").commit))
        #expect(listing.files == ["config.json", "merges.txt", "model.safetensors", "tokenizer.json", "vocab.json"])
        #expect(listing.sizes["model.safetensors"] == 6_412_328)
        #expect(throws: HubError.noSuchModel(id: "fixtures/none", endpoint: sandbox.server.endpoint)) {
            try sandbox.hub().listing("fixtures/none")
        }
        #expect(throws: HubError.notOnThisMachine(id: "fixtures/tiny-gpt2", offline: true)) {
            try sandbox.hub(offline: true).listing("fixtures/tiny-gpt2")
        }
        #expect(sandbox.hub().cache.modelIDs().isEmpty)
    }

    @Test func resolveDownloadsWhatIsMissing() throws {
        let sandbox = try HubSandbox()
        let model = try sandbox.hub().resolve("fixtures/tiny-bert-mlm")
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: model.directory.path))
            == ["config.json", "model.safetensors", "tokenizer_config.json", "vocab.txt"])
    }

    @Test func aDroppedConnectionIsResumedWithARangeRequest() throws {
        let sandbox = try HubSandbox()
        sandbox.server.setFault(.dropAfter(bytes: 1_000_000, times: 1), for: "model.safetensors")
        let events = EventLog()
        let model = try sandbox.hub().pull("fixtures/tiny-gpt2", progress: events.handle)
        #expect(try Data(contentsOf: model.directory.appendingPathComponent("model.safetensors"))
            == HubSandbox.fixtureData("tiny-gpt2", "model.safetensors"))
        let blobGets = sandbox.server.requests.filter { $0.method == "GET" && $0.uri.hasPrefix("/cdn/") }
        #expect(blobGets.map(\.range) == [nil, "bytes=1000000-"])
        #expect(events.events.contains(.retrying(file: "model.safetensors", after: 1_000_000)))
    }

    @Test func anInterruptedPullKeepsThePartialFileAndTheNextPullContinuesIt() throws {
        let sandbox = try HubSandbox()
        let repository = try HubTestRepository.fixture("tiny-gpt2", as: "fixtures/tiny-gpt2")
        let etag = try #require(repository.etag("model.safetensors"))
        // Three drops, 1 MB apart: the pull gives up after its two retries.
        sandbox.server.setFault(.dropAfter(bytes: 1_000_000, times: 3), for: "model.safetensors")
        #expect(throws: HubError.interrupted(id: "fixtures/tiny-gpt2", file: "model.safetensors",
                                             received: 3_000_000, expected: 6_412_328)) {
            try sandbox.hub().pull("fixtures/tiny-gpt2")
        }
        let partial = sandbox.cache.blob("fixtures/tiny-gpt2", etag: etag).path + ".incomplete"
        #expect(ModelHub.size(of: URL(fileURLWithPath: partial)) == 3_000_000)
        // Nothing half-written is used: the model is not there yet.
        #expect(try sandbox.hub().locate("fixtures/tiny-gpt2") == nil)

        let model = try sandbox.hub().pull("fixtures/tiny-gpt2")
        #expect(sandbox.server.requests.last { $0.uri.hasPrefix("/cdn/") }?.range == "bytes=3000000-")
        #expect(try Data(contentsOf: model.directory.appendingPathComponent("model.safetensors"))
            == HubSandbox.fixtureData("tiny-gpt2", "model.safetensors"))
        #expect(!FileManager.default.fileExists(atPath: partial))
    }

    @Test func bytesReachThePartialFileWhileTheDownloadRuns() throws {
        let sandbox = try HubSandbox()
        sandbox.server.setFault(.stallAfter(bytes: 2_000_000), for: "model.safetensors")
        let repository = try HubTestRepository.fixture("tiny-gpt2", as: "fixtures/tiny-gpt2")
        let partial = URL(fileURLWithPath: sandbox.cache.blob("fixtures/tiny-gpt2", etag: try #require(repository.etag("model.safetensors"))).path + ".incomplete")
        let events = EventLog()
        let hub = sandbox.hub()
        let finished = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            _ = try? hub.pull("fixtures/tiny-gpt2", progress: events.handle)
            finished.signal()
        }
        let deadline = Date().addingTimeInterval(10)
        while ModelHub.size(of: partial) < 2_000_000, Date() < deadline { usleep(20_000) }
        #expect(ModelHub.size(of: partial) == 2_000_000)
        #expect(events.events.contains(.received(file: "model.safetensors", bytes: 2_000_000, of: 6_412_328)))
        sandbox.server.stop()
        #expect(finished.wait(timeout: .now() + 30) == .success)
    }

    @Test func aCorruptDownloadIsDiscarded() throws {
        let sandbox = try HubSandbox()
        sandbox.server.setFault(.corrupt, for: "model.safetensors")
        let repository = try HubTestRepository.fixture("tiny-gpt2", as: "fixtures/tiny-gpt2")
        let etag = try #require(repository.etag("model.safetensors"))
        do {
            _ = try sandbox.hub().pull("fixtures/tiny-gpt2")
            Issue.record("a corrupt file was accepted")
        } catch let HubError.checksumMismatch(id, file, expected, actual) {
            #expect(id == "fixtures/tiny-gpt2" && file == "model.safetensors")
            #expect(expected == etag && actual != etag)
        }
        let blob = sandbox.cache.blob("fixtures/tiny-gpt2", etag: etag)
        #expect(!FileManager.default.fileExists(atPath: blob.path))
        #expect(!FileManager.default.fileExists(atPath: blob.path + ".incomplete"))
        #expect(try sandbox.hub().locate("fixtures/tiny-gpt2") == nil)
        #expect(HubError.checksumMismatch(id: "a/b", file: "f", expected: "1", actual: "2").description.contains("discarded"))
    }

    @Test func anUnknownModelIsReportedAsNoSuchModel() throws {
        let sandbox = try HubSandbox()
        #expect(throws: HubError.noSuchModel(id: "fixtures/nope", endpoint: sandbox.server.endpoint)) {
            try sandbox.hub().pull("fixtures/nope")
        }
        #expect(throws: HubError.noSuchRevision(id: "fixtures/tiny-gpt2", revision: "v9")) {
            try sandbox.hub().pull("fixtures/tiny-gpt2", revision: "v9")
        }
    }

    @Test func aGatedModelAsksForATokenAndDownloadsWithIt() throws {
        let gated = try HubTestRepository.fixture("tiny-bert-mlm", as: "gated/bert", gated: true)
        let sandbox = try HubSandbox(extra: [gated], token: "hf_secret")
        #expect(throws: HubError.gated(id: "gated/bert", endpoint: sandbox.server.endpoint, hasToken: false)) {
            try sandbox.hub().pull("gated/bert")
        }
        #expect(throws: HubError.gated(id: "gated/bert", endpoint: sandbox.server.endpoint, hasToken: true)) {
            try sandbox.hub(token: "hf_wrong").pull("gated/bert")
        }
        let model = try sandbox.hub(token: "hf_secret").pull("gated/bert")
        #expect(FileManager.default.fileExists(atPath: model.directory.appendingPathComponent("model.safetensors").path))
        #expect(sandbox.server.requests.last { $0.method == "HEAD" }?.authorization == "Bearer hf_secret")
        #expect(HubError.gated(id: "g/b", endpoint: "E", hasToken: false).description.contains("set HF_TOKEN"))
    }

    @Test func offlineNeverTouchesTheNetwork() throws {
        let sandbox = try HubSandbox()
        #expect(throws: HubError.notOnThisMachine(id: "bert-base-uncased", offline: true)) {
            try sandbox.hub(offline: true).resolve("bert-base-uncased")
        }
        #expect(throws: HubError.notOnThisMachine(id: "fixtures/tiny-gpt2", offline: true)) {
            try sandbox.hub(offline: true).pull("fixtures/tiny-gpt2")
        }
        #expect(sandbox.server.requests.isEmpty)
        #expect(HubError.notOnThisMachine(id: "bert-base-uncased", offline: false).description
            == "bert-base-uncased is not on this machine; connect and run `labrun models pull bert-base-uncased`, "
            + "or use the bundled HuggingFaceTB/SmolLM2-135M-Instruct")
    }

    @Test func resolveWithoutDownloadsReportsAMissingModel() throws {
        let sandbox = try HubSandbox()
        #expect(throws: HubError.notOnThisMachine(id: "fixtures/tiny-gpt2", offline: false)) {
            try sandbox.hub().resolve("fixtures/tiny-gpt2", allowDownload: false)
        }
        #expect(sandbox.server.requests.isEmpty)
    }

    @Test func anUnreachableHubSaysSo() throws {
        let settings = HubSettings(endpoint: URL(string: "http://127.0.0.1:9")!, cache: HubCache(root: URL(fileURLWithPath: "/tmp/labrun-none")))
        let hub = ModelHub(modelsFolder: URL(fileURLWithPath: "/tmp/labrun-none/models"), settings: settings)
        do {
            _ = try hub.pull("fixtures/tiny-gpt2")
            Issue.record("no error")
        } catch let error as HubError {
            guard case .unreachable = error else { Issue.record("\(error)"); return }
            #expect(error.description.contains("HF_HUB_OFFLINE=1"))
        }
    }

    @Test func pullWithoutANetworkKeepsTheCopyAlreadyHere() throws {
        let sandbox = try HubSandbox()
        let pulled = try sandbox.hub().pull("fixtures/tiny-gpt2")
        sandbox.server.stop()
        #expect(try sandbox.hub().pull("fixtures/tiny-gpt2") == pulled)
        #expect(throws: HubError.self) { try sandbox.hub().pull("fixtures/tiny-bert-mlm") }
    }

    @Test func legacyIDsDownloadUnderTheirCurrentID() throws {
        let gpt2 = try HubTestRepository.fixture("tiny-gpt2", as: "openai-community/gpt2")
        let sandbox = try HubSandbox(extra: [gpt2])
        let model = try sandbox.hub().resolve("gpt2")
        #expect(model.id == "openai-community/gpt2")
        #expect(model.directory.path.contains("/models--openai-community--gpt2/snapshots/"))
        #expect(sandbox.server.requests.first?.uri == "/api/models/openai-community/gpt2/revision/main")
    }

    @Test func aRenamedRepositoryIsFollowedForMetadata() throws {
        // The Hub answers an old id's resolve URL with a relative redirect; the HEAD follows it.
        let sandbox = try HubSandbox(renamed: ["old/tiny": "fixtures/tiny-gpt2"])
        let client = HubClient(settings: sandbox.hub().settings)
        let metadata = try client.metadata("old/tiny", revision: "main", file: "config.json")
        let repository = try HubTestRepository.fixture("tiny-gpt2", as: "fixtures/tiny-gpt2")
        #expect(metadata.etag == repository.etag("config.json"))
        #expect(metadata.commit == repository.commit)
        let weights = try client.metadata("fixtures/tiny-gpt2", revision: "main", file: "model.safetensors")
        #expect(weights.location.path == "/cdn/\(repository.etag("model.safetensors") ?? "")")
        #expect(weights.size == 6_412_328)
        #expect(weights.isSHA256)
    }

    @Test func shardedSafetensorsArePulledThroughTheirIndex() throws {
        let index = #"{"metadata": {"total_size": 20}, "weight_map": {"a": "model-00001-of-00002.safetensors", "b": "model-00002-of-00002.safetensors"}}"#
        let sharded = HubTestRepository(id: "fixtures/sharded", files: [
            "config.json": Data(#"{"model_type": "gpt2"}"#.utf8),
            "tokenizer.json": Data("{}".utf8),
            "model.safetensors.index.json": Data(index.utf8),
            "model-00001-of-00002.safetensors": Data(repeating: 1, count: 10),
            "model-00002-of-00002.safetensors": Data(repeating: 2, count: 10),
            "pytorch_model.bin": Data(repeating: 3, count: 10),
            "README.md": Data("# sharded".utf8),
        ])
        let sandbox = try HubSandbox(extra: [sharded])
        let model = try sandbox.hub().pull("fixtures/sharded")
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: model.directory.path)) == [
            "config.json", "tokenizer.json", "model.safetensors.index.json",
            "model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors",
        ])
        #expect(ModelHub.isComplete(model.directory, gguf: nil))
        try FileManager.default.removeItem(at: model.directory.appendingPathComponent("model-00002-of-00002.safetensors"))
        #expect(!ModelHub.isComplete(model.directory, gguf: nil))
    }

    @Test func sentenceTransformersModulesAreLinkedOneFolderDeeper() throws {
        let repository = HubTestRepository(id: "fixtures/minilm", files: [
            "config.json": Data(#"{"model_type": "bert"}"#.utf8),
            "vocab.txt": Data("[PAD]\n".utf8),
            "modules.json": Data("[]".utf8),
            "1_Pooling/config.json": Data(#"{"pooling_mode_mean_tokens": true}"#.utf8),
            "model.safetensors": Data(repeating: 7, count: 64),
            "onnx/model.onnx": Data(repeating: 8, count: 64),
            "README.md": Data("# MiniLM".utf8),
        ])
        let sandbox = try HubSandbox(extra: [repository])
        let model = try sandbox.hub().pull("fixtures/minilm")
        let pooling = model.directory.appendingPathComponent("1_Pooling/config.json")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: pooling.path)
            == "../../../blobs/\(repository.etag("1_Pooling/config.json") ?? "")")
        #expect(try Data(contentsOf: pooling) == repository.files["1_Pooling/config.json"])
        #expect(HubSandbox.paths(under: model.directory)
            == ["1_Pooling", "1_Pooling/config.json", "config.json", "model.safetensors", "modules.json", "vocab.txt"])
    }

    @Test func ggufRepositoriesNeedTheFileNamed() throws {
        let repository = HubTestRepository(id: "fixtures/gguf", files: [
            "small-q4_0.gguf": Self.gguf(architecture: "llama"),
            "small-q8_0.gguf": Self.gguf(architecture: "llama"),
        ])
        let sandbox = try HubSandbox(extra: [repository])
        #expect(throws: HubError.noSuchGGUF(id: "fixtures/gguf", file: "(none chosen: pass --gguf FILE)",
                                            available: ["small-q4_0.gguf", "small-q8_0.gguf"])) {
            try sandbox.hub().pull("fixtures/gguf")
        }
        #expect(throws: HubError.noSuchGGUF(id: "fixtures/gguf", file: "big.gguf", available: ["small-q4_0.gguf", "small-q8_0.gguf"])) {
            try sandbox.hub().pull("fixtures/gguf", gguf: "big.gguf")
        }
        let model = try sandbox.hub().pull("fixtures/gguf", gguf: "small-q8_0.gguf")
        #expect(model.gguf == model.directory.appendingPathComponent("small-q8_0.gguf"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: model.directory.path) == ["small-q8_0.gguf"])
        #expect(try sandbox.hub(offline: true).resolve("fixtures/gguf", gguf: "small-q8_0.gguf") == model)
        #expect(try sandbox.hub(offline: true).locate("fixtures/gguf", gguf: "small-q4_0.gguf") == nil)
        #expect(ModelArchitecture.of(directory: model.directory) == "llama")
    }

    @Test func twoPullsAtOnceDownloadEachBlobOnce() async throws {
        let sandbox = try HubSandbox()
        let hub = sandbox.hub()
        async let first = Task.detached { try hub.pull("fixtures/tiny-gpt2") }.value
        async let second = Task.detached { try hub.pull("fixtures/tiny-gpt2") }.value
        let (a, b) = try await (first, second)
        #expect(a == b)
        #expect(sandbox.server.requests.filter { $0.method == "GET" && $0.uri.hasPrefix("/cdn/") }.count == 1)
        #expect(try Data(contentsOf: a.directory.appendingPathComponent("model.safetensors"))
            == HubSandbox.fixtureData("tiny-gpt2", "model.safetensors"))
    }

    @Test func aPullWaitsForTheProcessHoldingTheBlobsLock() throws {
        let sandbox = try HubSandbox()
        let repository = try HubTestRepository.fixture("tiny-gpt2", as: "fixtures/tiny-gpt2")
        let lock = sandbox.cache.lock("fixtures/tiny-gpt2", etag: try #require(repository.etag("model.safetensors")))
        try FileManager.default.createDirectory(at: lock.deletingLastPathComponent(), withIntermediateDirectories: true)
        // Hold the lock from another open file description, as another process would.
        let holder = open(lock.path, O_RDWR | O_CREAT, 0o664)
        #expect(flock(holder, LOCK_EX) == 0)
        let events = EventLog()
        let hub = sandbox.hub()
        let finished = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            _ = try? hub.pull("fixtures/tiny-gpt2", progress: events.handle)
            finished.signal()
        }
        let deadline = Date().addingTimeInterval(10)
        while !events.events.contains(.waiting(file: "model.safetensors")), Date() < deadline { usleep(10_000) }
        #expect(events.events.contains(.waiting(file: "model.safetensors")))
        #expect(finished.wait(timeout: .now() + 0.3) == .timedOut)
        flock(holder, LOCK_UN)
        close(holder)
        #expect(finished.wait(timeout: .now() + 30) == .success)
        #expect(events.events.last == .finished(file: "model.safetensors", bytes: 6_412_328))
    }

    /// A minimal GGUF v3 file: one string key, `general.architecture`, and no tensors.
    static func gguf(architecture: String) -> Data {
        var bytes: [UInt8] = Array("GGUF".utf8)
        func integer(_ value: UInt64, _ width: Int) { for index in 0..<width { bytes.append(UInt8((value >> (8 * UInt64(index))) & 0xFF)) } }
        func string(_ text: String) { integer(UInt64(text.utf8.count), 8); bytes += Array(text.utf8) }
        integer(3, 4)
        integer(0, 8)
        integer(2, 8)
        string("general.alignment"); integer(4, 4); integer(32, 4)
        string("general.architecture"); integer(8, 4); string(architecture)
        return Data(bytes)
    }
}
