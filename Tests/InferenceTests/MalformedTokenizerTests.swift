import Foundation
import Testing
@testable import Inference

@Suite struct MalformedTokenizerTests {
    @Test func duplicateVocabularyLineIsRefusedWithItsLine() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try "[PAD]\n[UNK]\nhello\nworld\nhello\n".write(to: directory.appendingPathComponent("vocab.txt"), atomically: true, encoding: .utf8)
        #expect {
            _ = try TokenizerLoader.load(directory: directory)
        } throws: { error in
            let text = "\(error)"
            return text.contains("vocab.txt") && text.contains("line 5") && text.contains("\"hello\" appears twice")
        }
    }

    @Test func unsupportedTokenizerKindIsNamed() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let json = #"{"model": {"type": "Unigram", "vocab": [["a", 0.0]]}, "added_tokens": []}"#
        try json.write(to: directory.appendingPathComponent("tokenizer.json"), atomically: true, encoding: .utf8)
        #expect {
            _ = try TokenizerLoader.load(directory: directory)
        } throws: { error in
            let text = "\(error)"
            return text.contains("tokenizer.json") && text.contains("model.type") && text.contains("Unigram is not supported")
        }
    }

    @Test func unsupportedPreTokenizerIsNamed() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let json = #"{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": []}, "pre_tokenizer": {"type": "Metaspace"}}"#
        try json.write(to: directory.appendingPathComponent("tokenizer.json"), atomically: true, encoding: .utf8)
        #expect(throws: TokenizerError.self) { _ = try TokenizerLoader.load(directory: directory) }
    }

    @Test func truncatedTokenizerJSONIsRefused() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let full = try Data(contentsOf: Fixtures.model("tiny-gpt2").appendingPathComponent("tokenizer.json"))
        try full.prefix(full.count / 2).write(to: directory.appendingPathComponent("tokenizer.json"))
        #expect {
            _ = try TokenizerLoader.load(directory: directory)
        } throws: { error in "\(error)".contains("not a JSON object") }
    }

    @Test func mergeOfUnknownTokenIsRefused() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try #"{"a": 0, "b": 1}"#.write(to: directory.appendingPathComponent("vocab.json"), atomically: true, encoding: .utf8)
        try "#version: 0.2\na b\n".write(to: directory.appendingPathComponent("merges.txt"), atomically: true, encoding: .utf8)
        #expect {
            _ = try TokenizerLoader.load(directory: directory)
        } throws: { error in
            let text = "\(error)"
            return text.contains("merges.txt") && text.contains("merge 1") && text.contains("\"ab\"")
        }
    }

    @Test func folderWithoutTokenizerFilesIsRefused() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(throws: TokenizerError.self) { _ = try TokenizerLoader.load(directory: directory) }
    }
}
