import Foundation
import Testing
@testable import LabRun

@Suite struct LabRunStateTests {
    @Test func theFolderComesFromLabrunHomeElseTheUsersDataFolder() {
        #expect(LabRunState(environment: ["LABRUN_HOME": "/tmp/lr", "HOME": "/home/x"]).root.path == "/tmp/lr")
        let fallback = LabRunState(environment: ["HOME": "/home/x"])
        #expect(fallback.root.path == "/home/x/.local/share/labrun")
        #expect(fallback.modelsFolder.path == "/home/x/.local/share/labrun/models")
        #expect(fallback.hub(environment: ["HOME": "/home/x"]).modelsFolder == fallback.modelsFolder)
    }

    @Test func theCurrentLabAndTheLastStepAreRememberedInTheFolder() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("labrun-state-\(UUID().uuidString)/nested")
        defer { try? FileManager.default.removeItem(at: root.deletingLastPathComponent()) }
        let state = LabRunState(root: root)
        #expect(state.currentLab() == nil && state.lastStep() == nil)
        try state.setCurrentLab("ml-bias")
        state.setLastStep(lab: "ml-bias", step: 3)
        #expect(state.currentLab() == "ml-bias")
        #expect(state.lastStep()?.lab == "ml-bias" && state.lastStep()?.step == 3)
        #expect(try String(contentsOf: state.lastStepFile, encoding: .utf8) == "ml-bias 3\n")
    }

    @Test func anUnwritableFolderIsAnErrorThatNamesTheFile() {
        let state = LabRunState(root: URL(fileURLWithPath: "/proc/labrun-cannot-write"))
        #expect(throws: (any Error).self) { try state.setCurrentLab("ml-bias") }
        state.setLastStep(lab: "ml-bias", step: 1)  // ignored, never a crash
        #expect(state.lastStep() == nil)
    }
}
