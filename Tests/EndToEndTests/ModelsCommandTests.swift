import Foundation
import Testing

@Suite struct ModelsCommandTests {
    @Test func versionPrintsTheVersion() throws {
        let outcome = try LabrunBinary.run(["--version"])
        #expect(outcome.status == 0)
        #expect(outcome.stdout == "0.1.0\n")
    }

    @Test func modelsListOnAnEmptyHomeSaysHowToInstall() throws {
        let home = try LabrunBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: home) }
        let outcome = try LabrunBinary.run(["models", "list"], environment: ["LABRUN_HOME": home.path,
                                                                             "HF_HUB_CACHE": home.appendingPathComponent("hf").path])
        #expect(outcome.status == 0)
        #expect(outcome.stdout == "No models in \(home.path)/models.\nInstall the bundled ones with: make setup\n")
    }

    @Test func modelsListShowsTheFixtureModelsAsATable() throws {
        let home = try LabrunBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: home) }
        let models = home.appendingPathComponent("models/fixtures")
        try FileManager.default.createDirectory(at: models, withIntermediateDirectories: true)
        let fixtures = LabrunBinary.repositoryRoot.appendingPathComponent("Tests/Fixtures/models")
        try FileManager.default.copyItem(at: fixtures.appendingPathComponent("tiny-gpt2"),
                                         to: models.appendingPathComponent("tiny-gpt2"))
        let outcome = try LabrunBinary.run(["models", "list"], environment: ["LABRUN_HOME": home.path,
                                                                             "HF_HUB_CACHE": home.appendingPathComponent("hf").path])
        #expect(outcome.status == 0)
        #expect(outcome.stdout == """
            ID                  WHERE     SIZE      FORMAT       ARCH  BUNDLED
            fixtures/tiny-gpt2  labrun    11.3 MB   safetensors  gpt2  no
            in \(home.path)/models

            """)
    }
}
