import Foundation
@testable import Bias
import Testing

@Suite("SEAT / WEAT")
struct WEATTests {
    @Test("effect size and exact p-value by hand on one-dimensional-like vectors")
    func byHand() throws {
        // A = (1,0), B = (0,1). Targets' s = cos(w,A) − cos(w,B).
        // X: (1,0) → 1, (1,1) → 0; Y: (0,1) → −1, (1,1)/… → 0.
        let x: [[Float]] = [[1, 0], [1, 1]], y: [[Float]] = [[0, 1], [2, 2]]
        let result = try WEAT.test(x: x, y: y, a: [[1, 0]], b: [[0, 1]])
        // s = [1, 0, −1, 0]; mean_X − mean_Y = 0.5 − (−0.5) = 1; sample std = sqrt(2/3).
        #expect(abs(result.effectSize - 1 / (2.0 / 3).squareRoot()) < 1e-12)
        // S = (1+0) − (−1+0) = 2; of the C(4,2) = 6 partitions, those with S ≥ 2 are {1,0} and
        // {1,0'}: 2 of 6.
        #expect(abs(result.pValue - 2.0 / 6) < 1e-12)
        #expect(result.exact && result.partitions == 6 && result.n == 2)
    }

    @Test("matches the numpy reference: effect size, exact p, and seeded Monte Carlo p")
    func reference() throws {
        let cases = try #require(ReferenceFixture.load()["weat"] as? [[String: Any]])
        for item in cases {
            let result = try WEAT.test(x: ReferenceFixture.matrix(item["x"]), y: ReferenceFixture.matrix(item["y"]),
                                       a: ReferenceFixture.matrix(item["a"]), b: ReferenceFixture.matrix(item["b"]),
                                       permutations: item["permutations"] as? Int ?? 0, seed: UInt64(item["seed"] as? Int ?? 0))
            #expect(abs(result.effectSize - (item["effect_size"] as? Double ?? .nan)) < 1e-9)
            #expect(abs(result.pValue - (item["p_value"] as? Double ?? .nan)) < 1e-12)
            #expect(result.exact == (item["exact"] as? Bool))
            #expect(result.partitions == item["partitions"] as? Int)
        }
    }

    @Test("the seeded generator gives the reference SplitMix64 stream and shuffle")
    func generator() throws {
        let reference = try #require(ReferenceFixture.load()["splitmix"] as? [String: Any])
        var generator = SplitMix64(seed: 12345)
        let first = (0..<5).map { _ in String(generator.next()) }
        #expect(first == reference["first"] as? [String])
        var shuffler = SplitMix64(seed: 7)
        var items = Array(0..<10)
        shuffler.shuffle(&items)
        #expect(items == ReferenceFixture.ints(reference["shuffled"]))
    }

    @Test("reads SEAT's jsonl format and runs on an embedder, reporting progress per set")
    func jsonlAndRun() throws {
        let text = #"{"targ1": {"category": "X", "examples": ["x1", "x2"]}, "targ2": {"category": "Y", "examples": ["y1", "y2"]}, "attr1": {"category": "A", "examples": ["a"]}, "attr2": {"category": "B", "examples": ["b"]}}"#
        let test = try WEATTest(jsonl: text, file: "t.jsonl")
        let embedder = TableEmbedder(table: ["x1": [1, 0], "x2": [1, 1], "y1": [0, 1], "y2": [2, 2], "a": [1, 0], "b": [0, 1]])
        var steps: [Int] = []
        let result = try test.run(embedder: embedder) { done, _ in steps.append(done) }
        #expect(abs(result.pValue - 2.0 / 6) < 1e-12)
        #expect(steps == [1, 2, 3, 4])
    }

    @Test("a SEAT file with a missing set or an empty set is a clear error")
    func badJSON() {
        #expect(throws: BiasError.self) { try WEATTest(jsonl: #"{"targ1": {"category": "X", "examples": []}}"#, file: "t.jsonl") }
        #expect(throws: BiasError.self) {
            try WEATTest(jsonl: #"{"targ1": {"category": "X", "examples": []}, "targ2": {"category": "Y", "examples": ["y"]}, "attr1": {"category": "A", "examples": ["a"]}, "attr2": {"category": "B", "examples": ["b"]}}"#, file: "t.jsonl")
        }
        #expect(throws: BiasError.self) { try WEATTest(jsonl: "not json", file: "t.jsonl") }
    }

    @Test("equal associations make the effect size undefined: an error, not NaN")
    func undefined() {
        #expect(throws: BiasError.self) { try WEAT.test(x: [[1, 0]], y: [[1, 0]], a: [[1, 0]], b: [[0, 1]]) }
    }

    @Test("the bundled WEAT 6, 7, 8 sets have 8 words each and 40-sentence bleached versions")
    func bundled() {
        for test in [WEATWordSets.weat6, WEATWordSets.weat7, WEATWordSets.weat8] {
            #expect([test.targ1, test.targ2, test.attr1, test.attr2].allSatisfy { $0.examples.count == 8 })
            #expect(WEATWordSets.sentences(test).targ1.examples.count == 40)
        }
        #expect(WEATWordSets.sentences(WEATWordSets.weat6).targ1.examples.first == "This is John.")
    }
}
