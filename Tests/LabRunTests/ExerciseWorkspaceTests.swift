import Foundation
import Testing
@testable import LabRun

@Suite struct ExerciseWorkspaceTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("labrun-ws-\(UUID())")

    @Test func prepareCreatesTheFileFromTheStarterOnce() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let workspace = ExerciseWorkspace(directory: folder)
        let first = try workspace.prepare(lab: "ml-bias", step: 4, starter: "x = 1")
        #expect(first.created)
        #expect(first.url.path.hasSuffix("labrun-work/ml-bias/step-4.py"))
        #expect(try workspace.code(lab: "ml-bias", step: 4) == "x = 1\n")

        try Data("x = 2\n".utf8).write(to: first.url)
        let second = try workspace.prepare(lab: "ml-bias", step: 4, starter: "x = 1")
        #expect(!second.created)
        #expect(try workspace.code(lab: "ml-bias", step: 4) == "x = 2\n")
    }

    @Test func anUnstartedExerciseHasNoCode() throws {
        #expect(try ExerciseWorkspace(directory: folder).code(lab: "ml-bias", step: 5) == nil)
    }

    @Test func aFileThatIsNotUTF8IsAClearError() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let workspace = ExerciseWorkspace(directory: folder)
        let (url, _) = try workspace.prepare(lab: "l", step: 1, starter: "")
        try Data([0xFF, 0xFE, 0x00]).write(to: url)
        #expect(throws: ExerciseWorkspaceError.self) { try workspace.code(lab: "l", step: 1) }
    }
}
