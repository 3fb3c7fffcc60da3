import Foundation
import Testing
import Inference
@testable import Training

/// Training the bundled SmolLM2 starts from its Q4_1 GGUF file: dequantized, renamed to
/// transformers' names, and with the query and key rows put back in transformers' order. The
/// training forward must then compute what the inference engine computes from the same file.
@Suite struct GGUFTrainingTests {
    /// The bundled SmolLM2 GGUF file, when set-up installed it.
    static let smolLM2: URL? = {
        let environment = ProcessInfo.processInfo.environment
        let home = environment["LABRUN_HOME"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".local/share/labrun")
        let file = home.appendingPathComponent("models/HuggingFaceTB/SmolLM2-135M-Instruct/SmolLM2-135M-Instruct.Q4_1.gguf")
        return FileManager.default.fileExists(atPath: file.path) ? file : nil
    }()

    @Test func theRowOrderOfQueryAndKeyIsTheInverseOfLlamaCppsPermutation() {
        // llama.cpp's converter: row (h, half, i) of transformers goes to row (h, i, half).
        let heads = 2, d = 4, columns = 3
        var huggingFace: [Float] = []
        for row in 0..<(heads * d) { for column in 0..<columns { huggingFace.append(Float(row * 10 + column)) } }
        var permuted = [Float](repeating: 0, count: huggingFace.count)
        for head in 0..<heads {
            for half in 0..<2 {
                for i in 0..<(d / 2) {
                    let from = (head * d + half * (d / 2) + i) * columns, to = (head * d + 2 * i + half) * columns
                    permuted.replaceSubrange(to ..< to + columns, with: huggingFace[from ..< from + columns])
                }
            }
        }
        #expect(permuted != huggingFace)
        #expect(TrainableLlama.rotateHalfOrder(permuted, heads: heads, headDimension: d) == huggingFace)
    }

    @Test func parameterNamesMapToGGUFNames() {
        #expect(TrainableLlama.ggufName(of: "model.embed_tokens.weight") == "token_embd.weight")
        #expect(TrainableLlama.ggufName(of: "model.layers.3.self_attn.q_proj.weight") == "blk.3.attn_q.weight")
        #expect(TrainableLlama.ggufName(of: "model.layers.0.post_attention_layernorm.weight") == "blk.0.ffn_norm.weight")
        #expect(TrainableLlama.ggufName(of: "model.layers.29.mlp.down_proj.weight") == "blk.29.ffn_down.weight")
        #expect(TrainableLlama.ggufName(of: "model.norm.weight") == "output_norm.weight")
    }

    @Test(.enabled(if: smolLM2 != nil, "SmolLM2-135M-Instruct is not installed (make setup)"))
    func theTrainingForwardOfTheGGUFModelMatchesTheInferenceEngine() throws {
        let url = try #require(Self.smolLM2)
        let file = try GGUFFile(path: url.path)
        let trainable = try TrainableLlama(gguf: file)
        let engine = try LlamaModel(gguf: file, computePath: .float32Reference)
        let ids = engine.tokenizer.encode("The nurse said she would be late.", addSpecialTokens: false).ids
        let loss = try trainable.loss(try CausalLMCollator(padTokenID: 0).batch([ids]))
        // The engine's mean negative log-probability of each token after the ones before it.
        let logits = try engine.logits(for: [ids], sequences: [0], cache: engine.makeCache(), allPositions: true)
        let vocabulary = engine.configuration.vocabularySize
        var total = 0.0
        for position in 0..<(ids.count - 1) {
            let row = (0..<vocabulary).map { Double(logits.scalars[position * vocabulary + $0]) }
            let largest = row.max()!
            let logSum = largest + log(row.reduce(0) { $0 + exp($1 - largest) })
            total += logSum - row[ids[position + 1]]
        }
        let expected = total / Double(ids.count - 1)
        #expect(abs(loss - expected) / expected < 1e-4, "training loss \(loss), engine \(expected)")
        // And the model rebuilt for inference from the trainable parameters agrees too.
        let rebuilt = try trainable.inferenceModel(tokenizer: engine.tokenizer, name: "rebuilt")
        let again = try rebuilt.logits(for: [ids], sequences: [0], cache: rebuilt.makeCache(), allPositions: true)
        let difference = zip(again.scalars, logits.scalars).map { abs($0 - $1) }.max() ?? 0
        #expect(difference < 1e-3)
    }
}
