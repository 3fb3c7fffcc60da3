import Foundation
import Testing
@testable import Inference

/// One case of wordpiece_public.json.
struct WordPieceCase: Decodable, CustomTestStringConvertible, Sendable {
    let text: String
    let ids: [Int]
    let tokens: [String]
    var testDescription: String { text.debugDescription }
}

/// One case of bpe_public.json.
struct BPECase: Decodable, CustomTestStringConvertible, Sendable {
    let text: String
    let ids: [Int]
    let decoded: String
    var testDescription: String { text.debugDescription }
}

@Suite struct WordPieceConformanceTests {
    static let cases: [WordPieceCase] = (try? Fixtures.load("wordpiece_public.json")) ?? []
    static let fromVocabText = Result { try TokenizerLoader.load(directory: Fixtures.model("tiny-bert-mlm")) }

    @Test func fixtureHasCases() { #expect(Self.cases.count >= 20) }

    @Test("vocab.txt + tokenizer_config.json give transformers' ids and tokens", arguments: cases)
    func idsAndTokensMatch(_ testCase: WordPieceCase) throws {
        let tokenizer = try Self.fromVocabText.get()
        let encoding = tokenizer.encode(testCase.text)
        #expect(encoding.ids == testCase.ids)
        #expect(encoding.tokens == testCase.tokens)
    }

    @Test("tokenizer.json (WordPiece model) gives the same ids", arguments: cases)
    func tokenizerJSONMatches(_ testCase: WordPieceCase) throws {
        guard let directory = Fixtures.miniLM else {
            print("skipped: all-MiniLM-L6-v2 (whose tokenizer.json has a WordPiece model) is not installed")
            return
        }
        let tokenizer = try TokenizerLoader.load(tokenizerJSON: directory.appendingPathComponent("tokenizer.json"))
        #expect(tokenizer.encode(testCase.text).ids == testCase.ids)
    }

    @Test func offsetsPointIntoTheOriginalText() throws {
        let tokenizer = try Self.fromVocabText.get()
        let text = "Naïve UNAFFABLE café!"
        let encoding = tokenizer.encode(text)
        let scalars = Array(text.unicodeScalars)
        let spans = encoding.offsets.map { range in String(String.UnicodeScalarView(scalars[range])) }
        #expect(encoding.tokens == ["[CLS]", "naive", "una", "##ffa", "##ble", "cafe", "!", "[SEP]"])
        #expect(spans == ["", "Naïve", "UNA", "FFA", "BLE", "café", "!", ""])
    }

    @Test func decodingJoinsPiecesAndCleansSpacesBeforePunctuation() throws {
        let tokenizer = try Self.fromVocabText.get()
        let ids = tokenizer.encode("He said: \"No!\" unaffable, isn't it?").ids
        #expect(tokenizer.decode(ids, skipSpecialTokens: true) == "he said : \" no! \" unaffable, isn't it?")
        #expect(tokenizer.decode(ids, skipSpecialTokens: false).hasPrefix("[CLS] he said"))
    }
}

@Suite struct ByteLevelBPEConformanceTests {
    static let cases: [BPECase] = (try? Fixtures.load("bpe_public.json")) ?? []
    static let fromTokenizerJSON = Result { try TokenizerLoader.load(directory: Fixtures.model("tiny-gpt2")) }
    static let fromVocabJSON = Result {
        try TokenizerLoader.loadBPE(vocabJSON: Fixtures.model("tiny-gpt2").appendingPathComponent("vocab.json"),
                                    mergesText: Fixtures.model("tiny-gpt2").appendingPathComponent("merges.txt"))
    }

    @Test func fixtureHasCases() { #expect(Self.cases.count >= 20) }

    @Test("tokenizer.json gives transformers' ids and decodes back", arguments: cases)
    func idsMatchAndRoundTrip(_ testCase: BPECase) throws {
        let tokenizer = try Self.fromTokenizerJSON.get()
        let encoding = tokenizer.encode(testCase.text, addSpecialTokens: false)
        #expect(encoding.ids == testCase.ids)
        #expect(tokenizer.decode(testCase.ids) == testCase.decoded)
    }

    @Test("vocab.json + merges.txt give the same ids (texts without SmolLM2's chat markers)", arguments: cases)
    func vocabFilesMatch(_ testCase: BPECase) throws {
        guard !testCase.text.contains("<|im_") else { return }
        let tokenizer = try Self.fromVocabJSON.get()
        #expect(tokenizer.encode(testCase.text, addSpecialTokens: false).ids == testCase.ids)
    }

    @Test func offsetsCoverTheTextInOrder() throws {
        let tokenizer = try Self.fromTokenizerJSON.get()
        let text = "Hello world! Ünïcödé 😀"
        let encoding = tokenizer.encode(text, addSpecialTokens: false)
        let scalars = Array(text.unicodeScalars)
        let joined = encoding.offsets.reduce(into: [Int]()) { seen, range in
            for index in range where seen.last != index { seen.append(index) }
        }
        #expect(joined == Array(0..<scalars.count))
    }

    @Test func specialTokensAreMatchedWholeAndSkippedOnRequest() throws {
        let tokenizer = try Self.fromTokenizerJSON.get()
        let encoding = tokenizer.encode("<|im_start|>user", addSpecialTokens: false)
        #expect(encoding.tokens.first == "<|im_start|>")
        #expect(encoding.specialTokensMask.first == true)
        #expect(tokenizer.decode(encoding.ids, skipSpecialTokens: true) == "user")
        #expect(tokenizer.specialTokens.end?.text == "<|endoftext|>")
    }

    @Test func digitsPreTokenizerIsolatesEachDigit() {
        let scalars = Array("ab 123x".unicodeScalars)
        let pieces = PreTokenizer.digits(individualDigits: true).split(scalars, [0..<scalars.count])
        #expect(pieces == [0..<3, 3..<4, 4..<5, 5..<6, 6..<7])
        let runs = PreTokenizer.digits(individualDigits: false).split(scalars, [0..<scalars.count])
        #expect(runs == [0..<3, 3..<6, 6..<7])
    }

    @Test func gpt2PatternSplitsLikeTheRegex() {
        func split(_ text: String) -> [String] {
            let scalars = Array(text.unicodeScalars)
            return PreTokenizer.byteLevel(addPrefixSpace: false, useRegex: true).split(scalars, [0..<scalars.count])
                .map { String(String.UnicodeScalarView(scalars[$0])) }
        }
        #expect(split("I'm  fine, 42 ok\n\nnew   ") == ["I", "'m", " ", " fine", ",", " 42", " ok", "\n", "\n", "new", "   "])
        #expect(split("it's ''x") == ["it", "'s", " ''", "x"])
    }
}
