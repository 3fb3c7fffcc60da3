import Foundation

/// The outputs of scripts/bias-reference/bias_reference.py (Python difflib and numpy), read from
/// Tests/Fixtures/bias_reference.json.
enum ReferenceFixture {
    static let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/bias_reference.json")

    static func load() throws -> [String: Any] {
        let data = try Data(contentsOf: url)
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw CocoaError(.fileReadCorruptFile)
        }
        return object
    }

    static func matrix(_ value: Any?) -> [[Float]] {
        (value as? [[Double]] ?? (value as? [[NSNumber]])?.map { $0.map(\.doubleValue) } ?? []).map { $0.map(Float.init) }
    }

    static func doubles(_ value: Any?) -> [Double] {
        value as? [Double] ?? (value as? [NSNumber])?.map(\.doubleValue) ?? []
    }

    static func ints(_ value: Any?) -> [Int] {
        value as? [Int] ?? (value as? [NSNumber])?.map(\.intValue) ?? []
    }

    /// The public data folder shared by the project (`/work/shared/data` or `../shared/data`).
    static var sharedData: URL? {
        let candidates = [
            ProcessInfo.processInfo.environment["LABRUN_SHARED_DATA"],
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("shared/data").path,
            "/work/shared/data",
        ].compactMap { $0 }
        return candidates.map { URL(fileURLWithPath: $0) }.first { FileManager.default.fileExists(atPath: $0.path) }
    }
}
