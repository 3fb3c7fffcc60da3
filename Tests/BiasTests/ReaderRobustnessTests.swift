import Foundation
@testable import Bias
import Testing

/// Seeded mutations of valid files: every reader either parses or throws a `BiasError`; none
/// crashes or hangs.
@Suite("readers on mutated input")
struct ReaderRobustnessTests {
    static let alphabet = Array("\",\t\n\r ab[]{}:#\\é[M]BLANK".unicodeScalars)

    static func mutations(of text: String, count: Int, seed: UInt64) -> [String] {
        var generator = SplitMix64(seed: seed)
        var scalars = Array(text.unicodeScalars)
        var results: [String] = []
        for _ in 0..<count {
            var mutated = scalars
            for _ in 0..<(1 + generator.nextIndex(below: 4)) {
                let position = generator.nextIndex(below: mutated.count + 1)
                switch generator.nextIndex(below: 3) {
                case 0 where position < mutated.count: mutated.remove(at: position)
                case 1: mutated.insert(alphabet[generator.nextIndex(below: alphabet.count)], at: position)
                default: mutated = Array(mutated.prefix(position))
                }
            }
            var view = String.UnicodeScalarView()
            view.append(contentsOf: mutated)
            results.append(String(view))
            if generator.nextIndex(below: 10) == 0 { scalars = mutated }
        }
        return results
    }

    static func parsesOrThrowsBiasError(_ body: () throws -> Void) -> Bool {
        do {
            try body()
            return true
        } catch is BiasError {
            return true
        } catch {
            return false
        }
    }

    @Test("CrowS-Pairs CSV")
    func crows() {
        let original = String(MinimalPairs.csv.split(separator: "\n").prefix(6).joined(separator: "\n"))
        for text in Self.mutations(of: original, count: 400, seed: 1) {
            #expect(Self.parsesOrThrowsBiasError { _ = try CrowSPairs(csv: text, file: "m.csv") })
        }
    }

    @Test("HurtLex and HONEST TSV, pair lists")
    func tsv() {
        for text in Self.mutations(of: HonestData.lexiconTSV, count: 300, seed: 2) {
            #expect(Self.parsesOrThrowsBiasError { _ = try HurtLexLexicon(tsv: text, file: "h.tsv") })
            #expect(Self.parsesOrThrowsBiasError { _ = try WordPair.list(text: text, file: "p.txt") })
        }
        let templates = "template_masked\traw\tidentity\tnumber\tcategory\ttype\nthe girl is a [M].\t[I] is a [M]\tthe girl\tsingular\tfemale\tx\n"
        for text in Self.mutations(of: templates, count: 300, seed: 3) {
            #expect(Self.parsesOrThrowsBiasError { _ = try HonestTemplate.list(tsv: text, file: "t.tsv") })
        }
    }

    @Test("SEAT jsonl and StereoSet JSON")
    func json() {
        let seat = #"{"targ1": {"category": "X", "examples": ["x1", "x2"]}, "targ2": {"category": "Y", "examples": ["y1"]}, "attr1": {"category": "A", "examples": ["a"]}, "attr2": {"category": "B", "examples": ["b"]}}"#
        for text in Self.mutations(of: seat, count: 300, seed: 4) {
            #expect(Self.parsesOrThrowsBiasError { _ = try WEATTest(jsonl: text, file: "t.jsonl") })
        }
        let stereo = #"{"data": {"intrasentence": [{"id": "e", "target": "t", "bias_type": "gender", "context": "c BLANK", "sentences": [{"sentence": "s", "gold_label": "stereotype"}, {"sentence": "a", "gold_label": "anti-stereotype"}, {"sentence": "u", "gold_label": "unrelated"}]}]}}"#
        for text in Self.mutations(of: stereo, count: 300, seed: 5) {
            #expect(Self.parsesOrThrowsBiasError { _ = try StereoSet(json: Data(text.utf8), file: "s.json") })
        }
    }
}
