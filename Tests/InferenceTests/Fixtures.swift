import Foundation
@testable import Inference

/// The reference fixtures in Tests/Fixtures (computed with Hugging Face transformers; see its README).
enum Fixtures {
    /// Tests/Fixtures, found from this file's path.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures", isDirectory: true)

    /// A model folder under Tests/Fixtures/models.
    static func model(_ name: String) -> URL {
        root.appendingPathComponent("models", isDirectory: true).appendingPathComponent(name, isDirectory: true)
    }

    /// Decodes a fixture JSON file.
    static func load<T: Decodable>(_ name: String, as type: T.Type = T.self) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(contentsOf: root.appendingPathComponent(name)))
    }

    /// The bundled all-MiniLM-L6-v2 folder, or nil when set-up has not installed it.
    static var miniLM: URL? {
        let url = BundledModels.folder.appendingPathComponent("sentence-transformers/all-MiniLM-L6-v2", isDirectory: true)
        return FileManager.default.fileExists(atPath: url.appendingPathComponent("model.safetensors").path) ? url : nil
    }

    /// The models the tests load more than once (the real MiniLM), each loaded once for the whole run.
    static let models = ModelCache()

    /// A fresh temporary folder.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("labrun-inference-\(UUID())", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// The largest absolute difference between two equally long lists.
func maximumDifference(_ a: [Float], _ b: [Float]) -> Float {
    precondition(a.count == b.count, "lengths differ: \(a.count) vs \(b.count)")
    return zip(a, b).map { abs($0 - $1) }.max() ?? 0
}
