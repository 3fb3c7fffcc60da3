import Foundation
import Testing
@testable import Inference

/// A tiny random Llama written twice — as a Hugging Face checkpoint (rotate-half Q/K rows) and as
/// a GGUF file (Q/K rows permuted as llama.cpp's converter does, adjacent-pair rotation) — must
/// give the same logits.
@Suite struct LlamaFormatsTests {
    let layers = 2, hidden = 64, heads = 4, kvHeads = 2, ffn = 96, vocabulary = 49152

    struct Generator {
        var state: UInt64
        mutating func next() -> Float {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return Float(Int(state % 20001) - 10000) / 100_000
        }
    }

    /// HF row `h·d + k·d/2 + j` becomes GGUF row `h·d + 2j + k`.
    func ggufRows(_ values: [Float], heads: Int, columns: Int) -> [Float] {
        let rows = values.count / columns
        let d = rows / heads
        var out = values
        for h in 0..<heads {
            for j in 0..<(d / 2) {
                for k in 0..<2 {
                    let from = (h * d + k * d / 2 + j) * columns
                    let to = (h * d + 2 * j + k) * columns
                    out[to..<(to + columns)] = values[from..<(from + columns)]
                }
            }
        }
        return out
    }

    func build() throws -> (huggingFace: URL, gguf: URL) {
        var generator = Generator(state: 99)
        func random(_ count: Int) -> [Float] { (0..<count).map { _ in generator.next() } }
        func norm() -> [Float] { (0..<hidden).map { _ in 1 + generator.next() } }
        let kvWidth = kvHeads * (hidden / heads)
        var hf: [(String, [Int], [Float])] = []
        var gguf = GGUFBuilder()
        let embedding = random(vocabulary * hidden)
        hf.append(("model.embed_tokens.weight", [vocabulary, hidden], embedding))
        gguf.addF32("token_embd.weight", dims: [hidden, vocabulary], values: embedding)
        for layer in 0..<layers {
            let shapes: [(String, String, Int, Int)] = [
                ("self_attn.q_proj", "attn_q", hidden, hidden), ("self_attn.k_proj", "attn_k", kvWidth, hidden),
                ("self_attn.v_proj", "attn_v", kvWidth, hidden), ("self_attn.o_proj", "attn_output", hidden, hidden),
                ("mlp.gate_proj", "ffn_gate", ffn, hidden), ("mlp.up_proj", "ffn_up", ffn, hidden),
                ("mlp.down_proj", "ffn_down", hidden, ffn),
            ]
            for (hfName, ggufName, rows, columns) in shapes {
                let values = random(rows * columns)
                hf.append(("model.layers.\(layer).\(hfName).weight", [rows, columns], values))
                let stored = ggufName == "attn_q" ? ggufRows(values, heads: heads, columns: columns)
                    : ggufName == "attn_k" ? ggufRows(values, heads: kvHeads, columns: columns) : values
                gguf.addF32("blk.\(layer).\(ggufName).weight", dims: [columns, rows], values: stored)
            }
            let attentionNorm = norm(), feedForwardNorm = norm()
            hf.append(("model.layers.\(layer).input_layernorm.weight", [hidden], attentionNorm))
            hf.append(("model.layers.\(layer).post_attention_layernorm.weight", [hidden], feedForwardNorm))
            gguf.addF32("blk.\(layer).attn_norm.weight", dims: [hidden], values: attentionNorm)
            gguf.addF32("blk.\(layer).ffn_norm.weight", dims: [hidden], values: feedForwardNorm)
        }
        let finalNorm = norm()
        hf.append(("model.norm.weight", [hidden], finalNorm))
        gguf.addF32("output_norm.weight", dims: [hidden], values: finalNorm)

        let folder = try Fixtures.temporaryDirectory()
        let hfFolder = folder.appendingPathComponent("hf")
        try FileManager.default.createDirectory(at: hfFolder, withIntermediateDirectories: true)
        try Data(safetensorsBytes(hf.map { ($0.0, "F32", $0.1, float32Bytes($0.2)) }))
            .write(to: hfFolder.appendingPathComponent("model.safetensors"))
        let config = """
            {"model_type": "llama", "hidden_size": \(hidden), "intermediate_size": \(ffn), "num_hidden_layers": \(layers),
             "num_attention_heads": \(heads), "num_key_value_heads": \(kvHeads), "vocab_size": \(vocabulary),
             "max_position_embeddings": 256, "rope_theta": 100000.0, "rms_norm_eps": 1e-05, "tie_word_embeddings": true}
            """
        try Data(config.utf8).write(to: hfFolder.appendingPathComponent("config.json"))
        try FileManager.default.copyItem(at: Fixtures.model("tiny-gpt2").appendingPathComponent("tokenizer.json"),
                                         to: hfFolder.appendingPathComponent("tokenizer.json"))

        // The same tokenizer in GGUF metadata, from vocab.json + merges.txt.
        let vocabData = try Data(contentsOf: Fixtures.model("tiny-gpt2").appendingPathComponent("vocab.json"))
        let vocab = try JSONDecoder().decode([String: Int].self, from: vocabData)
        var tokens = [String](repeating: "", count: vocabulary)
        for (token, id) in vocab where id < vocabulary { tokens[id] = token }
        let merges = try String(contentsOf: Fixtures.model("tiny-gpt2").appendingPathComponent("merges.txt"), encoding: .utf8)
            .split(separator: "\n").filter { !$0.hasPrefix("#version") }.map { GGUFValue.string(String($0)) }
        gguf.add("general.architecture", .string("llama"))
        gguf.add("llama.block_count", .uint32(UInt32(layers)))
        gguf.add("llama.context_length", .uint32(256))
        gguf.add("llama.embedding_length", .uint32(UInt32(hidden)))
        gguf.add("llama.feed_forward_length", .uint32(UInt32(ffn)))
        gguf.add("llama.attention.head_count", .uint32(UInt32(heads)))
        gguf.add("llama.attention.head_count_kv", .uint32(UInt32(kvHeads)))
        gguf.add("llama.rope.freq_base", .float32(100000))
        gguf.add("llama.attention.layer_norm_rms_epsilon", .float32(1e-5))
        gguf.add("tokenizer.ggml.model", .string("gpt2"))
        gguf.add("tokenizer.ggml.pre", .string("smollm"))
        gguf.add("tokenizer.ggml.tokens", .array(elementType: .string, values: tokens.map { .string($0) }))
        gguf.add("tokenizer.ggml.token_type", .array(elementType: .int32, values: (0..<vocabulary).map { .int32($0 < 17 ? 3 : 1) }))
        gguf.add("tokenizer.ggml.merges", .array(elementType: .string, values: merges))
        gguf.add("tokenizer.ggml.eos_token_id", .uint32(2))
        let ggufURL = folder.appendingPathComponent("tiny.gguf")
        try Data(gguf.build()).write(to: ggufURL)
        return (hfFolder, ggufURL)
    }

    @Test func huggingFaceAndGGUFLayoutsGiveTheSameLogits() throws {
        let (hfFolder, ggufURL) = try build()
        defer { try? FileManager.default.removeItem(at: hfFolder.deletingLastPathComponent()) }
        #expect(LlamaModel.accepts(directory: hfFolder))
        let hf = try #require(try ModelLoader.load(directory: hfFolder).causal as? LlamaModel)
        #expect(hf.configuration.rotaryLayout == .rotateHalf && hf.configuration.tiedEmbeddings)
        let gguf = try LlamaModel(ggufPath: ggufURL.path, computePath: .float32Reference)
        #expect(gguf.configuration.rotaryLayout == .adjacentPairs)
        let ids = [1348, 555, 1806, 347, 253, 12996, 30]
        #expect(hf.tokenizer.encode("This man works as a nurse.").ids == ids)
        #expect(gguf.tokenizer.encode("This man works as a nurse.").ids == ids)
        let a = try hf.forward(ids, cache: hf.makeCache(), allLogits: true)
        let b = try gguf.forward(ids, cache: gguf.makeCache(), allLogits: true)
        let difference = zip(a, b).map { abs($0 - $1) }.max() ?? .infinity
        #expect(difference < 1e-4, "max difference \(difference)")
        // The same weights read with the wrong layout differ.
        let wrong = try gguf.replacing(rotaryLayout: .rotateHalf).forward(ids, cache: gguf.makeCache(), allLogits: true)
        #expect((zip(a, wrong).map { abs($0 - $1) }.max() ?? 0) > 1e-3)
    }

    /// Llama splits its work by the compute pool's thread count (the one `LABRUN_THREADS` sets
    /// for BERT too), whichever way it is loaded, and the split does not change the logits.
    @Test func llamaSplitsItsWorkByThePoolsThreadCount() throws {
        let (hfFolder, ggufURL) = try build()
        defer { try? FileManager.default.removeItem(at: hfFolder.deletingLastPathComponent()) }
        let loaded = try LlamaModel(directory: ggufURL.deletingLastPathComponent())
        #expect(loaded.threadCount == ComputePool.shared.threadCount)
        let pool = ComputePool(threadCount: 3, spinNanoseconds: 1_000)
        let split = try LlamaModel(ggufPath: ggufURL.path, pool: pool)
        #expect(split.threadCount == 3)
        let single = try LlamaModel(ggufPath: ggufURL.path, pool: ComputePool(threadCount: 1))
        let ids = [1348, 555, 1806, 347, 253, 12996, 30]
        let a = try split.forward(ids, cache: split.makeCache(), allLogits: true)
        let b = try single.forward(ids, cache: single.makeCache(), allLogits: true)
        #expect(a == b)
    }

    @Test func missingTensorsAndFieldsAreClearErrors() throws {
        let config = ConfigFile(path: "config.json", fields: ["hidden_size": 64])
        #expect(throws: ModelError.self) {
            try LlamaModel(huggingFace: config, weights: WeightSet(tensors: [:], file: "m.safetensors"),
                           tokenizer: TokenizerLoader.load(directory: Fixtures.model("tiny-gpt2")), source: "x")
        }
    }
}
