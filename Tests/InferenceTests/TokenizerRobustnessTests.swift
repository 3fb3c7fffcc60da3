import Foundation
import Testing
@testable import Inference

/// Seeded random texts through both tokenizers: never a crash, offsets inside the text, and
/// byte-level BPE always decodes back to the text it encoded.
@Suite struct TokenizerRobustnessTests {
    /// Random texts mixing ASCII, white space, accents, CJK, emoji, controls and the tokenizers' special markers.
    static func randomTexts(seed: UInt64, count: Int) -> [String] {
        var generator = SeededGenerator(seed: seed)
        let pieces: [String] = ["a", "Z", "7", " ", "  ", "\t", "\n", "\r\n", "'s", "'", "é", "e\u{301}", "ß", "İ", "中", "語",
                                "😀", "👩\u{200D}⚕️", "\u{0}", "\u{200B}", "\u{FFFD}", "[MASK]", "[CLS]", "<|im_start|>", "##",
                                "Ｆ", "—", "©", ".", "!?", "١٢", "ﬁ", "\u{7F}", "Ǆ", "ﾊ"]
        return (0..<count).map { _ in
            let length = Int(generator.next() % 24)
            return (0..<length).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined()
        }
    }

    @Test func wordPieceHandlesAnyTextWithOffsetsInside() throws {
        let tokenizer = try TokenizerLoader.load(directory: Fixtures.model("tiny-bert-mlm"))
        for text in Self.randomTexts(seed: 1, count: 300) {
            let encoding = tokenizer.encode(text)
            let length = text.unicodeScalars.count
            #expect(encoding.offsets.allSatisfy { $0.lowerBound >= 0 && $0.upperBound <= length })
            #expect(encoding.ids.allSatisfy { $0 >= 0 && $0 < tokenizer.vocabularySize })
            _ = tokenizer.decode(encoding.ids, skipSpecialTokens: true)
        }
    }

    @Test func byteLevelBPERoundTripsAnyText() throws {
        let tokenizer = try TokenizerLoader.load(directory: Fixtures.model("tiny-gpt2"))
        for text in Self.randomTexts(seed: 2, count: 300) {
            let encoding = tokenizer.encode(text, addSpecialTokens: false)
            #expect(tokenizer.decode(encoding.ids) == text)
            let length = text.unicodeScalars.count
            #expect(encoding.offsets.allSatisfy { $0.lowerBound >= 0 && $0.upperBound <= length })
        }
    }
}
