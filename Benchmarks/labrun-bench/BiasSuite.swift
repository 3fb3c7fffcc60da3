import Bias
import BiasEngine
import Foundation
import Inference
import LabRun

/// The bias toolkit's speed: CrowS-Pairs (causal) pairs per second on SmolLM2-135M-Instruct, and
/// SEAT (WEAT 6 sentences) on all-MiniLM-L6-v2.
///
/// By default each timed run scores the 40 bundled minimal pairs. With `LABRUN_BENCH_CROWS_FULL=1`
/// one run scores every pair of the public CrowS-Pairs CSV (`LABRUN_CROWS_PAIRS`, else
/// `/work/shared/data/crows_pairs/crows_pairs_anonymized.csv`) and prints the metric to stderr.
struct BiasSuite: BenchmarkSuite {
    let name = "bias"
    let summary = "CrowS-Pairs (causal) pairs/s on SmolLM2-135M-Instruct; SEAT sentences/s on all-MiniLM-L6-v2"

    func run() throws -> [BenchmarkResult] {
        let models = LabRunState().modelsFolder
        var results: [BenchmarkResult] = []
        let smol = models.appendingPathComponent("HuggingFaceTB/SmolLM2-135M-Instruct")
        let model = try BiasModel(try ModelLoader.load(directory: smol), task: .textGeneration)
        let environment = ProcessInfo.processInfo.environment
        if environment["LABRUN_BENCH_CROWS_FULL"] == "1" {
            let path = environment["LABRUN_CROWS_PAIRS"] ?? "/work/shared/data/crows_pairs/crows_pairs_anonymized.csv"
            let pairs = try CrowSPairs(contentsOfFile: path)
            var result: CrowSPairsResult?
            let seconds = try measureSeconds(runs: 1, warmup: 0) {
                result = try BiasActions.crowsPairs(model: model, pairs: pairs.pairs) { done, total in
                    if done % 100 == 0 || done == total { FileHandle.standardError.write(Data("\r  crows-pairs \(done)/\(total)".utf8)) }
                }
            }
            if let result {
                let byType = result.byType.sorted { $0.key < $1.key }.map { "\($0.key) \(String(format: "%.2f", $0.value))" }.joined(separator: ", ")
                FileHandle.standardError.write(Data("\n  CrowS-Pairs (causal) on SmolLM2-135M-Instruct Q4_1, \(result.n) pairs: metric \(String(format: "%.2f", result.metric)) (stereo \(String(format: "%.2f", result.stereoMetric ?? 0)), antistereo \(String(format: "%.2f", result.antistereoMetric ?? 0)), neutral \(result.neutral)); \(byType)\n".utf8))
            }
            results.append(.rate(suite: name, name: "crows-pairs causal, SmolLM2, full \(pairs.pairs.count)", work: Double(pairs.pairs.count),
                                 unit: "pairs/s", seconds: seconds))
        } else {
            let pairs = try MinimalPairs.pairs().pairs
            let seconds = try measureSeconds(runs: 3, warmup: 1) {
                _ = try BiasActions.crowsPairs(model: model, pairs: pairs)
            }
            results.append(.rate(suite: name, name: "crows-pairs causal, SmolLM2, \(pairs.count) pairs", work: Double(pairs.count),
                                 unit: "pairs/s", seconds: seconds))
        }
        let miniLM = models.appendingPathComponent("sentence-transformers/all-MiniLM-L6-v2")
        let embedder = try BiasModel(try ModelLoader.load(directory: miniLM))
        let test = WEATWordSets.sentences(WEATWordSets.weat6)
        let sentences = [test.targ1, test.targ2, test.attr1, test.attr2].map(\.examples.count).reduce(0, +)
        let seatSeconds = try measureSeconds(runs: 3, warmup: 1) {
            _ = try BiasActions.seat(model: embedder, test: test, permutations: 10_000, seed: 0)
        }
        results.append(.rate(suite: name, name: "seat weat6 sentences, MiniLM, 10k perms", work: Double(sentences),
                             unit: "sent/s", seconds: seatSeconds))
        return results
    }
}
