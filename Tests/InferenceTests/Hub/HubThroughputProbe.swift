import Foundation
import HubTestServer
import Testing
@testable import Inference

/// Opt-in measurement (`LABRUN_HUB_PROBE=1 swift test --filter HubThroughputProbe`): pulls the bundled
/// 98 MB SmolLM2 GGUF from the local server (download, SHA-256 check, rename, link) and prints MB/s.
/// Loopback only, so it measures labrun's own overhead, not a network.
@Suite struct HubThroughputProbe {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["LABRUN_HUB_PROBE"] != nil, "set LABRUN_HUB_PROBE=1"))
    func pullTheBundledGGUFOverLoopback() throws {
        let file = BundledModels.folder.appendingPathComponent("HuggingFaceTB/SmolLM2-135M-Instruct/SmolLM2-135M-Instruct.Q4_1.gguf")
        try #require(FileManager.default.fileExists(atPath: file.path), "bundled model not installed (run scripts/install-models.sh)")
        let data = try Data(contentsOf: file)
        let sandbox = try HubSandbox(extra: [HubTestRepository(id: "probe/smol", files: ["m.gguf": data])])
        let start = Date()
        let model = try sandbox.hub().pull("probe/smol")
        let seconds = Date().timeIntervalSince(start)
        #expect(ModelHub.size(of: model.directory.appendingPathComponent("m.gguf")) == Int64(data.count))
        let hashStart = Date()
        _ = try FileDigest.hex(of: model.directory.appendingPathComponent("m.gguf"))
        print("hub probe: SHA-256 alone \(String(format: "%.2f", Date().timeIntervalSince(hashStart))) s")
        print("hub probe: \(data.count) bytes in \(String(format: "%.2f", seconds)) s = \(String(format: "%.1f", Double(data.count) / seconds / 1e6)) MB/s")
    }
}
