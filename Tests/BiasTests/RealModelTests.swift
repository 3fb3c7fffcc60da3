import Foundation
@testable import Bias
import Inference
import Testing

/// The metrics on the real bundled models (installed by scripts/install-models.sh); each test
/// skips, saying why, where the model is absent.
@Suite("bias metrics on the bundled models")
struct RealModelTests {
    static var miniLM: URL? {
        let url = LabRunHome().models.appendingPathComponent("sentence-transformers/all-MiniLM-L6-v2")
        return FileManager.default.fileExists(atPath: url.appendingPathComponent("model.safetensors").path) ? url : nil
    }

    @Test("SEAT (WEAT 6, 7, 8, sentence versions) runs on all-MiniLM-L6-v2 with an exact-or-seeded p-value")
    func seatOnMiniLM() throws {
        guard let directory = Self.miniLM else {
            print("skipped: all-MiniLM-L6-v2 is not installed (run scripts/install-models.sh)")
            return
        }
        let model = try BiasModel.load(directory: directory)
        guard case .embedder = model else {
            Issue.record("all-MiniLM-L6-v2 should load as a sentence embedder")
            return
        }
        for (name, test) in [("weat6", WEATWordSets.weat6), ("weat7", WEATWordSets.weat7), ("weat8", WEATWordSets.weat8)] {
            let words = try BiasActions.seat(model: model, test: test, permutations: 100_000, seed: 0)
            print("SEAT all-MiniLM-L6-v2 \(name) words: d=\(words.effectSize) p=\(words.pValue) (exact over \(words.partitions) partitions)")
            #expect(words.exact && words.partitions == 12_870)
            // A sample standard deviation bounds |d| by (n+m−1)/sqrt(n·m·(n+m)/(n+m)) < 2 for n = m = 8.
            #expect(abs(words.effectSize) < 2)
        }
        let sentences = try BiasActions.seat(model: model, test: WEATWordSets.sentences(WEATWordSets.weat6), permutations: 10_000, seed: 0)
        print("SEAT all-MiniLM-L6-v2 weat6 sentences: d=\(sentences.effectSize) p=\(sentences.pValue) (Monte Carlo, 10,000, seed 0)")
        #expect(!sentences.exact && sentences.partitions == 10_000)
        // Same seed, same Monte Carlo p-value.
        #expect(try BiasActions.seat(model: model, test: WEATWordSets.sentences(WEATWordSets.weat6), permutations: 10_000, seed: 0) == sentences)
    }

    @Test("projecting out the bundled gender direction changes SEAT on all-MiniLM-L6-v2")
    func debiasOnMiniLM() throws {
        guard let directory = Self.miniLM else {
            print("skipped: all-MiniLM-L6-v2 is not installed (run scripts/install-models.sh)")
            return
        }
        let result = try BiasActions.debiasEmbeddings(model: try BiasModel.load(directory: directory), k: 1,
                                                      test: WEATWordSets.weat7, permutations: 100_000)
        print("SentenceDebias all-MiniLM-L6-v2 weat7: before d=\(result.before.effectSize) p=\(result.before.pValue); after d=\(result.after.effectSize) p=\(result.after.pValue); explained \(result.subspace.explainedVariance)")
        #expect(result.subspace.directions.count == 1)
        #expect(abs(result.after.effectSize) < abs(result.before.effectSize))
    }
}
