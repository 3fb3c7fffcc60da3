import Foundation
import Testing
@testable import Inference

@Suite struct LocalModelTests {
    /// Builds a models folder with one GGUF model, one safetensors model, one folder without
    /// weights and one staging folder, then lists it.
    @Test func listsOnlyFoldersWithWeightFiles() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("labrun-models-\(UUID())")
        defer { try? FileManager.default.removeItem(at: root) }
        let models = root.appendingPathComponent("models")
        func write(_ path: String, bytes: Int) throws {
            let url = models.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(count: bytes).write(to: url)
        }
        try write("HuggingFaceTB/SmolLM2-135M-Instruct/m.gguf", bytes: 100)
        try write("org/bert/model.safetensors", bytes: 40)
        try write("org/bert/config.json", bytes: 2)
        try write("org/empty/readme.txt", bytes: 1)
        try write(".staging-x/y/model.gguf", bytes: 1)

        let found = LocalModel.all(in: models)
        #expect(found.map(\.id) == ["HuggingFaceTB/SmolLM2-135M-Instruct", "org/bert"])
        #expect(found.map(\.format) == [.gguf, .safetensors])
        #expect(found.map(\.sizeInBytes) == [100, 42])
        #expect(found.map(\.isBundled) == [true, false])
    }

    @Test func missingFolderListsNothing() {
        #expect(LocalModel.all(in: URL(fileURLWithPath: "/nonexistent/labrun/models")).isEmpty)
    }
}
