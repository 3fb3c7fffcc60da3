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

    @Test func controlCStopsAfterAStepSavesACheckpointAndExits130() throws {
        let folder = try LabrunBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent("Tests"),
                                                   withDestinationURL: LabrunBinary.repositoryRoot.appendingPathComponent("Tests"))
        let process = Process()
        process.executableURL = LabrunBinary.executable
        process.arguments = ["step", "1", "--lab", "fixture-ctrl-c", "--labs", Self.labs, "--no-record"]
        process.currentDirectoryURL = folder
        process.environment = ["PATH": "/usr/bin:/bin", "NO_COLOR": "1", "LANG": "C.UTF-8", "HF_HUB_OFFLINE": "1",
                               "LABRUN_HOME": folder.appendingPathComponent("home").path, "USER": "ada",
                               "HF_HOME": folder.appendingPathComponent("hf").path]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Wait for the line printed just before trainer.train(), then for a few steps.
        var printed = Data()
        let deadline = Date().addingTimeInterval(120)
        while !String(decoding: printed, as: UTF8.self).contains("training\n"), Date() < deadline {
            printed.append(out.fileHandleForReading.availableData)
        }
        Thread.sleep(forTimeInterval: 2)
        process.interrupt()
        printed.append(out.fileHandleForReading.readDataToEndOfFile())
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let stdout = String(decoding: printed, as: UTF8.self)
        #expect(process.terminationStatus == 130, "\(stdout)\n\(stderr)")
        let line = try #require(stderr.split(separator: "\n").first { $0.hasPrefix("labrun: training interrupted after step ") })
        let step = try #require(Int(line.dropFirst("labrun: training interrupted after step ".count).prefix { $0.isNumber }))
        #expect(line.contains("checkpoint saved in labrun-work/models/long/checkpoint-\(step); resume with resume_from_checkpoint=\"long/checkpoint-\(step)\""))
        #expect(stdout.contains("KeyboardInterrupt: training interrupted after step \(step) of 1000000"))
        let checkpoint = folder.appendingPathComponent("labrun-work/models/long/checkpoint-\(step)/trainer_state.json")
        #expect(FileManager.default.fileExists(atPath: checkpoint.path))
    }
}
