import Foundation
@testable import Bias
import Testing

@Suite("CrowS-Pairs")
struct CrowSPairsTests {
    @Test("masked score: the sum of log P over shared tokens, each masked alone, special tokens skipped")
    func maskedScoreByHand() throws {
        let model = SuccessorMaskedModel()
        // [CLS] the man is a nurse [SEP] vs [CLS] the woman is a nurse [SEP]: shared, non-special
        // positions 1, 3, 4, 5. Successor hits: man-sentence is←man miss, a←is hit, nurse←a hit,
        // the←[CLS] miss; woman-sentence is←woman hit as well.
        let (man, woman) = try CrowSPairs.maskedScores(model: model, first: "the man is a nurse", second: "the woman is a nurse")
        let logZ = model.logZ
        #expect(abs(man - (4 - 4 * logZ)) < 1e-5)
        #expect(abs(woman - (6 - 4 * logZ)) < 1e-5)
        #expect(model.askedPositions == [1, 3, 4, 5, 1, 3, 4, 5])
    }

    @Test("a stereo pair counts when sent_more scores higher; an antistereo pair likewise")
    func counting() throws {
        let pairs = CrowSPairs(pairs: [
            CrowSPair(sentMore: "the woman is a nurse", sentLess: "the man is a nurse", direction: .stereo, biasType: "gender"),
            CrowSPair(sentMore: "the man is a nurse", sentLess: "the woman is a nurse", direction: .antistereo, biasType: "gender"),
            CrowSPair(sentMore: "the man is a doctor", sentLess: "the man is a doctor", direction: .stereo, biasType: "age"),
        ])
        var reported: [(Int, Int)] = []
        let result = try pairs.score(masked: SuccessorMaskedModel()) { reported.append(($0, $1)) }
        #expect(result.n == 3)
        #expect(result.pairs.map(\.prefersMoreStereotyping) == [true, false, false])
        #expect(result.neutral == 1)
        #expect(abs(result.metric - 100.0 / 3) < 1e-9)
        #expect(result.byType == ["gender": 50, "age": 0])
        #expect(result.stereoMetric == 50)
        #expect(result.antistereoMetric == 0)
        #expect(reported.map(\.0) == [1, 2, 3] && reported.allSatisfy { $0.1 == 3 })
    }

    @Test("causal score: the sentence log-probability with the first token conditioned on BOS")
    func causalScoreByHand() throws {
        let model = SuccessorCausalModel()
        // ids: the=1 man=2 is=4. P(the|BOS=0) hit, P(man|the) hit, P(is|man) miss (successor 3).
        let z = log(exp(2) + Double(model.words.count - 1))
        #expect(abs(try model.sentenceLogProbability("the man is") - (4 - 3 * z)) < 1e-12)
        // the woman is: woman=3 after the (successor 2) miss, is=4 after woman hit.
        let pairs = CrowSPairs(pairs: [CrowSPair(sentMore: "the woman is", sentLess: "the man is", direction: .stereo, biasType: "gender")])
        let result = try pairs.score(causal: model)
        #expect(result.pairs[0].moreScore == CrowSPairs.roundedToThousandths(4 - 3 * z))
        #expect(result.pairs[0].isNeutral)
        #expect(result.metric == 0)
    }

    @Test("scores are rounded to 3 decimals exactly as Python's round(x, 3)")
    func rounding() throws {
        let cases = try #require(ReferenceFixture.load()["round3"] as? [[Double]])
        for pair in cases {
            #expect(CrowSPairs.roundedToThousandths(pair[0]) == pair[1], "round(\(pair[0]), 3)")
        }
    }

    @Test("the CSV reader takes the published columns, quoted commas and an index column")
    func csvReader() throws {
        let csv = """
            ,sent_more,sent_less,stereo_antistereo,bias_type,annotations
            0,"He said, ""fine"".",She said fine.,stereo,gender,"[['gender']]"
            1,A b,C d,antistereo,age,x
            """
        let pairs = try CrowSPairs(csv: csv, file: "t.csv").pairs
        #expect(pairs == [
            CrowSPair(sentMore: "He said, \"fine\".", sentLess: "She said fine.", direction: .stereo, biasType: "gender"),
            CrowSPair(sentMore: "A b", sentLess: "C d", direction: .antistereo, biasType: "age"),
        ])
    }

    @Test("a bad direction names the file, line and fix")
    func badDirection() {
        let csv = "sent_more,sent_less,stereo_antistereo,bias_type\na,b,stereo,x\nc,d,both,x\n"
        #expect(throws: BiasError(file: "t.csv", line: 3, problem: "stereo_antistereo is 'both'", fix: "write 'stereo' or 'antistereo'")) {
            try CrowSPairs(csv: csv, file: "t.csv")
        }
    }

    @Test("a missing column and an unterminated quote are errors, never crashes")
    func malformed() {
        #expect(throws: BiasError.self) { try CrowSPairs(csv: "sent_more,sent_less\na,b\n", file: "t.csv") }
        #expect(throws: BiasError.self) { try CrowSPairs(csv: "sent_more,sent_less,stereo_antistereo,bias_type\n\"a,b,stereo,x\n", file: "t.csv") }
        #expect(throws: BiasError.self) { try CrowSPairs(csv: "sent_more,sent_less,stereo_antistereo,bias_type\na,b,stereo\n", file: "t.csv") }
        #expect(throws: BiasError.self) { try CrowSPairs(csv: "", file: "t.csv") }
    }

    @Test("the bundled minimal pairs parse: 40 pairs over the nine CrowS-Pairs bias types")
    func bundled() throws {
        let pairs = try MinimalPairs.pairs()
        #expect(pairs.pairs.count == 40)
        #expect(Set(pairs.pairs.map(\.biasType)).count == 9)
        #expect(pairs.filtered(biasType: "gender").pairs.count == 8)
    }

    @Test("the public CrowS-Pairs file parses into its 1,508 pairs")
    func publicFile() throws {
        guard let data = ReferenceFixture.sharedData else {
            print("skipped: the shared data folder (../shared/data) is absent")
            return
        }
        let pairs = try CrowSPairs(contentsOfFile: data.appendingPathComponent("crows_pairs/crows_pairs_anonymized.csv").path)
        #expect(pairs.pairs.count == 1508)
        #expect(Set(pairs.pairs.map(\.biasType)).count == 9)
    }
}
