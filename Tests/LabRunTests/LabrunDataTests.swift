import Foundation
import Inference
import LabScript
import Testing
@testable import LabRun

/// `labrun.minimal_pairs` and `labrun.installed_models`: the data a study splits and the models it
/// loops over.
@Suite struct LabrunDataTests {
    @Test func theBuiltinPairsSplitIntoHalvesThatCrowsPairsScores() throws {
        let (output, error) = try LabrunModuleTests.run("""
            import labrun
            pairs = labrun.minimal_pairs()
            train, held_out = pairs[0::2], pairs[1::2]
            print(len(pairs), len(train), len(held_out), sorted(pairs[0].keys()))
            print(sorted(set(p["bias_type"] for p in train)) == sorted(set(p["bias_type"] for p in held_out)))
            r = labrun.crows_pairs("FIXTURES/tiny-gpt2", held_out)
            print(r["n"])
            """)
        #expect(error == nil)
        #expect(output == "40 20 20 ['bias_type', 'sent_less', 'sent_more', 'stereo_antistereo']\nTrue\n20\n")
    }

    @Test func aCrowsPairsFileIsReadInFileOrder() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pairs-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: file) }
        try """
            ,sent_more,sent_less,stereo_antistereo,bias_type
            0,He is a nurse.,She is a nurse.,antistereo,gender
            1,Old people cannot use phones.,Young people cannot use phones.,stereo,age
            """.write(to: file, atomically: true, encoding: .utf8)
        let (output, error) = try LabrunModuleTests.run("""
            import labrun
            print([(p["sent_less"], p["stereo_antistereo"]) for p in labrun.minimal_pairs("\(file.path)")])
            """)
        #expect(error == nil)
        #expect(output == "[('She is a nurse.', 'antistereo'), ('Young people cannot use phones.', 'stereo')]\n")
    }

    @Test func aMissingFileIsAnOSError() throws {
        let (_, error) = try LabrunModuleTests.run("import labrun\nlabrun.minimal_pairs(\"/nonexistent/pairs.csv\")")
        let summary = try #require(error?.summary)
        #expect(summary.hasPrefix("OSError: minimal_pairs():"))
    }

    /// A models folder with one causal, one masked and one embedding-less folder, by architecture.
    static func modelsFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("labrun-installed-\(UUID().uuidString)")
        for (id, type, bytes) in [("org/big-gpt2", "gpt2", 4096), ("org/small-gpt2", "gpt2", 16), ("org/tiny-bert", "bert", 8)] {
            let model = folder.appendingPathComponent(id)
            try FileManager.default.createDirectory(at: model, withIntermediateDirectories: true)
            try Data("{\"model_type\": \"\(type)\"}".utf8).write(to: model.appendingPathComponent("config.json"))
            try Data(count: bytes).write(to: model.appendingPathComponent("model.safetensors"))
        }
        return folder
    }

    static func installed(_ task: String, substitute: String? = nil) throws -> String {
        let folder = try modelsFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let hub = ModelHub(modelsFolder: folder, settings: HubSettings(environment: ["HF_HUB_OFFLINE": "1", "HF_HOME": folder.appendingPathComponent("hf").path]))
        var printed = ""
        let interpreter = Interpreter(output: { printed += $0 })
        ActionModules.register(in: interpreter, models: ModelProvider(hub: hub, substitute: substitute, progress: nil, workspace: folder))
        try interpreter.run("import labrun\nprint(labrun.installed_models(\(task)))")
        return printed
    }

    @Test func installedModelsListsTheRunnableOnesOfATaskSmallestFirst() throws {
        #expect(try Self.installed("\"text-generation\"") == "['org/small-gpt2', 'org/big-gpt2']\n")
        #expect(try Self.installed("\"fill-mask\"") == "['org/tiny-bert']\n")
        #expect(try Self.installed("") == "['org/tiny-bert', 'org/small-gpt2', 'org/big-gpt2']\n")
    }

    @Test func installedModelsIsTheChosenModelUnderSubstitution() throws {
        #expect(try Self.installed("\"text-generation\"", substitute: "gpt2") == "['gpt2']\n")
    }

    @Test func anUnknownTaskIsAValueErrorThatListsTheTasks() throws {
        #expect(throws: (any Error).self) { try Self.installed("\"summarization\"") }
    }
}
