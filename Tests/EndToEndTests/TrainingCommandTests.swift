import Foundation
import Testing

/// `labrun step` on a lab that trains (Tests/Fixtures/EndToEnd/train-course): the lab's
/// `training_cap` cuts the run and says so, checkpoints land in the workspace, and the run is in
/// the progress store that `labrun export` reads.
@Suite struct TrainingCommandTests {
    static let labs = LabrunBinary.repositoryRoot.appendingPathComponent("Tests/Fixtures/EndToEnd/train-course/Labs").path

    @Test func aCappedTrainingStepCheckpointsAndIsRecorded() throws {
        let folder = try LabrunBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent("Tests"),
                                                   withDestinationURL: LabrunBinary.repositoryRoot.appendingPathComponent("Tests"))
        let environment = ["LABRUN_HOME": folder.appendingPathComponent("home").path, "HF_HUB_OFFLINE": "1",
                           "HF_HOME": folder.appendingPathComponent("hf").path, "USER": "ada"]
        let step = try LabrunBinary.run(["step", "1", "--lab", "fixture-train", "--labs", Self.labs], in: folder, environment: environment)
        #expect(step.status == 0, "\(step.stderr)")
        #expect(step.stderr.contains("labrun: training capped by the lab at 2 steps (asked for 5)"))
        #expect(step.stdout.contains("✓ matches the expected output"))
        let models = folder.appendingPathComponent("labrun-work/models/tiny")
        #expect(try FileManager.default.contentsOfDirectory(atPath: models.path) == ["checkpoint-2"])
        let export = try LabrunBinary.run(["export", "--lab", "fixture-train"], in: folder, environment: environment)
        #expect(export.status == 0)
        let row = export.stdout.components(separatedBy: "\r\n").first { $0.hasPrefix("training-run,") }
        #expect(row?.contains(",fixture-train,1,Tests/Fixtures/models/tiny-gpt2,") == true, "\(export.stdout)")
        #expect(row?.contains(",completed,,2,") == true)
    }
}
