import Foundation
import Testing
@testable import Inference

@Suite struct GGUFFileTests {
    func sample() -> GGUFBuilder {
        var builder = GGUFBuilder()
        builder.add("general.architecture", .string("llama"))
        builder.add("u8", .uint8(200))
        builder.add("i8", .int8(-5))
        builder.add("u16", .uint16(60000))
        builder.add("i16", .int16(-300))
        builder.add("u32", .uint32(4_000_000_000))
        builder.add("i32", .int32(-70000))
        builder.add("u64", .uint64(1 << 40))
        builder.add("i64", .int64(-(1 << 40)))
        builder.add("f32", .float32(1.5))
        builder.add("f64", .float64(-2.25))
        builder.add("flag", .bool(true))
        builder.add("words", .array(elementType: .string, values: [.string("a"), .string("ĠHello")]))
        builder.add("nested", .array(elementType: .array, values: [.array(elementType: .int32, values: [.int32(1), .int32(2)])]))
        builder.addF32("norm", dims: [4], values: [1, 2, 3, 4])
        builder.addTensor("q", dims: [32, 2], type: .q4_1, data: [UInt8](repeating: 0x11, count: 40))
        return builder
    }

    @Test func readsEveryMetadataValueTypeAndArrays() throws {
        let file = try sample().file()
        #expect(file.version == 3)
        #expect(file.metadataKeys.count == 14)
        #expect(file.metadata["general.architecture"]?.string == "llama")
        #expect(file.metadata["u8"] == .uint8(200))
        #expect(file.metadata["i8"]?.int == -5)
        #expect(file.metadata["u16"]?.int == 60000)
        #expect(file.metadata["i16"]?.int == -300)
        #expect(file.metadata["u32"]?.int == 4_000_000_000)
        #expect(file.metadata["i32"]?.int == -70000)
        #expect(file.metadata["u64"]?.int == 1 << 40)
        #expect(file.metadata["i64"]?.int == -(1 << 40))
        #expect(file.metadata["f32"]?.double == 1.5)
        #expect(file.metadata["f64"]?.double == -2.25)
        #expect(file.metadata["flag"]?.bool == true)
        #expect(file.metadata["words"]?.array?.compactMap(\.string) == ["a", "ĠHello"])
        #expect(file.metadata["nested"]?.array?.first?.array?.compactMap(\.int) == [1, 2])
    }

    @Test func readsTensorInfosAlignedInTheDataSection() throws {
        let file = try sample().file()
        #expect(file.tensors.map(\.name) == ["norm", "q"])
        let norm = try #require(file.tensor(named: "norm"))
        #expect(norm.dimensions == [4])
        #expect(norm.byteCount == 16)
        #expect(file.dataOffset % 32 == 0)
        #expect(norm.fileOffset == file.dataOffset)
        let q = try #require(file.tensor(named: "q"))
        #expect(q.type == .q4_1)
        #expect(q.byteCount == 40)
        #expect(q.fileOffset == file.dataOffset + 32)
        #expect(try Dequantization.dequantize(norm, of: file) == [1, 2, 3, 4])
    }

    @Test func readsVersionTwo() throws {
        var builder = sample()
        builder.version = 2
        #expect(try builder.file().version == 2)
    }

    @Test func honoursGeneralAlignment() throws {
        var builder = sample()
        builder.alignment = 64
        builder.add("general.alignment", .uint32(64))
        let file = try builder.file()
        #expect(file.alignment == 64)
        #expect(file.tensor(named: "q")?.fileOffset == file.dataOffset + 64)
    }

    func expectError(_ bytes: [UInt8], containing text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try GGUFFile(storage: MappedFile(copying: bytes, label: "bad.gguf"))
            Issue.record("expected an error containing '\(text)'", sourceLocation: sourceLocation)
        } catch let error as GGUFError {
            #expect(error.description.contains(text), "\(error)", sourceLocation: sourceLocation)
            #expect(error.description.hasPrefix("bad.gguf"), sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func refusesBadMagic() {
        var bytes = sample().build()
        bytes[0] = UInt8(ascii: "X")
        expectError(bytes, containing: "not a GGUF file")
    }

    @Test func refusesUnknownVersion() {
        var bytes = sample().build()
        bytes[4] = 9
        expectError(bytes, containing: "version 9 is not supported")
    }

    @Test func everyTruncationPointIsAClearError() throws {
        let bytes = sample().build()
        // Padding after the last tensor's bytes may be cut; anything before its end may not.
        let file = try sample().file()
        let end = file.tensors.map { $0.fileOffset + $0.byteCount }.max() ?? bytes.count
        for length in 0..<end {
            do {
                _ = try GGUFFile(storage: MappedFile(copying: Array(bytes[0..<length]), label: "cut.gguf"))
                Issue.record("a file cut at \(length) of \(bytes.count) bytes was accepted")
            } catch let error as GGUFError {
                #expect(error.file == "cut.gguf")
            } catch {
                Issue.record("unexpected error \(error)")
            }
        }
    }

    @Test func refusesHugeCounts() {
        var bytes = sample().build()
        // The tensor count (bytes 8..<16) and then the key count (16..<24).
        for i in 8..<16 { bytes[i] = 0xFF }
        expectError(bytes, containing: "the tensor count is")
        bytes = sample().build()
        for i in 16..<24 { bytes[i] = 0x7F }
        expectError(bytes, containing: "the metadata key count is")
    }

    @Test func refusesHugeStringAndArrayLengths() {
        var builder = GGUFBuilder()
        builder.add("k", .string("v"))
        var bytes = builder.build()
        // key length at 24..<32, then "k", type (4 bytes), then the value's length.
        for i in 37..<45 { bytes[i] = 0xEE }
        expectError(bytes, containing: "the length of the value of 'k'")
        builder = GGUFBuilder()
        builder.add("list", .array(elementType: .uint32, values: [.uint32(1)]))
        bytes = builder.build()
        // key "list" ends at 36, type 36..<40, element type 40..<44, count 44..<52.
        for i in 44..<52 { bytes[i] = 0x10 }
        expectError(bytes, containing: "the length of 'list'")
    }

    @Test func refusesUnknownValueType() {
        var builder = GGUFBuilder()
        builder.add("k", .uint8(1))
        var bytes = builder.build()
        bytes[33] = 77
        expectError(bytes, containing: "not a GGUF value type")
    }

    @Test func refusesUnsupportedTensorTypesByName() {
        var builder = GGUFBuilder()
        builder.addTensor("w", dims: [32], type: .q8_0, data: [UInt8](repeating: 0, count: 34))
        var bytes = builder.build()
        // name (8 + 1), dims count (4), one dim (8) after the 24-byte header: type at 45.
        #expect(bytes[45] == 8)
        bytes[45] = 13
        expectError(bytes, containing: "type Q5_K (13)")
        bytes[45] = 99
        expectError(bytes, containing: "unknown type 99")
    }

    @Test func refusesMisalignedOrOutOfRangeOffsets() {
        var builder = GGUFBuilder()
        builder.addF32("a", dims: [4], values: [1, 2, 3, 4])
        var bytes = builder.build()
        // offset at 24 + 9 + 4 + 8 + 4 = 49
        bytes[49] = 3
        expectError(bytes, containing: "not aligned")
        bytes[49] = 32 // aligned, but the 16 bytes would end past the data

        expectError(bytes, containing: "truncated")
    }

    @Test func refusesShapesThatAreNotWholeBlocks() {
        var builder = GGUFBuilder()
        builder.addTensor("w", dims: [16], type: .q4_1, data: [UInt8](repeating: 0, count: 20))
        expectError(builder.build(), containing: "not a multiple of the Q4_1 block size 32")
    }

    @Test func refusesZeroOrTooManyDimensions() {
        var builder = GGUFBuilder()
        builder.addF32("a", dims: [4], values: [1, 2, 3, 4])
        var bytes = builder.build()
        bytes[33] = 5
        expectError(bytes, containing: "has 5 dimensions")
        bytes[33] = 1
        for i in 37..<45 { bytes[i] = 0 }
        expectError(bytes, containing: "has dimension 0")
    }

    @Test func seededRandomCorruptionNeverCrashes() {
        let original = sample().build()
        var state: UInt64 = 0x9E3779B97F4A7C15
        func next() -> UInt64 { state ^= state << 13; state ^= state >> 7; state ^= state << 17; return state }
        for _ in 0..<2000 {
            var bytes = original
            for _ in 0..<(1 + Int(next() % 4)) {
                bytes[Int(next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: next())
            }
            _ = try? GGUFFile(storage: MappedFile(copying: bytes, label: "fuzz.gguf"))
        }
    }

    @Test func missingFileIsAClearError() {
        #expect(throws: GGUFError.self) { try GGUFFile(path: "/nonexistent/model.gguf") }
    }
}

@Suite struct BundledGGUFTests {
    @Test(.enabled(if: BundledModel.smolLM2 != nil, "SmolLM2 GGUF is not installed (scripts/install-models.sh)"))
    func smolLM2FileHasTheDocumentedLayout() throws {
        let file = try GGUFFile(path: try #require(BundledModel.smolLM2))
        #expect(file.version == 3)
        #expect(file.tensors.count == 272)
        #expect(file.metadataKeys.count == 33)
        #expect(file.alignment == 32)
        #expect(file.metadata["general.architecture"]?.string == "llama")
        #expect(file.metadata["llama.block_count"]?.int == 30)
        #expect(file.metadata["llama.embedding_length"]?.int == 576)
        #expect(file.metadata["llama.feed_forward_length"]?.int == 1536)
        #expect(file.metadata["llama.attention.head_count"]?.int == 9)
        #expect(file.metadata["llama.attention.head_count_kv"]?.int == 3)
        #expect(file.metadata["llama.rope.freq_base"]?.double == 100000)
        #expect(file.metadata["tokenizer.ggml.model"]?.string == "gpt2")
        #expect(file.metadata["tokenizer.ggml.pre"]?.string == "smollm")
        #expect(file.metadata["tokenizer.ggml.tokens"]?.array?.count == 49152)
        #expect(file.metadata["tokenizer.ggml.merges"]?.array?.count == 48900)
        #expect(file.tensor(named: "token_embd.weight")?.type == .q8_0)
        #expect(file.tensor(named: "token_embd.weight")?.dimensions == [576, 49152])
        #expect(file.tensor(named: "output.weight") == nil)
        #expect(file.tensor(named: "blk.0.attn_q.weight")?.type == .q4_1)
        #expect(file.tensor(named: "blk.0.attn_k.weight")?.dimensions == [576, 192])
        #expect(file.tensor(named: "blk.29.ffn_down.weight")?.dimensions == [1536, 576])
        #expect(file.tensor(named: "blk.0.attn_norm.weight")?.type == .f32)
        let types = Set(file.tensors.map(\.type))
        #expect(types == [.f32, .q4_1, .q8_0])
    }
}
