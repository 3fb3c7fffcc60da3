import Foundation
import Testing
@testable import Inference

/// A stored (uncompressed) zip, as `torch.save` writes one, built in memory for hostile-file tests.
/// CRCs are left at zero: the reader does not check them.
enum StoredZip {
    static func make(_ entries: [(name: String, data: Data)]) -> Data {
        var archive = Data(), directory = Data()
        func le16(_ v: Int) -> Data { withUnsafeBytes(of: UInt16(v).littleEndian) { Data($0) } }
        func le32(_ v: Int) -> Data { withUnsafeBytes(of: UInt32(v).littleEndian) { Data($0) } }
        for (name, data) in entries {
            let offset = archive.count
            let nameBytes = Data(name.utf8)
            archive += le32(0x0403_4b50) + le16(20) + le16(0) + le16(0) + le16(0) + le16(0) + le32(0)
            archive += le32(data.count) + le32(data.count) + le16(nameBytes.count) + le16(0) + nameBytes + data
            directory += le32(0x0201_4b50) + le16(20) + le16(20) + le16(0) + le16(0) + le16(0) + le16(0) + le32(0)
            directory += le32(data.count) + le32(data.count) + le16(nameBytes.count) + le16(0) + le16(0) + le16(0) + le16(0)
            directory += le32(0) + le32(offset) + nameBytes
        }
        let directoryOffset = archive.count
        archive += directory
        archive += le32(0x0605_4b50) + le16(0) + le16(0) + le16(entries.count) + le16(entries.count)
        archive += le32(directory.count) + le32(directoryOffset) + le16(0)
        return archive
    }
}

@Suite("pytorch_model.bin reader")
struct PyTorchCheckpointTests {
    static let binary = Fixtures.model("tiny-bert-toxicity-bin").appendingPathComponent("pytorch_model.bin")

    @Test("Every tensor of the .bin equals the same tensor of the safetensors file")
    func sameTensorsAsSafeTensors() throws {
        let checkpoint = try PyTorchCheckpoint(contentsOf: Self.binary)
        let reference = try SafeTensors(contentsOf: Fixtures.model("tiny-bert-toxicity").appendingPathComponent("model.safetensors"))
        for (name, tensor) in reference.tensors {
            let read = try #require(checkpoint.tensors[name], "\(name) missing")
            #expect(read.shape == tensor.shape, "\(name)")
            #expect(read.scalars == tensor.scalars, "\(name)")
        }
    }

    @Test("A classifier folder with only pytorch_model.bin gives transformers' logits")
    func classifierFromBinary() throws {
        let fixture = try #require(ClassifierConformanceTests.cases.first { $0.model.hasSuffix("tiny-bert-toxicity") })
        let model = try ModelLoader.load(directory: Fixtures.model("tiny-bert-toxicity-bin")).sequenceClassifier()
        let logits = try model.logits(for: fixture.input_ids, tokenTypes: nil)
        for (row, expected) in fixture.logits.enumerated() {
            #expect(maximumDifference(logits.row(row), expected) < 1e-4)
        }
    }

    @Test("A truncated file is an error naming the file, never a crash", arguments: [10, 1000, 2_000_000, 4_013_000])
    func truncated(_ length: Int) throws {
        let bytes = try Data(contentsOf: Self.binary).prefix(length)
        #expect {
            _ = try PyTorchCheckpoint(bytes: Data(bytes), source: "cut.bin")
        } throws: { error in
            (error as? PyTorchCheckpointError)?.file == "cut.bin" && "\(error)".contains("truncated")
        }
    }

    /// A pickle that calls `module.name("echo pwned")`, by GLOBAL or STACK_GLOBAL.
    static func hostilePickle(_ module: String, _ name: String, stackGlobal: Bool) -> Data {
        var pickle: [UInt8] = [0x80, 0x02]
        func unicode(_ text: String) -> [UInt8] {
            let bytes = Array(text.utf8)
            return [0x58] + withUnsafeBytes(of: UInt32(bytes.count).littleEndian) { Array($0) } + bytes
        }
        if stackGlobal {
            pickle += unicode(module) + unicode(name) + [0x93]
        } else {
            pickle += [0x63] + Array("\(module)\n\(name)\n".utf8)
        }
        pickle += unicode("echo pwned") + [0x85, 0x52, 0x2E]
        return Data(pickle)
    }

    @Test("A pickle that names anything but a tensor rebuild is refused before anything runs",
          arguments: [("os", "system", false), ("builtins", "eval", true), ("subprocess", "call", false), ("torch", "load", true)])
    func hostileGlobals(_ module: String, _ name: String, _ stackGlobal: Bool) throws {
        let archive = StoredZip.make([("archive/data.pkl", Self.hostilePickle(module, name, stackGlobal: stackGlobal)),
                                      ("archive/version", Data("3\n".utf8))])
        #expect {
            _ = try PyTorchCheckpoint(bytes: archive, source: "evil.bin")
        } throws: { error in
            let text = "\(error)"
            return text.contains("evil.bin") && text.contains("archive/data.pkl at byte 2") && text.contains("\(module).\(name)")
                && text.contains("not a tensor rebuild")
        }
    }

    @Test("A pickle of something other than a dict of tensors says what it holds")
    func notAStateDict() throws {
        let archive = StoredZip.make([("archive/data.pkl", Data([0x80, 0x02, 0x5D, 0x2E]))])
        #expect {
            _ = try PyTorchCheckpoint(bytes: archive, source: "list.bin")
        } throws: { error in "\(error)".contains("holds a list, not a dict of tensors") }
    }

    @Test("An opcode outside a state dict's set is named with its offset")
    func unknownOpcode() throws {
        let archive = StoredZip.make([("archive/data.pkl", Data([0x80, 0x02, 0x69, 0x2E]))])
        #expect {
            _ = try PyTorchCheckpoint(bytes: archive, source: "odd.bin")
        } throws: { error in "\(error)".contains("at byte 2") && "\(error)".contains("0x69") }
    }

    @Test("A tensor whose storage entry is missing is an error naming the tensor")
    func missingStorage() throws {
        let full = try ZipArchive(bytes: try Data(contentsOf: Self.binary), file: "x")
        let pickle = try #require(full.entries.values.first { $0.name.hasSuffix("data.pkl") })
        let archive = StoredZip.make([(pickle.name, full.data(pickle))])
        #expect {
            _ = try PyTorchCheckpoint(bytes: archive, source: "nostorage.bin")
        } throws: { error in "\(error)".contains("tensor '") && "\(error)".contains("is missing from the archive") }
    }

    @Test("Random bytes (seeded) never crash the reader")
    func randomBytes() {
        var generator = SeededGenerator(seed: 22)
        for length in [0, 1, 22, 100, 4096] {
            let bytes = Data((0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) })
            #expect(throws: PyTorchCheckpointError.self) { _ = try PyTorchCheckpoint(bytes: bytes, source: "random.bin") }
        }
    }
}
