import Foundation

/// Paths of the LabKit test fixtures and golden files, found from this file's location.
enum FixtureFiles {
    /// `Tests/LabKitTests/Fixtures`.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// When `LABRUN_UPDATE_GOLDEN=1`, golden files are rewritten from the actual output (then review the diff).
    static var updatingGoldens: Bool { ProcessInfo.processInfo.environment["LABRUN_UPDATE_GOLDEN"] == "1" }

    /// The golden file's text, or (when updating) writes `actual` there and returns it.
    static func golden(_ url: URL, actual: String) throws -> String {
        if updatingGoldens {
            try actual.write(to: url, atomically: true, encoding: .utf8)
            return actual
        }
        return try String(contentsOf: url, encoding: .utf8)
    }
}
