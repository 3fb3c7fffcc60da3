import Foundation
import Testing
@testable import LabKit

@Suite struct LabCatalogTests {
    /// A temporary labs folder with two labs, removed by the caller.
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("labkit-catalog-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try "---\nid: first\n---\n# First\n\n## Step 1: A\n\nx\n".write(to: url.appendingPathComponent("a.md"), atomically: true, encoding: .utf8)
        try "# Second\n\n## Step 1: A\n\n## Step 2: B\n".write(to: url.appendingPathComponent("second.md"), atomically: true, encoding: .utf8)
        try "not a lab".write(to: url.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        return url
    }

    @Test func labsAreFoundByIdOrPath() throws {
        let url = try Self.folder()
        defer { try? FileManager.default.removeItem(at: url) }
        let catalog = LabCatalog(folder: url, displayFolder: "Labs")
        #expect(catalog.ids == ["first", "second"])
        #expect(try catalog.lab("first").title == "First")
        #expect(try catalog.lab(url.appendingPathComponent("second.md").path).id == "second")
        #expect(try catalog.lab("a.md").id == "first")
    }

    @Test func anUnknownLabListsTheKnownOnes() throws {
        let url = try Self.folder()
        defer { try? FileManager.default.removeItem(at: url) }
        let catalog = LabCatalog(folder: url, displayFolder: "Labs")
        #expect(throws: LabLookupError.unknownLab("nope", folder: "Labs", available: ["first", "second"])) {
            try catalog.lab("nope")
        }
        #expect("\(LabLookupError.unknownLab("nope", folder: "Labs", available: ["first"]))" == "no lab `nope`; labs in Labs: first")
    }

    @Test func anUnknownStepListsTheSteps() throws {
        let lab = Lab(parsing: "## Step 1: A\n\n## Step 2: B\n", file: "x.md")
        #expect(throws: LabLookupError.unknownStep(3, lab: "x", available: [1, 2])) { try LabCatalog.step(3, of: lab) }
        #expect(try LabCatalog.step(2, of: lab).title == "B")
    }

    @Test func theFolderComesFromTheOptionThenTheEnvironmentThenLabs() {
        let here = URL(fileURLWithPath: "/course")
        #expect(LabCatalog.resolve(explicit: "X", environment: ["LABRUN_LABS": "/env"], directory: here).folder.path == "/course/X")
        #expect(LabCatalog.resolve(explicit: nil, environment: ["LABRUN_LABS": "/env"], directory: here).folder.path == "/env")
        #expect(LabCatalog.resolve(explicit: nil, environment: [:], directory: here).folder.path == "/course/Labs")
    }

    @Test func aLabIsRememberedByItsIdOrByItsPath() throws {
        let url = try Self.folder()
        defer { try? FileManager.default.removeItem(at: url) }
        let catalog = LabCatalog(folder: url)
        #expect(catalog.reference(for: try catalog.lab("first")) == "first")
        // A lab opened by path outside the folder is remembered by its absolute path.
        let elsewhere = try Lab(contentsOf: url.appendingPathComponent("second.md"))
        let other = LabCatalog(folder: url.appendingPathComponent("home"))
        #expect(other.reference(for: elsewhere) == url.appendingPathComponent("second.md").standardizedFileURL.path)
    }
}
