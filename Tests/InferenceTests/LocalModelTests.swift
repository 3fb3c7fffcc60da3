import Foundation
import Testing
@testable import Inference

@Suite struct LabRunHomeTests {
    @Test func labrunHomeWinsOverHome() {
        let home = LabRunHome(environment: ["LABRUN_HOME": "/tmp/lr", "HOME": "/home/x"])
        #expect(home.models.path == "/tmp/lr/models")
    }

    @Test func defaultsUnderTheUsersDataFolder() {
        let home = LabRunHome(environment: ["HOME": "/home/x"])
        #expect(home.root.path == "/home/x/.local/share/labrun")
    }
}

@Suite struct LocalModelTests {
    /// Builds a models folder with one GGUF model, one safetensors model, one folder without
    /// weights and one staging folder, then lists it.
    @Test func listsOnlyFoldersWithWeightFiles() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("labrun-models-\(UUID())")
        defer { try? FileManager.default.removeItem(at: root) }
        let home = LabRunHome(root: root)
        func write(_ path: String, bytes: Int) throws {
            let url = home.models.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(count: bytes).write(to: url)
        }
        try write("HuggingFaceTB/SmolLM2-135M-Instruct/m.gguf", bytes: 100)
        try write("org/bert/model.safetensors", bytes: 40)
        try write("org/bert/config.json", bytes: 2)
        try write("org/empty/readme.txt", bytes: 1)
        try write(".staging-x/y/model.gguf", bytes: 1)

        let models = LocalModel.all(in: home)
        #expect(models.map(\.id) == ["HuggingFaceTB/SmolLM2-135M-Instruct", "org/bert"])
        #expect(models.map(\.format) == [.gguf, .safetensors])
        #expect(models.map(\.sizeInBytes) == [100, 42])
        #expect(models.map(\.isBundled) == [true, false])
    }

    @Test func missingFolderListsNothing() {
        let home = LabRunHome(root: URL(fileURLWithPath: "/nonexistent/labrun"))
        #expect(LocalModel.all(in: home).isEmpty)
    }
}
