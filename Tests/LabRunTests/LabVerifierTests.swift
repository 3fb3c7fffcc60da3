import Foundation
import Inference
import LabKit
import Testing
@testable import LabRun

/// `labrun check`'s model rule says why a model may not load, and never claims more than it asked.
@Suite struct LabVerifierTests {
    func linter(offline: Bool, endpoint: String) -> LabLinter {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("labrun-verifier-\(UUID().uuidString)")
        let settings = HubSettings(endpoint: URL(string: endpoint)!, isOffline: offline,
                                   cache: HubCache(root: folder.appendingPathComponent("hub")))
        return LabVerifier(state: LabRunState(root: folder), hub: ModelHub(modelsFolder: folder.appendingPathComponent("models"), settings: settings)).linter
    }

    @Test func offlineItSaysTheHubWasNotAsked() throws {
        let problem = try #require(linter(offline: true, endpoint: "http://127.0.0.1:9").modelProblem?("no-such/model"))
        #expect(problem.hasPrefix("is not on this machine, and the hub was not asked (HF_HUB_OFFLINE is set)"))
        #expect(problem.contains("labrun models pull no-such/model"))
    }

    @Test func anUnreachableHubIsNotCalledAnUnknownModel() throws {
        // Port 9 (discard) on the loopback refuses connections.
        let problem = try #require(linter(offline: false, endpoint: "http://127.0.0.1:9").modelProblem?("no-such/model"))
        #expect(problem.contains("could not be reached"), "\(problem)")
        #expect(!problem.contains("not known to the hub"))
    }
}
